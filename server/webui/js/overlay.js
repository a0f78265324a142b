// The "show masking" overlay outlines, in the replayed page, what the rules
// masked or blocked, so that a privacy team can see where its rules apply.
// It works from what the replay shows, not from the rules: masked text is
// text of only "*" and whitespace, masked values and attributes are "*****",
// blocked elements carry the marker prepare.js set from needBlock.

import { BLOCKED_ATTR } from './prepare.js';

export const OVERLAY_ATTR = 'data-veil-overlay';
export const MASKED_VALUE = '*****';

const maskedText = /^[\s*]*\*[\s*]*$/;
// What the PII detectors masked inside text kept in clear (block-list page
// text, URL paths, identifiers): a run of '*' as long as the shortest match
// (six digits); counted as masked too.
const detected = /\*{6,}/;

// Masked media arrive as same-size placeholders, flagged needBlock like a
// blocked element: the overlay counts them as masked (an image blocked by a
// rule naming the image itself looks the same).
const MEDIA = new Set(['img', 'video', 'audio', 'canvas', 'picture', 'embed', 'object', 'iframe']);

const MEDIA_LIST = Array.from(MEDIA).join(',');
const STRIPES = 'repeating-linear-gradient(45deg, rgba(176,0,32,.15) 0 8px, transparent 8px 16px)';
const HATCH = 'repeating-linear-gradient(45deg, #6b7280 0 2px, #fff 2px 4px)';

// STATE_ATTR marks a checkbox, radio button or select whose state the
// replay does not know (masked): drawn hatched, never as "unticked".
export const STATE_ATTR = 'data-veil-state';

// overlayStyles go into every rebuilt document (rrweb's insertStyleRules).
// A blocked element is always drawn as a striped placeholder over its box;
// one blocked only at playback keeps its masked subtree for the layout,
// hidden under the stripes.
export const overlayStyles = [
  `[${OVERLAY_ATTR}="masked"] { outline: 2px dashed #d08a00 !important; outline-offset: 1px; }`,
  `[${OVERLAY_ATTR}="blocked"] { outline: 3px solid #b00020 !important; }`,
  `[${BLOCKED_ATTR}]:not(${MEDIA_LIST}) { background: ${STRIPES} !important; color: transparent !important; }`,
  `[${BLOCKED_ATTR}]:not(${MEDIA_LIST}) * { visibility: hidden !important; }`,
  `input[${STATE_ATTR}] { appearance: none !important; width: 13px; height: 13px; border: 1px solid #4b5563 !important; background: ${HATCH} !important; }`,
  `input[type="radio" i][${STATE_ATTR}] { border-radius: 50%; }`,
  `select[${STATE_ATTR}] { background: ${HATCH} !important; color: transparent !important; }`,
];

// stateUnknown: a checkable control whose checked state the masking did
// not send (a revealed one keeps its checked attribute and its value in
// clear), or a select whose options are masked.
function stateUnknown(el) {
  const tag = el.tagName.toLowerCase();
  if (tag === 'select') return isMaskedControl(el);
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (tag !== 'input' || (type !== 'checkbox' && type !== 'radio')) return false;
  if (el.checked || el.hasAttribute('checked')) return false;
  const v = el.getAttribute('value');
  return v === null || v === '' || v === MASKED_VALUE || el.value === MASKED_VALUE;
}

function isMaskedControl(el) {
  const tag = el.tagName.toLowerCase();
  if (tag === 'input' || tag === 'textarea') return el.value === MASKED_VALUE || el.getAttribute('value') === MASKED_VALUE;
  if (tag === 'select') return Array.from(el.options).some((o) => maskedText.test(o.text) || o.value === MASKED_VALUE);
  return false;
}

function hasMaskedAttribute(el) {
  for (const a of el.attributes) {
    if ((a.value === MASKED_VALUE || detected.test(a.value)) && a.name !== OVERLAY_ATTR) return true;
  }
  return false;
}

// mark sets or clears the overlay marks in doc and keeps rebuilt controls
// from autofilling; it returns the counts of marked elements.
export function mark(doc, on) {
  const counts = { masked: 0, blocked: 0 };
  if (!doc || !doc.body) return counts;
  for (const el of doc.querySelectorAll('input, textarea, select, form')) {
    if (el.getAttribute('autocomplete') !== 'off') el.setAttribute('autocomplete', 'off');
    if (el.tagName.toLowerCase() === 'form') continue;
    if (stateUnknown(el)) { if (!el.hasAttribute(STATE_ATTR)) el.setAttribute(STATE_ATTR, 'masked'); } else el.removeAttribute(STATE_ATTR);
  }
  for (const el of doc.querySelectorAll(`[${OVERLAY_ATTR}]`)) el.removeAttribute(OVERLAY_ATTR);
  if (!on) return counts;
  const found = new Map();
  for (const el of doc.body.querySelectorAll(`[${BLOCKED_ATTR}]`)) {
    found.set(el, MEDIA.has(el.tagName.toLowerCase()) ? 'masked' : 'blocked');
  }
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (el && !found.has(el) && (maskedText.test(t.data) || detected.test(t.data))) found.set(el, 'masked');
  }
  for (const el of doc.body.querySelectorAll('*')) {
    if (!found.has(el) && (isMaskedControl(el) || hasMaskedAttribute(el))) found.set(el, 'masked');
  }
  for (const [el, kind] of found) {
    if (el.parentElement && el.parentElement.closest(`[${BLOCKED_ATTR}]`)) continue; // the block says it
    el.setAttribute(OVERLAY_ATTR, kind);
    counts[kind]++;
  }
  return counts;
}
