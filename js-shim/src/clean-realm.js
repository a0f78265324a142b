// Untouched DOM constructors for pages whose framework replaced them.
// Salesforce Lightning and zone.js-style libraries swap window.MutationObserver
// for a wrapper of their own, and some such wrappers observe nothing: the
// recorder would then miss every change. A fresh same-origin iframe has the
// browser's own constructor; the iframe is made only when a recorder is
// created (recording may begin), taken out again at once, before any of
// Veil's observers runs, so it is never recorded.

const fnToString = Function.prototype.toString;
const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

// isNative says whether fn is a browser built-in (not a page's function).
export function isNative(fn) {
  if (typeof fn !== 'function') return false;
  try {
    return NATIVE.test(fnToString.call(fn));
  } catch {
    return false;
  }
}

// mutationObserver returns a MutationObserver constructor of win's browser
// whose observe, disconnect and takeRecords are the browser's own: the
// page's when untouched, else one from a clean realm. If no clean realm can
// be made (no document element yet), the page's is returned.
export function mutationObserver(win) {
  const MO = win.MutationObserver;
  if (untouched(MO)) return MO;
  const clean = fromCleanRealm(win, (w) => w.MutationObserver);
  return untouched(clean) ? clean : MO;
}

function untouched(MO) {
  const p = MO && MO.prototype;
  return isNative(MO) && !!p && isNative(p.observe) && isNative(p.disconnect) && isNative(p.takeRecords);
}

// fromCleanRealm calls take with the window of a fresh same-origin iframe,
// which is removed before fromCleanRealm returns. Constructors taken from it
// keep working after the removal (a MutationObserver made with one still
// delivers its records).
export function fromCleanRealm(win, take) {
  const doc = win.document;
  const parent = doc.body || doc.documentElement;
  if (!parent) return null;
  const frame = doc.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('data-veil-block', '');
  frame.style.display = 'none';
  try {
    parent.appendChild(frame);
    return frame.contentWindow ? take(frame.contentWindow) : null;
  } catch {
    return null;
  } finally {
    frame.remove();
  }
}
