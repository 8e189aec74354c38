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

// The organization webhook form: adds one, or edits one (``form.edit(subscription)``); an edit
// sends only what changed, so a URL shown with its credentials masked is never written back.
export function subscriptionForm({ create, update }) {
  const name = h("input", { name: "name", maxlength: 200, value: "CRM" });
  const url = h("input", { name: "url", type: "url", required: true, maxlength: 2000, placeholder: "https://crm.example.com/webhook" });
  const secret = h("input", { name: "secret", type: "password", maxlength: 500, autocomplete: "new-password" });
  const boxes = EVENT_CHOICES.map(([value, label]) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "events", value, checked: value === "*" }), ` ${label}`));
  const inputs = boxes.map((b) => b.querySelector("input"));
  const alert = h("p", { class: "form-error", role: "alert", hidden: true });
  const title = h("h3", { id: "add-webhook-title" }, "Add an organization webhook");
  const note = h("p", { class: "muted" }, "It hears the events of every session of the organization, signed with its secret.");
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, "Add webhook");
  const cancel = h("button", { type: "button", class: "btn", hidden: true }, "Cancel");
  const form = h(
    "form",
    { class: "card stack add-webhook", "aria-labelledby": "add-webhook-title" },
    title,
    note,
    alert,
    h("div", { class: "inline" }, field("Name", name), field("URL", url), field("Secret", secret)),
    h("fieldset", { class: "events" }, h("legend", {}, "Events"), boxes),
    h("div", { class: "actions" }, submit, cancel),
  );
  let editing = null;
  let eventsChanged = false;
  inputs.forEach((input) => input.addEventListener("change", () => (eventsChanged = true)));

  function checkEvents(events) {
    inputs.forEach((input) => (input.checked = events.includes(input.value)));
    eventsChanged = false;
  }

  function reset() {
    editing = null;
    title.textContent = "Add an organization webhook";
    note.textContent = "It hears the events of every session of the organization, signed with its secret.";
    submit.textContent = "Add webhook";
    cancel.hidden = true;
    name.value = "CRM";
    url.value = "";
    secret.value = "";
    secret.placeholder = "";
    checkEvents(["*"]);
    alert.hidden = true;
  }

  form.edit = (subscription) => {
    editing = subscription;
    title.textContent = `Edit webhook ${subscription.name}`;
    note.textContent = "Only what you change is saved.";
    submit.textContent = "Save webhook";
    cancel.hidden = false;
    name.value = subscription.name || "";
    url.value = subscription.url || "";
    secret.value = "";
    secret.placeholder = subscription.hasSecret ? "Leave blank to keep the current secret" : "";
    checkEvents(subscription.events || ["*"]);
    alert.hidden = true;
    form.scrollIntoView({ block: "nearest" });
    name.focus();
  };
  cancel.addEventListener("click", reset);

  function changes() {
    const events = inputs.filter((i) => i.checked).map((i) => i.value);
    if (!editing) {
      const body = { name: name.value.trim() || "Webhook", url: url.value.trim(), events: events.length ? events : ["*"] };
      if (secret.value) body.secret = secret.value;
      return body;
    }
    const body = {};
    if (name.value.trim() && name.value.trim() !== editing.name) body.name = name.value.trim();
    if (url.value.trim() !== (editing.url || "")) body.url = url.value.trim();
    if (eventsChanged) body.events = events.length ? events : ["*"];
    if (secret.value) body.secret = secret.value;
    return body;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    alert.hidden = true;
    const body = changes();
    try {
      await busy(submit, () => (editing ? update(editing, body) : create(body)));
      reset();
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
