// The webhook inspector's page. It belongs to the inspector feature (/api/webhooks/inspector/…),
// which builds it; the console routes to it only when that API is present (info.features).

import { h } from "../dom.js";
import { pageHead } from "./common.js";

export function mount() {
  return { el: h("section", { class: "page" }, pageHead("Webhook inspector")), title: "Inspector" };
}
