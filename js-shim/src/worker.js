// The engine's worker: loads the Go WASM engine, masks each raw batch, gzips
// the rrweb events and posts them back. Messages are handled strictly in
// order. A dead engine answers nothing but its error; a batch the engine
// rejected is answered with that error, and the page takes a fresh snapshot.
// The worker imports wasm_exec.js (unless it was started from a blob: URL
// with it inside) and fetches veil.wasm from the URLs the page gives, and
// runs veil.wasm only if it matches the SHA-256 built into veil.js.
/* global Go, veilEngine */
import { fetchPinned } from './pin.js';

let chain = Promise.resolve();
let dead = '';

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'sheets') return m.urls.forEach(checkSheet); // at once, beside the engine's loading
  if (m.type === 'send') return send(m); // at once: masked already, not in order with the batches
  if (m.type === 'abort') return abortSend(m.id);
  chain = chain.then(() => handle(m)).catch((err) => die(err));
};

// Linked sheets the recorder inlined as the site's: their URLs are fetched
// again here, off the page's main thread, and the engine keeps a sheet's
// names only if the text its server sends names them too (a page script
// may have edited the sheet through the CSSOM before the recorder loaded).
// One fetch per URL, from the HTTP cache as a rule, to the sheet's own URL
// and nowhere else (no redirect), with no referrer and the credentials the
// page's <link> sent its own origin; one that fails, is not http(s) or
// takes over SHEET_WAIT_MS counts as failed, and the sheet as the page's.
// A batch waits for the checks asked before it: at most SHEET_WAIT_MS.
const SHEET_WAIT_MS = 300;
const SHEET_MAX_CHARS = 8 << 20;
const sheets = new Map(); // url → { done, text (null: failed), settled, told }

function checkSheet(url) {
  if (typeof url !== 'string' || sheets.has(url)) return;
  const c = { done: null, text: null, settled: false, told: false };
  sheets.set(url, c);
  let http = false;
  try {
    http = /^https?:$/.test(new URL(url).protocol);
  } catch { /* not a URL: failed */ }
  if (!http) {
    c.settled = true;
    c.done = Promise.resolve();
    return;
  }
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), SHEET_WAIT_MS);
  c.done = fetch(url, { credentials: 'same-origin', cache: 'force-cache', referrerPolicy: 'no-referrer', redirect: 'error', signal: stop.signal })
    .then((r) => (r.ok ? r.text() : null))
    .then((t) => { c.text = typeof t === 'string' && t.length <= SHEET_MAX_CHARS ? t : null; }, () => {})
    .finally(() => {
      clearTimeout(timer);
      c.settled = true;
    });
}

// tellSheets hands the engine every check that ended since the last batch,
// waiting for those asked before it; one asked while it waits is for a
// later batch, and is told once it ended.
async function tellSheets() {
  const waits = [];
  for (const c of sheets.values()) if (!c.told) waits.push(c.done);
  if (!waits.length) return;
  await Promise.all(waits);
  for (const [url, c] of sheets) {
    if (c.told || !c.settled) continue;
    c.told = true;
    veilEngine.sheet(url, c.text);
    c.text = null; // the engine keeps the names it needs, not the text
  }
}

// send fetches a masked batch for the page's transport (transport.js) and
// answers {type: 'sent', id, status, full}; status 0 when no answer came.
// From here, the request and its URL (the session's key in it) are in no
// page timeline and under no page wrapper of fetch. No keepalive: the page
// beacons at pagehide whatever was not answered (the collector takes a
// duplicate seq once).
const SESSION_FULL = 'Veil-Session-Full';
const sends = new Map(); // id → AbortController

function send({ id, url, body }) {
  const stop = new AbortController();
  sends.set(id, stop);
  fetch(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain' },
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    signal: stop.signal,
  }).then((res) => {
    if (res.body) res.body.cancel().catch(() => undefined);
    return { status: res.status, full: res.headers.get(SESSION_FULL) === '1' };
  }, () => ({ status: 0, full: false })).then(({ status, full }) => {
    if (sends.delete(id)) self.postMessage({ type: 'sent', id, status, full });
  });
}

function abortSend(id) {
  const stop = sends.get(id);
  sends.delete(id);
  if (stop) stop.abort();
}

function die(err) {
  if (dead) return;
  dead = String((err && err.message) || err || 'unknown error');
  self.postMessage({ type: 'error', error: dead });
}

async function handle(m) {
  if (dead) return;
  switch (m.type) {
    case 'init': return init(m);
    case 'batch': return write(m.n, m.buf);
    case 'flush': return self.postMessage({ type: 'flushed', id: m.id });
    case 'excluded': return excluded(m.id, m.url);
    default: throw new Error('worker: unknown message ' + m.type);
  }
}

async function init({ config, consent, source, assets }) {
  if (typeof WebAssembly !== 'object') throw new Error('engine: WebAssembly is not available');
  // importScripts runs what it fetched before anyone could hash it: the page
  // checked these very bytes just before (assets.js), from the same URL.
  if (typeof Go !== 'function') importScripts(assets.wasmExec);
  const go = new Go();
  // GOGC trades memory for fewer collections: the engine allocates a lot
  // per batch (mirror nodes, decisions, the events JSON) and most of it
  // dies with the batch; with Go's default of 100 a large snapshot collects
  // many times, each a pause of the worker's one thread. The live heap is
  // the mirror, tens of MB on the largest pages, so the headroom stays
  // bounded. Set here rather than by runtime/debug, which costs veil.wasm
  // 1.8 KB.
  go.env = { GOGC: '400' };
  let instance;
  try {
    // Checked whole before it is compiled: nothing of an unpinned engine runs.
    const bytes = await fetchPinned(assets.wasm, assets.wasmPin);
    const res = new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } });
    ({ instance } = await WebAssembly.instantiateStreaming(res, go.importObject));
  } catch (err) {
    throw new Error('engine: cannot load veil.wasm: ' + ((err && err.message) || err));
  }
  // run parks in select{} once veilEngine is registered; its promise only
  // settles if the Go program exits, which is an error for us.
  go.run(instance).then(() => die(new Error('engine: exited')), die);
  if (typeof veilEngine !== 'object') throw new Error('engine: not registered');
  const err = veilEngine.init(config, consent, source);
  if (err) throw new Error(err);
  self.postMessage({ type: 'ready' });
}

// excluded answers in order with the batches: every batch posted before the
// question was answered before it, every later one after it.
function excluded(id, url) {
  if (typeof veilEngine.excluded !== 'function') throw new Error('engine: cannot evaluate excludeUrls');
  self.postMessage({ type: 'excluded', id, value: veilEngine.excluded(url) !== false });
}

async function write(n, buf) {
  await tellSheets();
  const r = veilEngine.write(new Uint8Array(buf));
  if (r.dead) throw new Error(r.error || 'engine: dead');
  // One body per part: a snapshot too large for one batch comes in several
  // (r.ends), each a JSON array sent as a batch of its own.
  const bodies = [];
  if (r.count > 0) {
    let from = 0;
    for (const end of r.ends || [r.events.length]) {
      bodies.push(await gzip(r.events.subarray(from, end)));
      from = end;
    }
  }
  const msg = { type: 'masked', n, bodies, count: r.count, error: r.error || '' };
  self.postMessage(msg, bodies);
}

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}
