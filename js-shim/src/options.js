// The options that decide whether anything is recorded, read from the
// configuration before the engine is loaded: a visitor who will not be
// recorded (privacy signal, not sampled, no consent) never downloads it.
// Only their types and ranges are checked here; the engine validates the
// whole configuration strictly when it starts, and any error there stops the
// recorder too. A wrong type is an error, never a default (fail closed).

const DEFAULT_WINDOW_SECONDS = 30;

// Taken when Veil loads. A page with a prototype-pollution bug (a query
// string parser that takes ?__proto__[privacySignals]=ignore) gives every
// object properties it never had: Veil reads only own properties of what
// it did not make, so that no inherited one grants consent, turns the
// privacy signals off or says that GDPR does not apply.
const hasOwn = Object.prototype.hasOwnProperty;

// own is o[k] when o is an object that has k itself, else undefined.
export function own(o, k) {
  return o !== null && typeof o === 'object' && hasOwn.call(o, k) ? o[k] : undefined;
}

// bare is a copy of a parsed JSON value whose objects have no prototype,
// so that a property the JSON did not have reads as undefined whatever
// Object.prototype holds.
export function bare(v) {
  if (Array.isArray(v)) return v.map(bare);
  if (v === null || typeof v !== 'object') return v;
  const out = Object.create(null);
  for (const k of Object.keys(v)) out[k] = bare(v[k]);
  return out;
}

function fail(key, want) {
  throw new Error('config: ' + key + ': expected ' + want);
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function int(v, key, min, max, def) {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < min || v > max) fail(key, 'a whole number from ' + min + ' to ' + max);
  return v;
}

function bool(v, key) {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail(key, 'true or false');
  return v;
}

// options returns {optIn, samplePercent, honorSignals, excludeUrls, tcf,
// googleConsentMode, errorOnly} from a parsed configuration; tcf is null or
// {vendorId, purposes}, errorOnly is null or {windowSeconds}.
export function options(c) {
  const o = {
    optIn: bool(c.optIn, 'optIn'),
    samplePercent: int(c.samplePercent, 'samplePercent', 0, 100, 100),
    honorSignals: true,
    excludeUrls: false,
    tcf: null,
    googleConsentMode: false,
    errorOnly: null,
  };
  if (c.privacySignals !== undefined && c.privacySignals !== 'honor' && c.privacySignals !== 'ignore') {
    fail('privacySignals', 'honor or ignore');
  }
  o.honorSignals = c.privacySignals !== 'ignore';
  if (c.excludeUrls !== undefined) {
    if (!Array.isArray(c.excludeUrls)) fail('excludeUrls', 'a list of regular expressions');
    o.excludeUrls = c.excludeUrls.length > 0;
  }
  if (c.consent != null) {
    if (!isObject(c.consent)) fail('consent', 'an object');
    const t = c.consent.tcf;
    if (t != null) {
      if (!isObject(t)) fail('consent.tcf', 'an object');
      const purposes = t.purposes === undefined ? [1] : t.purposes;
      if (!Array.isArray(purposes) || !purposes.length) fail('consent.tcf.purposes', 'a list of purposes 1 to 11');
      purposes.forEach((p, i) => int(p, 'consent.tcf.purposes[' + i + ']', 1, 11));
      o.tcf = { vendorId: int(t.vendorId, 'consent.tcf.vendorId', 0, 0x7fffffff, 0), purposes };
    }
    o.googleConsentMode = bool(c.consent.googleConsentMode, 'consent.googleConsentMode');
  }
  if (c.errorOnly != null) {
    if (!isObject(c.errorOnly)) fail('errorOnly', 'an object');
    const windowSeconds = int(c.errorOnly.windowSeconds, 'errorOnly.windowSeconds', 1, 300, DEFAULT_WINDOW_SECONDS);
    if (bool(c.errorOnly.enabled, 'errorOnly.enabled')) o.errorOnly = { windowSeconds };
  }
  return o;
}
