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

// overlayStyles go into every rebuilt document (rrweb's insertStyleRules).
export const overlayStyles = [
  `[${OVERLAY_ATTR}="masked"] { outline: 2px dashed #d08a00 !important; outline-offset: 1px; }`,
  `[${OVERLAY_ATTR}="blocked"] { outline: 3px solid #b00020 !important; ` +
    'background: repeating-linear-gradient(45deg, rgba(176,0,32,.15) 0 8px, transparent 8px 16px) !important; }',
];

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
