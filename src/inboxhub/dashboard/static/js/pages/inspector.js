// The webhook inspector: the organization's capture URL, and every webhook delivered to it as it
// arrives (newest first), with its signature checked against the subscriber's secret, its headers
// and its body. It belongs to the inspector feature (/api/webhooks/inspector/…); the console
// routes here only when that API is present (info.features.inspector).

import { api } from "../api.js";
import { busy, button, emptyState, formatTime, h, replace } from "../dom.js";
import { confirmDialog, errorText, toast, toastError } from "../ui.js";

const KEEP_ON_SCREEN = 100;
// What the subscribe button asks for: the conversation and the sessions' state, not the QR
// codes, which rotate every few seconds while a session waits to be linked.
const SUBSCRIBE_EVENTS = ["message", "message_status", "session_status", "handover"];

const SIGNATURE = {
  valid: ["Valid signature", "valid"],
  invalid: ["Invalid signature", "invalid"],
  no_secret: ["No secret", "neutral"],
  unsigned: ["Unsigned", "neutral"],
  unknown_subscriber: ["Unknown subscriber", "invalid"],
};
const SIGNATURE_HELP = {
  valid: "Every signature header matches the HMAC-SHA256 of the body with the subscriber's secret.",
  invalid: "At least one signature header does not match the subscriber's secret (see the checks).",
  no_secret: "The subscriber has no secret, so its webhooks go unsigned. Give it a secret (session settings, or the organization webhook) to sign them.",
  unsigned: "The request carried no signature header.",
  unknown_subscriber: "Signed, but no subscriber of this organization has this address: a rotated URL, or another gateway.",
};

// A subscriber without a secret sends unsigned: say why, rather than a bare "unsigned".
function signatureState(sig) {
  const subscriber = (sig && sig.subscriber) || null;
  if (sig && sig.status === "unsigned" && subscriber && !subscriber.hasSecret) return "no_secret";
  return (sig && sig.status) || "unsigned";
}

function signatureBadge(sig) {
  const state = signatureState(sig);
  const [text, tone] = SIGNATURE[state] || [state, "neutral"];
  return h("span", { class: "badge signature", dataset: { signature: state, tone } }, text);
}

// Webhooks come seconds apart: today's show the seconds too.
function when(iso) {
  const date = new Date(iso);
  if (date.toDateString() !== new Date().toDateString()) return formatTime(iso);
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function pretty(capture) {
  if (capture.body !== null && capture.body !== undefined) return JSON.stringify(capture.body, null, 2);
  return capture.rawBody || "";
}

function who(subscriber) {
  if (!subscriber) return "no subscriber of this organization";
  if (subscriber.kind === "session") return `session ${subscriber.sessionId}`;
  if (subscriber.kind === "frappe") return `the Frappe webhook of session ${subscriber.sessionId}`;
  return `organization webhook “${subscriber.name || subscriber.subscriptionId}”`;
}

function details(capture) {
  const sig = capture.signature || {};
  const checks = Object.entries(sig.checks || {});
  const headers = Object.entries(capture.headers || {}).sort(([a], [b]) => a.localeCompare(b));
  return h(
    "div",
    { class: "capture-details stack", "aria-labelledby": "capture-title" },
    h("h3", { id: "capture-title" }, h("span", { class: "mono" }, capture.event || "(no event)"), ` · #${capture.id}`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Received"),
      h("dd", {}, h("time", { datetime: capture.receivedAt }, new Date(capture.receivedAt).toLocaleString())),
      h("dt", {}, "Event id"),
      h("dd", { class: "mono" }, capture.eventId || "—"),
      h("dt", {}, "Session"),
      h("dd", {}, capture.sessionId || "—"),
      h("dt", {}, "Answered"),
      h("dd", {}, `HTTP ${capture.responseStatus}`),
      h("dt", {}, "Size"),
      h("dd", {}, `${capture.bodyBytes} bytes`),
    ),
    h(
      "div",
      { class: "signature-box", dataset: { tone: (SIGNATURE[signatureState(sig)] || [])[1] || "neutral" } },
      h("p", {}, signatureBadge(sig), ` · subscriber: ${who(sig.subscriber)}`),
      h("p", { class: "muted" }, SIGNATURE_HELP[signatureState(sig)] || ""),
      checks.length
        ? h(
            "ul",
            { class: "checks" },
            checks.map(([name, good]) => h("li", { dataset: { good: String(good) } }, h("span", { "aria-hidden": "true" }, good ? "✓ " : "✗ "), h("span", { class: "mono" }, name), good ? " matches" : " does not match")),
          )
        : null,
    ),
    h("h4", {}, "Headers"),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "headers" },
        h("caption", { class: "sr-only" }, "Request headers"),
        h("tbody", {}, headers.map(([name, value]) => h("tr", {}, h("th", { scope: "row", class: "mono" }, name), h("td", { class: "mono break" }, value)))),
      ),
    ),
    h("h4", {}, "Body"),
    h("pre", { class: "response capture-body", "aria-label": "Body" }, pretty(capture)),
  );
}

export function mount(ctx) {
  let inspector = null;
  let captures = [];
  let selected = null;
  let loadedOnce = false;

  // ---- the capture URL ----
  const urlBox = h("input", { class: "mono", readonly: true, "aria-label": "Capture URL", value: "" });
  const copy = button("Copy", async () => {
    try {
      await navigator.clipboard.writeText(urlBox.value);
      toast("Capture URL copied");
    } catch {
      urlBox.select();
    }
  });
  const usedBy = h("div", { class: "used-by" });
  const urlCard = h(
    "section",
    { class: "card stack inspector-url", "aria-labelledby": "url-title" },
    h("h2", { id: "url-title" }, "Capture URL"),
    h("div", { class: "inline" }, urlBox, copy),
    h(
      "p",
      { class: "muted" },
      "Set it as a session's webhook URL (in its settings) or subscribe the organization to it: every webhook delivered here is kept with its headers, its body and the check of its signature.",
    ),
    usedBy,
  );

  async function subscribeOrganization(btn) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    const body = { name: "Webhook inspector", url: inspector.url, events: SUBSCRIBE_EVENTS, secret };
    try {
      await busy(btn, () => api(`/api/webhooks/organizations/${ctx.info.organizationId}`, { method: "POST", body }));
      toast("The organization's webhooks now go to the inspector, signed");
      await loadSubscribers();
    } catch (error) {
      toastError(error);
    }
  }

  async function loadSubscribers() {
    if (!inspector) return;
    const data = await api("/api/webhooks/subscriptions");
    const here = data.subscriptions.filter((s) => s.url === inspector.url);
    const names = here.map((s) => (s.kind === "session" ? `session ${s.sessionId}` : s.kind === "frappe" ? "Frappe (global)" : `organization webhook “${s.name}”`));
    const organization = here.some((s) => s.kind === "organization");
    replace(
      usedBy,
      names.length ? h("p", { class: "subscribed" }, h("strong", {}, "Sending here: "), names.join(", ")) : h("p", { class: "notice" }, "No subscriber sends here yet."),
      organization ? null : h("div", { class: "actions wrap" }, button("Subscribe the organization", (e) => subscribeOrganization(e.currentTarget), { class: "btn btn-primary" }), h("span", { class: "muted" }, "every session's messages, ticks and status, signed with a new secret")),
    );
  }

  // ---- the captures ----
  const count = h("p", { class: "muted", role: "status" });
  const listBody = h("tbody", {});
  const listArea = h("div", {});
  const detailArea = h("div", { class: "capture-pane" });
  const clear = button("Clear all", (e) => clearAll(e.currentTarget), { class: "btn btn-danger", disabled: true });

  function row(c) {
    const open = h("button", { type: "button", class: "linklike", "aria-pressed": String(selected === c.id) }, h("time", { datetime: c.receivedAt }, when(c.receivedAt)));
    open.addEventListener("click", () => select(c.id));
    return h(
      "tr",
      { dataset: { captureId: c.id, signature: signatureState(c.signature) }, class: selected === c.id ? "selected" : null },
      h("td", {}, open),
      h("td", { class: "mono" }, c.event || "—"),
      h("td", {}, c.sessionId || "—"),
      h("td", {}, signatureBadge(c.signature)),
      h("td", {}, `HTTP ${c.responseStatus}`),
    );
  }

  function render() {
    clear.disabled = !captures.length;
    if (!captures.length) {
      replace(count, loadedOnce ? "" : "Loading captures…");
      replace(detailArea);
      if (loadedOnce) {
        replace(
          listArea,
          emptyState(
            "Nothing captured yet",
            "Point a subscriber at the capture URL above, then make something happen: on a sandbox session's page, send a message from the virtual phone. Its message.received webhook appears here at once.",
            h("a", { class: "btn", href: "#/sessions" }, "Open sessions"),
          ),
        );
      }
      return;
    }
    const valid = captures.filter((c) => signatureState(c.signature) === "valid").length;
    replace(count, `${captures.length} captured (the newest ${inspector ? inspector.keeps : KEEP_ON_SCREEN} are kept) · ${valid} with a valid signature`);
    replace(listBody, captures.map(row));
    replace(
      listArea,
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "captures" },
          h("caption", { class: "sr-only" }, "Captured deliveries, newest first"),
          h("thead", {}, h("tr", {}, ["Received", "Event", "Session", "Signature", "Answered"].map((t) => h("th", { scope: "col" }, t)))),
          listBody,
        ),
      ),
    );
  }

  async function select(id) {
    selected = id;
    render();
    replace(detailArea, h("p", { class: "muted" }, "Loading…"));
    try {
      const data = await api(`/api/webhooks/inspector/captures/${id}`);
      if (selected === id) replace(detailArea, details(data.capture));
    } catch (error) {
      replace(detailArea, h("p", { class: "form-error", role: "alert" }, errorText(error)));
    }
  }

  function add(items) {
    const known = new Set(captures.map((c) => c.id));
    const fresh = items.filter((c) => !known.has(c.id));
    if (!fresh.length) return;
    captures = [...fresh, ...captures].sort((a, b) => b.id - a.id).slice(0, KEEP_ON_SCREEN);
    render();
  }

  async function loadCaptures() {
    const data = await api("/api/webhooks/inspector/captures", { query: { limit: KEEP_ON_SCREEN } });
    captures = data.captures;
    loadedOnce = true;
    if (selected && !captures.some((c) => c.id === selected)) {
      selected = null;
      replace(detailArea);
    }
    render();
  }

  // Without the stream: only what is newer than the newest on screen.
  async function poll() {
    if (!loadedOnce) return loadCaptures();
    const after = captures.length ? captures[0].id : undefined;
    const data = await api("/api/webhooks/inspector/captures", { query: { limit: KEEP_ON_SCREEN, after } });
    add(data.captures);
  }

  async function clearAll(btn) {
    const yes = await confirmDialog({
      title: "Clear every capture?",
      text: "The inspector forgets what it received. The capture URL stays the same, and the delivery log keeps its own record.",
      confirm: "Clear all",
      danger: true,
    });
    if (!yes) return;
    try {
      const result = await busy(btn, () => api("/api/webhooks/inspector/captures", { method: "DELETE" }));
      toast(`${result.deleted} captures cleared`);
      captures = [];
      selected = null;
      render();
    } catch (error) {
      toastError(error);
    }
  }

  async function rotate(btn) {
    const yes = await confirmDialog({
      title: "Make a new capture URL?",
      text: "The current URL stops capturing at once (it answers 404), so subscribers that use it must be given the new one. What was captured stays.",
      confirm: "New URL",
      danger: true,
    });
    if (!yes) return;
    try {
      inspector = await busy(btn, () => api("/api/webhooks/inspector/rotate", { method: "POST" }));
      urlBox.value = inspector.url;
      toast("New capture URL ready");
      await loadSubscribers();
    } catch (error) {
      toastError(error);
    }
  }

  async function start() {
    inspector = await api("/api/webhooks/inspector");
    urlBox.value = inspector.url;
    await Promise.all([loadSubscribers(), loadCaptures()]);
  }
  start().catch((error) => replace(usedBy, h("p", { class: "form-error", role: "alert" }, errorText(error))));

  const el = h(
    "section",
    { class: "page page-inspector" },
    h("div", { class: "page-head" }, h("h1", {}, "Webhook inspector"), h("div", { class: "actions wrap head-actions" }, button("New URL", (e) => rotate(e.currentTarget), { class: "btn" }))),
    urlCard,
    h(
      "section",
      { class: "section", "aria-labelledby": "captures-title" },
      h("div", { class: "page-head" }, h("h2", { id: "captures-title" }, "Captured deliveries"), clear),
      count,
      h("div", { class: "inspector-layout" }, listArea, detailArea),
    ),
  );

  return {
    el,
    title: "Inspector",
    poll,
    pollEvery: 3000,
    onEvent(event) {
      if (event.type === "resync") return void loadCaptures().catch(() => {});
      if (event.type !== "webhook.inspected" || !event.data || !event.data.id) return;
      add([event.data]);
    },
  };
}
