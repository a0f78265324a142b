// Page text that a stylesheet draws as discs (-webkit-text-security, or a
// font of discs, set by a rule on a class, an id, an attribute…) is to the
// person reading it hidden: the recorder marks it data-veil-mask, as it
// marks a field drawn so, and the engine masks the text of a marked element
// and of everything under it (the property inherits) in every mode. The
// recorder only marks: it finds, through the CSSOM, the style rules that
// may draw discs, and marks the recorded elements their selectors match
// (querySelectorAll, tree by tree: the document, each shadow root, each
// same-origin frame). It does so at the end of the snapshot and of each
// mutation group, before SnapshotEnd or MutationEnd: the engine decides from
// its mirror there, so the text written earlier in the group goes out
// masked. On a page whose CSS names no way of drawing discs this costs a
// text search of each sheet once, and nothing per node or per batch.
//
// The rules are read generously (a mark too many masks, a mark too few
// leaks): a rule counts whatever its @media, @supports, @container, @layer
// or @scope conditions say and whether its sheet is disabled, and an
// element it matches is marked once its computed style draws discs (so
// that text shown in clear stays recorded until then); a pseudo-element's
// rule marks its element as it matches (::part() its host); a ::slotted()
// rule, or a disc element holding a <slot>, marks the shadow host; a
// selector that cannot be matched marks the whole tree.
//
// What the rules read this way miss — a rule edited in place (rule.style,
// selectorText: the camel-case property setters cannot be wrapped), a name
// spelled with an escape in a <style>'s text (-webkit-text-s\65 curity),
// a cross-origin sheet (unreadable) — is caught where text is written:
// text written after the snapshot (a text changed, a subtree added) has
// its element's computed style read before MutationEnd (textWritten).
//
// Cross-origin sheets: opaque.js.
//
// Not seen: text in the snapshot that a rule edited in place before the
// recorder ran (in a <style> whose text says nothing of discs) draws as
// discs — reading the computed style of every element holding text costs
// ~180 ms on a 10,000-element page (a first getComputedStyle is ~23 µs
// here); @keyframes; a web font of discs under a name that does not say
// so (@font-face { font-family: "Inter Alt" } drawing every glyph as a
// disc).

// Font families that draw discs (node.js drawnAsDiscs reads them too).
export const DISC_FONT = /text.?security|password|dotsfont/i;

// CSS text that may hold a rule drawing discs: the property declared, a
// font of discs declared (font, font-family, a custom property), an
// @import. Text without them is not read further; in text that has them,
// only the rules they are in are read (their CSSOM rules: reading a rule
// costs microseconds). Once a custom property holding a disc font was
// seen, var() counts too (a font named through it).
const DISC_DECL = 'text-security\\s*:|(?:font(?:-family)?|--[\\w-]*)\\s*:[^;{}]*(?:text.?security|password|dotsfont)|@import';
const DISC_TEXT = new RegExp(DISC_DECL, 'i');
const DISC_TEXT_VARS = new RegExp(DISC_DECL + '|var\\(', 'i');
const DISC_TEXT_G = new RegExp(DISC_DECL, 'gi');
const DISC_TEXT_VARS_G = new RegExp(DISC_DECL + '|var\\(', 'gi');

let sheets = new WeakMap(); // CSSStyleSheet -> {n: rule count read, info}
const sheetTexts = new WeakMap(); // sheet -> the CSSOM text the recorder read of it (a <link>'s, a filled <style>'s)
const edited = new WeakSet(); // sheets whose rules were inserted or deleted (ruleEdited)
const trees = new WeakMap(); // tree root -> {version, info}
let version = 1; // bumped at every change that may change a tree's disc rules
let swept = 0; // version of the last full look at every tree
let active = []; // [root, tree info] of the trees with disc rules, at swept
let discVars = false; // a custom property holding a disc font was seen

// stylesChanged is told that a stylesheet may have changed (Mutations.stylesChanged).
export function stylesChanged() { version++; }

// treeAdded is told about a tree (the document, a shadow root, a frame's
// document) the recorder started to observe: its sheets are read at the
// next mark, the other trees' are not read again.
let added = [];
export function treeAdded(root) { added.push(root); }

// noteLinkText keeps the text the recorder read of the sheet of el (a
// <link>, or a <style> filled through the CSSOM: its rules' cssText one
// after the other), so that its rules are read only where that text may
// draw discs.
export function noteLinkText(el, css) {
  const sheet = el.sheet;
  if (sheet && typeof css === 'string') sheetTexts.set(sheet, css);
}

// ruleEdited follows insertRule (op 0) and deleteRule (op 1) on sheet:
// a sheet read before keeps its reading (a rule deleted leaves its
// selectors, which masks more, never less), and an inserted rule is read
// only if its text may draw discs. CSS-in-JS inserting rule after rule
// costs one text search each.
// text: the inserted rule's text (undefined: unreadable).
export function ruleEdited(sheet, op, index, text) {
  edited.add(sheet); // its text no longer says what its rules are
  const e = sheets.get(sheet);
  if (e === undefined) return;
  if (op === 1) {
    e.n--;
    return;
  }
  e.n++;
  if (text !== undefined && !mayDraw(text)) return;
  let rule;
  try {
    rule = sheet.cssRules[index];
  } catch {
    rule = null;
  }
  if (!rule) {
    sheets.delete(sheet); // read again whole
    version++;
    return;
  }
  if (e.info === NONE) e.info = newInfo();
  readRules([rule], null, null, e.info);
  version++;
}

// What opaque.js read of cross-origin sheets, from copies fetched with CORS.
const fetched = new WeakMap(); // sheet -> info

// crossOriginRead, given info, keeps it as what cross-origin sheet draws
// as discs; without, it says whether it has that.
export function crossOriginRead(sheet, info) {
  if (info === undefined) return fetched.has(sheet);
  fetched.set(sheet, info);
  version++;
  return true;
}

// readRulesInto is the disc-rule info of rules (a copy of a sheet).
export function readRulesInto(rules) {
  const info = newInfo();
  readRules(rules, null, null, info);
  return info;
}

function merge(into, from) {
  for (const k of ['sels', 'vars', 'loose']) for (const x of from[k]) into[k].push(x);
  into.host = into.host || from.host;
  into.slotted = into.slotted || from.slotted;
  into.all = into.all || from.all;
}

// forgetSheet drops what was read of sheet (replace, replaceSync).
export function forgetSheet(sheet) {
  sheets.delete(sheet);
  version++;
}

// markPage marks data-veil-mask on the recorded elements that a disc rule
// of their tree matches, in the trees of roots (the observed ones, live),
// with mark(el) for each one not marked yet. When no sheet or tree changed
// since the last call it looks only at the trees that have disc rules; a
// page without any costs one comparison.
export function markPage(roots, live, mark) {
  if (version !== swept) {
    swept = version;
    added = [];
    active = [];
    for (const root of roots) {
      if (!live(root)) continue;
      const info = treeInfo(root);
      if (info !== null) active.push([root, info]);
    }
  } else if (added.length > 0) {
    for (const root of added.splice(0)) {
      if (!live(root) || active.some((a) => a[0] === root)) continue;
      const info = treeInfo(root);
      if (info !== null) active.push([root, info]);
    }
  }
  for (const [root, info] of active) if (live(root)) markTree(root, info, mark);
  if (written.size > 0) {
    const list = written;
    written = new Set();
    for (const el of list) if (el.isConnected) mark(el, false, true);
  }
}

// Elements whose text was written since the last markPage (textWritten).
let written = new Set();

// textWritten is told about a text node written after the snapshot: its
// element's computed style is read at the next markPage, so that rules the
// CSSOM reading misses (see above) cannot draw it as discs unseen. One
// style read per element holding changed text, once per mutation group.
export function textWritten(text) {
  const p = text.parentNode;
  if (p === null || !NOT_BLANK.test(text.data)) return;
  const el = p.nodeType === 11 ? p.host : p;
  if (!el || el.nodeType !== 1) return;
  const ln = el.localName;
  if (ln === 'style' || ln === 'script' || ln === 'textarea') return; // CSS, code, a value
  written.add(el);
}

const NOT_BLANK = /\S/;

// markTree marks what info (a tree's disc rules) matches in tree root:
// mark(el, loose) marks el if it is recorded and not marked yet, and, unless
// loose, if its computed style draws discs now (a rule under @media,
// @container or in a disabled sheet, a :host(.x) rule, counts only while it
// applies; a later batch looks again).
function markTree(root, info, mark) {
  const shadow = root.nodeType === 11;
  const host = shadow ? root.host : null;
  if (info.all) {
    const top = shadow ? host : root.documentElement;
    if (top) mark(top, true);
  }
  if (host) {
    if (info.slotted) mark(host, true);
    else if (info.host) mark(host, false);
  }
  if (info.loose !== '') {
    const list = root.querySelectorAll(info.loose);
    for (let i = 0; i < list.length; i++) mark(list[i], true);
  }
  if (info.sel === '') return;
  const list = root.querySelectorAll(info.sel);
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    // Light children slotted under it inherit its discs: they are the host's in the mirror.
    if (mark(el, false) && host && el.getElementsByTagName('slot').length > 0) mark(host, true);
  }
}

// treeInfo is {sel, loose, host, slotted, all} for the disc rules of tree
// root's sheets (its style sheets and adopted ones), or null when there
// are none: sel, the selectors whose elements are marked while drawn as
// discs; loose, those of pseudo-element rules (marked as they match).
function treeInfo(root) {
  const t = trees.get(root);
  if (t !== undefined && t.version === version) return t.info;
  const sels = new Set();
  const loose = new Set();
  let host = false;
  let slotted = false;
  let all = false;
  const add = (sheet) => {
    const info = sheetInfo(sheet);
    if (info === NONE) return;
    for (const s of info.sels) sels.add(s);
    if (discVars) for (const s of info.vars) sels.add(s);
    for (const s of info.loose) loose.add(s);
    host = host || info.host;
    slotted = slotted || info.slotted;
    all = all || info.all;
  };
  const list = root.styleSheets;
  if (list) for (let i = 0; i < list.length; i++) add(list[i]);
  const adopted = root.adoptedStyleSheets;
  if (adopted) for (let i = 0; i < adopted.length; i++) add(adopted[i]);
  const join = (set) => {
    const sel = [...set].join(',');
    if (sel === '' || valid(root, sel)) return sel;
    // A selector the browser cannot match: the valid ones, and the whole tree.
    all = true;
    return [...set].filter((s) => valid(root, s)).join(',');
  };
  const sel = join(sels);
  const lsel = join(loose);
  const info = sel === '' && lsel === '' && !host && !slotted && !all ? null : { sel, loose: lsel, host, slotted, all };
  trees.set(root, { version, info });
  return info;
}

function valid(root, sel) {
  try {
    (root.ownerDocument || root).createElement('b').matches(sel);
    return true;
  } catch {
    return false;
  }
}

const NONE = { sels: [], vars: [], loose: [], host: false, slotted: false, all: false };

function newInfo() { return { sels: [], vars: [], loose: [], host: false, slotted: false, all: false }; }

function mayDraw(css) {
  return (discVars ? DISC_TEXT_VARS : DISC_TEXT).test(css);
}

// sheetInfo reads the disc rules of sheet, once while its rule count stays
// what was read (insertRule and deleteRule keep it up to date).
function sheetInfo(sheet) {
  let rules;
  try {
    rules = sheet.cssRules;
  } catch {
    return fetched.get(sheet) || NONE; // cross-origin: its copy, if opaque.js fetched one
  }
  if (!rules) return NONE;
  const e = sheets.get(sheet);
  if (e !== undefined && e.n === rules.length) return e.info;
  const owner = sheet.ownerNode;
  let text = sheetTexts.get(sheet);
  let raw = false;
  if (text === undefined && owner && owner.localName === 'style' && owner.firstChild !== null) {
    text = owner.textContent;
    raw = true;
  }
  let info = newInfo();
  if (text === undefined || (raw && edited.has(sheet))) {
    // A constructed sheet, or a <style> whose rules the CSSOM changed: its rules' text.
    readRules(rules, null, null, info, true);
  } else if (!mayDraw(text)) {
    // Rules inserted through the CSSOM before the recorder ran are not in
    // the text: more rules than closing braces says so.
    if (raw && count(text, '}') < rules.length) readRules(rules, null, null, info, true);
  } else {
    // Only the rules where the text may draw discs (and their neighbours,
    // should the text not list the rules as the CSSOM does), when it lists
    // as many; else every rule.
    const ends = ruleEnds(text);
    if (ends === null || ends.length !== rules.length) {
      readRules(rules, null, null, info, true);
    } else {
      const re = discVars ? DISC_TEXT_VARS_G : DISC_TEXT_G;
      re.lastIndex = 0;
      let done = -1;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const k = ruleAt(ends, m.index);
        for (let x = Math.max(k - 1, done + 1); x <= k + 1 && x < rules.length; x++) {
          readRules([rules[x]], null, null, info);
          done = x;
        }
      }
    }
  }
  if (info.sels.length + info.vars.length + info.loose.length === 0 && !info.host && !info.slotted && !info.all) info = NONE;
  sheets.set(sheet, { n: rules.length, info });
  return info;
}

// count counts the times c occurs in s.
function count(s, c) {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

// ruleEnds lists the offset after each top-level rule of CSS text (its
// closing brace), jumping from brace to brace (a loop over every character
// runs in the interpreter at first: 60 ms for 200 kB); null when the text
// has top-level statements (@import, @namespace, @layer a, b;), whose
// ends this does not look for. A brace in a string or a comment leaves
// the list longer or shorter than the CSSOM's, which the caller checks.
function ruleEnds(css) {
  if (/@(?:import|namespace|layer[^{;]*;)/i.test(css)) return null;
  const ends = [];
  let depth = 0;
  let open = css.indexOf('{');
  let close = css.indexOf('}');
  while (close >= 0) {
    if (open >= 0 && open < close) {
      depth++;
      open = css.indexOf('{', open + 1);
    } else {
      if (depth > 0 && --depth === 0) ends.push(close + 1);
      close = css.indexOf('}', close + 1);
    }
  }
  return ends;
}

// A regular expression runs in an interpreter the first time: each is
// run once on nothing here, so that it is compiled before it meets a
// stylesheet.
for (const re of [DISC_TEXT, DISC_TEXT_VARS, DISC_TEXT_G, DISC_TEXT_VARS_G]) {
  re.test('');
  re.lastIndex = 0;
}

// ruleAt is the index of the rule that offset i of the text is in.
function ruleAt(ends, i) {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// readRules adds the disc rules among rules to info: parent is the selector
// of the rule they nest in, scope the start of an @scope they are in (or
// null). filter: the text of each top rule is searched first (a sheet
// whose text the recorder did not read).
function readRules(rules, parent, scope, info, filter = false) {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (filter && !mayDraw(r.cssText)) continue;
    const type = r.type;
    if (type === 1) { // a style rule
      let sel = null; // resolved when needed: reading selectorText costs
      const get = () => (sel === null ? (sel = resolve(r.selectorText, parent, scope, info)) : sel);
      readStyle(r.style, get, info);
      const nested = r.cssRules;
      if (nested && nested.length && get() !== SLOTTED) readRules(nested, sel, null, info);
    } else if (type === 3) { // @import
      let imported = null;
      try {
        imported = r.styleSheet && r.styleSheet.cssRules;
      } catch { // cross-origin: its copy, if opaque.js fetched one
        const f = fetched.get(r.styleSheet);
        if (f !== undefined) merge(info, f);
      }
      if (imported) readRules(imported, null, null, info);
    } else if (type === 5 || type === 6 || type === 7 || type === 10 || type === 11) {
      continue; // @font-face, @page, @keyframes, @namespace, @counter-style
    } else if (r.cssRules) { // @media, @supports, @layer, @container, @scope, @starting-style…
      const sc = 'start' in r ? (r.start || '*') : scope;
      readRules(r.cssRules, parent, sc, info);
    } else if (r.style && parent !== null) { // declarations nested in a style rule
      readStyle(r.style, () => parent, info);
    }
  }
}

// readStyle adds the selector sel() gives ({sel, loose}, resolve) to info
// when style may draw text as discs.
function readStyle(style, get, info) {
  if (!style) return;
  const v = style.getPropertyValue('-webkit-text-security');
  const f = style.getPropertyValue('font-family');
  let list = null;
  if ((v !== '' && v !== 'none' && v !== 'initial') || DISC_FONT.test(f)) list = 'sels';
  else if (f.includes('var(') || style.getPropertyValue('font').includes('var(')) list = 'vars';
  if (list !== null) {
    const sel = get();
    if (sel !== SLOTTED) info[sel.loose ? 'loose' : list].push(sel.sel);
  }
  if (!discVars && style.cssText.includes('--')) {
    for (let i = 0; i < style.length; i++) {
      const p = style[i];
      if (p.startsWith('--') && DISC_FONT.test(style.getPropertyValue(p))) {
        // Fonts named through custom properties count from now on: every sheet is read again.
        discVars = true;
        sheets = new WeakMap();
        version++;
        break;
      }
    }
  }
}

const SLOTTED = { sel: '', loose: true };

// resolve is {sel, loose}: the selector that matches the elements a style
// rule's selector text styles, or their originating element (loose: a
// pseudo-element's rule, whose discs the element's own style does not
// show), given the selector of the rule it nests in (parent, or null) and
// the start of the @scope it is in (or null); SLOTTED for a ::slotted()
// rule (info.slotted is set: the host is marked). A :host rule stays as it is (a shadow
// root's querySelectorAll reads it) and has the host checked too.
function resolve(text, parent, scope, info) {
  if (/::slotted/i.test(text)) {
    info.slotted = true;
    return SLOTTED;
  }
  // A pseudo-element (::before, ::part(), ::first-line…) is drawn with its element.
  let s = text.replace(PSEUDO_ELEMENT, ':is(*)');
  const loose = s !== text || (parent !== null && parent.loose);
  if (parent !== null) {
    const p = ':is(' + parent.sel + ')';
    s = s.includes('&') ? s.split('&').join(p) : p + ' :is(' + s + ')';
  } else if (scope !== null) {
    s = s.replace(/&|:scope(?![\w-])/gi, ':is(' + scope + ')');
  }
  if (/:host/i.test(s)) info.host = true;
  return { sel: s, loose };
}

const PSEUDO_ELEMENT = /::[\w-]+(\((?:[^()]|\([^()]*\))*\))?|:(?:before|after|first-line|first-letter)(?![\w-])/gi;
