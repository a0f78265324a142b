// Cross-origin stylesheets whose rules the CSSOM will not show (a <link>
// to a CDN without crossorigin): their rules may draw page text as discs.
// Before a snapshot ends, each is fetched again with CORS (most CDNs allow
// it; the response usually comes from the HTTP cache) and its text read
// for disc rules in a sheet of the recorder's own, which discs.js then
// uses as the page's. A sheet that cannot be fetched so (no CORS header,
// the page's connect-src, an @import the copy would lose, a timeout)
// leaves the snapshot unsure: every element holding text then has its
// computed style read, in slices between which the page runs (~20 µs an
// element: ~180 ms on a 10,000-element page, paid only where such a sheet
// is present). Text written later is read as it is written (textWritten).

import { readRulesInto, crossOriginRead } from './discs.js';
import { drawnAsDiscs, isMarkedSecured } from './node.js';
import { markMasked } from './mutations.js';

const FETCH_MS = 3000;
const byHref = new Map(); // href -> Promise of its disc-rule info, or of null (not readable)

// readCrossOrigin fetches, once per URL, the unreadable sheets of the live
// trees among roots, and resolves to true when one stays unread.
export async function readCrossOrigin(roots, live, win) {
  let unsure = false;
  const waits = [];
  const visit = (sheet, depth) => {
    let rules;
    try {
      rules = sheet.cssRules;
    } catch {
      if (crossOriginRead(sheet)) return;
      const href = sheet.href;
      if (!href) {
        unsure = true;
        return;
      }
      waits.push(fetchInfo(href, win).then((info) => {
        if (info === null) unsure = true;
        else crossOriginRead(sheet, info);
      }));
      return;
    }
    if (!rules || depth > 8) return;
    for (let i = 0; i < rules.length && rules[i].type === 3; i++) { // @import rules come first
      if (rules[i].styleSheet) visit(rules[i].styleSheet, depth + 1);
    }
  };
  for (const root of roots) {
    if (!live(root)) continue;
    const list = root.styleSheets;
    if (list) for (let i = 0; i < list.length; i++) visit(list[i], 0);
  }
  if (waits.length > 0) await Promise.all(waits);
  return unsure;
}

function fetchInfo(href, win) {
  let p = byHref.get(href);
  if (p === undefined) {
    p = fetchRules(href, win);
    byHref.set(href, p);
  }
  return p;
}

async function fetchRules(href, win) {
  const ctl = new win.AbortController();
  const timer = win.setTimeout(() => ctl.abort(), FETCH_MS);
  try {
    const res = await win.fetch(href, { mode: 'cors', credentials: 'omit', signal: ctl.signal });
    if (!res.ok) return null;
    const text = await res.text();
    if (/@import/i.test(text)) return null; // a constructed sheet drops them
    const copy = new win.CSSStyleSheet();
    copy.replaceSync(text);
    return readRulesInto(copy.cssRules);
  } catch {
    return null;
  } finally {
    win.clearTimeout(timer);
  }
}

// textHolders lists the elements of the live trees among roots that hold
// text that is not blank.
export function textHolders(roots, live) {
  const out = [];
  for (const root of roots) {
    if (!live(root)) continue;
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    const tw = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    let last = null;
    for (let t = tw.nextNode(); t !== null; t = tw.nextNode()) {
      const p = t.parentNode;
      if (p === last || p === null || p.nodeType !== 1 || !/\S/.test(t.data)) continue;
      last = p;
      const ln = p.localName;
      if (ln !== 'style' && ln !== 'script' && ln !== 'textarea') out.push(p);
    }
  }
  return out;
}

// markHolders marks the recorded elements of list, from index i, that are
// drawn as discs, until deadline: the index to go on from.
export function markHolders(rec, list, i, deadline) {
  for (; i < list.length; i++) {
    const el = list[i];
    if (!isMarkedSecured(el) && !el.hasAttribute('data-veil-mask')) {
      const id = rec.reg.id(el);
      if (id !== 0 && drawnAsDiscs(el, true)) markMasked(rec, el, id);
    }
    if ((i & 31) === 31 && performance.now() > deadline) return i + 1;
  }
  return i;
}
