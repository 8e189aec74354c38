// A session's settings: its name and description, and its own webhook (URL, secret, events),
// which can be changed or removed at any time.

import { api } from "../api.js";
import { busy, button, field, h } from "../dom.js";
import { confirmDialog, errorText, toast, toastError } from "../ui.js";
import { EVENT_CHOICES } from "./webhook-parts.js";

export function settingsCard(ctx, ref, onSaved) {
  const path = `/api/sessions/${encodeURIComponent(ref)}`;
  const name = h("input", { name: "sessionName", required: true, maxlength: 200 });
  const description = h("textarea", { name: "description", rows: 2, maxlength: 2000 });
  const url = h("input", { name: "webhookUrl", type: "url", maxlength: 2000, placeholder: "https://crm.example.com/webhook" });
  const secret = h("input", { name: "webhookSecret", type: "password", maxlength: 500, autocomplete: "new-password" });
  const secretHint = h("small", { class: "hint" });
  const boxes = EVENT_CHOICES.map(([value, label]) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "webhookEvents", value }), ` ${label}`));
  const alert = h("p", { class: "form-error", role: "alert", hidden: true });
  const save = h("button", { type: "submit", class: "btn btn-primary" }, "Save settings");
  const remove = button("Remove webhook", () => removeWebhook(), { class: "btn btn-danger" });
  let session = null;

  const form = h(
    "form",
    { class: "card stack", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, "Settings"),
    alert,
    field("Name", name),
    field("Description", description),
    h("h3", {}, "Webhook"),
    field("Webhook URL", url, "Where this session's events are posted, signed. Empty: no webhook of its own."),
    h("div", { class: "field" }, h("label", { for: "session-secret" }, "Webhook secret"), secret, secretHint),
    h("fieldset", { class: "events" }, h("legend", {}, "Events"), boxes),
    h("div", { class: "actions wrap" }, save, remove),
  );
  secret.id = "session-secret";

  function fill(s) {
    session = s;
    name.value = s.sessionName || "";
    description.value = s.description || "";
    url.value = s.webhookUrl || "";
    secret.value = "";
    secretHint.textContent = s.hasWebhookSecret ? "A secret is set: leave empty to keep it, or type a new one." : "None yet: deliveries are sent unsigned until one is set.";
    const events = s.webhookEvents && s.webhookEvents.length ? s.webhookEvents : ["*"];
    for (const box of boxes) {
      const input = box.querySelector("input");
      input.checked = events.includes(input.value);
    }
    remove.hidden = !s.webhookUrl || !ctx.info.features.webhooks;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    alert.hidden = true;
    const events = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
    const body = {
      sessionName: name.value.trim(),
      description: description.value.trim() || null,
      webhookUrl: url.value.trim() || null,
      webhookEvents: events.length ? events : ["*"],
    };
    if (secret.value) body.webhookSecret = secret.value;
    try {
      const data = await busy(save, () => api(path, { method: "PUT", body }));
      fill(data.session);
      toast("Settings saved");
      onSaved(data.session);
    } catch (error) {
      alert.textContent = errorText(error);
      alert.hidden = false;
      const bad = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
      if (bad) bad.focus();
    }
  });

  async function removeWebhook() {
    const yes = await confirmDialog({
      title: "Remove this session's webhook?",
      text: "Its URL, secret and events are cleared and deliveries still waiting are cancelled. Organization webhooks keep hearing the session.",
      confirm: "Remove webhook",
      danger: true,
    });
    if (!yes) return;
    try {
      await busy(remove, () => api(`/api/webhooks/sessions/${encodeURIComponent(ref)}`, { method: "DELETE" }));
      toast("Webhook removed");
      const data = await api(path);
      fill(data.session);
      onSaved(data.session);
    } catch (error) {
      toastError(error);
    }
  }

  return {
    el: form,
    // Filled once from the API, and again after a save: a live re-render must not wipe typing.
    load(s) {
      if (!session) fill(s);
    },
  };
}
