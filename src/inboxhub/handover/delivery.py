"""The agent request as a webhook delivery to the organization's CRM (subscriber kind ``crm``).

The webhook worker claims it like any delivery and asks this module, at every attempt, for the
address and the headers (so a changed URL or token applies to the retries too); the body is the
request itself, not an event envelope. A 2xx answer that names an agent assigns it at once.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.config import Settings
from inboxhub.db import Database
from inboxhub.handover import crm, service
from inboxhub.handover.settings import effective
from inboxhub.handover.tickets import TicketNotFound, find_ticket
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.webhooks import signing
from inboxhub.webhooks.delivery import Response
from inboxhub.webhooks.queue import Job

log = logging.getLogger(__name__)


class CrmTarget:
    async def shape(self, db: AsyncSession, settings: Settings, job: Job) -> None:
        eff = await effective(db, settings, job.organization_id)
        job.url = eff.agent_request_url
        job.secret = eff.signature_secret
        job.body = signing.encode(job.payload)
        job.extra_headers = crm.agent_request_headers(eff, job.body)

    async def answered(
        self, database: Database, settings: Settings, job: Job, response: Response
    ) -> None:
        try:
            answer = json.loads(response.body or "")
        except ValueError:
            return  # an answer without an agent: the CRM assigns one later (POST /api/crm/handover)
        agent = crm.agent_in_answer(answer)
        ticket_id = job.payload.get("ticketId")
        if agent is None or not isinstance(ticket_id, str):
            return
        agent_id, agent_name, extra = agent
        async with database.sessionmaker() as db, db.begin():
            try:
                ticket = await find_ticket(db, job.organization_id, ticket_id, for_update=True)
            except TicketNotFound:
                return
            session = await db.get(WhatsAppSession, ticket.session_pk)
            # Only a waiting ticket: the CRM may have assigned someone else by now, or closed it.
            if session is None or ticket.status != "pending":
                return
            await service.assign(
                db,
                settings,
                session,
                ticket,
                agent_id=agent_id,
                agent_name=agent_name,
                metadata={"agentAssigned": {"id": agent_id, "name": agent_name, **extra}},
            )
        log.info("ticket %s assigned to %s by the CRM's answer", ticket_id, agent_id)


crm_target = CrmTarget()
