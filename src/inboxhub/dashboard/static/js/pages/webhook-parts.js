// Pieces of the webhooks page: the organization webhook form and a delivery's attempt log.

import { busy, field, formatTime, h } from "../dom.js";
import { errorText } from "../ui.js";

export const EVENT_CHOICES = [
  ["*", "Everything"],
  ["message", "Messages"],
  ["message_status", "Delivery ticks"],
  ["session_status", "Session status"],
  ["qr_code", "QR codes"],
  ["group", "Groups"],
  ["contact", "Contacts"],
  ["handover", "Handover"],
];

export function subscriptionForm(create) {
  const name = h("input", { name: "name", maxlength: 200, value: "CRM" });
  const url = h("input", { name: "url", type: "url", required: true, maxlength: 2000, placeholder: "https://crm.example.com/webhook" });
  const secret = h("input", { name: "secret", type: "password", maxlength: 500, autocomplete: "new-password" });
  const boxes = EVENT_CHOICES.map(([value, label]) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "events", value, checked: value === "*" }), ` ${label}`));
  const alert = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, "Add webhook");
  const form = h(
    "form",
    { class: "card stack add-webhook", "aria-labelledby": "add-webhook-title" },
    h("h3", { id: "add-webhook-title" }, "Add an organization webhook"),
    h("p", { class: "muted" }, "It hears the events of every session of the organization, signed with its secret."),
    alert,
    h("div", { class: "inline" }, field("Name", name), field("URL", url), field("Secret", secret)),
    h("fieldset", { class: "events" }, h("legend", {}, "Events"), boxes),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    alert.hidden = true;
    const events = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
    const body = { name: name.value.trim() || "Webhook", url: url.value.trim(), events: events.length ? events : ["*"] };
    if (secret.value) body.secret = secret.value;
    try {
      await busy(submit, () => create(body));
      url.value = "";
      secret.value = "";
    } catch (error) {
      alert.textContent = errorText(error);
      alert.hidden = false;
    }
  });
  return form;
}

function pretty(value) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return JSON.stringify(value, null, 2);
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

export function deliveryDetails(delivery) {
  const attempts = delivery.attemptLog || [];
  return h(
    "div",
    { class: "delivery-details" },
    h("p", {}, h("strong", {}, "Event id "), h("span", { class: "mono" }, delivery.eventId), delivery.replayOf ? ` · redelivery of #${delivery.replayOf}` : ""),
    attempts.length
      ? h(
          "ol",
          { class: "attempts" },
          attempts.map((a) =>
            h(
              "li",
              {},
              h("strong", {}, `Attempt ${a.attempt}`),
              ` · ${formatTime(a.startedAt)} · `,
              a.responseStatus ? `HTTP ${a.responseStatus}` : "no answer",
              a.durationMs != null ? ` · ${a.durationMs} ms` : "",
              a.error ? h("div", { class: "reason" }, a.error) : null,
              a.responseBody ? h("pre", { class: "response" }, pretty(a.responseBody)) : null,
            ),
          ),
        )
      : h("p", { class: "muted" }, "Not attempted yet."),
    h("details", {}, h("summary", {}, "Payload"), h("pre", { class: "response" }, pretty(delivery.payload))),
  );
}
