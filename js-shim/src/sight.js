// Fields typed into out of sight. Fake PIN and code boxes take what is
// typed in a field the person cannot see and show a dot per character in
// boxes of their own; node.js valueUnseen catches the field made
// transparent by its own style. The field can as well be hidden by what
// holds it: a wrapper of opacity 0 (or filter: opacity(0)), a clip-path or
// clip, a box of no size that clips it, a position off the page or a fixed
// box beyond the viewport, a transform that shrinks it to a speck, a font
// too small to read, text indented out of the field, a transparent iframe;
// and so can an editing host (contenteditable) that takes what is typed.
// Also a field or wrapper all but transparent (opacity 0.02, text of
// alpha 0.03), and text of the colour of the background it is on. To the person typing such a value is hidden, as one drawn as discs is:
// the recorder marks the field data-veil-mask (sticky).
//
// Asked only about the focused field (the one being typed into), so that
// a form in a closed tab, a later wizard step or a fading-in dialog keeps
// the values scripts put into it, and so that the layout read costs one
// field per value written, never a walk of the page.

// A box or a font smaller than this (CSS px) shows no readable character.
const MIN_SEEN = 4;

// outOfSight says whether el, a text field, is focused and drawn so that
// what it holds cannot be seen (see above). Reads el's own style at every
// call, and what holds it and the layout only when the last look may be
// out of date (seen).
export function outOfSight(el) {
  if (!focused(el)) return false;
  const doc = el.ownerDocument;
  const win = doc && doc.defaultView;
  if (!win) return false;
  const cs = styleOf(win, el);
  if (parseFloat(cs.fontSize) < MIN_SEEN) return true;
  const c = cs.getPropertyValue('-webkit-text-fill-color') || cs.color;
  if (alpha(c) < MIN_ALPHA) return true;
  if (cs.visibility !== 'visible' || parseFloat(cs.opacity) < MIN_ALPHA) return true;
  if (seen.el === el && seen.gen === gen && performance.now() - seen.at < SEEN_MS) return false;
  if (sameAsBackground(win, el, c) || styleUp(el, win) || boxHidden(el, win, cs)) return true;
  seen.el = el;
  seen.gen = gen;
  seen.at = performance.now();
  return false;
}

// A field found in sight is looked at again (what holds it, its boxes) at
// a later keystroke only when something that may hide it happened since,
// or SEEN_MS after the last look: a look walks every level above the
// field (~10 style reads a level) and reads its boxes, which forces a
// layout that, after a value was set, the frame would not have needed so
// soon (the browser bench's typing into a focused field: ~0.45 ms a
// keystroke on a 10,000-node page, three times the rest of the recorder's
// work). sightChanged bumps gen at what the recorder sees that may hide
// or move a box: a mutation record, a stylesheet added, edited through
// insertRule/deleteRule, replaced or adopted, a scroll, a resize, a load,
// a font loaded, a CSS animation or transition event, pointer movement
// (:hover), focus moving. What it cannot see — a rule edited in place
// (rule.style.x = …) on what holds the field, an animation started by
// script, a box scrolled by script — is seen at the first keystroke
// SEEN_MS after the last look; the field's own style is read at every
// keystroke. A person types a key every 100 ms or more: at their pace
// every keystroke gets a look; a script setting values in a loop gets one
// per SEEN_MS.
let gen = 0;
const seen = { el: null, gen: -1, at: 0 };
const SEEN_MS = 100;

// sightChanged is told that something may have moved or hidden a box.
export function sightChanged() { gen++; }

// styleUp says whether a style of what holds el (up the flat tree and out
// of same-origin frames) hides it without moving it: an opacity of all
// levels multiplied below MIN_ALPHA, filter: opacity(0), a frame's
// visibility.
function styleUp(el, win) {
  let n = el;
  let w = win;
  for (let hops = 0; n !== null && hops < MAX_FRAMES; hops++) {
    // Its own visibility (inherited, and overridable below a hidden
    // wrapper), as checkVisibility({visibilityProperty}) reads it; that call
    // would bring the layout up to date first (~80 µs after a value was set).
    if (styleOf(w, n).visibility !== 'visible') return true;
    let opacity = 1;
    for (let m = n; m !== null; m = flatParent(m)) {
      const s = styleOf(w, m);
      if (ZERO_OPACITY.test(s.filter)) return true;
      opacity *= parseFloat(s.opacity);
      if (opacity < MIN_ALPHA) return true; // all but transparent: 0.02 on a wrapper
    }
    const frame = frameOf(w);
    if (frame === null) break;
    n = frame;
    w = frame.ownerDocument.defaultView;
    if (!w) break;
  }
  return false;
}

// boxHidden says whether el's box, clipped by what holds it, is too small
// or too far out to show what it holds. Reads layout.
function boxHidden(el, win, cs) {
  const r = el.getBoundingClientRect();
  const indent = parseFloat(cs.textIndent);
  if (indent <= -r.width || indent >= r.width) return true;
  let box = { l: r.left, t: r.top, r: r.right, b: r.bottom };
  // Up the flat tree, across shadow hosts and out of same-origin frames:
  // each level may clip what it holds.
  let n = el;
  let w = win;
  for (let hops = 0; n !== null && hops < MAX_FRAMES; hops++) {
    box = clipUp(n, w, box);
    if (box === null) return true;
    // Into the document that holds the frame: the box in its coordinates.
    const frame = frameOf(w);
    if (frame === null) break;
    const fr = frame.getBoundingClientRect();
    const dx = fr.left + frame.clientLeft;
    const dy = fr.top + frame.clientTop;
    // What the frame shows is clipped to it.
    box = meet({ l: box.l + dx, t: box.t + dy, r: box.r + dx, b: box.b + dy },
      { l: dx, t: dy, r: dx + frame.clientWidth, b: dy + frame.clientHeight });
    n = frame;
    w = frame.ownerDocument.defaultView;
    if (!w) break;
  }
  return false;
}

const MAX_FRAMES = 8;

// editedOutOfSight says whether el holds text edited in the focused editing
// host of its tree (a contenteditable), and that host is out of sight.
export function editedOutOfSight(el) {
  const root = el.getRootNode();
  const f = root !== null ? root.activeElement : null;
  return f != null && f.isContentEditable && f.contains(el) && outOfSight(f);
}

// clipUp clips box (client coordinates of window w) by el and every
// ancestor of el in its document (across shadow roots): null when what is
// left is too small to show a character. (What hides a level whole, its
// opacity or filter, styleUp reads.)
function clipUp(el, w, box) {
  let fixed = false;
  for (let n = el; n !== null; n = flatParent(n)) {
    const s = styleOf(w, n);
    // Overflow clips what it holds, not the box itself; what a fixed box
    // holds escapes the overflow of those above it.
    const overflow = n !== el && !fixed && (s.overflowX !== 'visible' || s.overflowY !== 'visible');
    const clip = s.clip !== 'auto' && s.clip !== '';
    if (s.clipPath !== 'none' || clip || overflow) { // a level that clips: its box is read
      const rect = n.getBoundingClientRect();
      if (s.clipPath !== 'none') {
        const c = clipPathBox(s.clipPath, rect);
        if (c === null) return null;
        box = meet(box, c);
      }
      if (clip) box = meet(box, clipRect(s.clip, rect));
      if (overflow) box = meet(box, { l: rect.left, t: rect.top, r: rect.right, b: rect.bottom });
    }
    if (s.position === 'fixed') fixed = true;
    if (box.r - box.l < MIN_SEEN || box.b - box.t < MIN_SEEN) return null;
  }
  // The page cannot be scrolled to left of or above its origin; a fixed
  // box shows only in the viewport.
  const sx = w.scrollX;
  const sy = w.scrollY;
  if (box.r + sx <= 0 || box.b + sy <= 0) return null;
  if (fixed) box = meet(box, { l: 0, t: 0, r: w.innerWidth, b: w.innerHeight });
  if (box.r - box.l < MIN_SEEN || box.b - box.t < MIN_SEEN) return null;
  return box;
}

// The live computed style of each element asked about: a first
// getComputedStyle of an element costs ~20 µs, a read of a kept one ~1 µs,
// and the same field and its ancestors are asked at every keystroke.
const styles = new WeakMap();

function styleOf(w, el) {
  let s = styles.get(el);
  if (s === undefined) {
    s = w.getComputedStyle(el);
    styles.set(el, s);
  }
  return s;
}

// Below this opacity (of the field and what holds it multiplied, or of
// its text colour) what is typed cannot be read.
const MIN_ALPHA = 0.1;

// alpha is the alpha of a computed colour (rgb(), rgba(), or a colour
// function with "/ a"); 1 when it says none.
function alpha(c) {
  if (c === 'transparent') return 0;
  let m = /\/\s*([\d.]+)(%?)\s*\)$/.exec(c);
  if (m === null) m = /^rgba\([^,]*,[^,]*,[^,]*,\s*([\d.]+)(%?)\s*\)$/.exec(c);
  if (m === null) return 1;
  return m[2] === '%' ? parseFloat(m[1]) / 100 : parseFloat(m[1]);
}

// sameAsBackground says whether text of colour c in el is drawn on a
// background of nearly that colour (white on white): the nearest opaque
// background colour of el or what holds it, within its document. Colours
// not written as rgb() are not compared.
function sameAsBackground(w, el, c) {
  const fg = rgb(c);
  if (fg === null) return false;
  for (let n = el; n !== null; n = flatParent(n)) {
    const s = styleOf(w, n);
    if (s.backgroundImage !== 'none') return false; // drawn on an image: not compared
    const bg = s.backgroundColor;
    if (alpha(bg) < 0.9) continue;
    const b = rgb(bg);
    return b !== null && Math.abs(b[0] - fg[0]) + Math.abs(b[1] - fg[1]) + Math.abs(b[2] - fg[2]) < SAME_COLOUR;
  }
  return false;
}

// Colours closer than this (sum of the channel differences, of 765) are
// one colour to the eye.
const SAME_COLOUR = 16;

function rgb(c) {
  const m = /^rgba?\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(c);
  return m === null ? null : [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3])];
}

// filter: opacity(0) (or 0%) anywhere in the filter list.
const ZERO_OPACITY = /opacity\(\s*0*(\.0*)?%?\s*\)/;

function meet(a, b) {
  return { l: Math.max(a.l, b.l), t: Math.max(a.t, b.t), r: Math.min(a.r, b.r), b: Math.min(a.b, b.b) };
}

function flatParent(n) {
  const p = n.parentNode;
  if (p === null) return null;
  if (p.nodeType === 11) return p.host || null;
  return p.nodeType === 1 ? p : null;
}

function frameOf(w) {
  try {
    return w.frameElement || null;
  } catch {
    return null; // a cross-origin parent: not recorded beyond this frame
  }
}

function focused(el) {
  const root = el.getRootNode();
  return root !== null && root.activeElement === el;
}

// clipPathBox is the box (client coordinates) a computed clip-path keeps
// of rect (the border box, its reference box by default), or null when it
// keeps nothing. inset(), circle(), ellipse(), polygon() are measured; a
// shape not measured here (url(), path(), shape()) counts as hiding.
function clipPathBox(v, rect) {
  const m = /^(inset|circle|ellipse|polygon|rect|xywh)\((.*)\)/.exec(v);
  if (m === null) return null;
  const w = rect.width;
  const h = rect.height;
  const len = (t, of) => (t.endsWith('%') ? (parseFloat(t) / 100) * of : parseFloat(t) || 0);
  const args = m[2].split(/\s+round\s+|\s+at\s+/)[0];
  if (m[1] === 'inset') {
    const p = args.trim().split(/\s+/);
    const top = len(p[0], h);
    const right = len(p[1] || p[0], w);
    const bottom = len(p[2] || p[0], h);
    const left = len(p[3] || p[1] || p[0], w);
    return { l: rect.left + left, t: rect.top + top, r: rect.right - right, b: rect.bottom - bottom };
  }
  if (m[1] === 'circle' || m[1] === 'ellipse') {
    const p = args.trim().split(/\s+/);
    if (p[0] === '' || /^(closest|farthest)/.test(p[0])) return { l: rect.left, t: rect.top, r: rect.right, b: rect.bottom };
    const rx = len(p[0], m[1] === 'circle' ? Math.hypot(w, h) / Math.SQRT2 : w);
    const ry = m[1] === 'circle' ? rx : len(p[1] || p[0], h);
    if (rx * 2 < MIN_SEEN || ry * 2 < MIN_SEEN) return null;
    return { l: rect.left, t: rect.top, r: rect.right, b: rect.bottom };
  }
  if (m[1] === 'polygon') {
    let l = Infinity;
    let t = Infinity;
    let r = -Infinity;
    let b = -Infinity;
    for (const pt of args.replace(/^\s*(nonzero|evenodd)\s*,/, '').split(',')) {
      const [x, y] = pt.trim().split(/\s+/);
      const px = len(x || '0', w);
      const py = len(y || '0', h);
      l = Math.min(l, px);
      r = Math.max(r, px);
      t = Math.min(t, py);
      b = Math.max(b, py);
    }
    return { l: rect.left + l, t: rect.top + t, r: rect.left + r, b: rect.top + b };
  }
  return null;
}

// clipRect is the box clip: rect(top, right, bottom, left) keeps of rect.
function clipRect(v, rect) {
  const m = /^rect\((.*)\)$/.exec(v);
  if (m === null) return { l: rect.left, t: rect.top, r: rect.right, b: rect.bottom };
  const p = m[1].split(/\s*,\s*|\s+/);
  const at = (i, dflt) => (p[i] === undefined || p[i] === 'auto' ? dflt : parseFloat(p[i]));
  return {
    l: rect.left + at(3, 0),
    t: rect.top + at(0, 0),
    r: rect.left + at(1, rect.width),
    b: rect.top + at(2, rect.height),
  };
}
