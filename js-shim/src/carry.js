// Typed words carried to the next page of the tab: a form sent by a real
// navigation is answered by a new page that shows what was typed ("Thanks,
// Hannelore", "Your branch in Zwolle"), where this page's recorder, which
// saw the typing, is gone. At pagehide the words of the inputs typed into
// within echo.js's LATE_MS go to sessionStorage as salted 32-bit hashes
// (never as typed: storage holds no personal data in clear; a salt kept
// beside them hides them from a glance, not from a dictionary); for LATE_MS
// after that, the next page's recorder takes an element whose own text holds
// one of those words as typed text (node.js at a snapshot, echo.js after a
// mutation), and the engine masks it as an input value. Words are those of
// 4 or more letters or digits, or 3 when typed with a capital (a name);
// at most MAX_HASHES.
const KEY = 'veil:typed';
const MAX_HASHES = 64;
const LATE_MS = 30000;
const MAX_CHILD_TEXTS = 16; // own texts read of one element

let hashes = null; // Set of the carried hashes, or null
let salt = 0;
let until = 0;

function storage() {
  try {
    return window.sessionStorage || null;
  } catch {
    return null;
  }
}

// load reads what the last page left, once, and removes it.
function load() {
  const s = storage();
  if (s === null) return;
  try {
    const raw = s.getItem(KEY);
    if (raw === null) return;
    s.removeItem(KEY);
    const o = JSON.parse(raw);
    const left = LATE_MS - (Date.now() - o.t);
    if (!(left > 0) || !Array.isArray(o.h) || typeof o.s !== 'number') return;
    hashes = new Set(o.h.slice(0, MAX_HASHES).filter((h) => typeof h === 'number'));
    salt = o.s;
    until = performance.now() + left;
  } catch { /* unreadable: nothing carried */ }
}
load();

// carried says whether words from the last page may be looked for: cheap
// enough for every element of a snapshot (carrying() ends it in time).
export function carried() { return hashes !== null; }

// carrying says whether words from the last page are to be looked for now.
export function carrying() {
  if (hashes === null) return false;
  if (performance.now() <= until) return true;
  hashes = null;
  return false;
}

function hash(w, s) {
  let h = (0x811c9dc5 ^ s) >>> 0;
  for (let i = 0; i < w.length; i++) {
    h ^= w.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const WORD = /[\p{L}\p{N}]+/gu;

// wordsOf returns the words of raw worth carrying, folded.
export function wordsOf(raw, out) {
  for (const m of raw.slice(0, 256).matchAll(WORD)) {
    const w = m[0];
    if (w.length >= 4 || (w.length === 3 && w[0] !== w[0].toLowerCase())) {
      for (const v of spellings(w.toLowerCase())) out.add(v);
    }
  }
}

// spellings returns lower-case s and the ways a URL's slug writes it in
// ASCII: its marks dropped ("jürgen-müller" → jurgen-muller, "łucja" →
// lucja) and German umlauts spelled out (juergen-mueller).
export function spellings(s) {
  if (!NON_ASCII.test(s)) return [s];
  const out = new Set([s, plain(s), plain(s.replace(/[äöü]/g, (c) => UMLAUT[c]))]);
  return [...out];
}

function plain(s) {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[ßłøđæœı]/g, (c) => PLAIN[c]);
}

const NON_ASCII = /[^\x00-\x7f]/;
const UMLAUT = { ä: 'ae', ö: 'oe', ü: 'ue' };
const PLAIN = { ß: 'ss', ł: 'l', ø: 'o', đ: 'd', æ: 'ae', œ: 'oe', ı: 'i' };

// carries says whether text s holds a carried word (carrying() must hold).
export function carries(s) {
  if (s.length < 3) return false;
  for (const m of s.slice(0, 4096).matchAll(WORD)) {
    if (m[0].length >= 3 && hashes.has(hash(m[0].toLowerCase(), salt))) return true;
  }
  return false;
}

// ownTextCarries says whether one of element el's own texts holds a
// carried word (carrying() must hold).
export function ownTextCarries(el) {
  let n = 0;
  for (let c = el.firstChild; c !== null && n < MAX_CHILD_TEXTS; c = c.nextSibling) {
    if (c.nodeType !== 3) continue;
    n++;
    if (carries(c.data)) return true;
  }
  return false;
}

// carry stores words (a Set of folded words) for the next page.
export function carry(words) {
  const s = storage();
  if (s === null || words.size === 0) return;
  const k = crypto.getRandomValues(new Uint32Array(1))[0];
  const h = [];
  for (const w of words) {
    if (h.length >= MAX_HASHES) break;
    h.push(hash(w, k));
  }
  try {
    s.setItem(KEY, JSON.stringify({ t: Date.now(), s: k, h }));
  } catch { /* full or disabled: nothing carried */ }
}
