// Patches of page APIs that change what the page shows without a DOM
// mutation: value setters, CSSOM rule edits, attachShadow, history. Each
// wrapper calls the page's original first and never lets a recorder error
// reach the page. Undo restores the original only while our wrapper is still
// installed; if the page wrapped it again meanwhile, ours stays as a
// pass-through (it checks rec.stopped), so the page's wrapper keeps working.

import { forgetSheet } from './discs.js';

// patchMethod wraps proto[name]; after(thisArg, args, result) runs after the
// original returned.
export function patchMethod(off, proto, name, rec, after) {
  const d = proto && Object.getOwnPropertyDescriptor(proto, name);
  if (!d || typeof d.value !== 'function' || !d.configurable) return;
  const orig = d.value;
  const wrapper = function (...args) {
    const result = orig.apply(this, args);
    if (!rec.stopped) {
      try { after(this, args, result); } catch (err) { rec.internalError(err); }
    }
    return result;
  };
  Object.defineProperty(proto, name, { ...d, value: wrapper });
  off.push(() => {
    if (proto[name] === wrapper) Object.defineProperty(proto, name, d);
  });
}

// patchSetter wraps the setter of an accessor property.
export function patchSetter(off, proto, prop, rec, after) {
  const d = proto && Object.getOwnPropertyDescriptor(proto, prop);
  if (!d || !d.set || !d.configurable) return;
  const set = function (v) {
    d.set.call(this, v);
    if (!rec.stopped) {
      try { after(this); } catch (err) { rec.internalError(err); }
    }
  };
  Object.defineProperty(proto, prop, { ...d, set });
  off.push(() => {
    const now = Object.getOwnPropertyDescriptor(proto, prop);
    if (now && now.set === set) Object.defineProperty(proto, prop, d);
  });
}

// patchRealm patches the prototypes of one window (the page or a same-origin
// iframe: each has its own).
export function patchRealm(off, win, rec) {
  const input = (el) => rec.events.input(el);
  const scripted = (el) => rec.events.scripted(el);
  for (const [ctor, prop] of [
    [win.HTMLInputElement, 'value'], [win.HTMLInputElement, 'checked'],
    [win.HTMLTextAreaElement, 'value'], [win.HTMLSelectElement, 'value'],
    [win.HTMLSelectElement, 'selectedIndex'],
  ]) {
    patchSetter(off, ctor && ctor.prototype, prop, rec, scripted);
  }
  patchSetter(off, win.HTMLOptionElement && win.HTMLOptionElement.prototype, 'selected', rec,
    (opt) => { const s = opt.closest && opt.closest('select'); if (s) input(s); });
  const sheet = win.CSSStyleSheet && win.CSSStyleSheet.prototype;
  patchMethod(off, sheet, 'insertRule', rec, (s, _args, index) => rec.styleRule(s, 0, index));
  patchMethod(off, sheet, 'deleteRule', rec, (s, args) => rec.styleRule(s, 1, args[0]));
  // Edits that bypass the sheet's own insertRule and deleteRule: a linked
  // sheet so edited inlines the page's writing, not the site's (node.js
  // markSheetEdited).
  const changed = (sheetOf) => (x) => rec.sheetChanged(sheetOf(x));
  const ofRule = changed((rule) => rule.parentStyleSheet);
  for (const ctor of [win.CSSGroupingRule, win.CSSStyleRule]) {
    const proto = ctor && ctor.prototype;
    patchMethod(off, proto, 'insertRule', rec, ofRule);
    patchMethod(off, proto, 'deleteRule', rec, ofRule);
  }
  patchSetter(off, win.CSSStyleRule && win.CSSStyleRule.prototype, 'selectorText', rec, ofRule);
  patchMethod(off, sheet, 'addRule', rec, changed((s) => s));
  patchMethod(off, sheet, 'removeRule', rec, changed((s) => s));
  // Constructed sheets are not recorded, but may draw a control as discs.
  const css = (args) => (typeof args[0] === 'string' ? args[0] : undefined);
  const replaced = (s, args) => {
    forgetSheet(s);
    rec.mutations.stylesChanged(null, css(args));
  };
  patchMethod(off, sheet, 'replaceSync', rec, replaced);
  patchMethod(off, sheet, 'replace', rec, replaced);
  for (const ctor of [win.Document, win.ShadowRoot]) {
    patchSetter(off, ctor && ctor.prototype, 'adoptedStyleSheets', rec, (root) => rec.mutations.stylesChanged(root));
  }
  patchMethod(off, win.Element && win.Element.prototype, 'attachShadow', rec,
    (host, _args, root) => rec.shadowAttached(host, root));
  // A custom element takes its internals as it is made or upgraded: one
  // already written may turn out to be a form control (node.js formAssociated).
  patchMethod(off, win.HTMLElement && win.HTMLElement.prototype, 'attachInternals', rec,
    (el) => rec.internalsAttached(el));
}

// patchHistory reports URL changes made without a reload.
export function patchHistory(off, win, rec) {
  const proto = win.History && win.History.prototype;
  const nav = () => rec.navigated();
  patchMethod(off, proto, 'pushState', rec, nav);
  patchMethod(off, proto, 'replaceState', rec, nav);
  listenForNavigations(off, win, nav);
}

// patchFrameHistory reports URL changes that the document of a same-origin
// frame (window win) makes without a reload: its iframe's frame URL decides
// whether the engine records it.
export function patchFrameHistory(off, win, rec) {
  const proto = win.History && win.History.prototype;
  const nav = () => rec.frameNavigated(win);
  patchMethod(off, proto, 'pushState', rec, nav);
  patchMethod(off, proto, 'replaceState', rec, nav);
  listenForNavigations(off, win, nav);
}

// listenForNavigations calls f on popstate, hashchange and, where the
// Navigation API exists, on every change of its current entry.
export function listenForNavigations(off, win, f) {
  for (const [target, type] of [[win, 'popstate'], [win, 'hashchange'], [win.navigation, 'currententrychange']]) {
    if (!target || typeof target.addEventListener !== 'function') continue;
    target.addEventListener(type, f);
    off.push(() => target.removeEventListener(type, f));
  }
}
