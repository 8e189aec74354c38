// Contacts of a session: search by name or number, and the CRM's fields (name, tags, notes).

import { api } from "../api.js";
import { button, emptyState, field, formatPhone, h, replace } from "../dom.js";
import { toast } from "../ui.js";
import { formDialog, listSessions, loadingInto, pageHead, sessionPicker, splitList, table } from "./common.js";

const PAGE = 50;

export function mount(ctx, preferred) {
  const body = h("div", {}, h("p", { class: "muted" }, "Loading contacts…"));
  const toolbar = h("div", { class: "filters" });
  const status = h("p", { class: "muted", role: "status" });
  const el = h("section", { class: "page" }, pageHead("Contacts"), toolbar, status, body);
  const search = h("input", { type: "search", name: "search", maxlength: 100, placeholder: "Name or number" });
  let picker = null;
  let page = 1;

  async function start() {
    const sessions = await listSessions();
    if (!sessions.length) {
      replace(toolbar);
      replace(body, emptyState("No sessions yet", "Contacts belong to a session: create one first.", h("a", { class: "btn btn-primary", href: "#/sessions" }, "Go to sessions")));
      return;
    }
    picker = sessionPicker(sessions, preferred, () => {
      page = 1;
      refresh();
    });
    const form = h("form", { class: "filters", role: "search", "aria-label": "Search contacts" }, field("Search", search), h("button", { type: "submit", class: "btn" }, "Search"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      page = 1;
      refresh();
    });
    replace(toolbar, picker.el, form);
    await refresh();
  }

  async function refresh() {
    const sessionId = picker.value();
    try {
      const data = await api(`/api/contacts/${encodeURIComponent(sessionId)}`, { query: { page, limit: PAGE, search: search.value.trim() } });
      replace(status, `${data.pagination.total} contact${data.pagination.total === 1 ? "" : "s"}${data.search ? ` matching “${data.search}”` : ""}`);
      const rows = data.contacts.map((c) => row(c, sessionId));
      const pages = data.pagination.pages || 1;
      const more = pages > 1
        ? h(
            "div",
            { class: "actions" },
            button("Previous", () => ((page -= 1), refresh()), { class: "btn btn-small", disabled: page <= 1 }),
            h("span", { class: "muted" }, `page ${page} of ${pages}`),
            button("Next", () => ((page += 1), refresh()), { class: "btn btn-small", disabled: page >= pages }),
          )
        : null;
      replace(body, table("Contacts", ["Contact", "Number", "Tags", "Notes", ""], rows, search.value ? "No contact matches." : "No contacts yet: they appear when someone writes or is written to."), more);
    } catch (error) {
      replace(body, h("p", { class: "form-error", role: "alert" }, error.message));
    }
  }

  function row(c, sessionId) {
    return h(
      "tr",
      { dataset: { contactId: c.contactId } },
      h("td", {}, h("strong", {}, c.name || formatPhone(c.phoneNumber)), c.pushName && c.pushName !== c.name ? h("div", { class: "muted" }, `~${c.pushName}`) : null, c.isGroup ? h("div", { class: "muted" }, "group") : null),
      h("td", { class: "mono" }, formatPhone(c.phoneNumber) || c.id),
      h("td", {}, c.tags.length ? c.tags.map((t) => h("span", { class: "chip" }, t)) : h("span", { class: "muted" }, "—")),
      h("td", { class: "notes" }, c.notes || h("span", { class: "muted" }, "—")),
      h(
        "td",
        {},
        h(
          "div",
          { class: "actions wrap" },
          button("Edit", () => edit(c, sessionId), { class: "btn btn-small" }),
          ctx.info.features.messages && !c.isGroup ? h("a", { class: "btn btn-small btn-quiet", href: `#/chats/${encodeURIComponent(sessionId)}/${encodeURIComponent(c.id)}` }, "Chat") : null,
        ),
      ),
    );
  }

  async function edit(c, sessionId) {
    const name = h("input", { name: "name", maxlength: 200, value: c.name || "" });
    const tags = h("input", { name: "tags", maxlength: 2000, value: c.tags.join(", "), placeholder: "vip, madrid" });
    const notes = h("textarea", { name: "notes", rows: 4, maxlength: 5000 });
    notes.value = c.notes || "";
    const saved = await formDialog({
      title: `Edit ${c.name || formatPhone(c.phoneNumber)}`,
      body: [field("Name", name, "The name your team knows them by."), field("Tags", tags, "Separated by commas."), field("Notes", notes)],
      submit: () =>
        api(`/api/contacts/${c.contactId}`, {
          method: "PUT",
          query: { sessionId },
          body: { name: name.value.trim() || null, tags: splitList(tags.value), notes: notes.value.trim() || null },
        }),
    });
    if (!saved) return;
    toast(`Contact ${saved.contact.name || formatPhone(saved.contact.phoneNumber)} saved`);
    await refresh();
  }

  loadingInto(body, start());
  return { el, title: "Contacts" };
}
