// The session id and sequence counter live in sessionStorage: per tab, kept
// across page loads of that tab, gone when the tab closes. Where storage is
// unavailable (disabled, sandboxed) every page load is its own session.
const ID_KEY = 'veil:session';
const SEQ_KEY = 'veil:seq';
const CONSENT_KEY = 'veil:consent';
const DRAW_KEY = 'veil:sample';
const IGNORE_SAMPLING_KEY = 'veil:ignoreSampling';
const TRIGGERED_KEY = 'veil:errorTriggered';

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

// storeConsent keeps 'granted' or 'denied' for the tab; null forgets it.
export function storeConsent(v) { set(CONSENT_KEY, v); }

// sampleDraw is this tab's draw for cost control, a number in [0, 100)
// drawn once and kept, so that one session is either recorded on every page
// or on none. Without storage every page load draws again.
export function sampleDraw() {
  const v = Number(get(DRAW_KEY));
  if (get(DRAW_KEY) !== null && v >= 0 && v < 100) return v;
  const draw = (crypto.getRandomValues(new Uint32Array(1))[0] / 0x100000000) * 100;
  set(DRAW_KEY, String(draw));
  return draw;
}

// ignoreSampling is whether start({ignoreSampling: true}) was called in this
// tab's session.
export function ignoreSampling() { return get(IGNORE_SAMPLING_KEY) === '1'; }

export function storeIgnoreSampling() { set(IGNORE_SAMPLING_KEY, '1'); }

// errorTriggered is whether error-only mode of session id was triggered:
// from then on the session is recorded normally on every page.
export function errorTriggered(id) { return !!id && get(TRIGGERED_KEY) === id; }

export function storeErrorTriggered(id) { set(TRIGGERED_KEY, id); }

// storedId is this tab's session id, or null when none was started.
export function storedId() {
  const id = get(ID_KEY);
  return id && VALID_ID.test(id) ? id : null;
}
