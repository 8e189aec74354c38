// Toasts and confirmation dialogs shared by the pages.

import { h } from "./dom.js";

const MAX_TOASTS = 3;

// Toasts say what just happened on this page: they pass clicks through to what they cover,
// go when the page changes, and at most a few stay on screen.
// `carry`: the toast announces the page the action leads to, so it survives that one change.
export function toast(text, kind = "info", { carry = false } = {}) {
  const box = document.getElementById("toasts");
  const close = h("button", { type: "button", class: "toast-close", "aria-label": "Dismiss" }, "×");
  const item = h("div", { class: "toast", "data-kind": kind, role: kind === "error" ? "alert" : null }, h("span", {}, text), close);
  if (carry) item.dataset.carry = "true";
  close.addEventListener("click", () => item.remove());
  box.append(item);
  while (box.children.length > MAX_TOASTS) box.firstElementChild.remove();
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

export function clearToasts() {
  const box = document.getElementById("toasts");
  if (!box) return;
  for (const item of [...box.children]) {
    if (item.dataset.carry) delete item.dataset.carry;
    else item.remove();
  }
}

export function errorText(error) {
  if (!error) return "Something went wrong";
  const where = error.field && !String(error.message).includes(error.field) ? ` (${error.field})` : "";
  return `${error.message}${where}`;
}

export function toastError(error) {
  toast(errorText(error), "error");
}

// A modal <dialog>; resolves true when the user confirms.
export function confirmDialog({ title, text, confirm = "Confirm", danger = false }) {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "confirm-title" },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: "confirm-title" }, title),
        h("p", {}, text),
        h(
          "div",
          { class: "actions" },
          h("button", { class: "btn", value: "cancel" }, "Cancel"),
          h("button", { class: danger ? "btn btn-danger" : "btn btn-primary", value: "ok" }, confirm),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
