// API keys of the organization: create one (its secret shown once), see when each was last
// used, revoke the ones no longer needed.

import { api } from "../api.js";
import { busy, button, field, formatTime, h, replace, timeAgo } from "../dom.js";
import { confirmDialog, toast, toastError } from "../ui.js";
import { account, formDialog, loadingInto, needsPassword, pageHead, table } from "./common.js";

function showOnce(created) {
  const value = h("input", { class: "mono", readonly: true, value: created.key, "aria-label": "New API key" });
  const copy = button("Copy", async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      copy.textContent = "Copied";
    } catch {
      value.select();
    }
  });
  const dialog = h(
    "dialog",
    { class: "dialog", "aria-labelledby": "key-title" },
    h(
      "form",
      { method: "dialog", class: "stack" },
      h("h2", { id: "key-title" }, `API key “${created.name}” created`),
      h("p", { class: "notice" }, "Copy it now: it is shown only this once. The gateway keeps only its hash."),
      h("div", { class: "inline" }, value, copy),
      h("p", { class: "muted" }, "Send it in the X-API-Key header of every request."),
      h("div", { class: "actions" }, h("button", { class: "btn btn-primary", value: "ok" }, "I have saved it")),
    ),
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  value.select();
}

export function mount() {
  const who = account();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading keys…"));
  const create = button("New API key", () => openCreate(), { class: "btn btn-primary", disabled: !who });
  const el = h(
    "section",
    { class: "page" },
    pageHead("API keys", create),
    h("p", { class: "muted" }, "Each CRM or script gets a key of its own: revoking one stops only it."),
    body,
  );
  if (!who) {
    replace(body, needsPassword("API keys"));
    return { el, title: "API keys" };
  }
  const base = `/api/organizations/${who.organization.id}/api-keys`;

  async function refresh() {
    const data = await api(base, { bearer: who.token });
    const rows = data.apiKeys.map((k) =>
      h(
        "tr",
        { dataset: { keyId: k.id } },
        h("td", {}, h("strong", {}, k.name || "—"), k.id === who.keyId ? h("div", { class: "muted" }, "this console") : k.name === "console" ? h("div", { class: "muted" }, "a console sign-in") : null),
        h("td", { class: "mono" }, `${k.prefix}…`),
        h("td", {}, formatTime(k.createdAt)),
        h("td", {}, k.lastUsedAt ? timeAgo(k.lastUsedAt) : "never"),
        h("td", {}, k.isActive ? h("span", { class: "badge", "data-status": "connected" }, "Active") : h("span", { class: "badge", "data-status": "failed" }, `Revoked ${formatTime(k.revokedAt)}`)),
        h("td", {}, k.isActive && k.id !== who.keyId ? button("Revoke", (e) => revoke(e.currentTarget, k), { class: "btn btn-small btn-danger" }) : null),
      ),
    );
    replace(body, table("API keys", ["Name", "Key", "Created", "Last used", "State", ""], rows, "No API keys."));
  }

  async function openCreate() {
    const name = h("input", { name: "name", required: true, maxlength: 100, autocomplete: "off", placeholder: "CRM production" });
    const created = await formDialog({
      title: "New API key",
      submitLabel: "Create key",
      body: field("Name", name, "Say who uses it, so you know what to revoke later."),
      submit: () => api(base, { method: "POST", bearer: who.token, body: { name: name.value.trim() } }),
    });
    if (!created) return;
    showOnce(created.apiKey);
    await refresh();
  }

  async function revoke(btn, k) {
    const yes = await confirmDialog({
      title: `Revoke “${k.name}”?`,
      text: "Every request with this key is refused from now on. This cannot be undone.",
      confirm: "Revoke",
      danger: true,
    });
    if (!yes) return;
    try {
      await busy(btn, () => api(`${base}/${k.id}`, { method: "DELETE", bearer: who.token }));
      toast(`Key “${k.name}” revoked`);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  loadingInto(body, refresh());
  return { el, title: "API keys" };
}
