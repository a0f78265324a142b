// The IAB TCF v2 adapter: listens to the page's CMP through
// __tcfapi('addEventListener', 2, cb) and reports 'granted', 'not-required'
// (GDPR does not apply) or 'denied'. Only settled answers count (tcloaded,
// useractioncomplete); while the CMP's banner is up nothing changes.

import { own } from './options.js';

const POLL_MS = 250;
const POLL_TRIES = 40; // CMPs install their stub early; 10 s is generous

// watchTCF calls report(state, reason) as the CMP's answer changes and
// returns a function that stops listening.
export function watchTCF(win, { vendorId, purposes }, report) {
  let stopped = false;
  let listenerId = null;
  let timer = 0;
  let tries = 0;

  const onData = (tc, success) => {
    // Only the CMP's own answer counts, never what the page's
    // Object.prototype holds (options.js own).
    if (stopped || !success || !tc) return;
    const lid = own(tc, 'listenerId');
    if (lid !== undefined && lid !== null) listenerId = lid;
    const status = own(tc, 'eventStatus');
    if (status !== 'tcloaded' && status !== 'useractioncomplete') return;
    if (own(tc, 'gdprApplies') === false) return report('not-required', '');
    const consents = own(own(tc, 'purpose'), 'consents');
    const missing = purposes.filter((p) => own(consents, String(p)) !== true);
    if (missing.length) return report('denied', 'tcf: no consent for purpose ' + missing.join(', '));
    if (vendorId > 0) {
      if (own(own(own(tc, 'vendor'), 'consents'), String(vendorId)) !== true) {
        return report('denied', 'tcf: no consent for vendor ' + vendorId);
      }
    }
    return report('granted', '');
  };

  const connect = () => {
    timer = 0;
    if (stopped) return;
    if (typeof win.__tcfapi === 'function') {
      try {
        win.__tcfapi('addEventListener', 2, onData);
      } catch (err) {
        report('denied', 'tcf: ' + String((err && err.message) || err));
      }
      return;
    }
    if (++tries >= POLL_TRIES) return report('denied', 'tcf: no __tcfapi on the page');
    timer = win.setTimeout(connect, POLL_MS);
  };
  connect();

  return () => {
    stopped = true;
    win.clearTimeout(timer);
    if (listenerId !== null && typeof win.__tcfapi === 'function') {
      try { win.__tcfapi('removeEventListener', 2, () => {}, listenerId); } catch { /* the CMP is gone */ }
    }
  };
}
