// Where the engine's files are and how its worker starts. From the page's
// own origin the worker starts from its URL; from any other origin (a CDN,
// the collector) a Worker cannot start from a cross-origin URL, so the
// worker script and wasm_exec.js are fetched with CORS and started from a
// same-origin blob: URL (the page's CSP then needs worker-src blob:).
// Either way both files and veil.wasm are checked against the SHA-256 that
// build.mjs built into veil.js (pin.js) before they run.
/* global __VEIL_PIN_WORKER__, __VEIL_PIN_WASM_EXEC__, __VEIL_PIN_WASM__, __VEIL_VERSION__ */
import { fetchPinned } from './pin.js';

// PINS are empty in an unbuilt source tree, which checkPin refuses.
export const PINS = {
  worker: typeof __VEIL_PIN_WORKER__ === 'string' ? __VEIL_PIN_WORKER__ : '',
  wasmExec: typeof __VEIL_PIN_WASM_EXEC__ === 'string' ? __VEIL_PIN_WASM_EXEC__ : '',
  wasm: typeof __VEIL_PIN_WASM__ === 'string' ? __VEIL_PIN_WASM__ : '',
  version: typeof __VEIL_VERSION__ === 'string' ? __VEIL_VERSION__ : 'dev',
};

// assetURLs resolves the engine's files against base: the URL of veil.js
// (its directory holds them) or an assetsUrl option ("https://cdn/veil/"),
// each with ?v=VERSION so that no cache pairs this veil.js with another
// build's files.
export function assetURLs(base, pageHref) {
  let dir;
  try {
    dir = new URL(base, pageHref);
  } catch {
    throw new Error('engine: cannot locate the engine: ' + JSON.stringify(String(base)) + ' is not a URL');
  }
  if (dir.protocol !== 'https:' && dir.protocol !== 'http:') {
    throw new Error('engine: cannot locate the engine: ' + JSON.stringify(dir.href) + ' is not an http(s) URL');
  }
  const at = (name) => {
    const u = new URL(name, dir);
    u.search = 'v=' + PINS.version;
    return u.href;
  };
  return {
    origin: dir.origin,
    worker: at('veil-worker.js'),
    wasmExec: at('wasm_exec.js'),
    wasm: at('veil.wasm'),
  };
}

// startWorker checks the worker's files and starts it (urls from
// assetURLs). There is no switch that skips the checks: tests that replace
// the engine serve a veil.js carrying the fake's hash. The worker then loads
// and checks veil.wasm itself (initMessage says where and against what).
export async function startWorker(win, urls) {
  const load = (url, pin, name) => fetchPinned(url, pin).catch((err) => {
    throw new Error('engine: cannot load ' + name + ': ' + String((err && err.message) || err));
  });
  const [workerCode, wasmExec] = await Promise.all([
    load(urls.worker, PINS.worker, 'veil-worker.js'),
    load(urls.wasmExec, PINS.wasmExec, 'wasm_exec.js'),
  ]);
  if (urls.origin === win.location.origin) return new win.Worker(urls.worker);
  // wasm_exec.js first: the worker finds Go defined and imports nothing.
  const blob = new win.Blob([wasmExec, '\n;\n', workerCode], { type: 'text/javascript' });
  const href = win.URL.createObjectURL(blob);
  try {
    return new win.Worker(href);
  } catch (err) {
    throw new Error("engine: cannot start the worker from a blob: URL (veil.js is on another origin, so the page's " +
      'Content-Security-Policy needs worker-src blob:): ' + String((err && err.message) || err));
  } finally {
    // The Worker constructor has resolved the URL; the page keeps no copy.
    win.URL.revokeObjectURL(href);
  }
}

// initMessage is what the worker needs to load the engine.
export function initMessage(urls) {
  return { wasmExec: urls.wasmExec, wasm: urls.wasm, wasmPin: PINS.wasm };
}
