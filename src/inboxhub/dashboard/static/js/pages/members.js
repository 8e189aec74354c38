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
  const invited = h("div", { class: "invitations" });
  const add = button("Add member", () => openAdd(), { class: "btn btn-primary", disabled: !who });
  const el = h("section", { class: "page" }, pageHead("Members", add), invited, body);
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
    // Nobody joins without accepting: adding a member invites them, whether or not they have an
    // account yet; the invitation's code is shown once, here, to pass on.
    const email = h("input", { name: "email", type: "email", required: true, autocomplete: "off" });
    const role = roleSelect("member");
    const added = await formDialog({
      title: "Invite a member",
      submitLabel: "Add member",
      body: [field("Email", email), field("Role", role)],
      submit: () => api(base, { method: "POST", bearer: who.token, body: { email: email.value.trim(), role: role.value } }),
    });
    if (!added) return;
    const invitation = added.invitation;
    invited.append(
      h(
        "p",
        { class: "notice" },
        `${invitation.email} is invited as ${invitation.role}. Invitation code (shown once): `,
        h("code", { class: "invitation-token" }, invitation.token),
        ". They accept it signed in, or with a password of their own (POST /api/auth/invitations/accept).",
      ),
    );
    toast(`${invitation.email} invited`);
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
