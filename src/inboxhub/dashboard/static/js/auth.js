// Signing in with an API key, or with email and password (which mints a console key), and out.

import { api } from "./api.js";
import { clearCredentials, credentials, saveCredentials } from "./store.js";

async function checkKey() {
  // The cheapest call that proves the key works and says what the gateway offers.
  return api("/api/dashboard/info");
}

export async function signInWithKey(apiKey) {
  saveCredentials({ mode: "key", apiKey: apiKey.trim() });
  try {
    return await checkKey();
  } catch (error) {
    clearCredentials();
    throw error;
  }
}

async function mintConsoleKey(accessToken, organizationId) {
  return api("/api/auth/console-key", {
    method: "POST",
    bearer: accessToken,
    body: organizationId ? { organizationId } : {},
  });
}

export async function signInWithPassword(email, password) {
  const login = await api("/api/auth/login", {
    method: "POST",
    body: { identifier: email.trim(), password },
  });
  const minted = await mintConsoleKey(login.accessToken);
  saveCredentials({
    mode: "password",
    apiKey: minted.apiKey.key,
    keyId: minted.apiKey.id,
    expiresAt: minted.apiKey.expiresAt,
    accessToken: login.accessToken,
    refreshToken: login.refreshToken,
    user: { email: login.user.email, name: login.user.name },
    organization: minted.organization,
    organizations: login.user.organizations.map((o) => ({ id: o.id, name: o.name })),
  });
  return checkKey();
}

// Work in another organization of the same user: a new console key, the old one revoked.
export async function switchOrganization(organizationId) {
  const creds = credentials();
  if (!creds || creds.mode !== "password") return null;
  const minted = await mintConsoleKey(creds.accessToken, organizationId);
  const oldKeyId = creds.keyId;
  saveCredentials({
    ...creds,
    apiKey: minted.apiKey.key,
    keyId: minted.apiKey.id,
    expiresAt: minted.apiKey.expiresAt,
    organization: minted.organization,
  });
  await revokeQuietly(creds.accessToken, oldKeyId);
  return checkKey();
}

async function revokeQuietly(accessToken, keyId) {
  try {
    await api(`/api/auth/console-key/${encodeURIComponent(keyId)}`, { method: "DELETE", bearer: accessToken });
  } catch {
    // Already revoked or the token expired: the key is swept when it outlives the token anyway.
  }
}

export async function signOut() {
  const creds = credentials();
  clearCredentials();
  if (!creds || creds.mode !== "password") return;
  await revokeQuietly(creds.accessToken, creds.keyId);
  try {
    await api("/api/auth/logout", {
      method: "POST",
      bearer: creds.accessToken,
      body: { refreshToken: creds.refreshToken },
    });
  } catch {
    // The token may have expired already; nothing is left to end.
  }
}

export function isSignedIn() {
  const creds = credentials();
  if (!creds || !creds.apiKey) return false;
  return !(creds.expiresAt && new Date(creds.expiresAt).getTime() <= Date.now());
}
