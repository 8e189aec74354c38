// Chats of a session: the conversation list (unread counts, last message) beside the open one.

import { api } from "../api.js";
import { emptyState, formatPhone, formatTime, h, replace } from "../dom.js";
import { icon } from "../icons.js";
import { errorText } from "../ui.js";
import { conversation } from "./conversation.js";

const PREVIEW = {
  image: ["image", "Photo"],
  video: ["video", "Video"],
  audio: ["music", "Audio"],
  ptt: ["mic", "Voice note"],
  document: ["document", "Document"],
  sticker: ["sticker", "Sticker"],
  location: ["pin", "Location"],
  contact: ["person", "Contact"],
  contacts: ["person", "Contacts"],
};

function preview(message) {
  if (!message) return "";
  if (message.isDeleted) return "This message was deleted";
  const kind = message.type === "audio" && message.media && message.media.ptt ? PREVIEW.ptt : PREVIEW[message.type];
  if (!kind) return message.body || "";
  const name = message.contacts && message.contacts.displayName;
  return [icon(kind[0], { size: 14 }), " ", message.body || name || kind[1]];
}

// A number typed by the user becomes a chat id; a JID is kept as it is.
function chatIdOf(value) {
  const text = value.trim();
  if (text.includes("@")) return text;
  const digits = text.replace(/\D/g, "");
  return digits ? `${digits}@s.whatsapp.net` : "";
}

async function sessionPicker(ctx) {
  const data = await api("/api/sessions", { query: { limit: 100 } });
  const sessions = data.sessions;
  if (sessions.length === 1) {
    ctx.navigate(`/chats/${encodeURIComponent(sessions[0].sessionId)}`);
    return null;
  }
  if (!sessions.length) return emptyState("No sessions yet", "Create a session and link a phone to see its chats.", h("a", { class: "btn btn-primary", href: "#/sessions" }, "Go to sessions"));
  return h(
    "ul",
    { class: "session-grid" },
    sessions.map((s) =>
      h(
        "li",
        { class: "card" },
        h("h2", {}, h("a", { href: `#/chats/${encodeURIComponent(s.sessionId)}` }, s.sessionName || s.sessionId)),
        h("p", { class: "muted" }, formatPhone(s.phoneNumber) || "Not linked"),
      ),
    ),
  );
}

export function mount(ctx, sessionId, chatId) {
  if (!sessionId) {
    const body = h("div", {}, h("p", { class: "muted" }, "Loading sessions…"));
    sessionPicker(ctx)
      .then((picker) => picker && replace(body, picker))
      .catch((error) => replace(body, h("p", { class: "form-error" }, errorText(error))));
    return { el: h("section", { class: "page" }, h("div", { class: "page-head" }, h("h1", {}, "Chats")), h("p", { class: "muted" }, "Choose a session."), body), title: "Chats" };
  }

  const base = `/api/messages/${encodeURIComponent(sessionId)}`;
  let chats = [];
  let open = null;
  const list = h("ul", { class: "chat-list", "aria-label": "Chats" });
  const pane = h("div", { class: "conversation-slot" });
  const layout = h("div", { class: ["chats-layout", chatId ? "has-chat" : ""] });

  function chatHref(id) {
    return `#/chats/${encodeURIComponent(sessionId)}/${encodeURIComponent(id)}`;
  }

  function renderList() {
    if (!chats.length) {
      replace(list, h("li", { class: "empty" }, "No chats yet: messages to and from this number appear here."));
      return;
    }
    replace(
      list,
      chats.map((chat) =>
        h(
          "li",
          {},
          h(
            "a",
            { href: chatHref(chat.chatId), "aria-current": chat.chatId === chatId ? "page" : null, dataset: { chatId: chat.chatId } },
            h("span", { class: "chat-name" }, chat.name || formatPhone(chat.chatId)),
            h("span", { class: "chat-time" }, formatTime(chat.lastMessageAt)),
            h("span", { class: "chat-preview" }, chat.lastMessage && chat.lastMessage.fromMe ? "You: " : "", preview(chat.lastMessage)),
            chat.unreadCount ? h("span", { class: "unread", "aria-label": `${chat.unreadCount} unread` }, String(chat.unreadCount)) : h("span"),
          ),
        ),
      ),
    );
  }

  async function loadChats() {
    const data = await api(`${base}/chats`, { query: { limit: 100 } });
    chats = data.chats;
    renderList();
    openChat();
  }

  function openChat() {
    if (!chatId || (open && open.chatId === chatId)) return;
    const chat = chats.find((c) => c.chatId === chatId) || { chatId, name: null, unreadCount: 0 };
    open = conversation(ctx, sessionId, chat, {
      onBack: () => ctx.navigate(`/chats/${encodeURIComponent(sessionId)}`),
      onSent: (message) => {
        const known = chats.find((c) => c.chatId === message.chatId);
        if (!known) return void loadChats().catch(() => {});
        known.lastMessage = message;
        known.lastMessageAt = message.timestamp;
        chats = [known, ...chats.filter((c) => c !== known)];
        renderList();
      },
      onRead: () => {
        const known = chats.find((c) => c.chatId === chatId);
        if (known && known.unreadCount) {
          known.unreadCount = 0;
          renderList();
        }
      },
    });
    replace(pane, open.el);
    open.focus();
  }

  // Switching sessions keeps the reader on the chats page.
  const sessionSelect = h("select", { "aria-label": "Session", class: "session-select" }, h("option", { value: sessionId, selected: true }, sessionId));
  sessionSelect.addEventListener("change", () => ctx.navigate(`/chats/${encodeURIComponent(sessionSelect.value)}`));
  api("/api/sessions", { query: { limit: 100 } })
    .then((data) => {
      const options = data.sessions.map((s) =>
        h("option", { value: s.sessionId, selected: s.sessionId === sessionId }, `${s.sessionName || s.sessionId}${s.phoneNumber ? ` · ${formatPhone(s.phoneNumber)}` : ""}`),
      );
      if (options.length) replace(sessionSelect, options);
    })
    .catch(() => {});

  const newChat = h("input", { type: "tel", name: "newChat", placeholder: "New chat: phone number", "aria-label": "Start a chat with a phone number" });
  const newChatForm = h("form", { class: "new-chat" }, newChat, h("button", { type: "submit", class: "btn" }, "Open"));
  newChatForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = chatIdOf(newChat.value);
    if (id) ctx.navigate(`/chats/${encodeURIComponent(sessionId)}/${encodeURIComponent(id)}`);
  });

  replace(
    layout,
    h(
      "div",
      { class: "chat-list-pane" },
      h("div", { class: "chat-list-head" }, h("h1", { class: "sr-only" }, `Chats of ${sessionId}`), sessionSelect, newChatForm),
      list,
    ),
    h("div", { class: "conversation-pane" }, pane),
  );
  if (!chatId) replace(pane, emptyState("Choose a chat", "Or open a new one with a phone number."));
  else replace(pane, h("p", { class: "muted" }, "Loading…"));

  loadChats().catch((error) => replace(list, h("li", { class: "form-error" }, errorText(error))));

  // New and updated chats move to the top without reloading the whole list on every event.
  function touchChat(data, received) {
    const message = data.message || {};
    const id = message.chatId || data.chatId;
    const known = chats.find((c) => c.chatId === id);
    if (!known) return void loadChats().catch(() => {});
    known.lastMessageAt = new Date((message.timestamp || Date.now() / 1000) * 1000).toISOString();
    known.lastMessage = { type: message.type, body: message.content || message.caption || "", fromMe: !!message.fromMe };
    if (received && id !== chatId) known.unreadCount = (known.unreadCount || 0) + 1;
    chats = [known, ...chats.filter((c) => c !== known)];
    renderList();
  }

  return {
    el: h("section", { class: "page page-chats" }, layout),
    fullHeight: true,
    title: chatId ? `Chat ${formatPhone(chatId)}` : `Chats of ${sessionId}`,
    poll: async () => {
      await loadChats();
      if (open) await open.reload();
    },
    pollEvery: 4000,
    dispose: () => open && open.dispose(),
    onEvent(event) {
      if (event.type === "resync") {
        loadChats().catch(() => {});
        if (open) open.reload();
        return;
      }
      if (!event.data || event.data.sessionId !== sessionId) return;
      if (event.type === "message.received" || event.type === "message.sent") touchChat(event.data, event.type === "message.received");
      const eventChat = (event.data.message && event.data.message.chatId) || event.data.chatId;
      if (open && eventChat === open.chatId) open.onEvent(event).catch(() => {});
    },
  };
}
