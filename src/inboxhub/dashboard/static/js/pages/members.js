// The organization's members: who may sign in to it, and with which role.

import { api } from "../api.js";
import { busy, button, field, formatTime, h, replace } from "../dom.js";
import { confirmDialog, toast, toastError } from "../ui.js";
import { account, formDialog, loadingInto, needsPassword, pageHead, table } from "./common.js";

const ROLES = [
  ["member", "Member: works with the sessions and chats"],
  ["admin", "Admin: also manages members and API keys"],
  ["owner", "Owner: also deletes the organization"],
];

function roleSelect(value, props = {}) {
  return h("select", { name: "role", ...props }, ROLES.map(([role, label]) => h("option", { value: role, selected: role === value }, label.split(":")[0])));
}

export function mount() {
  const who = account();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading members…"));
  const add = button("Add member", () => openAdd(), { class: "btn btn-primary", disabled: !who });
  const el = h("section", { class: "page" }, pageHead("Members", add), body);
  if (!who) {
    replace(body, needsPassword("members"));
    return { el, title: "Members" };
  }
  const base = `/api/organizations/${who.organization.id}/members`;
  replace(el.querySelector("h1"), `Members of ${who.organization.name}`);

  async function refresh() {
    const data = await api(base, { bearer: who.token });
    const rows = data.members.map((m) => {
      const role = roleSelect(m.role, { "aria-label": `Role of ${m.email}`, class: "compact" });
      role.addEventListener("change", () => changeRole(role, m));
      const self = m.email === who.email;
      return h(
        "tr",
        { dataset: { userId: m.userId } },
        h("td", {}, h("strong", {}, m.name || m.email), self ? h("span", { class: "muted" }, " (you)") : null, h("div", { class: "muted" }, m.email)),
        h("td", {}, role),
        h("td", {}, formatTime(m.createdAt)),
        h("td", {}, button("Remove", (e) => remove(e.currentTarget, m), { class: "btn btn-small btn-danger" })),
      );
    });
    replace(body, table("Members", ["Member", "Role", "Since", ""], rows), h("p", { class: "hint" }, ROLES.map(([, label]) => h("span", { class: "block" }, label))));
  }

  async function openAdd() {
    const email = h("input", { name: "email", type: "email", required: true, autocomplete: "off" });
    const name = h("input", { name: "name", maxlength: 200, autocomplete: "off" });
    const password = h("input", { name: "password", type: "password", minlength: 8, autocomplete: "new-password" });
    const role = roleSelect("member");
    const added = await formDialog({
      title: "Add a member",
      submitLabel: "Add member",
      body: [
        field("Email", email),
        field("Name", name, "Optional."),
        field("Password", password, "For someone without an account yet (8 characters or more); leave empty for an existing user."),
        field("Role", role),
      ],
      submit: () => {
        const payload = { email: email.value.trim(), role: role.value };
        if (name.value.trim()) payload.name = name.value.trim();
        if (password.value) payload.password = password.value;
        return api(base, { method: "POST", bearer: who.token, body: payload });
      },
    });
    if (!added) return;
    toast(`${added.member.email} added`);
    await refresh();
  }

  async function changeRole(select, m) {
    try {
      await busy(select, () => api(`${base}/${m.userId}`, { method: "PUT", bearer: who.token, body: { role: select.value } }));
      toast(`${m.email} is now ${select.value}`);
    } catch (error) {
      toastError(error);
      select.value = m.role;
    }
  }

  async function remove(btn, m) {
    const yes = await confirmDialog({
      title: `Remove ${m.email}?`,
      text: "They can no longer sign in to this organization. Their account stays.",
      confirm: "Remove",
      danger: true,
    });
    if (!yes) return;
    try {
      await busy(btn, () => api(`${base}/${m.userId}`, { method: "DELETE", bearer: who.token }));
      toast(`${m.email} removed`);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  loadingInto(body, refresh());
  return { el, title: "Members" };
}
