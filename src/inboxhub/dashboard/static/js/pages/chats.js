// Placeholder until the API it shows is mounted on this gateway.

import { emptyState, h } from "../dom.js";

export function mount() {
  return { el: h("section", { class: "page" }, emptyState("Not available", "This gateway does not offer this part of the API.")), title: "chats" };
}
