// One session: its QR (large, refreshed as it rotates), pairing code, actions and details,
// and the sandbox's virtual phone beside it.

import { api, apiEnvelope } from "../api.js";
import { busy, button, field, formatPhone, formatTime, h, reasonText, replace, statusBadge, timeAgo } from "../dom.js";
import { confirmDialog, errorText, toast, toastError } from "../ui.js";
import { virtualPhone } from "./phone.js";
import { settingsCard } from "./session-settings.js";

function countdown(expiresAt) {
  const seconds = Math.max(0, Math.round((new Date(expiresAt).getTime() - Date.now()) / 1000));
  return seconds > 0 ? `This code changes in ${seconds} s` : "Waiting for a new code…";
}

function groupCode(code) {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export function mount(ctx, ref) {
  const state = { session: null, qr: null, pairingCode: null };
  const head = h("div", { class: "page-head" }, h("h1", {}, "Session"));
  const linkCard = h("section", { class: "card link-card", "aria-labelledby": "link-title" });
  const actionsCard = h("section", { class: "card", "aria-labelledby": "actions-title" });
  const detailsCard = h("section", { class: "card", "aria-labelledby": "details-title" });
  const phone = ctx.info.sandbox ? virtualPhone(ctx, () => state, () => refresh()) : null;
  const settings = settingsCard(ctx, ref, (saved) => {
    Object.assign(state.session, saved);
    render();
  });
  const qrExpiry = h("p", { class: "muted qr-expiry", "aria-live": "off" });
  const ticker = setInterval(() => {
    if (state.qr && state.session && state.session.status === "qr_code") qrExpiry.textContent = countdown(state.qr.expiresAt);
  }, 1000);

  const path = () => `/api/sessions/${encodeURIComponent(ref)}`;

  async function refresh() {
    const data = await api(path());
    state.session = data.session;
    if (state.session.status === "qr_code") await loadQr();
    else state.qr = null;
    render();
  }

  async function loadQr() {
    try {
      state.qr = await api(`${path()}/qr`);
    } catch (error) {
      if (error.code !== "QR_NOT_AVAILABLE") throw error;
      state.qr = null;
    }
  }

  // Fallback without the event stream: the status, and the QR only when it has rotated.
  async function poll() {
    const status = await api(`${path()}/status`);
    Object.assign(state.session, status);
    if (status.status === "qr_code") {
      const expired = !state.qr || new Date(state.qr.expiresAt).getTime() <= Date.now();
      if (expired) await loadQr();
    } else {
      state.qr = null;
    }
    render();
  }

  // The API's own messages are in Spanish; the console says what happened in its own words.
  async function act(btn, done, action, after) {
    try {
      const envelope = await busy(btn, action);
      toast(done);
      if (after) after(envelope);
      else await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  const linkTitle = h("h2", { id: "link-title" }, "Link a phone");
  const linkBody = h("div", { class: "link-body" });
  const pairing = pairingForm();
  replace(linkCard, linkTitle, linkBody, pairing.el);

  function renderLink() {
    const s = state.session;
    const parts = [];
    if (s.status === "qr_code" && state.qr) {
      qrExpiry.textContent = countdown(state.qr.expiresAt);
      parts.push(
        h(
          "ol",
          { class: "steps" },
          h("li", {}, "Open WhatsApp on the phone"),
          h("li", {}, "Go to Settings › Linked devices › Link a device"),
          h("li", {}, "Point the phone at this code"),
        ),
        h("img", { class: "qr", src: state.qr.qrCode, alt: `QR code to link session ${s.sessionId}`, width: 296, height: 296 }),
        qrExpiry,
      );
    } else if (s.status === "connected") {
      const name = s.profile && s.profile.name ? ` (${s.profile.name})` : "";
      parts.push(h("p", { class: "linked" }, "Linked to ", h("strong", {}, formatPhone(s.phoneNumber)), name));
    } else if (s.status === "connecting" || s.status === "qr_code") {
      parts.push(h("p", { class: "muted" }, "Connecting… the QR code appears in a moment."));
    } else {
      parts.push(
        h("p", {}, "This session is disconnected."),
        s.lastDisconnectReason ? h("p", { class: "reason" }, `Reason: ${reasonText(s.lastDisconnectReason)}`) : null,
        button("Connect", (e) => act(e.currentTarget, "Connecting…", post("connect")), { class: "btn btn-primary" }),
      );
    }
    linkTitle.textContent = s.status === "connected" ? "Linked phone" : "Link a phone";
    replace(linkBody, parts);
    pairing.el.hidden = s.status === "connected";
    if (!pairing.number.value && s.phoneNumber) pairing.number.value = s.phoneNumber;
  }

  // Built once: a re-render (QR rotation, status change) must not wipe what the user is typing.
  function pairingForm() {
    const number = h("input", { type: "tel", inputmode: "numeric", name: "pairingPhone", required: true, maxlength: 32 });
    const submit = h("button", { type: "submit", class: "btn" }, "Get pairing code");
    const result = h("p", { class: "pairing-code", hidden: true });
    const form = h(
      "form",
      { class: "pairing", hidden: true },
      h("h3", {}, "Or link with a code"),
      h("p", { class: "muted" }, "On the phone: Linked devices › Link a device › Link with phone number instead."),
      h("div", { class: "inline" }, field("Phone number", number), submit),
      result,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const data = await busy(submit, () => api(`${path()}/pairing-code`, { method: "POST", body: { phoneNumber: number.value } }));
        state.pairingCode = data.pairingCode;
        result.textContent = groupCode(data.pairingCode);
        result.setAttribute("aria-label", `Pairing code ${data.pairingCode.split("").join(" ")}`);
        result.hidden = false;
        if (phone) phone.render();
      } catch (error) {
        toastError(error);
      }
    });
    return { el: form, number };
  }

  const post = (action) => () => apiEnvelope(`${path()}/${action}`, { method: "POST" });
  const actionButtons = {
    connect: button("Connect", (e) => act(e.currentTarget, "Connecting…", post("connect"))),
    disconnect: button("Disconnect", (e) => act(e.currentTarget, "Disconnected", post("disconnect"))),
    restart: button("Restart", (e) => act(e.currentTarget, "Restarted", post("restart"))),
    logout: button("Log out", async (e) => {
      const btn = e.currentTarget;
      const yes = await confirmDialog({
        title: "Log out this session?",
        text: "The phone is unlinked; a new QR scan is needed to use it again.",
        confirm: "Log out",
        danger: true,
      });
      if (yes) await act(btn, "Logged out: the phone is unlinked", post("logout"));
    }),
    remove: button(
      "Delete",
      async (e) => {
        const btn = e.currentTarget;
        const s = state.session;
        const yes = await confirmDialog({
          title: `Delete ${s.sessionName || s.sessionId}?`,
          text: "The session, its chats and its messages are removed from the gateway.",
          confirm: "Delete",
          danger: true,
        });
        if (yes) {
          try {
            await busy(btn, () => apiEnvelope(path(), { method: "DELETE" }));
            toast("Session deleted", "info", { carry: true });
            ctx.navigate("/sessions");
          } catch (error) {
            toastError(error);
          }
        }
      },
      { class: "btn btn-danger" },
    ),
  };
  const chatsLink = ctx.info.features.messages ? h("a", { class: "btn btn-quiet", href: `#/chats/${encodeURIComponent(ref)}` }, "Open chats") : null;
  replace(actionsCard, h("h2", { id: "actions-title" }, "Actions"), h("div", { class: "actions wrap" }, Object.values(actionButtons), chatsLink));

  function renderActions() {
    const s = state.session;
    actionButtons.connect.disabled = s.status !== "disconnected";
    actionButtons.disconnect.disabled = s.status === "disconnected";
    actionButtons.logout.disabled = !s.phoneNumber;
  }

  function renderDetails() {
    const s = state.session;
    const row = (label, value, cls) => [h("dt", {}, label), h("dd", { class: cls }, value || "—")];
    replace(
      detailsCard,
      h("h2", { id: "details-title" }, "Details"),
      h(
        "dl",
        { class: "facts" },
        row("Session ID", s.sessionId, "mono"),
        row("Numeric ID", String(s.id), "mono"),
        row("Engine", s.engine),
        row("Phone", formatPhone(s.phoneNumber)),
        row("Last activity", s.lastActivity ? `${timeAgo(s.lastActivity)} (${formatTime(s.lastActivity)})` : "never"),
        row("Last disconnect", reasonText(s.lastDisconnectReason), s.lastDisconnectReason ? "reason" : null),
        row("Webhook URL", s.webhookUrl, "mono break"),
        row("Webhook events", (s.webhookEvents || []).join(", ")),
        row("Created", formatTime(s.createdAt)),
        s.description ? row("Description", s.description) : null,
      ),
      s.webhookUrl && ctx.info.features.webhooks ? h("div", { class: "actions wrap" }, testWebhook) : null,
    );
  }

  // A signed test event to the session's webhook, with the receiver's answer.
  const testWebhook = button("Send a test webhook", async (e) => {
    try {
      const result = await busy(e.currentTarget, () => api(`/api/webhooks/sessions/${encodeURIComponent(ref)}/test`, { method: "POST" }));
      if (result.delivered) toast(`Test delivered: HTTP ${result.statusCode} in ${result.durationMs} ms`);
      else toast(`Test failed: ${result.error || `HTTP ${result.statusCode}`}`, "error");
    } catch (error) {
      toastError(error);
    }
  });

  function render() {
    const s = state.session;
    replace(
      head,
      h(
        "div",
        {},
        h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/sessions" }, "Sessions"), " › ", s.sessionId),
        h("h1", {}, s.sessionName || s.sessionId, " ", statusBadge(s.status)),
      ),
    );
    renderLink();
    renderActions();
    renderDetails();
    settings.load(s);
    if (phone) phone.render();
  }

  const el = h(
    "section",
    { class: "page" },
    head,
    h("div", { class: "session-layout" }, h("div", { class: "col" }, linkCard, actionsCard, settings.el), h("div", { class: "col" }, phone ? phone.el : null, detailsCard)),
  );

  refresh().catch((error) => {
    replace(linkCard, h("p", { class: "form-error", role: "alert" }, errorText(error)), h("a", { href: "#/sessions" }, "Back to sessions"));
  });

  return {
    el,
    title: ref,
    poll: () => (state.session ? poll() : refresh()),
    pollEvery: 3000,
    dispose: () => clearInterval(ticker),
    onEvent(event) {
      if (event.type === "resync") return void refresh().catch(() => {});
      const s = state.session;
      if (!s || event.data.sessionId !== s.sessionId) return;
      if (event.type === "session.qr") {
        state.qr = { qrCode: event.data.qrCode, qrText: event.data.qrText, expiresAt: event.data.expiresAt };
        s.status = "qr_code";
        render();
      } else if (event.type === "session.status") {
        // The full record carries what the event does not (profile name, activity).
        refresh().catch(() => {});
      }
    },
  };
}
