// Building the DOM without innerHTML: every value from the API lands in a text node or an attribute.

const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "selected", "open", "required", "multiple"]);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let counter = 0;
export function uid(prefix = "f") {
  counter += 1;
  return `${prefix}-${counter}`;
}

// A labelled form field; `input` is any control built with h().
export function field(label, input, hint) {
  const id = input.id || uid();
  input.id = id;
  const hintEl = hint ? h("small", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hintEl);
}

export function button(label, onclick, props = {}) {
  return h("button", { type: "button", class: "btn", onclick, ...props }, label);
}

// Disable a button while its action runs, so a double click does not send twice.
export async function busy(btn, action) {
  const wasDisabled = btn.disabled;
  btn.disabled = true;
  btn.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    btn.disabled = wasDisabled;
    btn.removeAttribute("aria-busy");
  }
}

const STATUS_TEXT = {
  connected: "Connected",
  qr_code: "Waiting for QR scan",
  connecting: "Connecting",
  disconnected: "Disconnected",
};

export function statusBadge(status) {
  return h("span", { class: "badge", "data-status": status }, STATUS_TEXT[status] || status || "unknown");
}

export function formatPhone(phone) {
  if (!phone) return "";
  const digits = String(phone).split("@")[0];
  return /^\d+$/.test(digits) ? `+${digits}` : digits;
}

export function formatTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleString([], { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function timeAgo(iso) {
  if (!iso) return "never";
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return "";
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return formatTime(iso);
}

const REASONS = {
  qr_timeout: "The QR code was not scanned in time",
  connection_lost: "The connection was lost (it reconnects by itself)",
  logged_out: "Logged out",
  logged_out_from_phone: "Unlinked from the phone's Linked devices screen",
  disconnected: "Disconnected from the console or the API",
  phone_in_use: "The number is linked to another session",
};

export function reasonText(reason) {
  return reason ? REASONS[reason] || reason.replaceAll("_", " ") : "";
}

export function emptyState(title, text, ...actions) {
  return h("div", { class: "empty" }, h("p", { class: "empty-title" }, title), text ? h("p", {}, text) : null, actions);
}
