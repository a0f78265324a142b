// The npm package's entry (ESM): import { init, optIn, status } from
// '@veil-replay/recorder'. It drives the very controller the script tag
// installs (veil.js, window.veil): this file only fetches the collector's
// configuration, applies the options given in code (which may only tighten
// it, npm-tighten.js) and says where the worker and WASM are served from.
// Anything that goes wrong before the controller starts is a failure like
// any other: nothing is recorded, status() says why, one console warning.
import './veil.js';
import { tighten } from './npm-tighten.js';

const veil = window.veil;
let called = false;
let refusal = ''; // why init failed before the controller started

function reasonOf(err) {
  return String((err && err.message) || err || 'unknown error');
}

function refuse(err) {
  refusal = reasonOf(err);
  console.warn('veil: recording stopped: ' + refusal);
  return new Error(refusal);
}

function url(v, key) {
  if (typeof v !== 'string' || !v) throw new Error('options: ' + key + ': required, the URL of ' +
    (key === 'configUrl' ? "the collector's /veil/config.json?app=…" : 'the directory serving veil-worker.js and veil.wasm'));
  try {
    return new URL(v, location.href).href;
  } catch {
    throw new Error('options: ' + key + ': not a URL: ' + JSON.stringify(v));
  }
}

async function fetchConfig(configUrl) {
  const res = await fetch(configUrl, { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (!res.ok) throw new Error('config: ' + configUrl + ': HTTP ' + res.status);
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error('config: ' + configUrl + ': ' + reasonOf(err));
  }
}

/** See npm.d.ts. */
export async function init(options) {
  if (called) throw new Error('veil: init was already called');
  called = true;
  let config;
  let assetsUrl;
  try {
    if (!options || typeof options !== 'object') throw new Error('options: expected an object with configUrl and assetsUrl');
    const { configUrl, assetsUrl: assets, ...local } = options;
    const where = url(configUrl, 'configUrl');
    assetsUrl = url(assets, 'assetsUrl');
    if (!assetsUrl.endsWith('/')) assetsUrl += '/';
    config = tighten(await fetchConfig(where), local);
  } catch (err) {
    throw refuse(err);
  }
  return veil.init(config, { assetsUrl });
}

export function status() {
  const s = veil.status();
  return refusal ? { ...s, state: 'failed', reason: refusal } : s;
}

function guarded(name) {
  return (...args) => {
    if (refusal) return Promise.reject(new Error(refusal));
    return veil[name](...args);
  };
}

export const start = guarded('start');
export const optIn = guarded('optIn');
export const optOut = (...args) => veil.optOut(...args);
export const flush = () => veil.flush();
export const stop = () => veil.stop();
