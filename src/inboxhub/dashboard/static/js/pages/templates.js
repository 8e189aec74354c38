// Message templates: texts with {{variable}} placeholders, edited here and previewed with
// values before a CRM sends them.

import { api } from "../api.js";
import { busy, button, emptyState, field, h, replace, timeAgo } from "../dom.js";
import { confirmDialog, errorText, toast, toastError } from "../ui.js";
import { formDialog, loadingInto, pageHead, table } from "./common.js";

export function mount(ctx) {
  const base = `/api/templates/organizations/${ctx.info.organizationId}`;
  const body = h("div", {}, h("p", { class: "muted" }, "Loading templates…"));
  const search = h("input", { type: "search", name: "search", maxlength: 100, placeholder: "Part of the name" });
  const filter = h("form", { class: "filters", role: "search", "aria-label": "Search templates" }, field("Search", search), h("button", { type: "submit", class: "btn" }, "Search"));
  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh().catch(toastError);
  });
  const el = h(
    "section",
    { class: "page" },
    pageHead("Templates", button("New template", () => edit(null), { class: "btn btn-primary" })),
    h("p", { class: "muted" }, "Write {{name}} where a value goes: the CRM fills it in when it sends (POST /api/templates/{id}/use)."),
    filter,
    body,
  );

  async function refresh() {
    const data = await api(base, { query: { limit: 100, search: search.value.trim() } });
    if (!data.templates.length && !search.value.trim()) {
      replace(body, emptyState("No templates yet", "A template is a message with blanks, such as “Hola {{nombre}}, tu cita es el {{fecha}}”.", button("New template", () => edit(null), { class: "btn btn-primary" })));
      return;
    }
    const rows = data.templates.map((t) =>
      h(
        "tr",
        { dataset: { templateId: t.id } },
        h("td", {}, h("strong", {}, t.name), t.category ? h("div", { class: "muted" }, t.category) : null),
        h("td", { class: "template-body" }, t.body),
        h("td", {}, t.variables.length ? t.variables.map((v) => h("span", { class: "chip mono" }, v)) : "—"),
        h("td", {}, t.isActive ? h("span", { class: "badge", "data-status": "connected" }, "Active") : h("span", { class: "badge" }, "Inactive"), h("div", { class: "muted" }, `used ${t.usageCount}×${t.lastUsedAt ? `, ${timeAgo(t.lastUsedAt)}` : ""}`)),
        h(
          "td",
          {},
          h(
            "div",
            { class: "actions wrap" },
            button("Preview", () => preview(t), { class: "btn btn-small" }),
            button("Edit", () => edit(t), { class: "btn btn-small" }),
            button("Delete", (e) => remove(e.currentTarget, t), { class: "btn btn-small btn-danger" }),
          ),
        ),
      ),
    );
    replace(body, table("Templates", ["Name", "Text", "Variables", "State", ""], rows, "No template matches."));
  }

  async function edit(t) {
    const name = h("input", { name: "name", required: true, maxlength: 200, value: t ? t.name : "" });
    const category = h("input", { name: "category", maxlength: 100, value: t && t.category ? t.category : "" });
    const text = h("textarea", { name: "body", required: true, rows: 5, maxlength: 4096, placeholder: "Hola {{nombre}}, tu pedido {{pedido}} está listo." });
    text.value = t ? t.body : "";
    const active = h("input", { type: "checkbox", name: "isActive", checked: t ? t.isActive : true });
    const saved = await formDialog({
      title: t ? `Edit “${t.name}”` : "New template",
      submitLabel: t ? "Save" : "Create template",
      wide: true,
      body: [field("Name", name), field("Category", category, "Optional, to group templates."), field("Text", text, "{{variable}} marks a blank; the variables are worked out from the text."), h("label", { class: "check" }, active, " Active (CRMs may send it)")],
      submit: () => {
        const payload = { name: name.value.trim(), category: category.value.trim() || null, body: text.value, isActive: active.checked };
        return t ? api(`${base}/${t.id}`, { method: "PUT", body: payload }) : api(base, { method: "POST", body: payload });
      },
    });
    if (!saved) return;
    toast(t ? `Template “${saved.template.name}” saved` : `Template “${saved.template.name}” created`);
    await refresh();
  }

  function preview(t) {
    const inputs = t.variables.map((v) => h("input", { name: v, maxlength: 500, autocomplete: "off" }));
    const out = h("p", { class: "preview-text", "aria-live": "polite" }, t.body);
    const alert = h("p", { class: "form-error", role: "alert", hidden: true });
    const render = h("button", { type: "submit", class: "btn btn-primary" }, "Preview");
    const form = h(
      "form",
      { class: "stack" },
      h("h2", { id: "preview-title" }, `Preview “${t.name}”`),
      inputs.length ? h("div", { class: "inline" }, inputs.map((input, i) => field(t.variables[i], input))) : h("p", { class: "muted" }, "This template has no variables."),
      alert,
      h("div", { class: "phone-bubble" }, out),
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", onclick: () => dialog.close() }, "Close"), render),
    );
    const dialog = h("dialog", { class: "dialog dialog-wide", "aria-labelledby": "preview-title" }, form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      alert.hidden = true;
      const variables = Object.fromEntries(inputs.map((input) => [input.name, input.value]));
      try {
        const data = await busy(render, () => api(`/api/templates/${t.id}/preview`, { method: "POST", body: { variables } }));
        out.textContent = data.text;
      } catch (error) {
        alert.textContent = errorText(error);
        alert.hidden = false;
      }
    });
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    (inputs[0] || render).focus();
  }

  async function remove(btn, t) {
    const yes = await confirmDialog({ title: `Delete “${t.name}”?`, text: "CRMs that send it by id get a 404 from now on.", confirm: "Delete", danger: true });
    if (!yes) return;
    try {
      await busy(btn, () => api(`${base}/${t.id}`, { method: "DELETE" }));
      toast(`Template “${t.name}” deleted`);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  loadingInto(body, refresh());
  return { el, title: "Templates" };
}
