// The sandbox's virtual phone: it scans the session's QR (or types its pairing code) and then
// writes to the session as an outside contact, so the product can be tried without a phone.

import { api } from "../api.js";
import { busy, field, formatPhone, h, replace } from "../dom.js";
import { toast, toastError } from "../ui.js";

function dataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function randomNumber(prefix) {
  let digits = prefix;
  while (digits.length < 11) digits += String(Math.floor(Math.random() * 10));
  return digits;
}

// The contact the virtual phone plays keeps its number across visits (this browser's
// localStorage): a new number each time would be a new contact, its conversation left behind.
const CONTACT_KEY = "inboxhub.virtualPhone.contact";

function savedContact() {
  try {
    const saved = JSON.parse(localStorage.getItem(CONTACT_KEY) || "null");
    if (saved && /^\d{6,15}$/.test(saved.from)) return saved;
  } catch {
    // Unreadable: start again below.
  }
  const fresh = { from: randomNumber("3461"), name: "Lucía Fernández" };
  saveContact(fresh);
  return fresh;
}

function saveContact(contact) {
  try {
    localStorage.setItem(CONTACT_KEY, JSON.stringify(contact));
  } catch {
    // Storage full or refused: the number still works for this visit.
  }
}

export function virtualPhone(ctx, getState, refresh) {
  const contact = savedContact();
  const ownNumber = h("input", { type: "tel", inputmode: "numeric", name: "phoneNumber", maxlength: 32, value: randomNumber("346") });
  const ownName = h("input", { name: "pushName", maxlength: 100, value: "Front desk" });
  const scan = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Scan the QR code");
  const scanForm = h(
    "form",
    { class: "stack", "aria-label": "Scan the QR code with the virtual phone", hidden: true },
    h("p", { class: "phone-screen-title" }, "Linked devices › Link a device"),
    field("This phone's number", ownNumber),
    field("Name on WhatsApp", ownName),
    scan,
  );
  scanForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const { qr } = getState();
    if (!qr) return void toast("No QR code to scan yet", "error");
    link(scan, { qr: qr.qrText, phoneNumber: ownNumber.value, pushName: ownName.value || null });
  });

  const code = h("input", { name: "code", maxlength: 20, autocomplete: "off", spellcheck: "false" });
  const typeCode = h("button", { type: "submit", class: "btn btn-block" }, "Link with this code");
  const codeForm = h(
    "form",
    { class: "stack", "aria-label": "Type the pairing code on the virtual phone", hidden: true },
    h("p", { class: "phone-screen-title" }, "Link with phone number instead"),
    field("Code shown in the console", code),
    typeCode,
  );
  codeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    link(typeCode, { code: code.value, pushName: ownName.value || null });
  });

  const from = h("input", { type: "tel", inputmode: "numeric", name: "from", maxlength: 32, value: contact.from });
  const fromName = h("input", { name: "contactName", maxlength: 100, value: contact.name });
  const remember = () => {
    const digits = from.value.replace(/\D/g, "");
    if (/^\d{6,15}$/.test(digits)) saveContact({ from: digits, name: fromName.value });
  };
  from.addEventListener("change", remember);
  fromName.addEventListener("change", remember);
  const kind = h(
    "select",
    { name: "kind" },
    h("option", { value: "text" }, "Text"),
    h("option", { value: "file" }, "Photo, audio or document"),
    h("option", { value: "location" }, "Location"),
  );
  const text = h("textarea", { name: "message", rows: 3, maxlength: 4096, placeholder: "Hola, ¿tenéis cita el jueves?" });
  const file = h("input", { type: "file", name: "file" });
  const lat = h("input", { name: "latitude", inputmode: "decimal", value: "40.4169" });
  const lng = h("input", { name: "longitude", inputmode: "decimal", value: "-3.7035" });
  const place = h("input", { name: "place", maxlength: 200, value: "Puerta del Sol" });
  const textField = field("Message", text);
  const fileField = field("File", file);
  const locationFields = h("div", { class: "inline" }, field("Latitude", lat), field("Longitude", lng), field("Place", place));
  const send = h("button", { type: "submit", class: "btn btn-primary btn-block" }, "Send to the session");
  const writeForm = h(
    "form",
    { class: "stack", "aria-label": "Write to the session as a contact", hidden: true },
    h("p", { class: "phone-screen-title" }, "Write as a contact"),
    h("div", { class: "inline" }, field("From", from), field("Contact name", fromName)),
    field("Kind", kind),
    textField,
    fileField,
    locationFields,
    send,
  );
  function showKind() {
    fileField.hidden = kind.value !== "file";
    locationFields.hidden = kind.value !== "location";
    textField.querySelector("label").textContent = kind.value === "file" ? "Caption" : "Message";
    textField.hidden = kind.value === "location";
  }
  kind.addEventListener("change", showKind);
  showKind();

  // The outside contact's message, in the shape the send endpoint takes.
  async function draft() {
    if (kind.value === "location") {
      return { type: "location", message: { latitude: Number(lat.value), longitude: Number(lng.value), name: place.value || undefined } };
    }
    if (kind.value === "file") {
      const chosen = file.files[0];
      if (!chosen) throw new Error("Choose a file to send");
      const type = ["image", "video", "audio"].find((t) => chosen.type.startsWith(`${t}/`)) || "document";
      const spec = { base64: await dataUrl(chosen), mimetype: chosen.type || undefined, fileName: chosen.name };
      return { type, message: { [type]: spec, caption: text.value || undefined } };
    }
    if (!text.value.trim()) throw new Error("Write a message first");
    return { type: "text", message: text.value };
  }

  writeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { session } = getState();
    remember();
    try {
      await busy(send, async () => {
        const body = { from: from.value, to: session.sessionId, pushName: fromName.value || null, ...(await draft()) };
        await api("/api/sandbox/messages", { method: "POST", body });
      });
      text.value = "";
      file.value = "";
      toast(`Message sent from ${formatPhone(from.value)}`);
    } catch (error) {
      toastError(error);
    }
  });

  const readReplies = h("button", { type: "button", class: "btn btn-block", hidden: true }, "Read the session's replies");
  readReplies.addEventListener("click", async () => {
    const { session } = getState();
    try {
      const data = await busy(readReplies, () =>
        api("/api/sandbox/receipts", { method: "POST", body: { from: from.value, to: session.sessionId, all: true, status: "read" } }),
      );
      toast(data.messageIds.length ? `${formatPhone(from.value)} read ${data.messageIds.length} message(s)` : "Nothing to read yet");
    } catch (error) {
      toastError(error);
    }
  });

  const drop = h("button", { type: "button", class: "btn" }, "Drop the connection");
  const unlink = h("button", { type: "button", class: "btn btn-danger" }, "Unlink this device");
  const faults = h("div", { class: "actions wrap", hidden: true }, drop, unlink);
  const sandboxPath = (action) => `/api/sandbox/sessions/${encodeURIComponent(getState().session.sessionId)}/${action}`;
  drop.addEventListener("click", () => fault(drop, "drop", "Connection dropped: the session reconnects by itself"));
  unlink.addEventListener("click", () => fault(unlink, "logout", "Unlinked from the phone: a new QR scan is needed"));

  const screenNote = h("p", { class: "phone-note" });
  const numberLine = h("p", { class: "phone-number" });

  async function link(btn, body) {
    try {
      const data = await busy(btn, () => api("/api/sandbox/link", { method: "POST", body }));
      toast(`Linked to ${formatPhone(data.phoneNumber)}`);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  async function fault(btn, action, done) {
    try {
      await busy(btn, () => api(sandboxPath(action), { method: "POST" }));
      toast(done);
      await refresh();
    } catch (error) {
      toastError(error);
    }
  }

  const el = h(
    "section",
    { class: "card phone-card", "aria-labelledby": "phone-title" },
    h("h2", { id: "phone-title" }, "Virtual phone"),
    h("p", { class: "muted" }, "The sandbox plays the phone: scan the QR, then write to the session as a customer would."),
    h("div", { class: "phone" }, h("div", { class: "phone-notch", "aria-hidden": "true" }), numberLine, screenNote, scanForm, codeForm, writeForm, readReplies, faults),
  );

  function render() {
    const { session, qr, pairingCode } = getState();
    if (!session) return;
    const sandbox = session.engine === "sandbox";
    const connected = session.status === "connected";
    scanForm.hidden = !(sandbox && session.status === "qr_code" && qr);
    codeForm.hidden = !(sandbox && !connected && pairingCode);
    if (pairingCode && !code.value) code.value = pairingCode;
    writeForm.hidden = !(sandbox && connected && ctx.info.features.sandboxMessages);
    readReplies.hidden = !(sandbox && connected && ctx.info.features.sandboxReceipts);
    faults.hidden = !(sandbox && connected);
    replace(numberLine, connected ? `Linked as ${formatPhone(session.phoneNumber)}` : "");
    let note = "";
    if (!sandbox) note = `This session runs on the ${session.engine} engine: link it with a real phone.`;
    else if (!connected && scanForm.hidden && codeForm.hidden) note = "Nothing to scan yet: connect the session to show a QR code.";
    else if (connected && !ctx.info.features.sandboxMessages) note = "Linked. Writing as a contact needs the messaging API.";
    screenNote.textContent = note;
    screenNote.hidden = !note;
  }

  return { el, render };
}
