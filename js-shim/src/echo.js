// Echoes: what is typed, shown again as page text. A card form draws the
// number, name and CVC on a picture of the card as they are typed; a
// greeting repeats the name, a PIN pad listening on the whole page shows
// each digit in a box of its own. The control's value is an input value
// (masked as a fixed "*****", also in block-list), but its echo is page
// text: block-list recorded it in clear, mask-all kept its length. Only the
// recorder knows where that text came from: text that changes within
// ECHO_MS of a keystroke, an input event, a paste or a drop and holds the
// value typed, chosen or pasted (or a part of it, as a card is printed in
// groups and a code one character a box), or is the key just typed, is
// typed text. Its element gets contenteditable="true", as an editing
// host no attribute names does (mutations.js markEditing): the engine masks
// what it holds as an input value from then on ("was editable" is sticky),
// and every later snapshot writes the mark again (node.js markEdited).
// A page also shows what was typed later: "Results for …" once a search's
// request returns, "Thanks, <name>" once a form is sent and cleared. Within
// LATE_MS of the last input into a control a person typed into, text that
// holds its value whole (3 letters or digits at least, as typed then or as
// it is now), or one of an input's words of 4 or more, is typed text too.
// Nothing is read unless something was typed within LATE_MS; then each
// changed text is compared once (added subtrees: up to MAX_TEXTS texts).
import { OP } from './rawwriter.js';
import { markEdited, isMarkedEdited, markSecured, isMarkedSecured } from './node.js';
import { carry, carrying, carries, wordsOf, spellings } from './carry.js';

const ECHO_MS = 1000;
const LATE_MS = 30000;
const LATE_WORDS = 8; // words of one input compared late (a name, a city, a search)
// A URL shows what was typed later: a search submitted after a pause.
const URL_ECHO_MS = 60000;
const MAX_TYPED = 8; // controls remembered
const MAX_TEXTS = 2000; // texts compared in one mutation batch
const SHORT = 8; // a value this short may be drawn one character a box (a code, a PIN)
// Inputs whose value is typed or chosen as text: a file input's is the
// names of the files chosen ("Uploaded: <name>").
const TEXT_ENTRY = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number', 'file', '']);

const typed = new Map(); // control -> time of its last input
const typedValue = new WeakMap(); // text control -> its value at its last input
// Controls and editing hosts a person typed into (a trusted input event):
// only what they hold is looked for late (LATE_MS) and carried to the next
// page. A value a script set is the page's own data; shown again within
// ECHO_MS it is still taken as typed (its echo may come first).
const byPerson = new WeakSet();

// noteByPerson is told of an input event the browser made (isTrusted).
export function noteByPerson(el) { byPerson.add(el); }
let key = ''; // the last printable key that went to no control, as compared
let keyAt = -Infinity;
let text = ''; // the last text pasted or dropped onto no control, as compared
let textAt = -Infinity;

function now() { return performance.now(); }

// noteTyped is told of each input event and script-set value of control
// el, and of each input event of an editing host (its text is what was
// typed: a live preview beside an editor repeats it); value, when the
// caller read it (a value setter's call passes none: the value is read
// once, when it is written at the end of the task).
export function noteTyped(el, value) {
  if (el.localName === 'input' && !TEXT_ENTRY.has(el.type)) return;
  typed.delete(el);
  typed.set(el, now());
  // Kept as typed: a form cleared once sent still has its echo to come,
  // whether reset() or its fields' value setters emptied it (a
  // framework's controlled fields: value = '').
  if (value !== undefined && value !== '' && (el.localName === 'input' || el.localName === 'textarea')) typedValue.set(el, value);
  if (typed.size > MAX_TYPED) typed.delete(typed.keys().next().value);
}

// noteKey is told of a printable key that went to no control and no
// editing host (the page, or a custom field).
export function noteKey(k) {
  key = fold(k);
  keyAt = now();
}

// noteText is told of text pasted or dropped onto what is no control (a
// control's input event tells its value): a one-time code pasted into
// boxes a page draws, a paste handler that fills a custom field.
export function noteText(s) {
  text = fold(s.slice(0, 2 * MAX_TEXT)).slice(0, MAX_TEXT);
  textAt = now();
}

const MAX_TEXT = 4096; // letters and digits of a value compared (a long text's start)

// valuesOf adds to out what control el shows as chosen or typed, folded:
// its value; a select's chosen options' text and value; the names of the
// files a file input holds. At most 8 of each.
function valuesOf(el, out) {
  const add = (s) => {
    const v = fold(String(s).slice(0, 2 * MAX_TEXT)).slice(0, MAX_TEXT);
    if (v !== '') out.push(v);
  };
  if (el.localName === 'select') {
    const opts = el.selectedOptions;
    for (let i = 0; i < opts.length && i < 8; i++) {
      add(opts[i].text);
      add(opts[i].value);
    }
  } else if (el.type === 'file' && el.files) {
    for (let i = 0; i < el.files.length && i < 8; i++) add(el.files[i].name);
  } else if (el.localName === 'input' || el.localName === 'textarea') {
    add(el.value);
    // and what it held when last typed into, if it was emptied since
    const then = typedValue.get(el);
    if (then !== undefined && el.value === '') add(then);
  } else {
    add(el.textContent.slice(0, 2 * MAX_TEXT)); // an editing host
  }
}

// fold is what is compared: letters and digits only, lower case (a card
// printed in groups, a name upper-cased on the card's picture).
function fold(s) {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

// values returns the folded values typed within ms (ECHO_MS, or
// URL_ECHO_MS for a URL) into any control but except, or null.
function values(ms = ECHO_MS, except = null) {
  const t = now();
  const out = [];
  for (const [el, at] of typed) {
    if (t - at > URL_ECHO_MS) typed.delete(el);
    else if (t - at <= ms && el !== except) valuesOf(el, out);
  }
  if (text !== '' && t - textAt <= ms) out.push(text);
  return out.length > 0 ? out : null;
}

// At pagehide the words of what was typed lately go to the tab's next page
// (carry.js): a form sent by a navigation, answered by a page that shows
// them. Not a password's, a card's or a code's: their words are kept by no
// one.
addEventListener('pagehide', () => {
  const t = now();
  const words = new Set();
  for (const [el, at] of typed) {
    if (t - at > LATE_MS || el.localName !== 'input' || !byPerson.has(el) || !CARRIED.has(el.type) ||
      /cc-|one-time|password/i.test(el.autocomplete)) continue;
    wordsOf(el.value, words);
    const then = typedValue.get(el);
    if (then !== undefined) wordsOf(then, words);
  }
  carry(words);
});
const CARRIED = new Set(['text', 'search', 'email', 'tel', '']);

// lateValues returns what text may show of the values typed within
// LATE_MS, or null: whole (folded values of 3 or more) and words (an
// input's words of 4 or more, folded; a textarea's or an editing host's are
// prose, compared whole only).
function lateValues(except = null) {
  const t = now();
  let whole = null;
  let words = null;
  for (const [el, at] of typed) {
    if (t - at > LATE_MS || el === except || !byPerson.has(el)) continue;
    const vals = [];
    valuesOf(el, vals);
    const then = typedValue.get(el);
    if (then !== undefined) {
      const f = fold(then.slice(0, 2 * MAX_TEXT)).slice(0, MAX_TEXT);
      if (f !== '' && !vals.includes(f)) vals.push(f);
    }
    for (const v of vals) if (v.length >= 3) (whole ||= []).push(v);
    if (el.localName !== 'input') continue;
    for (const raw of [el.value, then]) {
      if (typeof raw !== 'string') continue;
      let n = 0;
      for (const w of raw.slice(0, 256).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        if (w.length < 4 || n >= LATE_WORDS) continue;
        n++;
        (words ||= new Set()).add(w);
      }
    }
  }
  if (text !== '' && t - textAt <= LATE_MS && text.length >= 3) (whole ||= []).push(text);
  return whole === null && words === null ? null : { whole: whole || [], words: words ? [...words] : [] };
}

// echoesLate says whether folded text s holds what lateValues found: a
// whole value, or (unless s is a URL, whose path and file names are made
// of such words: "rec-frame.html" after "frame" was typed) a word of one.
function echoesLate(s, late, url = false) {
  if (late === null || s.length < 3) return false;
  for (const v of late.whole) if (s.includes(v)) return true;
  if (!url) for (const w of late.words) if (s.includes(w)) return true;
  return false;
}

// cutEcho says whether raw text (or an attribute's value) shows a word
// typed lately cut short: a page that shortens a name to fit ("Hi Cress…",
// "Cressida Tre...") shows its start, which no whole word of what was
// typed matches. A run of 3 letters or digits right before an ellipsis
// that begins a longer word of what was typed is its echo ("Read more…"
// after "Moreton" was typed is taken as one too: masked, never kept).
function cutEcho(raw, late) {
  if (late === null || late.words.length === 0 || (raw.indexOf('\u2026') < 0 && raw.indexOf('...') < 0)) return false;
  for (const m of raw.slice(0, 2 * MAX_TEXT).matchAll(CUT)) {
    const run = m[1].toLowerCase();
    for (const w of late.words) if (w.length > run.length && w.startsWith(run)) return true;
  }
  return false;
}
const CUT = /([\p{L}\p{N}]{3,})(?:\u2026|\.\.\.)/gu;

// echoes says whether folded text s shows a value typed or the key typed.
function echoes(s, vals, k) {
  if (s === '') return false;
  if (k !== '' && s === k) return true;
  if (vals === null) return false;
  for (const v of vals) {
    // A part of it (a card printed in groups; one character a box, of a
    // code short enough to be drawn so), or all of it in a longer text. A
    // single character of a longer value tells no echo from a counter or
    // a badge that changed meanwhile.
    if ((s.length >= 2 || v.length <= SHORT) && v.includes(s)) return true;
    if (v.length >= 2 && s.includes(v)) return true;
  }
  return false;
}

// echoedIn says whether folded attribute value s shows a value typed: all
// of it, or, as a value of one character does not tell an echo from any
// other attribute, at the end.
function echoedIn(s, vals) {
  for (const v of vals) if (v.length >= 2 ? s.includes(v) : s.endsWith(v)) return true;
  return false;
}

// markAttrs marks data-veil-mask onto element el when one of its
// attributes (named: [ns, name, …], or all of them) echoes what was just
// typed, so that the engine masks its attribute values (and what it holds)
// from then on. A recorded element gets the attribute now; one written
// only now takes it from node.js (markSecured). only, when given, is the
// set of the attribute names looked at.
function markAttrs(rec, el, vals, late, names, only = null) {
  if (isMarkedSecured(el) || el.hasAttribute('data-veil-mask')) return;
  let hit = false;
  const list = names || el.getAttributeNames();
  const step = names ? 2 : 1;
  for (let i = names ? 1 : 0; i < list.length && !hit; i += step) {
    const name = list[i];
    if ((names && list[i - 1]) || NOT_ECHOES.has(name) || name.startsWith('data-veil-') || (only !== null && !only.has(name))) continue;
    const v = el.getAttribute(name);
    if (v === null || v === '') continue;
    const f = fold((name === 'style' ? cssStrings(v) : v).slice(0, 2 * MAX_TEXT));
    hit = (vals !== null && echoedIn(f, vals)) || echoesLate(f, late, URL_ATTRS.has(name)) ||
      (!URL_ATTRS.has(name) && cutEcho(v, late));
  }
  if (!hit) return;
  markSecured(el);
  const id = rec.reg.id(el);
  if (id === 0) return;
  const w = rec.w;
  w.op(OP.Attr);
  w.uvarint(id);
  w.str('data-veil-mask');
  w.str('');
}

// markControlAttrs marks data-veil-mask onto control el when an attribute
// a person reads (a hint, a label) shows what was typed into another
// control: "Near <the town typed>", a field named after the search. What
// copies its own value is the engine's (masking/control_echo.go); its value
// attribute, which frameworks keep equal to the value, is looked at by no
// one here.
function markControlAttrs(rec, el, names) {
  let any = false;
  if (names !== null) {
    for (let i = 1; i < names.length && !any; i += 2) any = !names[i - 1] && CONTROL_TEXT.has(names[i]);
  } else {
    for (const name of CONTROL_TEXT) if (el.hasAttribute(name)) { any = true; break; }
  }
  if (!any) return;
  const vals = values(ECHO_MS, el);
  const late = lateValues(el);
  if (vals !== null || late !== null) markAttrs(rec, el, vals, late, names, CONTROL_TEXT);
}

const CONTROL_TEXT = new Set(['placeholder', 'title', 'aria-label', 'aria-description', 'aria-placeholder',
  'aria-valuetext', 'aria-roledescription', 'alt']);

// cssStrings is the strings a style attribute holds: what a sheet may draw
// (content: var(--name)). Its other values change as a field is typed
// into (a width grown with the value) and show nothing typed.
function cssStrings(v) {
  if (v.indexOf('"') < 0 && v.indexOf("'") < 0) return '';
  let out = '';
  for (const m of v.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) out += ' ' + (m[1] ?? m[2]);
  return out;
}

// Attributes that say how an element looks or what it is, never what was
// typed (and change as a field is typed into: is-invalid, aria-invalid).
const NOT_ECHOES = new Set(['class', 'id', 'slot', 'part', 'contenteditable', 'aria-invalid',
  'aria-expanded', 'aria-busy', 'aria-hidden', 'hidden', 'disabled', 'type', 'role', 'tabindex']);

// markEchoes marks the elements whose text or attributes in this mutation
// batch echo what was just typed: texts changed (texts), attributes
// changed (attrs: element -> [ns, name, …]) and what was added (moved),
// before the ops that write them. Recorded elements get the attribute now;
// elements written only now take it from node.js (markEdited, markSecured).
export function markEchoes(rec, texts, moved, attrs) {
  const k = now() - keyAt <= ECHO_MS ? key : '';
  const vals = typed.size > 0 || now() - textAt <= ECHO_MS ? values() : null;
  const late = typed.size > 0 || now() - textAt <= LATE_MS ? lateValues() : null;
  const prior = carrying(); // words typed on the last page (carry.js)
  if (k === '' && vals === null && late === null && !prior) return;
  let budget = MAX_TEXTS;
  const check = (t) => {
    budget--;
    const el = t.parentElement;
    // Text in an editing host is an input value already.
    if (el === null || isMarkedEdited(el) || SKIP.has(el.localName) || el.isContentEditable) return;
    const f = fold(t.data);
    if (!echoes(f, vals, k) && !echoesLate(f, late) && !cutEcho(t.data, late) && !(prior && carries(t.data))) return;
    markEdited(el);
    const id = rec.reg.id(el);
    if (id === 0 || el.hasAttribute('contenteditable')) return;
    const w = rec.w;
    w.op(OP.Attr);
    w.uvarint(id);
    w.str('contenteditable');
    w.str('true');
  };
  for (const n of texts) {
    if (budget <= 0) return;
    if (n.nodeType === 3) check(n);
  }
  const seen = vals !== null || late !== null;
  if (seen) {
    for (const [el, names] of attrs) {
      if (budget-- <= 0) return;
      if (el.nodeType !== 1) continue;
      if (isControl(el)) markControlAttrs(rec, el, names);
      else markAttrs(rec, el, vals, late, names);
    }
  }
  const element = (el) => {
    budget--;
    if (!seen || !el.hasAttributes()) return;
    if (isControl(el)) markControlAttrs(rec, el, null);
    else markAttrs(rec, el, vals, late, null);
  };
  for (const n of moved) {
    if (budget <= 0) return;
    if (n.nodeType === 3) {
      if (n.isConnected) check(n);
    } else if (n.nodeType === 1 && n.isConnected) {
      element(n);
      if (n.firstChild === null) continue;
      const walker = n.ownerDocument.createTreeWalker(n, 5); // NodeFilter.SHOW_ELEMENT | SHOW_TEXT
      for (let t = walker.nextNode(); t !== null && budget > 0; t = walker.nextNode()) {
        if (t.nodeType === 3) check(t);
        else element(t);
      }
    }
  }
}

// isControl: a control's own attributes (its value) are the engine's.
function isControl(el) {
  const ln = el.localName;
  return ln === 'input' || ln === 'textarea' || ln === 'select' || ln === 'option';
}

// Elements whose text is no page text: controls hold values already,
// style and script text is never shown as it is.
const SKIP = new Set(['textarea', 'option', 'select', 'style', 'script', 'noscript', 'template']);

// scrubURL is href as the recorder writes it for the page (a snapshot's or
// a navigation's URL): a path segment that holds what was typed within
// URL_ECHO_MS (a search or a name a single-page app puts in its path:
// /search/<what was typed>, /users/<name>) becomes *****, now and in every
// later URL the recorder writes. The engine keeps URL paths in every mode
// (query values and fragments it masks itself); only the recorder knows
// where such a segment came from. Exclusion (excludeUrls) still sees the
// page's own URL.
export function scrubURL(href) {
  const prior = carrying(); // words typed on the tab's last page (carry.js)
  if (!scrubbing() && !prior) return href;
  let u;
  try {
    u = new URL(href);
  } catch {
    return href;
  }
  const path = scrubPath(u.pathname, prior);
  if (path === u.pathname) return href;
  u.pathname = path;
  return u.href;
}

// scrubbing says whether a URL may need scrubbing: something was typed, or
// a path segment was found to hold what was.
export function scrubbing() {
  return typed.size > 0 || text !== '' || typedSegments.size > 0;
}

// scrubLink is the value of attribute name as the recorder writes it: a
// link, a source or a form action whose path holds what was typed (a
// "next page" link of the search, a recent searches list) is scrubbed as
// the page's URL is (scrubURL). Asked only while scrubbing() holds.
export function scrubLink(name, value) {
  // data: and blob: URLs have no path (base64 holds '/' and any letters).
  if (!URL_ATTRS.has(name) || value.length < 3 || /^\s*(data|blob):/i.test(value)) return value;
  let end = value.length;
  const q = value.indexOf('?');
  const h = value.indexOf('#');
  if (q >= 0) end = q;
  if (h >= 0 && h < end) end = h;
  const path = value.slice(0, end);
  const out = scrubPath(path, false, !FETCHED.has(name));
  return out === path ? value : out + value.slice(end);
}

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'cite', 'xlink:href', 'ping']);
// What a replay fetches: a segment that is only a word of what was typed
// ("/img/logo/…" after "logo") is the site's file more often than an echo.
const FETCHED = new Set(['src', 'poster', 'data']);

// scrubPath replaces each segment of path that holds what was typed (and,
// when prior, a word typed on the tab's last page: a form sent by a
// navigation to /thanks/<town>; only the page's own URL, as links and
// sources on it are the site's), or, when words, that is a word of it.
function scrubPath(path, prior = false, words = true) {
  const vals = urlValues();
  if (vals === null && typedSegments.size === 0 && !prior) return path;
  const parts = path.split('/');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].length < 3) continue;
    let seg = parts[i];
    try {
      seg = decodeURIComponent(seg);
    } catch { /* kept as written */ }
    const f = fold(seg);
    if (f.length < 3) continue;
    if (!typedSegments.has(f) && !(vals !== null && vals.some((v) => v.length >= 3 && f.includes(v))) && !(prior && carries(seg)) &&
      !(words && urlWords().has(f))) continue;
    if (typedSegments.size < MAX_SEGMENTS) typedSegments.add(f);
    parts[i] = '*****';
    changed = true;
  }
  return changed ? parts.join('/') : path;
}

// urlValues is values(URL_ECHO_MS), read once a task (a page of links
// written in one task reads the controls once).
function urlValues() {
  if (urlVals === undefined) {
    urlVals = typed.size > 0 || text !== '' ? values(URL_ECHO_MS) : null;
    // as a slug may spell them: "jurgen-muller" for Jürgen Müller
    if (urlVals !== null) urlVals = [...new Set(urlVals.flatMap(spellings))];
    queueMicrotask(() => { urlVals = undefined; });
  }
  return urlVals;
}
let urlVals; // undefined: not read in this task

// urlWords is the set of words (4 letters or more, folded) of the inputs a
// person typed into within URL_ECHO_MS, read once a task: a segment that is
// one of them whole (/directory/Cressida/Tremayne) shows what was typed,
// where a word inside a segment ("rec-frame.html" after "frame") may be the
// site's own.
function urlWords() {
  if (urlWordSet === undefined) {
    urlWordSet = new Set();
    const t = now();
    for (const [el, at] of typed) {
      if (t - at > URL_ECHO_MS || el.localName !== 'input' || !byPerson.has(el)) continue;
      for (const raw of [el.value, typedValue.get(el)]) {
        if (typeof raw !== 'string') continue;
        let n = 0;
        for (const w of raw.slice(0, 256).split(/[^\p{L}\p{N}]+/u)) {
          if (w.length >= 4 && n++ < LATE_WORDS) for (const v of spellings(fold(w))) urlWordSet.add(v);
        }
      }
    }
    queueMicrotask(() => { urlWordSet = undefined; });
  }
  return urlWordSet;
}
let urlWordSet; // undefined: not read in this task

const typedSegments = new Set(); // folded path segments found to hold what was typed
const MAX_SEGMENTS = 256;
