// One message as a chat bubble, for every message type; media is fetched with the API key.

import { apiBlob } from "../api.js";
import { formatPhone, formatTime, h } from "../dom.js";
import { icon } from "../icons.js";
import { toastError } from "../ui.js";

const TICKS = {
  pending: { mark: () => icon("clock", { size: 13 }), label: "Sending" },
  queued: { mark: () => icon("clock", { size: 13 }), label: "Scheduled" },
  sent: { mark: () => "✓", label: "Sent" },
  delivered: { mark: () => "✓✓", label: "Delivered" },
  read: { mark: () => "✓✓", label: "Read" },
  played: { mark: () => "✓✓", label: "Played" },
  failed: { mark: () => icon("alert", { size: 13 }), label: "Not sent" },
};

export function ticks(message) {
  const tick = TICKS[message.status] || { mark: () => "", label: message.status || "" };
  const title = message.status === "failed" && message.error ? `Not sent: ${message.error}` : tick.label;
  return h("span", { class: "ticks", "data-status": message.status, role: "img", "aria-label": title, title }, tick.mark());
}

function sizeText(bytes) {
  if (!bytes) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// Blob URLs of media already fetched, per conversation view; released when the view goes.
export class MediaCache {
  constructor() {
    this.urls = new Map();
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        this.observer.unobserve(entry.target);
        this.fill(entry.target);
      }
    });
  }

  async url(mediaId) {
    if (!this.urls.has(mediaId)) {
      this.urls.set(
        mediaId,
        apiBlob(`/api/media/${encodeURIComponent(mediaId)}/download`).then((blob) => URL.createObjectURL(blob)),
      );
    }
    try {
      return await this.urls.get(mediaId);
    } catch (error) {
      this.urls.delete(mediaId);
      throw error;
    }
  }

  // Images, audio and video load when they scroll into view.
  lazy(el, mediaId) {
    el.dataset.mediaId = mediaId;
    this.observer.observe(el);
    return el;
  }

  async fill(el) {
    try {
      el.src = await this.url(el.dataset.mediaId);
      el.closest(".media")?.classList.remove("loading");
    } catch {
      el.closest(".media")?.replaceChildren(h("span", { class: "muted" }, "Media no longer available"));
    }
  }

  dispose() {
    this.observer.disconnect();
    for (const promise of this.urls.values()) promise.then((url) => URL.revokeObjectURL(url)).catch(() => {});
    this.urls.clear();
  }
}

function mediaBlock(message, cache) {
  const media = message.media || {};
  const mediaId = media.mediaId;
  if (!mediaId) return h("p", { class: "muted" }, `[${message.type}]`);
  const from = message.fromMe ? "sent" : `from ${message.pushName || formatPhone(message.from)}`;
  switch (message.type) {
    case "image":
    case "sticker":
      return h(
        "div",
        { class: "media loading" },
        cache.lazy(h("img", { class: message.type === "sticker" ? "sticker" : "photo", alt: `${message.type === "sticker" ? "Sticker" : "Image"} ${from}` }), mediaId),
      );
    case "video":
      return h("div", { class: "media loading" }, cache.lazy(h("video", { controls: true, preload: "metadata", "aria-label": `Video ${from}` }), mediaId));
    case "audio":
    case "ptt":
      return h(
        "div",
        { class: "media loading" },
        cache.lazy(h("audio", { controls: true, preload: "metadata", "aria-label": media.ptt || message.type === "ptt" ? `Voice note ${from}` : `Audio ${from}` }), mediaId),
      );
    default: {
      const name = media.filename || "document";
      const link = h("button", { type: "button", class: "document" }, icon("document", { size: 28 }), h("span", {}, h("strong", {}, name), h("small", {}, [media.mimetype, sizeText(media.filesize)].filter(Boolean).join(" · "))));
      link.setAttribute("aria-label", `Download ${name}`);
      link.addEventListener("click", async () => {
        try {
          const anchor = h("a", { href: await cache.url(mediaId), download: name });
          document.body.append(anchor);
          anchor.click();
          anchor.remove();
        } catch (error) {
          toastError(error);
        }
      });
      return link;
    }
  }
}

function locationBlock(location) {
  if (!location) return null;
  const lat = Number(location.latitude);
  const lon = Number(location.longitude);
  const map = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
  return h(
    "div",
    { class: "location" },
    icon("pin", { size: 24 }),
    h(
      "div",
      {},
      location.name ? h("strong", { class: "block" }, location.name) : null,
      location.address ? h("div", {}, location.address) : null,
      h("a", { href: map, target: "_blank", rel: "noopener noreferrer" }, `${lat.toFixed(5)}, ${lon.toFixed(5)}`),
    ),
  );
}

// The name and numbers of a vCard, enough to recognise the contact.
function parseVcard(vcard) {
  const lines = String(vcard || "").split(/\r?\n/);
  const name = (lines.find((l) => /^FN[:;]/i.test(l)) || "").replace(/^FN[^:]*:/i, "");
  const phones = lines.filter((l) => /^(item\d+\.)?TEL/i.test(l)).map((l) => l.slice(l.lastIndexOf(":") + 1));
  return { name, phones };
}

function contactsBlock(message) {
  const cards = (message.contacts && message.contacts.vcards) || [];
  const shown = cards.length ? cards.map(parseVcard) : [{ name: message.contacts && message.contacts.displayName, phones: [] }];
  return h(
    "ul",
    { class: "contacts" },
    shown.map((card) => h("li", {}, icon("person", { size: 16 }), " ", h("strong", {}, card.name || "Contact"), card.phones.map((p) => h("div", { class: "mono" }, p)))),
  );
}

export function bubble(message, cache, { showSender = false } = {}) {
  const body = [];
  if (showSender && !message.fromMe) body.push(h("div", { class: "sender" }, message.pushName || formatPhone(message.from)));
  if (message.isDeleted) {
    body.push(h("p", { class: "deleted" }, "This message was deleted"));
  } else if (message.type === "location") {
    body.push(locationBlock(message.location));
  } else if (message.type === "contact" || message.type === "contacts") {
    body.push(contactsBlock(message));
  } else if (message.media || ["image", "video", "audio", "ptt", "document", "sticker"].includes(message.type)) {
    body.push(mediaBlock(message, cache));
    if (message.body) body.push(h("p", { class: "text" }, message.body));
  } else {
    body.push(h("p", { class: "text" }, message.body || ""));
  }
  const reactions = (message.reactions || []).map((r) => r.emoji).filter(Boolean);
  return h(
    "li",
    {
      class: ["bubble", message.fromMe ? "out" : "in", message.type === "sticker" ? "bare" : ""],
      dataset: { messageId: message.id, type: message.type },
    },
    body,
    h(
      "div",
      { class: "meta" },
      message.isEdited ? h("span", {}, "edited") : null,
      h("time", { datetime: message.timestamp }, formatTime(message.timestamp)),
      message.fromMe ? ticks(message) : null,
    ),
    reactions.length ? h("div", { class: "reactions", "aria-label": `Reactions: ${reactions.join(" ")}` }, reactions.join(" ")) : null,
  );
}
