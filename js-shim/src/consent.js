// The consent gate: whether this page may record now, under which consent
// state and source (written into every Meta). Signals, most recent first:
// veil.optOut() (sticky for the tab's session, lifted only by optIn()),
// veil.optIn() (kept for the session), and the configured banner adapters.
// A banner that reports a denial also forgets an earlier optIn(): its
// answer is the newer one. Consent is required when optIn is set or any
// adapter is configured.
import { storedConsent, storeConsent } from './session.js';
import { watchTCF } from './consent-tcf.js';
import { watchGCM } from './consent-gcm.js';

export class ConsentGate {
  // opts: the options() of the configuration; onChange() is called when an
  // adapter's answer changes.
  constructor(win, opts, onChange) {
    this.win = win;
    this.opts = opts;
    this.onChange = onChange;
    this.adapters = [];
    this.offs = [];
    this.watching = false;
  }

  get required() { return this.opts.optIn || !!this.opts.tcf || this.opts.googleConsentMode; }

  // watch starts the adapters (again after stop()). Their first answers may
  // come at once; the caller reads them with current(), so they do not call
  // onChange.
  watch() {
    if (this.watching) return;
    this.watching = true;
    this.quiet = true;
    this.adapters = [];
    const add = (name, start) => {
      const a = { name, state: 'unknown', reason: '' };
      this.adapters.push(a);
      this.offs.push(start((state, reason) => this.report(a, state, reason)));
    };
    if (this.opts.tcf) add('tcf', (r) => watchTCF(this.win, this.opts.tcf, r));
    if (this.opts.googleConsentMode) add('google-consent-mode', (r) => watchGCM(this.win, r));
    this.quiet = false;
  }

  // stop removes every listener and patch the adapters installed.
  stop() {
    this.watching = false;
    for (const off of this.offs.splice(0)) off();
  }

  report(a, state, reason) {
    if (!this.watching || (a.state === state && a.reason === reason)) return;
    a.state = state;
    a.reason = reason;
    if (state === 'denied' && storedConsent() === 'granted') storeConsent(null);
    if (!this.quiet) this.onChange();
  }

  // current returns {ok, state, source, reason}: ok says whether recording
  // may run; state and source label the consent it runs under.
  current() {
    const stored = storedConsent();
    if (stored === 'denied') return { ok: false, state: 'denied', source: 'optOut', reason: '' };
    if (!this.required) return { ok: true, state: 'not-required', source: 'config', reason: '' };
    if (stored === 'granted') return { ok: true, state: 'granted', source: 'optIn', reason: '' };
    const list = this.adapters;
    const denied = list.find((a) => a.state === 'denied');
    if (denied) return { ok: false, state: 'denied', source: denied.name, reason: denied.reason };
    if (!list.length || list.some((a) => a.state !== 'granted' && a.state !== 'not-required')) {
      const waiting = list.filter((a) => a.state === 'unknown').map((a) => a.name);
      return { ok: false, state: 'unknown', source: '', reason: waiting.length ? 'waiting for ' + waiting.join(', ') : '' };
    }
    return {
      ok: true,
      state: list.every((a) => a.state === 'not-required') ? 'not-required' : 'granted',
      source: list.map((a) => a.name).join('-'),
      reason: '',
    };
  }
}
