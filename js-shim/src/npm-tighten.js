// Options given in code to the npm package may only tighten the
// configuration the collector serves, never loosen it (DESIGN.md §4: "a
// page's local configuration may tighten what the collector serves"). A
// looser option is refused with an error naming it: the recorder then
// records nothing (fail closed) rather than quietly use either value.
// Pure functions over plain JSON values: no DOM, so node can test them.

import { bare } from './options.js';

// Keys that may appear in the options; everything else (endpoint,
// application, consent adapters, errorOnly, …) belongs to the collector's
// settings.
const KEYS = ['optIn', 'samplePercent', 'privacySignals', 'excludeUrls', 'recording'];
const RECORDING_KEYS = ['mode', 'mask', 'block', 'hideInteractions', 'attributes', 'errorMessages'];
const LOOSENING = {
  allow: 'allow selectors loosen the rules',
  allowParams: 'allowed URL parameters loosen the rules',
};
// A higher value records less (rules/mode.go strictness).
const STRICTNESS = Object.assign(Object.create(null), { 'mask-all': 2, 'allow-list': 1, 'block-list': 0 });

function refuse(key, why) {
  throw new Error('options: ' + key + ': ' + why + '; options given in code may only tighten the collector\'s configuration');
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function quote(v) {
  return JSON.stringify(v);
}

function strings(v, key) {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) refuse(key, 'expected a list of strings, got ' + quote(v));
  return v;
}

// union appends what b adds to a, keeping a's order.
function union(a, b) {
  const out = Array.isArray(a) ? a.slice() : [];
  for (const s of b) if (!out.includes(s)) out.push(s);
  return out;
}

// tighten returns a new configuration: served (the collector's, parsed)
// with local (the options given in code) applied. It throws when local
// names a key it may not set or would loosen served.
export function tighten(served, local) {
  if (!isObject(served)) throw new Error('config: not a JSON object');
  // Objects without a prototype: a key neither side has reads as undefined,
  // whatever a page's prototype pollution put on Object.prototype (an
  // inherited recording.mode "block-list" would else pass as the
  // collector's, and be written into the configuration as the page's).
  const out = bare(JSON.parse(JSON.stringify(served)));
  if (local === undefined || local === null) return out;
  if (!isObject(local)) refuse('(options)', 'expected an object, got ' + quote(local));
  local = bare(local);
  for (const key of Object.keys(local)) {
    if (!KEYS.includes(key)) refuse(key, 'cannot be set in code (set it in the collector\'s settings)');
  }
  if (local.optIn !== undefined) {
    if (typeof local.optIn !== 'boolean') refuse('optIn', 'expected true or false, got ' + quote(local.optIn));
    if (!local.optIn && out.optIn === true) refuse('optIn', 'false would record without the consent the collector asks for');
    if (local.optIn) out.optIn = true;
  }
  if (local.samplePercent !== undefined) {
    const p = local.samplePercent;
    const servedP = out.samplePercent === undefined ? 100 : out.samplePercent;
    if (!Number.isInteger(p) || p < 0 || p > 100) refuse('samplePercent', 'expected a whole number from 0 to 100, got ' + quote(p));
    if (p > servedP) refuse('samplePercent', p + ' is more than the collector\'s ' + servedP);
    out.samplePercent = p;
  }
  if (local.privacySignals !== undefined) {
    const v = local.privacySignals;
    if (v !== 'honor' && v !== 'ignore') refuse('privacySignals', 'expected honor or ignore, got ' + quote(v));
    if (v === 'ignore' && out.privacySignals !== 'ignore') refuse('privacySignals', 'ignore would record visitors whose browser asks not to be tracked');
    out.privacySignals = v;
  }
  if (local.excludeUrls !== undefined) out.excludeUrls = union(out.excludeUrls, strings(local.excludeUrls, 'excludeUrls'));
  if (local.recording !== undefined) out.recording = tightenRules(isObject(out.recording) ? out.recording : {}, local.recording);
  return out;
}

function tightenRules(served, local) {
  if (!isObject(local)) refuse('recording', 'expected an object, got ' + quote(local));
  for (const key of Object.keys(local)) {
    if (LOOSENING[key]) refuse('recording.' + key, LOOSENING[key]);
    if (!RECORDING_KEYS.includes(key)) refuse('recording.' + key, 'unknown key');
  }
  const out = served;
  const servedMode = out.mode === undefined ? 'mask-all' : out.mode;
  if (local.mode !== undefined) {
    if (!(local.mode in STRICTNESS)) refuse('recording.mode', 'expected mask-all, allow-list or block-list, got ' + quote(local.mode));
    if (STRICTNESS[local.mode] < STRICTNESS[servedMode]) {
      refuse('recording.mode', quote(local.mode) + ' is looser than the collector\'s ' + quote(servedMode));
    }
    out.mode = local.mode;
    if (local.mode === 'mask-all') {
      // Nothing is allowed in mask-all (allow is an error there).
      delete out.allow;
      if (isObject(out.attributes)) delete out.attributes.allow;
    }
    if (local.mode !== 'block-list' && out.errorMessages === 'reveal') out.errorMessages = 'mask';
  }
  for (const key of ['mask', 'block', 'hideInteractions']) {
    if (local[key] !== undefined) out[key] = union(out[key], strings(local[key], 'recording.' + key));
  }
  if (local.attributes !== undefined) {
    const a = local.attributes;
    if (!isObject(a)) refuse('recording.attributes', 'expected an object, got ' + quote(a));
    for (const key of Object.keys(a)) {
      if (key === 'allow') refuse('recording.attributes.allow', 'allowed attributes loosen the rules');
      if (key !== 'mask') refuse('recording.attributes.' + key, 'unknown key');
    }
    if (a.mask !== undefined) {
      out.attributes = isObject(out.attributes) ? out.attributes : {};
      out.attributes.mask = union(out.attributes.mask, strings(a.mask, 'recording.attributes.mask'));
    }
  }
  if (local.errorMessages !== undefined) {
    const v = local.errorMessages;
    if (v !== 'mask' && v !== 'reveal') refuse('recording.errorMessages', 'expected mask or reveal, got ' + quote(v));
    if (v === 'reveal' && out.errorMessages !== 'reveal') refuse('recording.errorMessages', 'reveal would record page error messages the collector masks');
    out.errorMessages = v;
  }
  return out;
}
