// Pins: the SHA-256 of the engine's files, built into veil.js by build.mjs.
// Whatever runs as the engine (veil-worker.js, wasm_exec.js, veil.wasm) is
// checked against them before it runs, from any origin, so that a CDN or a
// cache serving other bytes stops the recorder instead of masking with an
// engine nobody reviewed.

import { toBase64 } from './base64.js';
import { sha256 } from './sha256.js';

// checkPin resolves when bytes (an ArrayBuffer) hash to pin ("sha256-BASE64")
// and rejects with a reason that names the file, its URL and both hashes.
// An empty pin (veil.js built without pins) is an error too: fail closed.
export async function checkPin(bytes, pin, url) {
  if (!pin) throw new Error(url + ': veil.js was built without the hashes of its engine (build it with make build)');
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  // crypto.subtle exists only in secure contexts; plain-HTTP pages hash in JS.
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256(new Uint8Array(bytes));
  const got = 'sha256-' + toBase64(digest);
  if (got !== pin) {
    throw new Error(url + ' does not match the SHA-256 built into veil.js (expected ' + pin + ', got ' + got +
      '): it is from another build or was altered');
  }
}

// fetchPinned fetches url with CORS and without credentials and checks it.
// A fetch the network, CORS or the page's CSP (connect-src) refuses is an
// error that says so.
export async function fetchPinned(url, pin) {
  let res;
  try {
    res = await fetch(url, { mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (err) {
    throw new Error('cannot fetch ' + url + ' (the network, a missing Access-Control-Allow-Origin header, or the ' +
      "page's Content-Security-Policy connect-src refused it): " + String((err && err.message) || err));
  }
  if (!res.ok) throw new Error('cannot fetch ' + url + ': HTTP ' + res.status);
  const bytes = await res.arrayBuffer();
  await checkPin(bytes, pin, url);
  return bytes;
}
