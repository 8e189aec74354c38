// Pieces the management pages share: a page head, a table, a form in a dialog, the session
// picker and the account token (for the pages that manage the organization itself).

import { api } from "../api.js";
import { busy, h, replace } from "../dom.js";
import { credentials } from "../store.js";
import { errorText } from "../ui.js";

export function pageHead(title, ...actions) {
  return h("div", { class: "page-head" }, h("h1", {}, title), actions.length ? h("div", { class: "actions wrap head-actions" }, actions) : null);
}

export function table(caption, headers, rows, empty = "Nothing here yet.") {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      {},
      h("caption", { class: "sr-only" }, caption),
      h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: headers.length, class: "muted" }, empty))),
    ),
  );
}

export function loadingInto(el, promise) {
  promise.catch((error) => replace(el, h("p", { class: "form-error", role: "alert" }, errorText(error))));
}

// A form in a modal dialog: `submit(form)` runs the request; an error stays in the dialog, on
// the field the API names. Resolves with what `submit` returned, or null when cancelled.
export function formDialog({ title, body, submitLabel = "Save", submit, wide = false }) {
  return new Promise((resolve) => {
    const alert = h("p", { class: "form-error", role: "alert", hidden: true });
    const ok = h("button", { type: "submit", class: "btn btn-primary" }, submitLabel);
    const titleId = `dialog-${Math.random().toString(36).slice(2)}`;
    const form = h(
      "form",
      { class: "stack" },
      h("h2", { id: titleId }, title),
      alert,
      body,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", onclick: () => dialog.close() }, "Cancel"), ok),
    );
    const dialog = h("dialog", { class: ["dialog", wide && "dialog-wide"], "aria-labelledby": titleId }, form);
    let result = null;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      alert.hidden = true;
      try {
        result = await busy(ok, () => submit(form));
        dialog.close();
      } catch (error) {
        alert.textContent = errorText(error);
        alert.hidden = false;
        const bad = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
        if (bad) bad.focus();
      }
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    const first = form.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  });
}

// ---- the session a page works on -----------------------------------------------------------

const PICKED = "inboxhub.console.session";

export async function listSessions() {
  const data = await api("/api/sessions", { query: { page: 1, limit: 100 } });
  return data.sessions;
}

// A <select> of the organization's sessions; the choice is remembered for the other pages.
export function sessionPicker(sessions, preferred, onChange) {
  let chosen = preferred && sessions.some((s) => s.sessionId === preferred) ? preferred : sessionStorage.getItem(PICKED);
  if (!sessions.some((s) => s.sessionId === chosen)) {
    const connected = sessions.find((s) => s.status === "connected");
    chosen = (connected || sessions[0] || {}).sessionId || "";
  }
  if (chosen) sessionStorage.setItem(PICKED, chosen);
  const select = h(
    "select",
    { name: "session", id: "session-picker" },
    sessions.map((s) => h("option", { value: s.sessionId, selected: s.sessionId === chosen }, `${s.sessionName || s.sessionId}${s.status === "connected" ? "" : ` (${s.status})`}`)),
  );
  select.addEventListener("change", () => {
    sessionStorage.setItem(PICKED, select.value);
    onChange(select.value);
  });
  const el = h("div", { class: "field session-picker" }, h("label", { for: "session-picker" }, "Session"), select);
  return { el, value: () => select.value };
}

// ---- organization management (JWT routes) ---------------------------------------------------

// Members and API keys are managed with the user's access token, which only a sign-in with
// email and password gives; an API key cannot manage keys.
export function account() {
  const creds = credentials();
  if (!creds || creds.mode !== "password" || !creds.accessToken || !creds.organization) return null;
  return { token: creds.accessToken, organization: creds.organization, email: creds.user && creds.user.email, keyId: creds.keyId };
}

export function needsPassword(what) {
  return h(
    "div",
    { class: "empty" },
    h("p", { class: "empty-title" }, `Sign in with email and password to manage ${what}`),
    h("p", {}, "You signed in with an API key: it works on the WhatsApp API, while the organization's members and keys are managed by its users."),
  );
}

export function splitList(text) {
  return text
    .split(/[,\n]/)
    .map((t) => t.trim())
    .filter(Boolean);
}
