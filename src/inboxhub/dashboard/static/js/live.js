// Live updates: one server-sent event stream for the whole console, and a slow poll of the
// page on view only while that stream is not open (older gateways, proxies that buffer SSE).

import { api, withQuery } from "./api.js";

export const STREAM_TYPES = [
  "session.status",
  "session.qr",
  "message.received",
  "message.sent",
  "message.status",
  "message.updated",
  // Each webhook the inspector captures (pages/inspector.js).
  "webhook.inspected",
];
const RETRY_STREAM_MS = 30_000;
const RECONNECT_MS = 1_000;

export class Live {
  constructor(indicator) {
    this.indicator = indicator;
    this.listeners = new Set();
    this.source = null;
    this.mode = "off";
    this.poller = null;
    this.pollMs = 5000;
    this.pollTimer = null;
    this.retryTimer = null;
    this.hadStream = false;
    this.onVisibility = () => this.schedulePoll();
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  start({ streamAvailable }) {
    this.streamAvailable = streamAvailable;
    this.lastEventId = null;
    this.retryMs = RECONNECT_MS;
    this.setMode(streamAvailable ? "connecting" : "polling");
    if (streamAvailable) this.openStream();
  }

  stop() {
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer);
    if (this.source) this.source.close();
    this.source = null;
    this.poller = null;
    this.listeners.clear();
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.setMode("off");
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // The page on view says how to refresh itself without the stream; `null` clears it.
  setPoller(poll, everyMs = 5000) {
    this.poller = poll;
    this.pollMs = everyMs;
    this.schedulePoll();
  }

  dispatch(event) {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error("live listener failed", error);
      }
    }
  }

  // The stream's URL carries a one-minute ticket, never the API key (URLs end up in logs).
  async openStream() {
    clearTimeout(this.retryTimer);
    if (!this.streamAvailable || this.mode === "off") return;
    let ticket;
    try {
      ticket = (await api("/api/events/tickets", { method: "POST" })).ticket;
    } catch (error) {
      this.streamFailed();
      return;
    }
    const query = { ticket, types: STREAM_TYPES.join(",") };
    if (this.lastEventId) query.lastEventId = this.lastEventId;
    const source = new EventSource(withQuery("/api/events/stream", query));
    this.source = source;
    this.setMode("connecting");
    const onFrame = (type) => (message) => {
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      this.dispatch({ type: frame.event || type, id: frame.id, data: frame.data || {} });
    };
    for (const type of STREAM_TYPES) source.addEventListener(type, onFrame(type));
    source.onmessage = onFrame("message");
    source.onopen = () => {
      // After a gap the page may have missed frames: it reloads what it shows.
      if (this.hadStream) this.dispatch({ type: "resync" });
      this.hadStream = true;
      this.retryMs = RECONNECT_MS;
      this.setMode("live");
    };
    source.onerror = () => {
      // The browser would reconnect with the same ticket, which expires: reconnect with a new
      // one instead, resuming after the last frame seen.
      source.close();
      if (this.source !== source) return;
      this.source = null;
      this.streamFailed();
    };
  }

  streamFailed() {
    if (this.mode === "off") return;
    this.setMode(this.hadStream ? "connecting" : "polling");
    const delay = this.retryMs || RECONNECT_MS;
    this.retryMs = Math.min(delay * 2, RETRY_STREAM_MS);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.openStream(), delay);
  }

  setMode(mode) {
    this.mode = mode;
    if (this.indicator) {
      this.indicator.dataset.mode = mode;
      this.indicator.textContent =
        { live: "Live", polling: "Polling", connecting: "Reconnecting", off: "Offline" }[mode] || mode;
      this.indicator.title =
        mode === "live"
          ? "Updates arrive as they happen"
          : mode === "polling"
            ? "The event stream is not available: refreshing every few seconds"
            : "Reconnecting to the event stream";
    }
    this.schedulePoll();
  }

  schedulePoll() {
    clearTimeout(this.pollTimer);
    if (!this.poller || this.mode === "live" || this.mode === "off" || document.hidden) return;
    const poller = this.poller;
    this.pollTimer = setTimeout(async () => {
      try {
        await poller();
      } catch (error) {
        console.warn("refresh failed", error);
      }
      if (this.poller === poller) this.schedulePoll();
    }, this.pollMs);
  }
}
