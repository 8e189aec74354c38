// Toasts and confirmation dialogs shared by the pages.

import { h } from "./dom.js";

export function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: "toast", "data-kind": kind, role: kind === "error" ? "alert" : null }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
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
