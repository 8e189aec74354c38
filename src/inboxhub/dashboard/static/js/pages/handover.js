// Handover: open tickets (customers waiting for or talking to an agent), who answers each one,
// and each session's bot switched on or off.

import { api } from "../api.js";
import { busy, button, field, formatPhone, formatTime, h, replace, timeAgo } from "../dom.js";
import { confirmDialog, toast, toastError } from "../ui.js";
import { formDialog, listSessions, loadingInto, pageHead, table } from "./common.js";

const STATUS_TEXT = { pending: "Waiting for an agent", active: "With an agent", closed: "Closed" };

// A starting point for a session without a bot: a menu with one way to an agent.
const STARTER_BOT = {
  enabled: true,
  options: [
    { key: "1", label: "Hablar con un agente", action: "agent", category: "soporte_agente" },
    { key: "2", label: "Horario de atención", action: "reply", reply: "Atendemos de lunes a viernes, de 9:00 a 18:00." },
  ],
};

export function mount() {
  const ticketsBody = h("div", {}, h("p", { class: "muted" }, "Loading tickets…"));
  const botsBody = h("div", {}, h("p", { class: "muted" }, "Loading bots…"));
  let sessions = [];
  const el = h(
    "section",
    { class: "page" },
    pageHead("Handover", button("Open a ticket", () => openTicket(), { class: "btn" }), button("Refresh", () => refresh().catch(toastError), { class: "btn" })),
    h("section", { "aria-labelledby": "tickets-title" }, h("h2", { id: "tickets-title" }, "Open tickets"), h("p", { class: "muted" }, "A ticket is a chat the bot handed to a person. Assign it to an agent, or give it back to the bot when it is done."), ticketsBody),
    h("section", { class: "section", "aria-labelledby": "bots-title" }, h("h2", { id: "bots-title" }, "Bots"), h("p", { class: "muted" }, "With its bot on, a session answers customers with a menu until they ask for a person."), botsBody),
  );

  async function loadTickets() {
    const [pending, active] = await Promise.all(["pending", "active"].map((status) => api("/api/handover/tickets", { query: { status, limit: 100 } })));
    const tickets = [...pending.tickets, ...active.tickets];
    const rows = tickets.map((t) =>
      h(
        "tr",
        { dataset: { ticketId: t.ticketId } },
        h("td", {}, h("strong", { class: "mono" }, t.ticketId), h("div", { class: "muted" }, `${t.category} · ${t.priority}`)),
        h("td", {}, formatPhone(t.userPhone), h("div", { class: "muted" }, t.sessionId)),
        h("td", {}, h("span", { class: "badge", "data-status": t.status === "pending" ? "pending" : "connected" }, STATUS_TEXT[t.status] || t.status)),
        h("td", {}, t.assignedAgent ? t.assignedAgent.name || t.assignedAgent.id : h("span", { class: "muted" }, "nobody yet")),
        h("td", {}, timeAgo(t.requestedAt), h("div", { class: "muted" }, `${t.messageCount} message(s)`)),
        h(
          "td",
          {},
          h(
            "div",
            { class: "actions wrap" },
            button(t.status === "pending" ? "Assign" : "Reassign", () => assign(t), { class: "btn btn-small" }),
            button("Back to bot", (e) => close(e.currentTarget, t), { class: "btn btn-small" }),
          ),
        ),
      ),
    );
    replace(ticketsBody, table("Open tickets", ["Ticket", "Customer", "Status", "Agent", "Asked", ""], rows, "No open tickets: every chat is with the bot."));
  }

  async function loadBots() {
    sessions = await listSessions();
    const bots = await Promise.all(sessions.map((s) => api(`/api/handover/sessions/${encodeURIComponent(s.sessionId)}/bot`)));
    const rows = sessions.map((s, i) => {
      const bot = bots[i];
      const toggle = h("input", { type: "checkbox", role: "switch", checked: bot.enabled, "aria-label": `Bot of ${s.sessionName || s.sessionId}` });
      toggle.addEventListener("change", () => setEnabled(toggle, s, bot));
      return h(
        "tr",
        { dataset: { sessionId: s.sessionId } },
        h("td", {}, h("strong", {}, s.sessionName || s.sessionId), h("div", { class: "muted" }, formatPhone(s.phoneNumber) || s.status)),
        h("td", {}, bot.configured ? `${bot.config.options.length} menu option(s)` : h("span", { class: "muted" }, "no bot yet")),
        h("td", {}, bot.configured ? h("label", { class: "check switch" }, toggle, bot.enabled ? " On" : " Off") : button("Set up a bot", (e) => setUp(e.currentTarget, s), { class: "btn btn-small" })),
        h("td", {}, bot.updatedAt ? formatTime(bot.updatedAt) : "—"),
      );
    });
    replace(botsBody, table("Bots", ["Session", "Menu", "Bot", "Changed"], rows, "No sessions yet."));
  }

  async function setEnabled(toggle, s, bot) {
    try {
      await busy(toggle, () => api(`/api/handover/sessions/${encodeURIComponent(s.sessionId)}/bot`, { method: "PUT", body: { ...bot.config, enabled: toggle.checked } }));
      toast(`Bot of ${s.sessionName || s.sessionId} ${toggle.checked ? "on" : "off"}`);
    } catch (error) {
      toastError(error);
    }
    await loadBots().catch(toastError);
  }

  async function setUp(btn, s) {
    try {
      await busy(btn, () => api(`/api/handover/sessions/${encodeURIComponent(s.sessionId)}/bot`, { method: "PUT", body: STARTER_BOT }));
      toast(`Bot of ${s.sessionName || s.sessionId} on, with a starter menu`);
      await loadBots();
    } catch (error) {
      toastError(error);
    }
  }

  async function assign(t) {
    const agentId = h("input", { name: "agentId", required: true, maxlength: 100, autocomplete: "off", value: t.assignedAgent ? t.assignedAgent.id || "" : "" });
    const agentName = h("input", { name: "agentName", maxlength: 200, autocomplete: "off" });
    const done = await formDialog({
      title: `Assign ${t.ticketId}`,
      submitLabel: "Assign",
      body: [
        h("p", { class: "muted" }, `The bot goes quiet and ${formatPhone(t.userPhone)} is told who answers.`),
        field("Agent ID", agentId, "The agent's id in your CRM."),
        field("Agent name", agentName, "What the customer reads, e.g. “Marta”."),
      ],
      submit: () => api(`/api/handover/tickets/${encodeURIComponent(t.ticketId)}/assign`, { method: "POST", body: { agentId: agentId.value.trim(), agentName: agentName.value.trim() || null } }),
    });
    if (!done) return;
    toast(`${t.ticketId} assigned to ${done.assignedAgent ? done.assignedAgent.name : agentId.value}`);
    await loadTickets();
  }

  async function close(btn, t) {
    const yes = await confirmDialog({ title: `Give ${t.ticketId} back to the bot?`, text: "The ticket closes as resolved and the customer sees the bot's menu again.", confirm: "Back to bot" });
    if (!yes) return;
    try {
      await busy(btn, () => api(`/api/handover/tickets/${encodeURIComponent(t.ticketId)}/close`, { method: "POST", body: { resolved: true } }));
      toast(`${t.ticketId} closed: the bot answers again`);
      await loadTickets();
    } catch (error) {
      toastError(error);
    }
  }

  async function openTicket() {
    if (!sessions.length) return void toast("Create a session first", "error");
    const session = h("select", { name: "sessionId" }, sessions.map((s) => h("option", { value: s.sessionId }, s.sessionName || s.sessionId)));
    const phone = h("input", { name: "phoneNumber", type: "tel", required: true, maxlength: 40, autocomplete: "off" });
    const done = await formDialog({
      title: "Open a ticket",
      submitLabel: "Open ticket",
      body: [field("Session", session), field("Customer's number", phone, "With country code; the chat goes to a person.")],
      submit: () => api(`/api/handover/sessions/${encodeURIComponent(session.value)}/tickets`, { method: "POST", body: { phoneNumber: phone.value, notifyCrm: false } }),
    });
    if (!done) return;
    toast(`Ticket ${done.ticketId} opened`);
    await loadTickets();
  }

  async function refresh() {
    await Promise.all([loadTickets(), loadBots()]);
  }

  loadingInto(ticketsBody, loadTickets());
  loadingInto(botsBody, loadBots());
  return { el, title: "Handover", poll: refresh, pollEvery: 10_000 };
}
