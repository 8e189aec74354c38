// Credentials live in sessionStorage only: gone when the tab closes, never in a URL or a cookie.

const KEY = "inboxhub.console";

export function credentials() {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function saveCredentials(value) {
  sessionStorage.setItem(KEY, JSON.stringify(value));
}

export function clearCredentials() {
  sessionStorage.removeItem(KEY);
}
