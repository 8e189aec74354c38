// The gateway's JSON API with the console's credentials; errors carry the API's code and field.

import { credentials } from "./store.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.error || body.message)) || `Request failed (${status})`);
    this.status = status;
    this.code = (body && body.code) || "HTTP_ERROR";
    this.field = body && body.field;
  }
}

let unauthorized = () => {};

// Called once with what to do when the key stops working (revoked, expired).
export function onUnauthorized(handler) {
  unauthorized = handler;
}

function url(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path, { method = "GET", body, form, query, bearer, signal } = {}) {
  const headers = { Accept: "application/json" };
  const creds = credentials();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  else if (creds && creds.apiKey) headers["X-API-Key"] = creds.apiKey;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url(path, query), { method, headers, body: payload, signal, credentials: "omit" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, { error: "The gateway cannot be reached", code: "NETWORK_ERROR" });
  }
  if (response.status === 401 && !bearer && creds) unauthorized();
  return response;
}

async function parse(response) {
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok || (data && data.success === false)) throw new ApiError(response.status, data);
  return data;
}

// The envelope's `data`.
export async function api(path, options) {
  const body = await parse(await send(path, options));
  return body ? body.data : null;
}

// The whole envelope, when its `message` matters too.
export async function apiEnvelope(path, options) {
  return parse(await send(path, options));
}

// Media behind the API key cannot go straight into <img src>: fetch it and hand out a blob URL.
export async function apiBlob(path) {
  const response = await send(path);
  if (!response.ok) await parse(response);
  return response.blob();
}

export { url as withQuery };
