// Groups of a session: create one, change its subject and description, add and remove
// participants, leave it.

import { api } from "../api.js";
import { busy, button, emptyState, field, formatPhone, h, replace } from "../dom.js";
import { confirmDialog, toast, toastError } from "../ui.js";
import { formDialog, listSessions, loadingInto, pageHead, sessionPicker, splitList, table } from "./common.js";

export function mount(ctx, preferred, openGroup) {
  const toolbar = h("div", { class: "filters" });
  const listBody = h("div", {}, h("p", { class: "muted" }, "Loading groups…"));
  const detail = h("section", { class: "card group-detail", hidden: true, "aria-labelledby": "group-title" });
  const create = button("New group", () => openCreate(), { class: "btn btn-primary", disabled: true });
  const el = h("section", { class: "page" }, pageHead("Groups", create), toolbar, listBody, detail);
  let picker = null;
  const sid = () => encodeURIComponent(picker.value());
  const groupPath = (g) => `/api/groups/sessions/${sid()}/groups/${encodeURIComponent(g)}`;

  async function start() {
    const sessions = await listSessions();
    if (!sessions.length) {
      replace(listBody, emptyState("No sessions yet", "Groups belong to a session: create and link one first.", h("a", { class: "btn btn-primary", href: "#/sessions" }, "Go to sessions")));
      return;
    }
    picker = sessionPicker(sessions, preferred, () => {
      detail.hidden = true;
      refresh();
    });
    replace(toolbar, picker.el);
    create.disabled = false;
    await refresh();
    if (openGroup) await show(openGroup);
  }

  async function refresh() {
    try {
      const data = await api(`/api/groups/sessions/${sid()}`, { query: { limit: 100 } });
      const rows = data.groups.map((g) =>
        h(
          "tr",
          { dataset: { groupId: g.id } },
          h("td", {}, h("strong", {}, g.subject || g.id), g.description ? h("div", { class: "muted" }, g.description) : null),
          h("td", {}, String(g.size)),
          h("td", {}, g.isAdmin ? "Admin" : "Member", g.announce ? h("div", { class: "muted" }, "only admins write") : null),
          h("td", {}, button("Open", () => show(g.id).catch(toastError), { class: "btn btn-small" })),
        ),
      );
      replace(listBody, table("Groups", ["Group", "Participants", "This number", ""], rows, "This session is in no group."), h("p", { class: "hint" }, data.source === "whatsapp" ? "Read from WhatsApp just now." : "The gateway's copy (the session is not connected)."));
    } catch (error) {
      replace(listBody, h("p", { class: "form-error", role: "alert" }, error.message));
    }
  }

  async function show(groupId) {
    const data = await api(groupPath(groupId));
    const g = data.group;
    const addInput = h("input", { name: "participants", maxlength: 2000, placeholder: "34600000000, 34600000001", autocomplete: "off" });
    const addButton = h("button", { type: "submit", class: "btn" }, "Add");
    const addForm = h("form", { class: "inline", "aria-label": "Add participants to the group" }, field("Add participants", addInput), addButton);
    addForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      await change(addButton, g, "POST", "participants", splitList(addInput.value), "added");
    });
    const people = g.participants.map((p) =>
      h(
        "tr",
        { dataset: { participant: p.phoneNumber || p.id } },
        h("td", { class: "mono" }, formatPhone(p.phoneNumber) || p.id),
        h("td", {}, p.isSuperAdmin ? "Owner" : p.isAdmin ? "Admin" : "Participant"),
        h("td", {}, g.isAdmin && !p.isSuperAdmin ? button("Remove", (e) => change(e.currentTarget, g, "DELETE", "participants", [p.id], "removed"), { class: "btn btn-small btn-danger" }) : null),
      ),
    );
    replace(
      detail,
      h("div", { class: "page-head" }, h("h2", { id: "group-title" }, g.subject), h("div", { class: "actions wrap" }, button("Edit", () => edit(g), { class: "btn btn-small", disabled: !g.isAdmin && g.locked }), button("Leave group", (e) => leave(e.currentTarget, g), { class: "btn btn-small btn-danger" }))),
      g.description ? h("p", {}, g.description) : h("p", { class: "muted" }, "No description."),
      g.isAdmin ? addForm : h("p", { class: "muted" }, "Only admins add or remove participants."),
      table("Participants", ["Number", "Role", ""], people),
    );
    detail.hidden = false;
    detail.scrollIntoView({ block: "nearest" });
  }

  async function openCreate() {
    const subject = h("input", { name: "subject", required: true, maxlength: 100 });
    const participants = h("input", { name: "participants", maxlength: 4000, placeholder: "34600000000, 34600000001" });
    const description = h("textarea", { name: "description", rows: 3, maxlength: 2048 });
    const made = await formDialog({
      title: "New group",
      submitLabel: "Create group",
      body: [field("Subject", subject, "The group's name."), field("Participants", participants, "Numbers with country code, separated by commas."), field("Description", description)],
      submit: () =>
        api(`/api/groups/sessions/${sid()}`, {
          method: "POST",
          body: { subject: subject.value.trim(), participants: splitList(participants.value), description: description.value.trim() || null },
        }),
    });
    if (!made) return;
    toast(made.failed.length ? `Group created; ${made.failed.length} participant(s) could not be added` : `Group “${made.group.subject}” created`);
    await refresh();
    await show(made.groupId);
  }

  async function edit(g) {
    const subject = h("input", { name: "subject", required: true, maxlength: 100, value: g.subject });
    const description = h("textarea", { name: "description", rows: 3, maxlength: 2048 });
    description.value = g.description || "";
    const announce = h("input", { type: "checkbox", name: "announce", checked: g.announce });
    const saved = await formDialog({
      title: `Edit ${g.subject}`,
      body: [field("Subject", subject), field("Description", description), h("label", { class: "check" }, announce, " Only admins send messages")],
      submit: () => api(groupPath(g.id), { method: "PUT", body: { subject: subject.value.trim(), description: description.value.trim(), announce: announce.checked } }),
    });
    if (!saved) return;
    toast("Group saved");
    await refresh();
    await show(g.id);
  }

  async function change(btn, g, method, what, people, done) {
    if (!people.length) return void toast("Give at least one number", "error");
    try {
      const data = await busy(btn, () => api(`${groupPath(g.id)}/${what}`, { method, body: { participants: people } }));
      const failed = data.participants.filter((p) => !p.ok);
      toast(failed.length ? `${failed.length} could not be ${done}` : `Participant(s) ${done}`, failed.length ? "error" : "info");
      await refresh();
      await show(g.id);
    } catch (error) {
      toastError(error);
    }
  }

  async function leave(btn, g) {
    const yes = await confirmDialog({ title: `Leave ${g.subject}?`, text: "This number leaves the group; someone must add it again to come back.", confirm: "Leave", danger: true });
    if (!yes) return;
    try {
      await busy(btn, () => api(`${groupPath(g.id)}/leave`, { method: "POST" }));
      toast(`Left ${g.subject}`);
      detail.hidden = true;
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  loadingInto(listBody, start());
  return { el, title: "Groups" };
}
