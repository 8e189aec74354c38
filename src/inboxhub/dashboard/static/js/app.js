// The console's entry point: sign-in gate, hash routes, the live stream and the top bar.

import { api, onUnauthorized } from "./api.js";
import { isSignedIn, signOut, switchOrganization } from "./auth.js";
import { h, replace } from "./dom.js";
import { Live } from "./live.js";
import { credentials } from "./store.js";
import { clearToasts, toast, toastError } from "./ui.js";
import * as apiKeys from "./pages/api-keys.js";
import * as chats from "./pages/chats.js";
import * as cluster from "./pages/cluster.js";
import * as contacts from "./pages/contacts.js";
import * as groups from "./pages/groups.js";
import * as handover from "./pages/handover.js";
import * as inspector from "./pages/inspector.js";
import * as members from "./pages/members.js";
import * as session from "./pages/session.js";
import * as sessions from "./pages/sessions.js";
import * as signin from "./pages/signin.js";
import * as templates from "./pages/templates.js";
import * as webhooks from "./pages/webhooks.js";

const ROUTES = [
  { pattern: /^\/sessions\/?$/, page: sessions, section: "sessions" },
  { pattern: /^\/sessions\/([^/]+)$/, page: session, section: "sessions" },
  { pattern: /^\/chats(?:\/([^/]+))?(?:\/([^/]+))?\/?$/, page: chats, section: "chats" },
  { pattern: /^\/contacts(?:\/([^/]+))?\/?$/, page: contacts, section: "contacts" },
  { pattern: /^\/groups(?:\/([^/]+))?(?:\/([^/]+))?\/?$/, page: groups, section: "groups" },
  { pattern: /^\/templates\/?$/, page: templates, section: "templates" },
  { pattern: /^\/handover\/?$/, page: handover, section: "handover" },
  { pattern: /^\/webhooks\/?$/, page: webhooks, section: "webhooks" },
  // The webhook inspector's page (pages/inspector.js) belongs to the inspector feature.
  { pattern: /^\/inspector\/?$/, page: inspector, section: "inspector" },
  { pattern: /^\/members\/?$/, page: members, section: "members" },
  { pattern: /^\/api-keys\/?$/, page: apiKeys, section: "api-keys" },
  { pattern: /^\/cluster\/?$/, page: cluster, section: "cluster" },
];

// Which `info.features` flag a section needs; sections not listed are always there.
const SECTION_FEATURE = {
  chats: "messages",
  contacts: "contacts",
  groups: "groups",
  templates: "templates",
  handover: "handover",
  webhooks: "webhooks",
  inspector: "inspector",
  cluster: "cluster",
};

function available(section) {
  const feature = SECTION_FEATURE[section];
  return !feature || Boolean(info && info.features[feature]);
}

const main = document.getElementById("main");
const topbar = document.getElementById("topbar");
let live = null;
let info = null;
let current = null;

function navigate(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

function dispose() {
  clearToasts();
  if (!current) return;
  if (current.unsubscribe) current.unsubscribe();
  if (current.view && current.view.dispose) current.view.dispose();
  if (live) live.setPoller(null);
  current = null;
}

async function startConsole(known) {
  info = known || (await api("/api/dashboard/info"));
  live = new Live(document.getElementById("live-indicator"));
  live.start({ streamAvailable: info.features.eventStream });
  renderTopbar();
}

function renderTopbar() {
  topbar.hidden = false;
  const creds = credentials();
  const org = document.getElementById("org-name");
  const orgs = (creds && creds.organizations) || [];
  if (orgs.length > 1) {
    const select = h(
      "select",
      { "aria-label": "Organization", class: "org-select" },
      orgs.map((o) => h("option", { value: o.id, selected: creds.organization && o.id === creds.organization.id }, o.name)),
    );
    select.addEventListener("change", async () => {
      try {
        await switchOrganization(Number(select.value));
        await restart("#/sessions");
      } catch (error) {
        toastError(error);
      }
    });
    replace(org, select);
  } else {
    const named = (creds && creds.organization) || info.organization;
    const label = named ? named.name : `Organization ${info.organizationId}`;
    replace(org, creds && creds.user ? `${creds.user.email} · ${label}` : label);
  }
  for (const link of document.querySelectorAll("#nav a")) link.parentElement.hidden = !available(link.dataset.section);
}

async function restart(hash) {
  dispose();
  if (live) live.stop();
  live = null;
  await startConsole();
  if (location.hash === hash) route();
  else location.hash = hash;
}

function markSection(section) {
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function route() {
  if (!isSignedIn()) {
    if (credentials()) endConsole("Your console session expired. Sign in again.");
    else showSignIn();
    return;
  }
  const path = location.hash.replace(/^#/, "") || "/sessions";
  const match = ROUTES.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m && available(x.r.section));
  if (!match) {
    navigate("/sessions");
    return;
  }
  dispose();
  markSection(match.r.section);
  const params = match.m.slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
  const ctx = { info, live, navigate, toast };
  const view = match.r.page.mount(ctx, ...params);
  current = { view, unsubscribe: view.onEvent ? live.subscribe((event) => view.onEvent(event)) : null };
  replace(main, view.el);
  // Chats fill the window below the top bar, like a messaging app; other pages scroll.
  document.body.classList.toggle("full-height", Boolean(view.fullHeight));
  if (view.poll) live.setPoller(view.poll, view.pollEvery || 5000);
  document.title = `${view.title || "Console"} · Inbox Hub`;
}

function showSignIn(message) {
  dispose();
  if (live) live.stop();
  live = null;
  topbar.hidden = true;
  document.body.classList.remove("full-height");
  document.title = "Sign in · Inbox Hub";
  const view = signin.mount({
    message,
    onSignedIn: async (signedIn) => {
      await startConsole(signedIn);
      if (!location.hash || location.hash === "#/" || location.hash === "#/signin") location.hash = "/sessions";
      else route();
    },
  });
  replace(main, view.el);
  view.focus();
}

async function endConsole(message) {
  await signOut();
  showSignIn(message);
}

// Only once the console runs: during sign-in a refused key is the sign-in form's to explain.
onUnauthorized(() => {
  if (credentials() && live) endConsole("Your console session ended (the API key is no longer valid). Sign in again.");
});

document.getElementById("sign-out").addEventListener("click", () => endConsole("You have signed out."));
// A click on the link of the page on view reloads it, as a click on any link would.
document.getElementById("nav").addEventListener("click", (event) => {
  const link = event.target.closest("a");
  if (link && link.getAttribute("href") === location.hash && live) route();
});
window.addEventListener("hashchange", () => {
  if (live) route();
});

async function boot() {
  if (!isSignedIn()) {
    if (credentials()) await signOut();
    showSignIn();
    return;
  }
  try {
    await startConsole();
    route();
  } catch (error) {
    if (error.status === 401) await signOut();
    showSignIn(error.message);
  }
}

boot();
