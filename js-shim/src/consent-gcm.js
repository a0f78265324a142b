import { own } from './options.js';

// The Google Consent Mode adapter: follows analytics_storage as gtag's
// consent commands set it in window.dataLayer, both those already there
// when Veil loads (the last one wins) and those pushed later. gtag pushes
// its arguments object: ['consent', 'default' | 'update', {analytics_storage}].

// reading returns 'granted', 'denied' or '' for one dataLayer entry. A
// default limited to some regions is applied only when it denies: Veil
// cannot tell the visitor's region, and assuming the stricter one is safe.
// Only the entry's own properties count, never what the page's
// Object.prototype holds (options.js own).
function reading(e) {
  if (own(e, 0) !== 'consent') return '';
  const cmd = own(e, 1);
  if (cmd !== 'default' && cmd !== 'update') return '';
  const params = own(e, 2);
  const v = own(params, 'analytics_storage');
  if (v !== 'granted' && v !== 'denied') return '';
  if (cmd === 'default' && own(params, 'region') !== undefined && v === 'granted') return '';
  return v;
}

// watchGCM calls report(state, reason) with the current analytics_storage
// ('unknown' until a command sets it), then on each change; it returns a
// function that stops watching and restores dataLayer.push when it can.
export function watchGCM(win, report) {
  if (!Array.isArray(win.dataLayer)) win.dataLayer = [];
  const dl = win.dataLayer;
  let state = '';
  let stopped = false;
  const tell = () => report(state || 'unknown',
    state === 'denied' ? 'google-consent-mode: analytics_storage denied' : '');
  const see = (e) => {
    const v = reading(e);
    if (!v || v === state) return false;
    state = v;
    return true;
  };
  for (let i = 0; i < dl.length; i++) see(dl[i]);
  tell();

  const own = Object.getOwnPropertyDescriptor(dl, 'push');
  const orig = dl.push;
  // Tag managers that load later wrap push again and call the one they
  // found (this one), so the hook keeps seeing every entry.
  const push = function (...args) {
    const out = orig.apply(this, args);
    if (!stopped) {
      let changed = false;
      for (const e of args) changed = see(e) || changed;
      if (changed) tell();
    }
    return out;
  };
  Object.defineProperty(dl, 'push', { value: push, writable: true, configurable: true, enumerable: false });
  return () => {
    stopped = true;
    if (dl.push !== push) return; // wrapped again: ours stays as a pass-through
    if (own) Object.defineProperty(dl, 'push', own);
    else delete dl.push;
  };
}
