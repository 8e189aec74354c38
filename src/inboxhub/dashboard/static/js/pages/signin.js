// Sign-in: a user's email and password, or an organization's API key.

import { signInWithKey, signInWithPassword } from "../auth.js";
import { busy, field, h } from "../dom.js";
import { errorText } from "../ui.js";

export function mount({ message, onSignedIn }) {
  const alert = h("p", { class: "form-error", role: "alert", hidden: true });
  const notice = message ? h("p", { class: "notice" }, message) : null;

  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const apiKey = h("input", {
    type: "password",
    name: "apiKey",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });

  async function attempt(form, action) {
    alert.hidden = true;
    const submit = form.querySelector("button[type=submit]");
    try {
      const info = await busy(submit, action);
      await onSignedIn(info);
    } catch (error) {
      alert.textContent = errorText(error);
      alert.hidden = false;
    }
  }

  const passwordForm = h(
    "form",
    {
      class: "stack",
      id: "signin-password",
      role: "tabpanel",
      "aria-label": "Sign in with email and password",
      onsubmit: (event) => {
        event.preventDefault();
        attempt(passwordForm, () => signInWithPassword(email.value, password.value));
      },
    },
    field("Email", email),
    field("Password", password),
    h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Sign in"),
  );

  const keyForm = h(
    "form",
    {
      class: "stack",
      id: "signin-key",
      role: "tabpanel",
      "aria-label": "Sign in with an API key",
      hidden: true,
      onsubmit: (event) => {
        event.preventDefault();
        attempt(keyForm, () => signInWithKey(apiKey.value));
      },
    },
    field("API key", apiKey, "The X-API-Key of your organization. It stays in this tab only."),
    h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Sign in with API key"),
  );

  const tabs = [
    { label: "Email and password", form: passwordForm, focus: email },
    { label: "API key", form: keyForm, focus: apiKey },
  ];
  const tabButtons = tabs.map((tab, index) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        class: "tab",
        "aria-selected": index === 0 ? "true" : "false",
        "aria-controls": tab.form.id,
        tabindex: index === 0 ? "0" : "-1",
        onclick: () => {
          select(index);
          tab.focus.focus();
        },
        // Arrow keys move between the tabs, as in any tab list.
        onkeydown: (event) => {
          if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
          const next = (index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length;
          select(next);
          tabButtons[next].focus();
        },
      },
      tab.label,
    ),
  );
  function select(index) {
    tabs.forEach((tab, i) => {
      tab.form.hidden = i !== index;
      tabButtons[i].setAttribute("aria-selected", i === index ? "true" : "false");
      tabButtons[i].tabIndex = i === index ? 0 : -1;
    });
    alert.hidden = true;
  }

  const el = h(
    "section",
    { class: "signin" },
    h(
      "div",
      { class: "signin-card card" },
      h("div", { class: "signin-brand" }, h("img", { src: "/dashboard/static/icon.svg", alt: "", width: 40, height: 40 }), h("span", {}, "Inbox Hub")),
      h("h1", {}, "Sign in to the console"),
      h("p", { class: "muted" }, "Link WhatsApp numbers, read and answer chats, and follow every webhook delivery."),
      notice,
      h("div", { role: "tablist", class: "tabs", "aria-label": "Sign-in method" }, tabButtons),
      alert,
      passwordForm,
      keyForm,
    ),
  );
  return { el, focus: () => email.focus() };
}
