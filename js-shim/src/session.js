// The session id, its secret and the sequence counter live in
// sessionStorage: per tab, kept across page loads of that tab, gone when the
// tab closes. Where storage is unavailable (disabled, sandboxed) every page
// load is its own session.
//
// The secret is the session's capability: the collector binds its hash to
// the session at the first batch it accepts, and appending to the session or
// deleting it needs it. Only this tab holds it; the session id alone, as the
// viewer shows it, does neither.
const ID_KEY = 'veil:session';
const SECRET_KEY = 'veil:secret';
// The id and secret of the session that ended last in this tab, so that a
// visitor can still delete it after opting out.
const ENDED_KEY = 'veil:ended';
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
const VALID_SECRET = /^[A-Za-z0-9_-]{22,64}$/;

// session returns this tab's {id, secret, seq}, creating the session if
// needed. A session without a valid secret (stored by an older recorder) is
// replaced: the collector would refuse its batches.
export function session() {
  let id = get(ID_KEY);
  let secret = get(SECRET_KEY);
  let seq = Number(get(SEQ_KEY));
  if (!id || !VALID_ID.test(id) || !secret || !VALID_SECRET.test(secret)) {
    id = newId();
    secret = newId();
    seq = 0;
    set(ID_KEY, id);
    set(SECRET_KEY, secret);
  }
  if (!Number.isInteger(seq) || seq < 0 || seq >= 0x80000000) seq = 0;
  set(SEQ_KEY, String(seq));
  return { id, secret, seq };
}

export function saveSeq(seq) { set(SEQ_KEY, String(seq)); }

// secretOf returns the secret of session id, current or ended last in this
// tab, or '' when this tab does not hold it.
export function secretOf(id) {
  if (!id) return '';
  if (get(ID_KEY) === id) {
    const s = get(SECRET_KEY);
    return s && VALID_SECRET.test(s) ? s : '';
  }
  const [endedId, endedSecret] = String(get(ENDED_KEY) || '').split(' ');
  return endedId === id && VALID_SECRET.test(endedSecret || '') ? endedSecret : '';
}

// endSession forgets the session, so that recording again starts a new one;
// its secret is kept aside so that this tab can still delete it.
export function endSession() {
  const id = get(ID_KEY);
  const secret = get(SECRET_KEY);
  if (id && secret) set(ENDED_KEY, id + ' ' + secret);
  set(ID_KEY, null);
  set(SECRET_KEY, null);
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
