// The session id and sequence counter live in sessionStorage: per tab, kept
// across page loads of that tab, gone when the tab closes. Where storage is
// unavailable (disabled, sandboxed) every page load is its own session.
const ID_KEY = 'veil:session';
const SEQ_KEY = 'veil:seq';
const CONSENT_KEY = 'veil:consent';

function storage() {
  try {
    return window.sessionStorage || null;
  } catch {
    return null;
  }
}

function get(key) {
  try {
    const s = storage();
    return s ? s.getItem(key) : null;
  } catch {
    return null;
  }
}

function set(key, value) {
  try {
    const s = storage();
    if (!s) return;
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch { /* full or disabled: the session just ends with the page */ }
}

// A session id is 16 random bytes as base64url: 22 characters of
// [A-Za-z0-9_-], as the collector protocol requires.
export function newId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const VALID_ID = /^[A-Za-z0-9_-]{16,64}$/;

// session returns this tab's {id, seq}, creating the session if needed.
export function session() {
  let id = get(ID_KEY);
  let seq = Number(get(SEQ_KEY));
  if (!id || !VALID_ID.test(id)) {
    id = newId();
    seq = 0;
    set(ID_KEY, id);
  }
  if (!Number.isInteger(seq) || seq < 0 || seq >= 0x80000000) seq = 0;
  set(SEQ_KEY, String(seq));
  return { id, seq };
}

export function saveSeq(seq) { set(SEQ_KEY, String(seq)); }

// endSession forgets the session, so that recording again starts a new one.
export function endSession() {
  set(ID_KEY, null);
  set(SEQ_KEY, null);
}

// consent is 'granted', 'denied' or null, as optIn/optOut left it for this tab.
export function storedConsent() {
  const v = get(CONSENT_KEY);
  return v === 'granted' || v === 'denied' ? v : null;
}

export function storeConsent(v) { set(CONSENT_KEY, v); }

// storedId is this tab's session id, or null when none was started.
export function storedId() {
  const id = get(ID_KEY);
  return id && VALID_ID.test(id) ? id : null;
}
