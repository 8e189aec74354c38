// Webhooks: every subscriber with its health, the delivery log with each answer, redelivery of
// one delivery and replay of everything (or every dead letter) since a moment.

import { api } from "../api.js";
import { busy, button, emptyState, field, formatTime, h, replace } from "../dom.js";
import { confirmDialog, errorText, toast, toastError } from "../ui.js";
import { deliveryDetails, subscriptionForm } from "./webhook-parts.js";

const PAGE = 25;
const STATUSES = ["", "pending", "succeeded", "failed", "replayed", "cancelled"];
const STATUS_TEXT = { pending: "Pending", succeeded: "Delivered", failed: "Dead letter", replayed: "Replayed", cancelled: "Cancelled" };

function statusBadge(status) {
  return h("span", { class: "badge", "data-status": status }, STATUS_TEXT[status] || status);
}

function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// Why a pending delivery has not gone yet. One held behind an earlier delivery of its chat has
// been due since it was queued: a bare "next" time would be long past and look stuck.
function waitNote(d) {
  if (d.status !== "pending") return null;
  const text = {
    earlier_pending: d.waitingFor ? `waits for #${d.waitingFor} (same chat, sent in order)` : "waits for an earlier delivery",
    subscriber_disabled: "held: the subscriber is disabled",
    retry_scheduled: `next try ${formatTime(d.nextAttemptAt)}`,
    due: "being sent",
  }[d.waitReason];
  if (!text) return d.nextAttemptAt ? h("div", { class: "muted" }, `next ${formatTime(d.nextAttemptAt)}`) : null;
  return h("div", { class: "muted wait", dataset: { waitReason: d.waitReason } }, text);
}

export function mount(ctx) {
  const org = ctx.info.organizationId;
  const filters = { status: "", event: "", sessionId: "", page: 1 };
  let pendingTimer = null;
  let pendingDelay = 2000;
  let hadPending = false;
  let eventTimer = null;

  // ---- subscriptions ----
  const subsBody = h("div", {}, h("p", { class: "muted" }, "Loading subscribers…"));

  function subscriptionRow(s) {
    const who = s.kind === "session" ? `Session ${s.sessionId}` : s.kind === "frappe" ? "Frappe (global)" : s.name;
    const health = !s.isActive
      ? h("span", { class: "badge", "data-status": "failed" }, "Disabled")
      : s.failingSince
        ? h("span", { class: "badge", "data-status": "retrying" }, `Failing since ${formatTime(s.failingSince)}`)
        : h("span", { class: "badge", "data-status": "succeeded" }, "Healthy");
    const actions = [
      button("Send test", (e) => sendTest(e.currentTarget, s), { class: "btn btn-small" }),
      !s.isActive ? button("Enable", (e) => enable(e.currentTarget, s), { class: "btn btn-small" }) : null,
      s.kind === "organization" ? button("Edit", () => addForm.edit(s), { class: "btn btn-small" }) : null,
      button(s.kind === "organization" ? "Delete" : "Remove", (e) => removeWebhook(e.currentTarget, s), { class: "btn btn-small btn-danger" }),
    ];
    return h(
      "tr",
      { dataset: { subscriptionId: s.id } },
      h("td", {}, h("strong", {}, who), h("div", { class: "muted" }, s.kind)),
      h("td", { class: "mono break" }, s.url || "—"),
      h("td", {}, (s.events || []).join(", ")),
      h("td", {}, health, s.disabledReason ? h("div", { class: "reason" }, s.disabledReason) : null),
      h("td", {}, s.lastSuccessAt ? formatTime(s.lastSuccessAt) : "—"),
      h("td", {}, h("div", { class: "actions wrap" }, actions)),
    );
  }

  async function loadSubscriptions() {
    const data = await api("/api/webhooks/subscriptions");
    if (!data.subscriptions.length) {
      replace(subsBody, emptyState("No webhooks yet", "Give a session a webhook URL, or add an organization webhook that hears every session."));
      return;
    }
    replace(
      subsBody,
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          {},
          h("caption", { class: "sr-only" }, "Webhook subscribers"),
          h("thead", {}, h("tr", {}, ["Subscriber", "URL", "Events", "Health", "Last success", ""].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, data.subscriptions.map(subscriptionRow)),
        ),
      ),
    );
  }

  async function sendTest(btn, s) {
    try {
      const result = await busy(btn, () => api(`/api/webhooks/subscriptions/${s.id}/test`, { method: "POST" }));
      if (result.delivered) toast(`Test delivered: HTTP ${result.statusCode} in ${result.durationMs} ms`);
      else toast(`Test failed: ${result.error || `HTTP ${result.statusCode}`}`, "error");
    } catch (error) {
      toastError(error);
    }
  }

  async function enable(btn, s) {
    try {
      await busy(btn, () => api(`/api/webhooks/subscriptions/${s.id}/enable`, { method: "POST" }));
      toast("Webhook enabled");
      await loadSubscriptions();
    } catch (error) {
      toastError(error);
    }
  }

  async function removeWebhook(btn, s) {
    const yes = await confirmDialog({
      title: s.kind === "organization" ? `Delete webhook ${s.name || s.url}?` : `Remove the webhook of session ${s.sessionId}?`,
      text:
        s.kind === "organization"
          ? "It stops hearing events and its delivery log is deleted."
          : "The session stops posting events (its URL and secret are cleared); what was still waiting is cancelled. Its delivery log stays.",
      confirm: s.kind === "organization" ? "Delete" : "Remove",
      danger: true,
    });
    if (!yes) return;
    try {
      await busy(btn, () => api(`/api/webhooks/subscriptions/${s.id}`, { method: "DELETE" }));
      toast(s.kind === "organization" ? "Webhook deleted" : "Webhook removed");
      await loadSubscriptions();
    } catch (error) {
      toastError(error);
    }
  }

  const addForm = subscriptionForm({
    async create(body) {
      await api(`/api/webhooks/organizations/${org}`, { method: "POST", body });
      toast("Webhook added");
      await loadSubscriptions();
    },
    async update(subscription, body) {
      await api(`/api/webhooks/organizations/${org}/${subscription.id}`, { method: "PUT", body });
      toast("Webhook saved");
      await loadSubscriptions();
    },
  });

  // ---- delivery log ----
  const logBody = h("tbody", {});
  const logStatus = h("p", { class: "muted", role: "status" });
  const prev = button("Newer", () => changePage(-1), { class: "btn btn-small" });
  const next = button("Older", () => changePage(1), { class: "btn btn-small" });

  function deliveryRow(d) {
    const detailsCell = h("td", { colspan: 7 });
    const detailsRow = h("tr", { class: "details-row", hidden: true }, detailsCell);
    const toggle = h("button", { type: "button", class: "btn btn-small btn-quiet", "aria-expanded": "false" }, "Details");
    toggle.addEventListener("click", async () => {
      const opening = detailsRow.hidden;
      detailsRow.hidden = !opening;
      toggle.setAttribute("aria-expanded", String(opening));
      if (opening) {
        replace(detailsCell, h("p", { class: "muted" }, "Loading…"));
        try {
          replace(detailsCell, deliveryDetails(await api(`/api/webhooks/deliveries/${d.id}`)));
        } catch (error) {
          replace(detailsCell, h("p", { class: "form-error" }, errorText(error)));
        }
      }
    });
    const redeliver = d.status !== "pending" ? button("Redeliver", (e) => redeliverOne(e.currentTarget, d), { class: "btn btn-small" }) : null;
    const answer = d.responseStatus ? `HTTP ${d.responseStatus}` : d.error || "—";
    const row = h(
      "tr",
      { dataset: { deliveryId: d.id, status: d.status } },
      h("td", {}, h("time", { datetime: d.createdAt }, formatTime(d.createdAt)), h("div", { class: "muted mono" }, `#${d.id}`)),
      h("td", {}, h("span", { class: "mono" }, d.event), d.sessionId ? h("div", { class: "muted" }, d.sessionId) : null),
      h("td", {}, d.subscriptionKind, h("div", { class: "muted" }, `#${d.subscriptionId}`)),
      h("td", {}, statusBadge(d.status), waitNote(d)),
      h("td", {}, String(d.attempts)),
      h("td", { class: "answer" }, answer, d.durationMs != null ? h("div", { class: "muted" }, `${d.durationMs} ms`) : null),
      h("td", {}, h("div", { class: "actions wrap" }, toggle, redeliver)),
    );
    return [row, detailsRow];
  }

  async function loadDeliveries({ again = false } = {}) {
    if (!again) pendingDelay = 2000;
    const query = { page: filters.page, limit: PAGE, status: filters.status, event: filters.event, sessionId: filters.sessionId };
    const data = await api("/api/webhooks/deliveries", { query });
    const pages = data.pagination.pages || 1;
    replace(logBody, data.deliveries.length ? data.deliveries.map(deliveryRow) : h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No deliveries match.")));
    replace(logStatus, `${data.pagination.total} deliveries · page ${filters.page} of ${pages}`);
    prev.disabled = filters.page <= 1;
    next.disabled = filters.page >= pages;
    // Deliveries in flight change by themselves: look again while there are some, less and
    // less often (a receiver that is down keeps them pending for hours).
    clearTimeout(pendingTimer);
    const pending = data.deliveries.some((d) => d.status === "pending");
    if (pending) {
      // The subscribers' health changes with them.
      pendingTimer = setTimeout(() => Promise.all([loadSubscriptions(), loadDeliveries({ again: true })]).catch(() => {}), pendingDelay);
      pendingDelay = Math.min(pendingDelay * 2, 30_000);
    } else if (hadPending) {
      // The last of them settled since the previous look: so did the subscribers' health.
      loadSubscriptions().catch(() => {});
    }
    hadPending = pending;
  }

  function changePage(delta) {
    filters.page = Math.max(1, filters.page + delta);
    loadDeliveries().catch(toastError);
  }

  async function redeliverOne(btn, d) {
    try {
      const again = await busy(btn, () => api(`/api/webhooks/deliveries/${d.id}/redeliver`, { method: "POST" }));
      toast(`Delivery #${d.id} queued again as #${again.id}`);
      // Show the new delivery whatever the filter was (it starts pending, and may go through
      // at once, which changes its subscriber's health as well).
      Object.assign(filters, { status: "", page: 1 });
      statusFilter.value = "";
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  const statusFilter = h("select", { name: "status" }, STATUSES.map((s) => h("option", { value: s }, s ? STATUS_TEXT[s] : "Any status")));
  const eventFilter = h("input", { name: "event", placeholder: "message.received", maxlength: 50 });
  const sessionFilter = h("input", { name: "sessionId", placeholder: "any session", maxlength: 100 });
  const filterForm = h(
    "form",
    { class: "filters", "aria-label": "Filter deliveries" },
    field("Status", statusFilter),
    field("Event", eventFilter),
    field("Session", sessionFilter),
    h("button", { type: "submit", class: "btn" }, "Apply"),
  );
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    Object.assign(filters, { status: statusFilter.value, event: eventFilter.value.trim(), sessionId: sessionFilter.value.trim(), page: 1 });
    loadDeliveries().catch(toastError);
  });

  // ---- replay ----
  const since = h("input", { type: "datetime-local", name: "since", required: true, value: localInputValue(new Date(Date.now() - 3600_000)) });
  const onlyFailed = h("input", { type: "checkbox", name: "onlyFailed", checked: true });
  const replayButton = h("button", { type: "submit", class: "btn" }, "Replay");
  const replayForm = h(
    "form",
    { class: "filters", "aria-label": "Replay deliveries" },
    field("Since", since),
    h("label", { class: "check" }, onlyFailed, " Only dead letters"),
    replayButton,
  );
  replayForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const body = { since: new Date(since.value).toISOString(), onlyFailed: onlyFailed.checked };
      const result = await busy(replayButton, () => api("/api/webhooks/replay", { method: "POST", body }));
      toast(`${result.queued} deliveries queued again`);
      Object.assign(filters, { status: "", page: 1 });
      statusFilter.value = "";
      // Deliveries that go through at once change their subscribers' health as well.
      await refresh();
    } catch (error) {
      toastError(error);
    }
  });

  const el = h(
    "section",
    { class: "page" },
    h("div", { class: "page-head" }, h("h1", {}, "Webhooks"), button("Refresh", () => refresh().catch(toastError), { class: "btn" })),
    h("section", { "aria-labelledby": "subs-title" }, h("h2", { id: "subs-title" }, "Subscribers"), subsBody, addForm),
    h(
      "section",
      { class: "section", "aria-labelledby": "log-title" },
      h("h2", { id: "log-title" }, "Delivery log"),
      filterForm,
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "deliveries" },
          h("thead", {}, h("tr", {}, ["When", "Event", "Subscriber", "Status", "Attempts", "Answer", ""].map((t) => h("th", { scope: "col" }, t)))),
          logBody,
        ),
      ),
      h("div", { class: "actions" }, logStatus, prev, next),
    ),
    h(
      "section",
      { class: "section", "aria-labelledby": "replay-title" },
      h("h2", { id: "replay-title" }, "Replay"),
      h("p", { class: "muted" }, "Send again every event since a moment to its subscribers, with the same event ids (receivers drop duplicates), or only the deliveries that failed every attempt."),
      replayForm,
    ),
  );

  async function refresh() {
    await Promise.all([loadSubscriptions(), loadDeliveries()]);
  }
  refresh().catch((error) => replace(subsBody, h("p", { class: "form-error" }, errorText(error))));

  return {
    el,
    title: "Webhooks",
    poll: refresh,
    pollEvery: 10_000,
    dispose: () => {
      clearTimeout(pendingTimer);
      clearTimeout(eventTimer);
    },
    // Events cause deliveries: show them once the burst is over, not once per event.
    onEvent() {
      clearTimeout(eventTimer);
      eventTimer = setTimeout(() => loadDeliveries().catch(() => {}), 1500);
    },
  };
}
