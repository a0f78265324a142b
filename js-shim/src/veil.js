// The script-tag entry and window.veil. Start-up: configuration, checks that
// the engine can run at all, consent, the page's load event, the engine's
// worker, then recording. Any error stops everything and sends nothing more
// (fail closed), with one console warning and the reason in status().
import { Recorder } from './recorder.js';
import { Transport } from './transport.js';
import { session, saveSeq, endSession, storedConsent, storeConsent, storedId } from './session.js';

const script = document.currentScript;
const base = script && script.src;
// A batch the engine rejects costs a fresh snapshot; if the fresh snapshots
// keep being rejected, the engine and the page disagree for good.
const MAX_ENGINE_ERRORS = 3;
// The smallest WebAssembly module: compiling it fails exactly when the page's
// CSP forbids WebAssembly (no 'wasm-unsafe-eval').
const EMPTY_WASM = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

const st = { state: 'loading', reason: '', sessionId: '', dropped: 0, consent: '', consentSource: '' };
let config = null;
let configText = '';
let initCalled = false;
let worker = null;
let transport = null;
let recorder = null;
let run = 0; // bumped at teardown: messages of an old worker are ignored
let started = Promise.resolve(); // settles when the current snapshot is walked
let nextN = 0; // raw batches posted to the worker
let snapshotFrom = 0; // first raw batch of the current full snapshot
let discardBelow = 0; // raw batches lost at pagehide: their results are not sent
let engineErrors = 0;
const outstanding = new Set(); // raw batches the worker has not answered
let flushes = 0;
const waiting = new Map();
const totals = { truncated: 0, sent: 0 };

function reasonOf(err) {
  return String((err && err.message) || err || 'unknown error');
}

function fail(err) {
  if (st.state === 'failed') return;
  teardown(false);
  st.state = 'failed';
  st.reason = reasonOf(err);
  console.warn('veil: recording stopped: ' + st.reason);
}

// teardown stops observing, ends the worker and the transport. discard
// also drops masked batches not yet delivered (opt-out).
function teardown(discard) {
  run++;
  if (recorder) {
    recorder.stop();
    totals.truncated += recorder.w.truncated;
    recorder = null;
  }
  if (worker) {
    worker.terminate();
    worker = null;
  }
  if (transport) {
    totals.sent += transport.sent;
    if (discard) transport.discard();
    else transport.close();
    transport = null;
  }
  outstanding.clear();
  for (const resolve of waiting.values()) resolve();
  waiting.clear();
}

function status() {
  return {
    ...st,
    truncated: totals.truncated + (recorder ? recorder.w.truncated : 0),
    sent: totals.sent + (transport ? transport.sent : 0),
  };
}

function loaded() {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
}

function checkWasm() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function') {
    throw new Error('WebAssembly is not available in this browser');
  }
  try {
    new WebAssembly.Module(new Uint8Array(EMPTY_WASM));
  } catch (err) {
    throw new Error("WebAssembly is blocked by the page's Content-Security-Policy (it needs 'wasm-unsafe-eval'): " +
      reasonOf(err));
  }
}

function privacySignal() {
  if (config.privacySignals === 'ignore') return '';
  if (navigator.globalPrivacyControl === true) return 'Global Privacy Control';
  if (navigator.doNotTrack === '1' || window.doNotTrack === '1') return 'Do Not Track';
  return '';
}

function parseConfig(conf) {
  configText = typeof conf === 'string' ? conf : JSON.stringify(conf);
  try {
    config = JSON.parse(configText);
  } catch (err) {
    throw new Error('config: ' + reasonOf(err));
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('config: not a JSON object');
  if (typeof config.endpoint !== 'string' || !config.endpoint) throw new Error('config: endpoint is required');
}

async function init(conf) {
  if (initCalled) throw new Error('veil: init was already called');
  initCalled = true;
  try {
    parseConfig(conf);
    checkWasm();
    if (!base) throw new Error('veil: cannot locate veil-worker.js: load veil.js with a <script src> tag');
    const signal = privacySignal();
    if (signal) {
      st.state = 'privacy-signal';
      st.reason = signal;
      return status();
    }
    const consent = storedConsent();
    if (consent === 'denied') {
      st.state = 'opted-out';
      return status();
    }
    if (config.optIn === true && consent !== 'granted') {
      st.state = 'waiting-for-consent';
      return status();
    }
    await begin(config.optIn === true ? ['granted', 'optIn'] : ['not-required', 'config']);
    if (st.state === 'failed') throw new Error(st.reason);
    return status();
  } catch (err) {
    fail(err);
    throw err;
  }
}

// begin loads the engine and records under the given consent, which the
// engine writes into every Meta.
async function begin([consent, source]) {
  const my = ++run;
  engineErrors = 0;
  st.state = 'loading';
  st.consent = consent;
  st.consentSource = source;
  await loaded();
  if (my !== run) return;

  let ready;
  const engineReady = new Promise((resolve, reject) => { ready = { resolve, reject }; });
  const w = new Worker(new URL('veil-worker.js', base));
  worker = w;
  w.onmessage = (e) => { if (my === run) onWorker(e.data, ready); };
  w.onerror = (e) => {
    if (e.preventDefault) e.preventDefault();
    const err = new Error('worker: ' + (e.message || 'crashed'));
    ready.reject(err);
    if (my === run) fail(err);
  };
  w.onmessageerror = () => { if (my === run) fail(new Error('worker: unreadable message')); };
  w.postMessage({ type: 'init', config: configText, consent, source });
  await engineReady;
  if (my !== run) return;

  const s = session();
  st.sessionId = s.id;
  transport = new Transport({
    endpoint: new URL(config.endpoint, location.href).href,
    app: typeof config.application === 'string' ? config.application : '',
    session: s.id,
    seq: s.seq,
    onSeq: saveSeq,
    onDrop: (n) => { st.dropped += n; resnapshot(); },
    maxBytes: window.__veilTestMaxQueue,
    backoffMs: window.__veilTestBackoffMs,
  });
  recorder = new Recorder(window, sink, {
    block: config.recording && config.recording.block,
    onSnapshot: () => { snapshotFrom = nextN; },
    onError: () => resnapshot(),
  });
  st.state = 'recording';
  started = recorder.start();
  await started;
}

function sink(bytes) {
  if (!worker) return;
  const n = nextN++;
  outstanding.add(n);
  worker.postMessage({ type: 'batch', n, buf: bytes.buffer }, [bytes.buffer]);
}

function onWorker(m, ready) {
  switch (m.type) {
    case 'ready': return ready.resolve();
    case 'masked': return masked(m);
    case 'flushed': {
      const resolve = waiting.get(m.id);
      waiting.delete(m.id);
      return resolve && resolve();
    }
    case 'error': {
      const err = new Error(m.error);
      ready.reject(err);
      return fail(err);
    }
  }
}

function masked(m) {
  outstanding.delete(m.n);
  if (m.n < discardBelow) return; // counted as dropped at pagehide
  if (m.body && transport) transport.send(m.body);
  if (m.error) {
    st.dropped++;
    // Batches between the error and the fresh snapshot are rejected too;
    // only a rejected snapshot asks for another one.
    if (m.n >= snapshotFrom) {
      if (++engineErrors > MAX_ENGINE_ERRORS) return fail(new Error(m.error));
      resnapshot();
    }
  } else if (m.count > 0 && m.n >= snapshotFrom) {
    engineErrors = 0;
  }
}

function resnapshot() {
  if (recorder && st.state === 'recording') recorder.resnapshot();
}

// pagehide: what is masked goes out as beacons; raw data not yet masked is
// dropped and counted, never sent.
function pagehide() {
  if (!recorder) return;
  let lost = outstanding.size;
  outstanding.clear();
  if (recorder.discard()) lost++;
  discardBelow = nextN;
  st.dropped += lost;
  if (transport) st.dropped += transport.pagehide();
}

addEventListener('pagehide', pagehide);
addEventListener('pageshow', (e) => {
  // Back from the back/forward cache: what was dropped at pagehide left the
  // engine's mirror behind the page.
  if (e.persisted) resnapshot();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && recorder) recorder.flush();
});

function flush() {
  if (st.state !== 'recording' && st.state !== 'stopped') return Promise.resolve();
  return started.catch(() => undefined).then(() => {
    if (!worker) return undefined;
    if (recorder) recorder.flush();
    const id = ++flushes;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ type: 'flush', id });
    });
  }).then(() => transport && transport.idle());
}

function stop() {
  if (st.state !== 'recording' || !recorder) return;
  recorder.flush();
  recorder.stop();
  st.state = 'stopped';
}

function start() {
  if (st.state !== 'stopped' || !recorder) return Promise.resolve(status());
  st.state = 'recording';
  started = recorder.start();
  return started.then(status);
}

async function optIn() {
  storeConsent('granted');
  if (initCalled && (st.state === 'waiting-for-consent' || st.state === 'opted-out')) {
    try {
      await begin(['granted', 'optIn']);
    } catch (err) {
      fail(err);
      throw err;
    }
  }
  return status();
}

async function optOut(opts) {
  storeConsent('denied');
  const id = st.sessionId || storedId();
  teardown(true);
  endSession();
  st.state = 'opted-out';
  st.reason = '';
  st.sessionId = '';
  if (opts && opts.deleteRecorded && id && config) {
    await new Transport({
      endpoint: new URL(config.endpoint, location.href).href,
      app: typeof config.application === 'string' ? config.application : '',
      session: id,
      onDrop() {},
    }).deleteRecorded();
  }
  return status();
}

async function fromScriptTag(url) {
  let text;
  try {
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) throw new Error('config: ' + url + ': HTTP ' + res.status);
    text = await res.text();
  } catch (err) {
    initCalled = true;
    fail(err);
    return;
  }
  await init(text);
}

if (!window.veil || !window.veil.__veil) {
  window.veil = {
    __veil: true,
    init, start, stop, optIn, optOut, flush,
    status,
  };
  const url = script && script.dataset.config;
  if (url) fromScriptTag(url).catch(() => undefined);
}
