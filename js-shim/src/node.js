// Writing one DOM node as a Node op, and the rules for what a node's
// recorded children are. Shared by the snapshot walk and the mutation
// observer so that both describe a node the same way capture.FromHTML does.
import { OP, KIND } from './rawwriter.js';
import { DISC_FONT, noteLinkText } from './discs.js';
import { outOfSight } from './sight.js';
import { scrubbing, scrubLink } from './echo.js';
import { carried, ownTextCarries } from './carry.js';

const SVG = 'http://www.w3.org/2000/svg';
const MATHML = 'http://www.w3.org/1998/Math/MathML';

// Only these are measured (capture/doc.go): placeholders need their size.
const MEASURED = new Set(['img', 'video', 'iframe', 'canvas', 'embed', 'object']);

export function kindOf(node) {
  switch (node.nodeType) {
    case 9: return KIND.Document;
    case 10: return KIND.Doctype;
    case 1: return KIND.Element;
    case 3: return KIND.Text;
    case 4: return KIND.CDATA;
    case 8: return KIND.Comment;
    case 11: return node.host ? KIND.ShadowRoot : -1;
    default: return -1;
  }
}

// recordable says whether node belongs in the mirror at all: processing
// instructions and detached fragments do not.
export function recordable(node) {
  return kindOf(node) >= 0;
}

// capture.MaxAttrs; and a budget for one element's attribute values, so
// that a single node always fits in a batch (capture.MaxBatchBytes is 8 MiB).
const MAX_ATTRS = 1024;
const NODE_VALUE_BYTES = 4 << 20;

// isBlocked says whether the rules block el, so that its placeholder needs a
// size: a data-veil-block attribute (hasBlockAttr, seen while the
// attributes were read) or the configuration's block selectors (sel).
function isBlocked(el, hasBlockAttr, sel) {
  if (hasBlockAttr) return true;
  if (!sel) return false;
  try {
    return el.matches(sel);
  } catch {
    return false;
  }
}

// linkCSS is the text of a same-origin stylesheet <link>, so that a replay
// keeps its styling after the site changed; null when there is nothing to
// inline (not a stylesheet, not loaded, cross-origin, or empty).
export function linkCSS(el) {
  const rules = sheetRules(el);
  if (rules === null) return null;
  let css = '';
  for (let i = 0; i < rules.length; i++) css += rules[i].cssText;
  return css;
}

// sheetRules is the rule list of a same-origin stylesheet <link>, or null
// (not a stylesheet, not loaded, cross-origin, or empty).
export function sheetRules(el) {
  if (el.localName !== 'link' || !el.sheet || !/(^|\s)stylesheet(\s|$)/i.test(el.rel)) return null;
  let rules;
  try {
    rules = el.sheet.cssRules;
  } catch {
    return null; // cross-origin
  }
  return rules && rules.length ? rules : null;
}

// The stylesheets whose rules a script changed while the recorder ran
// (hooks.js): what a <link> of one inlines is the page's own writing
// (CSS-in-JS filling an empty site sheet), not the site-wide resource whose
// selectors the engine keeps names for, so it goes with SHEET_EDITED_ATTR
// (capture.SheetEditedAttr) and its names map as a <style>'s.
const editedSheets = new WeakSet();
export const SHEET_EDITED_ATTR = 'data-veil-sheet-edited';
export function markSheetEdited(sheet) {
  if (sheet) editedSheets.add(sheet);
}
export function sheetEdited(el) {
  const s = el.sheet;
  return !!s && editedSheets.has(s);
}

// A <link> whose rules go as the site's sheet also goes with its sheet's
// URL (capture.SheetURLAttr): the engine's worker fetches it again and the
// engine keeps the sheet's names only if that text names them too, since a
// script may have edited the sheet before the recorder's hooks were there.
// The URL is noted on writer w for the worker (pipeline.js); null when the
// sheet is the page's writing anyway (edited, or made from a blob: or data:
// URL: masking/site_sheet.go).
export const SHEET_URL_ATTR = 'data-veil-sheet-url';
export function sheetURL(w, el) {
  const url = el.sheet.href;
  if (sheetEdited(el) || typeof url !== 'string' || !/^https?:/.test(url)) return null;
  w.sheets.push(url);
  return url;
}

// isSheetAttr reports whether an attribute name is one the recorder writes
// a <link>'s inlined sheet under, or its URL (any case: setAttributeNS
// keeps it).
export function isSheetAttr(name) {
  const n = name.length;
  return (n === 8 && name.charCodeAt(0) === 95 && name.toLowerCase() === '_csstext') ||
    (n === 19 && name.charCodeAt(0) !== 95 && name.toLowerCase() === SHEET_URL_ATTR);
}

// writeNode writes `Node id parent next node`; the caller assigns the id.
// blockSel is the configuration's block selector list ('' for none): blocked
// elements are measured for their placeholder. kind may be passed when the
// caller already knows it, and css, a <link>'s sheet text (null for none),
// when the caller read it already.
export function writeNode(w, id, parentId, nextId, node, blockSel = '', kind = kindOf(node), css = undefined) {
  w.op(OP.Node);
  w.uvarint(id);
  w.uvarint(parentId);
  w.uvarint(nextId);
  w.byte(kind);
  switch (kind) {
    case KIND.Doctype:
      if (standardsQuirky(node)) {
        w.str('html'); w.str(''); w.str('');
      } else {
        w.str(node.name); w.str(forcedQuirks(node) ? FORCED_QUIRKS_PUBLIC_ID : node.publicId); w.str(node.systemId);
      }
      break;
    case KIND.Element:
      writeElement(w, node, blockSel, css);
      break;
    case KIND.Text:
    case KIND.CDATA:
    case KIND.Comment:
      w.str(node.data);
      break;
  }
}

// writeElement reads attributes with getAttributeNames and getAttribute:
// the attributes collection makes an Attr object for every attribute of
// every element, which on a large page costs more than the whole walk.
function writeElement(w, node, blockSel, css) {
  const nsURI = node.namespaceURI;
  w.byte(nsURI === SVG ? 1 : nsURI === MATHML ? 2 : 0);
  const ln = node.localName;
  w.str(ln);
  if (css === undefined) css = ln === 'link' ? linkCSS(node) : null;
  if (css !== null) noteLinkText(node, css); // read for discs only if it may draw them (discs.js)
  let hasBlockAttr = false;
  const names = node.hasAttributes() ? node.getAttributeNames() : NO_NAMES;
  // The root element of a document in designMode is an editing host that
  // no attribute names: it gets contenteditable, so that the engine masks
  // what it holds (a draft loaded into an editor) as typed.
  // A control a stylesheet draws as discs gets data-veil-mask (textSecured).
  const control = (ln === 'input' || ln === 'textarea' || ln === 'select') && nsURI !== SVG && nsURI !== MATHML;
  // So does an element the recorder found edited with no attribute saying
  // so (mutations.js markEditing): a fresh snapshot, which reads the
  // markup, would else write what was typed there as page text.
  // And a form-associated custom element: a control whose content shows
  // what was chosen or typed (formAssociated).
  // And an element that takes keys itself while it is being typed into
  // (keyedNow): the batch that would mark it may be held until the walk ends.
  const keyed = !control && keyedNow(node);
  if (keyed) markEdited(node);
  // And an element whose own text shows a word typed on the tab's last
  // page (carry.js): a form sent by a navigation, answered by this page.
  if (!control && !keyed && carried() && ownTextCarries(node)) markEdited(node);
  const design = ((ln === 'html' && node.ownerDocument.designMode === 'on') || (anyEdited && !control && editedSet.has(node)) ||
    (ln.includes('-') && formAssociated(node))) && !node.hasAttribute('contenteditable');
  // So does an editing host drawn as discs (what is typed there is an input value).
  // Once marked, always marked ("was drawn as discs" is sticky, as "was a
  // password" is): a field whose discs a "show" button took away keeps its
  // mark in a fresh snapshot, and so does a node written again.
  const editable = !control && names.length > 0 && names.includes('contenteditable');
  if (editable) anyEditable = true;
  if (control && ln === 'textarea') anyTextarea = true;
  const secured = (anySecured && isMarkedSecured(node) && !node.hasAttribute(MASK_ATTR)) ||
    (control ? ln !== 'select' && textSecured(node) : editable && hostSecured(node));
  if (secured) markSecured(node);
  const label = control ? forLabelText(node) : null;
  const frame = ln === 'iframe' && nsURI === HTML_NS ? frameURL(node) : null;
  const edited = css !== null && sheetEdited(node);
  const url = css !== null && !edited ? sheetURL(w, node) : null;
  const extra = (design ? 1 : 0) + (secured ? 1 : 0) + (label === null ? 0 : 1) + (frame === null ? 0 : 1) + (edited ? 1 : 0) +
    (url === null ? 0 : 1);
  const limit = MAX_ATTRS - (css === null ? 0 : 1) - extra;
  const n = names.length < limit ? names.length : limit;
  if (n < names.length) w.truncated++;
  // An attribute of the page's own named as the recorder's inlined sheet
  // (<link _csstext=".jane-doe{}">, set in markup or by a script) would
  // pass for a site-wide sheet, whose names the engine keeps in clear: it
  // is never sent.
  let own = 0;
  for (let i = 0; i < n; i++) if (isSheetAttr(names[i])) own++;
  w.uvarint(n - own + (css === null ? 0 : 1) + extra);
  const start = w.size;
  const scrub = n > 0 && scrubbing(); // links whose path holds what was typed (echo.js)
  for (let i = 0; i < n; i++) {
    const name = names[i];
    if (own > 0 && isSheetAttr(name)) continue;
    let value = node.getAttribute(name);
    // getAttribute lowercases the name on HTML elements, so a name set with
    // setAttributeNS in upper case is not found by it: read that one the
    // slow way. (Two attributes with the same qualified name, possible only
    // through setAttributeNS, read as the first of them.)
    if (value === null) value = node.attributes[i].value;
    if (name === 'data-veil-block') hasBlockAttr = true;
    w.str(name);
    if (w.size - start < NODE_VALUE_BYTES) {
      w.str(scrub ? scrubLink(name, value) : value);
    } else {
      w.str('');
      w.truncated++;
    }
  }
  if (design) {
    w.str('contenteditable');
    w.str('true');
  }
  if (secured) {
    w.str(MASK_ATTR);
    w.str('');
  }
  if (label !== null) {
    w.str('data-veil-label');
    w.str(label);
  }
  if (frame !== null) {
    w.str(FRAME_URL_ATTR);
    w.str(frame);
    reportedFrameURLs.set(node, frame);
  }
  if (edited) {
    w.str(SHEET_EDITED_ATTR);
    w.str('');
  }
  if (url !== null) {
    w.str(SHEET_URL_ATTR);
    w.str(url);
  }
  if (css !== null) {
    w.str('_cssText');
    w.str(w.size - start < NODE_VALUE_BYTES ? css : '');
  }
  if (MEASURED.has(ln) || isBlocked(node, hasBlockAttr, blockSel)) {
    if (w.later !== null) {
      // Outside a snapshot the page just changed and layout is stale:
      // measured once per frame, never inside a MutationObserver callback.
      w.later.push(node, w.size);
      w.uvarint3(0);
      w.uvarint3(0);
    } else {
      const r = node.getBoundingClientRect();
      w.uvarint(Math.round(r.width));
      w.uvarint(Math.round(r.height));
    }
  } else {
    w.byte(0);
    w.byte(0);
  }
}

const NO_NAMES = [];

const MASK_ATTR = 'data-veil-mask';

// styleNamesIt: a style attribute the engine itself reads as drawing discs
// (rules/index.go styleHidesText: it names text-security or password, or
// holds an escape), so that a snapshot of it equals capture.FromHTML's.
function styleNamesIt(style) {
  return style !== null && (/text-security|password/i.test(style) || style.includes('\\'));
}

// textSecured says whether a stylesheet draws the value of control el as
// discs (-webkit-text-security, or a font of discs), as sites do to keep
// password managers away from a field: to the person typing it is a
// password field, so the recorder marks it data-veil-mask and the engine
// never reveals it, whatever the rules allow. (A style attribute that names
// the property the engine reads itself.) Asked for input and textarea
// elements only, when written and when their class, style or type changes
// (a style lookup, which may recalculate style); a control already marked
// needs no second mark. So is a field whose value the page does not draw
// at all (valueUnseen).
export function textSecured(el) {
  return discsUnknown(el) && (drawnAsDiscs(el) || valueUnseen(el));
}

// valueUnseen says whether the page draws the value of text control el so
// that the person typing cannot see it: the field fully transparent
// (opacity 0) or its text of a transparent colour. Fake PIN and code boxes
// are made so: an invisible field takes what is typed and the page shows
// dots (or each digit for a moment) in boxes of its own. To the person it
// is a hidden value, as one drawn as discs is. Read from the computed
// style drawnAsDiscs just read (two more properties); text-entry inputs
// and textareas only (a custom checkbox or file button is often
// transparent, and holds nothing typed). A focused field hidden otherwise
// (by what holds it, its size, place or font) too: sight.js.
function valueUnseen(el) {
  if (el.localName === 'input' && !TEXT_ENTRY.has(el.type)) return false;
  const cs = computed.get(el);
  if (cs === undefined) return false;
  return cs.opacity === '0' || CLEAR.test(cs.getPropertyValue('-webkit-text-fill-color') || cs.color) || outOfSight(el);
}

const TEXT_ENTRY = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number']);
const CLEAR = /^transparent$|^rgba\([^,]*,[^,]*,[^,]*,\s*0(\.0*)?\)$|\/\s*0(\.0*)?\)$/; // alpha 0

// discsUnknown says whether only the computed style can tell whether text
// control el is drawn as discs: not a password field (drawn so by the
// browser's own style, and on the floor by its type), not marked, and
// without a style attribute the engine reads itself.
export function discsUnknown(el) {
  return el.type !== 'password' && !el.hasAttribute(MASK_ATTR) && !styleNamesIt(el.getAttribute('style'));
}

// drawnAsDiscs says whether the computed style of el draws its text as
// discs: -webkit-text-security (inherited: an ancestor's class or style,
// a sibling's state a rule names, :focus, :has(), a media or container
// query, a CSSOM edit all reach it) or a font of discs. One style lookup,
// which recalculates style if the page changed it since the last frame.
// once: el is asked about once (an element whose text was written), so its
// declaration is not kept: keeping thousands of them (a list rendered)
// costs more than it saves (~2 µs an element) and holds their memory.
export function drawnAsDiscs(el, once = false) {
  let cs = computed.get(el);
  if (cs === undefined) {
    const view = el.ownerDocument.defaultView;
    if (!view) return false;
    cs = view.getComputedStyle(el);
    if (!once) computed.set(el, cs);
  }
  const v = cs.getPropertyValue('-webkit-text-security');
  // Where the property is missing (Firefox before 2024), sites draw the
  // discs with a font of them (the text-security fonts, "password" fonts,
  // dotsfont).
  return (v !== '' && v !== 'none') || DISC_FONT.test(cs.fontFamily);
}

// The live computed-style declaration of each element asked about: making
// one costs more than reading two properties of it.
const computed = new WeakMap();

// hostSecured says whether el, an element with a contenteditable
// attribute, is an editing host that the page draws as discs and that is
// not marked yet.
export function hostSecured(el) {
  return el.namespaceURI === HTML_NS && editableHost(el) && !el.hasAttribute(MASK_ATTR) && drawnAsDiscs(el);
}

// editableHost: el's contenteditable attribute makes it an editing host
// (as the engine reads it, rules.EditableValue).
export function editableHost(el) {
  const v = el.getAttribute('contenteditable');
  if (v === null) return false;
  const t = v.trim().toLowerCase();
  return t === '' || t === 'true' || t === 'plaintext-only';
}

// forcedQuirks: the DOCTYPE of a document in quirks mode, which only
// compatMode shows for sure: a malformed one (<!DOCTYPE html lang=en>,
// <!DOCTYPE html PUBLIC>) has the name html and empty identifiers, as a
// well-formed one's are, and one a script put into a quirks-mode page
// (<!DOCTYPE html SYSTEM "about:legacy-compat">) may have any identifiers,
// while the mode stays. Such a DOCTYPE named html is written with a public
// identifier that selects quirks mode by itself (capture.ForcedQuirksPublicID),
// so that the engine matches class and id selectors as the browser does:
// a mask rule .Secret must mask class="secret" there. (A DOCTYPE of another
// name selects quirks mode already.)
function forcedQuirks(node) {
  const doc = node.parentNode;
  return doc !== null && doc.nodeType === 9 && doc.compatMode === 'BackCompat' && node.name.toLowerCase() === 'html';
}

const FORCED_QUIRKS_PUBLIC_ID = 'HTML';

// standardsQuirky: the DOCTYPE of a document in no-quirks or limited-quirks
// mode (compatMode CSS1Compat) that the engine might read as selecting
// quirks mode: a script replaced the page's DOCTYPE after parsing
// (document.doctype.replaceWith(createDocumentType('html', '-//W3C//DTD
// HTML 3.2 Final//EN', ''))) and the mode stayed. The engine, matching
// class and id selectors case-insensitively, would reveal in allow-list
// what the browser's .Pub and #Head never match (class="pub"). Such a
// DOCTYPE is written as <!DOCTYPE html>, the mode the browser has; any
// other is written as it is.
function standardsQuirky(node) {
  const doc = node.parentNode;
  if (doc === null || doc.nodeType !== 9 || doc.compatMode !== 'CSS1Compat') return false;
  return quirksDoctype(node.name, node.publicId, node.systemId);
}

// quirksDoctype is capture.DoctypeMode(...) == Quirks for a DOCTYPE node,
// whose systemId is '' both when it has none and when it is empty: either
// reading that may be quirks counts as quirks.
function quirksDoctype(name, pub, sys) {
  if (asciiLower(name) !== 'html') return true;
  const p = asciiLower(pub);
  if (p === '-//w3o//dtd w3 html strict 3.0//en//' || p === '-/w3c/dtd html 4.0 transitional/en' || p === 'html') return true;
  if (asciiLower(sys) === 'http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd') return true;
  for (const q of QUIRKS_PUBLIC_PREFIXES) if (p.startsWith(q)) return true;
  return sys === '' && (p.startsWith('-//w3c//dtd html 4.01 frameset//') || p.startsWith('-//w3c//dtd html 4.01 transitional//'));
}

function asciiLower(s) {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

// capture/doctype.go quirksPublicPrefixes, in lower case.
const QUIRKS_PUBLIC_PREFIXES = [
  '+//silmaril//dtd html pro v0r11 19970101//', '-//as//dtd html 3.0 aswedit + extensions//',
  '-//advasoft ltd//dtd html 3.0 aswedit + extensions//', '-//ietf//dtd html 2.0 level 1//',
  '-//ietf//dtd html 2.0 level 2//', '-//ietf//dtd html 2.0 strict level 1//',
  '-//ietf//dtd html 2.0 strict level 2//', '-//ietf//dtd html 2.0 strict//', '-//ietf//dtd html 2.0//',
  '-//ietf//dtd html 2.1e//', '-//ietf//dtd html 3.0//', '-//ietf//dtd html 3.2 final//', '-//ietf//dtd html 3.2//',
  '-//ietf//dtd html 3//', '-//ietf//dtd html level 0//', '-//ietf//dtd html level 1//', '-//ietf//dtd html level 2//',
  '-//ietf//dtd html level 3//', '-//ietf//dtd html strict level 0//', '-//ietf//dtd html strict level 1//',
  '-//ietf//dtd html strict level 2//', '-//ietf//dtd html strict level 3//', '-//ietf//dtd html strict//',
  '-//ietf//dtd html//', '-//metrius//dtd metrius presentational//',
  '-//microsoft//dtd internet explorer 2.0 html strict//', '-//microsoft//dtd internet explorer 2.0 html//',
  '-//microsoft//dtd internet explorer 2.0 tables//', '-//microsoft//dtd internet explorer 3.0 html strict//',
  '-//microsoft//dtd internet explorer 3.0 html//', '-//microsoft//dtd internet explorer 3.0 tables//',
  '-//netscape comm. corp.//dtd html//', '-//netscape comm. corp.//dtd strict html//',
  '-//o\'reilly and associates//dtd html 2.0//', '-//o\'reilly and associates//dtd html extended 1.0//',
  '-//o\'reilly and associates//dtd html extended relaxed 1.0//', '-//sq//dtd html 2.0 hotmetal + extensions//',
  '-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//',
  '-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//', '-//spyglass//dtd html 2.0 extended//',
  '-//sun microsystems corp.//dtd hotjava html//', '-//sun microsystems corp.//dtd hotjava strict html//',
  '-//w3c//dtd html 3 1995-03-24//', '-//w3c//dtd html 3.2 draft//', '-//w3c//dtd html 3.2 final//',
  '-//w3c//dtd html 3.2//', '-//w3c//dtd html 3.2s draft//', '-//w3c//dtd html 4.0 frameset//',
  '-//w3c//dtd html 4.0 transitional//', '-//w3c//dtd html experimental 19960712//',
  '-//w3c//dtd html experimental 970421//', '-//w3c//dtd w3 html//', '-//w3o//dtd w3 html 3.0//',
  '-//webtechs//dtd mozilla html 2.0//', '-//webtechs//dtd mozilla html//',
];

// standardsDoctype is the DOCTYPE node to write first in document doc when
// doc is in no-quirks mode but has no DOCTYPE (a script took it out after
// parsing), else null. The engine freezes a document's mode from the
// DOCTYPE it has when its first element arrives, and reads none as quirks,
// where class and id selectors match ASCII case-insensitively: an allow
// rule .Pub would reveal class="pub", which the browser's .Pub never
// matches. The node is made here, never put in the page: <!DOCTYPE html>,
// the mode the browser has. (limited-quirks matches as no-quirks does; an
// iframe's srcdoc document the engine knows is never in quirks mode.)
export function standardsDoctype(doc) {
  if (doc.doctype !== null || doc.compatMode !== 'CSS1Compat' || doc.URL === 'about:srcdoc' || !doc.implementation) return null;
  return doc.implementation.createDocumentType('html', '', '');
}

// forLabelText is what the recorder reports of the labels that name
// control el by for= from elsewhere in its tree, and of the elements its
// aria-labelledby names (capture.LabelAttr): their text, the labels' in
// tree order, then the references' in the attribute's order, joined by a
// space, cut to MAX_LABEL_UNITS UTF-16 units, or null when there is none. The engine reads a label that holds
// its control itself. el.labels would search the whole tree for each
// control; the labels of a tree are gathered once per task instead.
export function forLabelText(el) {
  if (el.localName === 'input' && el.type === 'hidden') return null;
  const root = el.getRootNode();
  if (labelsByTree === null) {
    labelsByTree = new Map();
    queueMicrotask(() => { labelsByTree = null; });
  }
  let byControl = labelsByTree.get(root);
  if (byControl === undefined) {
    byControl = gatherLabels(root);
    labelsByTree.set(root, byControl);
  }
  let text = byControl === null ? undefined : byControl.get(el);
  const refs = el.getAttribute('aria-labelledby');
  if (refs !== null && typeof root.getElementById === 'function') {
    const ids = refs.split(/[\t\n\f\r ]+/);
    noteReferring(root, ids);
    for (const id of ids) {
      const e = id === '' ? null : root.getElementById(id);
      if (e !== null) {
        const t = composedText(e);
        text = text === undefined ? t : text + ' ' + t;
      }
    }
  }
  return text === undefined ? null : cutLabel(text);
}

// reportedLabel is what the recorder reports of control el's labels when
// one changed after el was written: forLabelText, then the text of the
// labels that hold el, nearest first, with what their custom elements
// render in shadow roots. The held labels' text goes along although the
// engine reads such a label itself, so that the attribute changes whenever
// their text does (an unchanged attribute decides nothing again).
export function reportedLabel(el) {
  let text = forLabelText(el);
  for (let l = holdingLabel(el), k = 0; l !== null && k < MAX_LABEL_HOPS; l = holdingLabel(l), k++) {
    const t = composedText(l);
    text = text === null ? t : text + ' ' + t;
  }
  return text === null ? '' : cutLabel(text);
}

// holdingLabel is the nearest HTML label element among el's ancestors in
// its own tree, or null.
function holdingLabel(el) {
  const p = el.parentNode;
  if (p === null || p.nodeType !== 1) return null;
  for (let l = p.closest('label'); l !== null; l = l.parentElement === null ? null : l.parentElement.closest('label')) {
    if (l.namespaceURI === HTML_NS) return l;
  }
  return null;
}

const MAX_LABEL_HOPS = 4; // labels nested in labels: read at most this many
const HTML_NS = 'http://www.w3.org/1999/xhtml';

// composedText is the text of el as a person reads it: its text nodes in
// tree order, an open shadow root's before its host's children (where a
// custom element renders its text), as far as MAX_LABEL_UNITS units (all a
// label keeps). Without shadow roots it is el.textContent so cut, as
// capture.FromHTML reads it. It visits at most MAX_LABEL_NODES nodes; past
// that it adds el's whole textContent (the light text: a label of
// thousands of nodes costs no more, and masks more, never less).
export function composedText(el) {
  let text = '';
  let shadowed = false;
  let seen = 0;
  const nodes = [];
  if (el.firstChild !== null) nodes.push(el.firstChild);
  const sr = el.shadowRoot;
  if (sr && sr.nodeType === 11 && sr.firstChild !== null) {
    nodes.push(sr.firstChild);
    shadowed = true;
  }
  while (nodes.length > 0) {
    const n = nodes.pop();
    if (++seen > MAX_LABEL_NODES) return shadowed ? text + ' ' + el.textContent : el.textContent;
    const next = n.nextSibling;
    if (next !== null) nodes.push(next);
    const t = n.nodeType;
    if (t === 3 || t === 4) {
      text += n.data;
      if (text.length >= MAX_LABEL_UNITS) break;
    } else if (t === 1) {
      if (n.firstChild !== null) nodes.push(n.firstChild);
      const r = n.shadowRoot;
      if (r && r.nodeType === 11 && r.firstChild !== null) {
        nodes.push(r.firstChild);
        shadowed = true;
      }
    }
  }
  return text;
}

const MAX_LABEL_NODES = 1024;

// The ids that controls name in aria-labelledby, by tree (document or
// shadow root), as the recorder read them (it reads the attribute of every
// control it writes, and again when it changes): a changed text is looked
// up as a referenced label only under an element with one of these ids.
// Ids are never taken out: a stale one costs a lookup, never a miss.
const referenced = new WeakMap(); // tree root -> Set of ids

const referring = new Set(); // the trees in referenced, while in the page (mutations.js prunes it)

function noteReferring(root, ids) {
  let set = referenced.get(root);
  if (set === undefined) referenced.set(root, (set = new Set()));
  referring.add(root);
  for (const id of ids) if (id !== '') set.add(id);
}

// referencedIds is the set of ids that controls of tree root name in
// aria-labelledby, or undefined.
export function referencedIds(root) { return referenced.get(root); }

// referringTrees is the set of trees where a control names its labels by
// aria-labelledby.
export function referringTrees() { return referring; }

// The elements the recorder has marked data-veil-mask in this page
// (node.js writeElement, mutations.js, Recorder.secure): a sweep after a
// stylesheet change reads the computed style of the others only, and every
// later snapshot marks them again, drawn as discs then or not.
const securedSet = new WeakSet();
let anySecured = false; // securedSet is not empty: a snapshot looks elements up
export function markSecured(el) {
  securedSet.add(el);
  anySecured = true;
}
export function isMarkedSecured(el) { return securedSet.has(el); }

// Elements that take keys themselves (events.js): the focused element got
// a printable key while it was neither a control nor editable — a custom
// field or PIN box that draws what is typed into itself from keydown
// handlers. Text changed in it while it has the focus is typed
// (mutations.js unmarkedHost), and so is text changed in the last one
// keyed within KEYED_MS, focused or not: records held while a snapshot is
// walked are applied only at its end, when the focus may have moved on.
// A snapshot walked meanwhile reads the typed text before any batch
// marked the element: it marks it itself (writeElement, keyedNow).
const keyedSet = new WeakSet();
const KEYED_MS = 2000;
let lastKeyed = null;
let lastKeyedAt = 0;
export function noteKeyed(el) {
  keyedSet.add(el);
  lastKeyed = el;
  lastKeyedAt = performance.now();
}
export function isKeyed(el) { return keyedSet.has(el); }
export function recentlyKeyed() {
  if (lastKeyed !== null && performance.now() - lastKeyedAt >= KEYED_MS) lastKeyed = null;
  return lastKeyed;
}

// keyedNow: el takes keys itself and has the focus of its tree, or took
// the last key within KEYED_MS; one lookup an element once a key was taken.
function keyedNow(el) {
  if (lastKeyedAt === 0 || !keyedSet.has(el)) return false;
  if (el === recentlyKeyed()) return true;
  const root = el.getRootNode();
  return root.activeElement === el;
}

// The editing hosts no attribute names that the recorder wrote
// contenteditable="true" onto (mutations.js markEditing): every later
// snapshot writes it again, so what was typed there stays an input value.
const editedSet = new WeakSet();
let anyEdited = false;
export function markEdited(el) {
  editedSet.add(el);
  anyEdited = true;
}
export function isMarkedEdited(el) { return editedSet.has(el); }

// formAssociated says whether custom element el is a form-associated one
// (its class says static formAssociated = true): a form control made by
// the page, whose value the browser submits and whose content (its shadow
// tree, its children) shows what a person chose or typed — a date, the
// option of a custom select, PIN digits. The engine cannot tell it from
// any other custom element: it is marked as edited (markEdited), so that
// what it shows is an input value. One registry lookup a custom element
// name per document, kept once the name is defined.
export function formAssociated(el) {
  if (editedSet.has(el)) return true;
  const view = el.ownerDocument.defaultView;
  const reg = view && view.customElements;
  if (!reg) return false;
  let known = faceNames.get(reg);
  if (known === undefined) faceNames.set(reg, (known = new Map()));
  let yes = known.get(el.localName);
  if (yes === undefined) {
    let ctor;
    try {
      ctor = reg.get(el.localName);
    } catch {
      return false;
    }
    if (!ctor) return false; // not defined yet: asked again later (attachInternals, a write)
    try {
      yes = ctor.formAssociated === true;
    } catch {
      yes = false;
    }
    known.set(el.localName, yes);
  }
  if (yes) markEdited(el);
  return yes;
}
const faceNames = new WeakMap(); // custom element registry -> (name -> form-associated)

// Whether the recorder has written an element with a contenteditable
// attribute in this page (mutations.js reads discs in editing hosts only
// then).
let anyEditable = false;
export function noteEditable() { anyEditable = true; }
export function editablesSeen() { return anyEditable; }

// anyTextarea: the recorder has written a textarea. Until then, a changed
// text's parent is not asked whether it is one (5,000 text changes paid
// ~2 ms for it).
let anyTextarea = false;
export function textareasSeen() { return anyTextarea; }

// cutLabel cuts a label text to MAX_LABEL_UNITS UTF-16 units, never
// between the two halves of a pair.
export function cutLabel(text) {
  if (text.length <= MAX_LABEL_UNITS) return text;
  text = text.slice(0, MAX_LABEL_UNITS);
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

const MAX_LABEL_UNITS = 256;
let labelsByTree = null; // tree root -> (control -> text), for the current task

// forgetLabels drops the labels gathered in this task: a mutation batch is
// applied after the page changed them, maybe in the task where a hook
// (attachShadow, a value setter) gathered them before the change.
export function forgetLabels() {
  labelsByTree = null;
}

// gatherLabels maps each control a label[for] of tree root names, and does
// not hold, to those labels' text; null when there is none. A document's
// labels come from getElementsByTagName, a collection the browser keeps
// while the document does not change (60k nodes: 0.6 ms the first time,
// 0.2 ms after, querySelectorAll 2.0 / 0.8 ms), since each task of a
// chunked snapshot that meets a control gathers again.
function gatherLabels(root) {
  const list = typeof root.getElementsByTagName === 'function' ? root.getElementsByTagName('label')
    : typeof root.querySelectorAll === 'function' ? root.querySelectorAll('label[for]') : null;
  if (list === null) return null;
  let out = null;
  for (let i = 0; i < list.length; i++) {
    const l = list[i];
    if (!l.htmlFor) continue;
    const c = l.control;
    if (!c || l.contains(c)) continue;
    if (out === null) out = new Map();
    const t = out.get(c);
    const lt = composedText(l);
    out.set(c, t === undefined ? lt : t + ' ' + lt);
  }
  return out;
}

// childrenOf lists what is recorded under node, in mirror order: an open
// shadow root first, then light children, then a same-origin iframe's
// document. Template content is never recorded.
export function childrenOf(node) {
  const out = [];
  if (node.nodeType === 1) {
    if (node.localName === 'template' && node.namespaceURI !== SVG) return out;
    if (node.shadowRoot) out.push(node.shadowRoot);
  }
  for (let c = node.firstChild; c; c = c.nextSibling) if (recordable(c)) out.push(c);
  if (node.nodeType === 1 && node.localName === 'iframe') {
    const doc = iframeDocument(node);
    if (doc) out.push(doc);
  }
  return out;
}

// FRAME_URL_ATTR carries the URL of a same-origin frame's document on its
// iframe (capture.FrameURLAttr): the engine leaves out a frame whose page
// excludeUrls exclude. The page's own attribute of this name is never
// written on its own (two make the engine leave the frame out).
export const FRAME_URL_ATTR = 'data-veil-frame-url';

// reportedFrameURL is the URL last written as iframe's FRAME_URL_ATTR, or
// undefined.
export function reportedFrameURL(iframe) { return reportedFrameURLs.get(iframe); }
export function reportFrameURL(iframe, url) { reportedFrameURLs.set(iframe, url); }
const reportedFrameURLs = new WeakMap();

// frameURL is the URL of iframe's same-origin document, or null.
export function frameURL(iframe) {
  const doc = iframeDocument(iframe);
  return doc ? doc.URL : null;
}

export function iframeDocument(iframe) {
  try {
    return iframe.contentDocument || null;
  } catch {
    return null; // cross-origin
  }
}

// parentOf is the mirror parent of node in the live page (host for a shadow
// root, the iframe for a document), or null.
export function parentOf(node) {
  if (node.nodeType === 11) return node.host || null;
  if (node.nodeType === 9) {
    try {
      return node.defaultView && node.defaultView.frameElement;
    } catch {
      return null;
    }
  }
  return node.parentNode;
}
