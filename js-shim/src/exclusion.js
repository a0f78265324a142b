// Navigation without a reload, for URL exclusion: pushState, replaceState,
// popstate, hashchange and the Navigation API's intercepted navigations
// (which change the URL with none of the others). It is installed before
// the recorder's own history patches, so it hears of a navigation before the recorder writes
// anything about the new URL, and it keeps listening while the recorder is
// stopped (to notice when the page leaves an excluded URL).
import { listenForNavigations, patchMethod } from './hooks.js';

// watchNavigation calls onNavigate(href) each time location.href changes and
// returns a function that removes every patch and listener.
export function watchNavigation(win, onNavigate) {
  const off = [];
  let last = win.location.href;
  // The patch helpers report to a recorder-like object: its stopped flag
  // turns a wrapper that cannot be removed into a pass-through.
  const rec = {
    stopped: false,
    internalError(err) { console.warn('veil: navigation watch: ' + String((err && err.message) || err)); },
  };
  const check = () => {
    const href = win.location.href;
    if (href === last) return;
    last = href;
    onNavigate(href);
  };
  const proto = win.History && win.History.prototype;
  patchMethod(off, proto, 'pushState', rec, check);
  patchMethod(off, proto, 'replaceState', rec, check);
  listenForNavigations(off, win, check);
  return () => {
    rec.stopped = true;
    for (const f of off.splice(0).reverse()) f();
  };
}
