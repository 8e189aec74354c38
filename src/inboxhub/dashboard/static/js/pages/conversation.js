// One conversation: its messages (older pages on demand), live ticks, and the composer.

import { api } from "../api.js";
import { busy, emptyState, formatPhone, h, replace } from "../dom.js";
import { icon } from "../icons.js";
import { toastError } from "../ui.js";
import { MediaCache, bubble, ticks } from "./bubble.js";

const PAGE = 50;
// Receipts only move forward; "failed" stands apart and always shows.
const RANK = { queued: 0, pending: 1, sent: 2, delivered: 3, read: 4, played: 5 };

function later(a, b) {
  if (a === "failed" || b === "failed") return "failed";
  return (RANK[b] ?? -1) > (RANK[a] ?? -1) ? b : a;
}

function dayLabel(iso) {
  const date = new Date(iso);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (date.toDateString() === today.toDateString()) return "Today";
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return date.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

export function conversation(ctx, sessionId, chat, { onBack, onRead, onSent }) {
  const base = `/api/messages/${encodeURIComponent(sessionId)}`;
  const chatPath = `${base}/${encodeURIComponent(chat.chatId)}`;
  const cache = new MediaCache();
  const isGroup = chat.chatId.endsWith("@g.us");
  const messages = new Map(); // id -> message view
  // A receipt can overtake the answer of the send that caused it: kept until the message shows.
  const early = new Map(); // id -> status
  let page = 1;
  let pages = 1;

  function upsert(message) {
    const known = messages.get(message.id);
    let status = message.status;
    if (known) status = later(known.status, status);
    if (early.has(message.id)) {
      status = later(status, early.get(message.id));
      early.delete(message.id);
    }
    messages.set(message.id, { ...message, status });
  }

  const list = h("ol", { class: "messages", "aria-label": "Messages", "aria-live": "polite" });
  const older = h("button", { type: "button", class: "btn btn-small", hidden: true }, "Load older messages");
  older.addEventListener("click", () => busy(older, () => load(page + 1)).catch(toastError));

  function render({ keepScroll = false } = {}) {
    const sorted = [...messages.values()].filter((m) => m.type !== "reaction").sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.id - b.id);
    const fromBottom = list.scrollHeight - list.scrollTop;
    const nearBottom = fromBottom - list.clientHeight < 80;
    const items = [h("li", { class: "older" }, older)];
    let day = "";
    for (const message of sorted) {
      const label = dayLabel(message.timestamp);
      if (label !== day) {
        day = label;
        items.push(h("li", { class: "day" }, label));
      }
      items.push(bubble(message, cache, { showSender: isGroup }));
    }
    if (!sorted.length) items.push(h("li", { class: "empty" }, "No messages yet. Say hello."));
    older.hidden = page >= pages;
    replace(list, items);
    if (keepScroll) list.scrollTop = list.scrollHeight - fromBottom;
    else if (nearBottom || !keepScroll) list.scrollTop = list.scrollHeight;
  }

  async function load(pageNo = 1) {
    const data = await api(chatPath, { query: { page: pageNo, limit: PAGE } });
    for (const message of data.messages) upsert(message);
    if (pageNo >= page) page = pageNo;
    pages = data.pagination.pages;
    render({ keepScroll: pageNo > 1 });
  }

  async function markRead() {
    try {
      await api(`${chatPath}/read`, { method: "PUT" });
      onRead();
    } catch {
      // A disconnected session cannot send read receipts; the count stays until it can.
    }
  }

  async function fetchMessage(messageId) {
    const data = await api(`${base}/messages/${encodeURIComponent(messageId)}`);
    upsert(data.message);
    render();
    return data.message;
  }

  // ---- composer ----
  const text = h("textarea", { name: "message", rows: 1, maxlength: 4096, placeholder: "Write a message", "aria-label": "Message" });
  const file = h("input", { type: "file", name: "file", "aria-label": "Attach a file" });
  const attachment = h("div", { class: "attachment", hidden: true });
  const send = h("button", { type: "submit", class: "btn btn-primary" }, "Send");
  const composer = h(
    "form",
    { class: "composer-wrap" },
    attachment,
    h("div", { class: "composer" }, h("span", { class: "btn attach", title: "Attach a file" }, icon("clip"), file), text, send),
  );
  file.addEventListener("change", () => {
    const chosen = file.files[0];
    attachment.hidden = !chosen;
    if (chosen) {
      replace(
        attachment,
        h("span", {}, icon("clip", { size: 14 }), ` ${chosen.name}`),
        h("button", { type: "button", class: "btn btn-quiet btn-small", onclick: () => { file.value = ""; attachment.hidden = true; } }, "Remove"),
      );
    }
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    const message = text.value;
    if (!chosen && !message.trim()) return;
    try {
      const sent = await busy(send, async () => {
        if (!chosen) return api(`${base}/send`, { method: "POST", body: { to: chat.chatId, type: "text", message } });
        const form = new FormData();
        form.append("file", chosen);
        const uploaded = await api(`/api/media/sessions/${encodeURIComponent(sessionId)}/upload`, { method: "POST", form });
        const body = { to: chat.chatId, mediaId: uploaded.mediaId, fileName: chosen.name };
        if (message.trim()) body.caption = message;
        return api(`${base}/send`, { method: "POST", body });
      });
      text.value = "";
      file.value = "";
      attachment.hidden = true;
      if (sent && sent.message) {
        upsert(sent.message);
        render();
        onSent(sent.message);
      }
      text.focus();
    } catch (error) {
      toastError(error);
    }
  });

  const el = h(
    "section",
    { class: "conversation", "aria-label": `Conversation with ${chat.name || chat.chatId}` },
    h(
      "header",
      { class: "conversation-head" },
      h("button", { type: "button", class: "btn btn-quiet back", onclick: onBack, "aria-label": "Back to chats" }, icon("back")),
      h("div", {}, h("h2", {}, chat.name || formatPhone(chat.chatId)), h("div", { class: "muted mono" }, isGroup ? chat.chatId : formatPhone(chat.chatId))),
    ),
    list,
    composer,
  );

  load()
    .then(() => {
      if (chat.unreadCount) markRead();
    })
    .catch((error) => replace(list, emptyState("This chat cannot be shown", error.message)));

  return {
    el,
    chatId: chat.chatId,
    focus: () => text.focus(),
    reload: () => load(1).catch(() => {}),
    // Events of this chat: new messages appear, ticks move, edits and deletions show.
    async onEvent(event) {
      const data = event.data;
      if (event.type === "message.status") {
        const known = messages.get(data.messageId);
        if (!known) {
          early.set(data.messageId, later(early.get(data.messageId), data.status));
          return;
        }
        known.status = later(known.status, data.status);
        if (data.error) known.error = data.error;
        const tick = list.querySelector(`[data-message-id="${CSS.escape(String(data.messageId))}"] .ticks`);
        if (tick) tick.replaceWith(ticks(known));
      } else if (event.type === "message.received" || event.type === "message.sent") {
        const id = data.message && data.message.messageId;
        if (!id || messages.has(id)) return;
        await fetchMessage(id);
        if (event.type === "message.received" && !document.hidden) markRead();
      } else if (event.type === "message.updated") {
        await fetchMessage(data.messageId);
      }
    },
    dispose: () => cache.dispose(),
  };
}
