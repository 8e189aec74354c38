// Sessions: every WhatsApp number of the organization with its live status, and "New session".

import { api } from "../api.js";
import { busy, button, emptyState, field, formatPhone, h, reasonText, replace, statusBadge, timeAgo } from "../dom.js";
import { errorText, toast } from "../ui.js";

const PAGE_SIZE = 100;

async function loadAll() {
  const sessions = [];
  for (let page = 1; page <= 50; page += 1) {
    const data = await api("/api/sessions", { query: { page, limit: PAGE_SIZE } });
    sessions.push(...data.sessions);
    if (page >= data.pagination.pages) break;
  }
  return sessions;
}

function card(session, ctx) {
  const id = encodeURIComponent(session.sessionId);
  const reason = session.status !== "connected" && session.lastDisconnectReason;
  return h(
    "li",
    { class: "card session-card", dataset: { sessionId: session.sessionId } },
    h(
      "div",
      { class: "session-card-head" },
      h("h2", {}, h("a", { href: `#/sessions/${id}` }, session.sessionName || session.sessionId)),
      statusBadge(session.status),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Session ID"),
      h("dd", { class: "mono" }, session.sessionId),
      h("dt", {}, "Phone"),
      h("dd", {}, formatPhone(session.phoneNumber) || "Not linked"),
      h("dt", {}, "Engine"),
      h("dd", {}, session.engine),
      h("dt", {}, "Last activity"),
      h("dd", {}, timeAgo(session.lastActivity)),
      reason ? [h("dt", {}, "Last disconnect"), h("dd", { class: "reason" }, reasonText(reason))] : null,
    ),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "btn", href: `#/sessions/${id}` }, session.status === "qr_code" ? "Show QR" : "Open"),
      ctx.info.features.messages ? h("a", { class: "btn btn-quiet", href: `#/chats/${id}` }, "Chats") : null,
    ),
  );
}

// The engines this gateway does not offer, each with what would turn it on: a list with only
// "sandbox" in it otherwise looks like a bug.
function engineNotes(info) {
  const others = (info.engineCatalog || []).filter((e) => !e.usable);
  if (!others.length) return null;
  return h(
    "details",
    { class: "engine-notes" },
    h("summary", {}, `Other engines (${others.map((e) => e.name).join(", ")}) are not enabled here`),
    h(
      "ul",
      {},
      others.map((e) => h("li", { dataset: { engine: e.name } }, h("strong", {}, e.name), `: ${e.summary} `, h("span", { class: "muted" }, e.installed ? "Installed, not enabled. " : "Not installed. "), h("span", { class: "mono hint-text" }, e.hint))),
    ),
  );
}

function usableEngines(info) {
  const usable = new Set((info.engineCatalog || []).filter((e) => e.usable).map((e) => e.name));
  const offered = info.engines.filter((e) => !info.engineCatalog || usable.has(e));
  return offered.length ? offered : info.engines;
}

function createDialog(ctx) {
  const name = h("input", { name: "sessionName", required: true, maxlength: 200, autocomplete: "off" });
  const sessionId = h("input", {
    name: "sessionId",
    pattern: "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}",
    maxlength: 100,
    autocomplete: "off",
    spellcheck: "false",
  });
  const phone = h("input", { name: "phoneNumber", type: "tel", inputmode: "numeric", maxlength: 32, autocomplete: "off" });
  const engine = h(
    "select",
    { name: "engine" },
    usableEngines(ctx.info).map((e) => h("option", { value: e, selected: e === ctx.info.defaultEngine }, e)),
  );
  const engineHelp = engineNotes(ctx.info);
  const webhookUrl = h("input", { name: "webhookUrl", type: "url", maxlength: 2000, placeholder: "https://crm.example.com/webhook" });
  const webhookSecret = h("input", { name: "webhookSecret", type: "password", maxlength: 500, autocomplete: "new-password" });
  const alert = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, "Create and show QR");

  const form = h(
    "form",
    { class: "stack" },
    h("h2", { id: "create-title" }, "New session"),
    alert,
    field("Name", name, "How the number appears in the console and the API (sessionName)."),
    field("Session ID", sessionId, "Optional: letters, digits, _ . - (generated when empty)."),
    field("Phone number", phone, "Optional: the number you expect to link, with country code."),
    field("Engine", engine),
    engineHelp,
    field("Webhook URL", webhookUrl, "Optional: where incoming messages are posted, signed."),
    field("Webhook secret", webhookSecret, "Optional: the HMAC-SHA256 key for X-Webhook-Signature."),
    h("div", { class: "actions" }, h("button", { type: "button", class: "btn", onclick: () => dialog.close() }, "Cancel"), submit),
  );
  const dialog = h("dialog", { class: "dialog", "aria-labelledby": "create-title" }, form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    alert.hidden = true;
    const body = { sessionName: name.value.trim(), engine: engine.value };
    if (sessionId.value.trim()) body.sessionId = sessionId.value.trim();
    if (phone.value.trim()) body.phoneNumber = phone.value.trim();
    if (webhookUrl.value.trim()) body.webhookUrl = webhookUrl.value.trim();
    if (webhookSecret.value) body.webhookSecret = webhookSecret.value;
    try {
      const created = await busy(submit, () => api("/api/sessions", { method: "POST", body }));
      dialog.close();
      toast(`Session ${created.sessionId} created`, "info", { carry: true });
      ctx.navigate(`/sessions/${encodeURIComponent(created.sessionId)}`);
    } catch (error) {
      alert.textContent = errorText(error);
      alert.hidden = false;
      const bad = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
      if (bad) bad.focus();
    }
  });
  dialog.addEventListener("close", () => dialog.remove());
  return { dialog, focus: () => name.focus() };
}

export function mount(ctx) {
  const list = h("ul", { class: "session-grid", "aria-live": "polite" });
  const status = h("p", { class: "muted" }, "Loading sessions…");
  let sessions = [];

  function render() {
    if (!sessions.length) {
      replace(list);
      replace(status, emptyState("No sessions yet", "A session is one WhatsApp number. Create one and scan its QR code.", button("New session", openCreate, { class: "btn btn-primary" })));
      return;
    }
    const connected = sessions.filter((s) => s.status === "connected").length;
    replace(status, `${sessions.length} session${sessions.length === 1 ? "" : "s"}, ${connected} connected`);
    replace(list, sessions.map((s) => card(s, ctx)));
  }

  async function refresh() {
    sessions = await loadAll();
    render();
  }

  function openCreate() {
    const { dialog, focus } = createDialog(ctx);
    document.body.append(dialog);
    dialog.showModal();
    focus();
  }

  refresh().catch((error) => replace(status, h("span", { class: "form-error" }, errorText(error))));

  const el = h(
    "section",
    { class: "page" },
    h("div", { class: "page-head" }, h("h1", {}, "Sessions"), button("New session", openCreate, { class: "btn btn-primary", id: "new-session" })),
    status,
    list,
  );

  return {
    el,
    title: "Sessions",
    poll: refresh,
    pollEvery: 5000,
    onEvent(event) {
      if (event.type === "resync") return void refresh();
      if (event.type !== "session.status") return;
      const known = sessions.find((s) => s.sessionId === event.data.sessionId);
      if (!known) return void refresh();
      known.status = event.data.status;
      known.isConnected = event.data.status === "connected";
      if (event.data.phoneNumber !== undefined) known.phoneNumber = event.data.phoneNumber;
      if (event.data.reason) known.lastDisconnectReason = event.data.reason;
      known.lastActivity = new Date().toISOString();
      render();
    },
  };
}
