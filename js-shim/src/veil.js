// The script-tag entry and window.veil: the controller that decides whether
// this page records. Checks, in order: configuration and WebAssembly, the
// privacy signals, opt-out, consent, sampling; then the page is observed
// at once while the engine loads (pipeline.js holds what is observed in the
// page until the engine says the URL is not excluded). Each
// signal that changes (optIn, a banner, start/stop, a navigation) runs the
// same decision again. Any error stops everything and sends nothing more
// (fail closed), with one console warning and the reason in status().
import { Pipeline } from './pipeline.js';
import { Transport } from './transport.js';
import { endSession, storeConsent, storedConsent, storedId, storeIgnoreSampling } from './session.js';
import { options, bare, own } from './options.js';
import { privacySignal } from './privacy.js';
import { sampled } from './sampling.js';
import { ConsentGate } from './consent.js';

// performance.mark('veil:script-start') and 'veil:first-snapshot' (the first
// full snapshot walked) time how soon recording starts.
mark('veil:script-start');

const script = document.currentScript;
// Where the engine's files are: data-assets on the script tag, or veil.js's
// own folder; init(config, {assetsUrl}) may say otherwise.
let assets = (script && (folder(script.dataset.assets) || script.src)) || '';
// The smallest WebAssembly module: compiling it fails exactly when the page's
// CSP forbids WebAssembly (no 'wasm-unsafe-eval').
const EMPTY_WASM = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

const st = { state: 'loading', reason: '', sessionId: '', dropped: 0, consent: '', consentSource: '' };
let config = null;
let configText = '';
let opts = null;
let gate = null;
let initCalled = false;
let failed = false;
let paused = false; // stop() was called and start() not yet
let pipe = null;
let opening = Promise.resolve(); // settles when the current pipeline has opened
let firstSnapshot = false;
const totals = { truncated: 0, sent: 0 };

// folder makes a folder URL end in '/', so that file names resolve inside it.
function folder(url) {
  if (!url) return '';
  return url.endsWith('/') ? url : url + '/';
}

function mark(name) {
  try {
    if (typeof performance === 'object' && performance.mark) performance.mark(name);
  } catch { /* no user timing: nothing to report */ }
}

function reasonOf(err) {
  return String((err && err.message) || err || 'unknown error');
}

function fail(err) {
  if (failed) return;
  failed = true;
  closePipe(false);
  if (gate) gate.stop();
  st.state = 'failed';
  st.reason = reasonOf(err);
  console.warn('veil: recording stopped: ' + st.reason);
}

function closePipe(discard) {
  if (!pipe) return;
  totals.truncated += pipe.truncated;
  totals.sent += pipe.sent;
  pipe.close(discard);
  pipe = null;
}

function status() {
  return {
    ...st,
    truncated: totals.truncated + (pipe ? pipe.truncated : 0),
    sent: totals.sent + (pipe ? pipe.sent : 0),
    buffered: pipe && pipe.buffer ? pipe.buffer.bytes : 0,
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

function parseConfig(conf) {
  configText = typeof conf === 'string' ? conf : JSON.stringify(conf);
  try {
    config = bare(JSON.parse(configText));
  } catch (err) {
    throw new Error('config: ' + reasonOf(err));
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new Error('config: not a JSON object');
  if (typeof config.endpoint !== 'string' || !config.endpoint) throw new Error('config: endpoint is required');
  opts = options(config);
}

// blocker returns [state, reason] when this page must not record now, or
// null. The consent adapters start only once nothing earlier forbids it.
function blocker() {
  const signal = privacySignal(navigator, window, opts.honorSignals);
  if (signal) return ['privacy-signal', signal];
  if (storedConsent() === 'denied') return ['opted-out', ''];
  gate.watch();
  const c = gate.current();
  if (c.source === 'optOut') return ['opted-out', ''];
  if (!c.ok) return ['waiting-for-consent', c.reason];
  if (!sampled(opts.samplePercent)) return ['not-sampled', 'samplePercent ' + opts.samplePercent];
  return null;
}

// update makes the recorder match the signals as they are now.
function update() {
  if (failed || !opts) return;
  const block = blocker();
  if (block) {
    if (pipe) {
      // Consent withdrawn or a privacy signal: what was not sent is
      // discarded, and a later recording is a new session.
      closePipe(true);
      endSession();
      st.sessionId = '';
    }
    [st.state, st.reason] = block;
    return;
  }
  if (!pipe) opening = openPipe(gate.current());
  else if (pipe.opened) apply();
  else if (!paused) observe(pipe);
}

// rollOver ends a session the collector takes no more of (it holds as much
// as one replay can) and records on in a new one, from a fresh snapshot.
// What the old one had not delivered is discarded.
function rollOver() {
  closePipe(true);
  endSession();
  st.sessionId = '';
  update();
}

async function openPipe(c) {
  const p = new Pipeline({
    win: window, assets, configText, config, opts, consent: c.state, source: c.source,
    onFail: (err) => { if (pipe === p) fail(err); },
    onChange: () => { if (pipe === p && p.opened) apply(); },
    onDrop: (n) => { st.dropped += n; },
    onSessionFull: () => { if (pipe === p) rollOver(); },
  });
  pipe = p;
  st.state = 'loading';
  st.reason = '';
  st.consent = c.state;
  st.consentSource = c.source;
  try {
    // Observed from now on; held in the page until the engine is ready.
    p.prepare();
    if (!paused) observe(p);
    await loaded();
    if (pipe !== p) return;
    p.pageLoaded();
    await p.open();
    if (pipe !== p) return;
    st.sessionId = p.sessionId;
    apply();
  } catch (err) {
    if (pipe === p) fail(err);
  }
}

function observe(p) {
  p.run(true);
  if (firstSnapshot) return;
  p.started.then(() => {
    if (!firstSnapshot && !p.closed) {
      firstSnapshot = true;
      mark('veil:first-snapshot');
    }
  }, () => undefined);
}

// apply sets what an open pipeline does: paused by the page, paused at an
// excluded URL, buffering for error-only mode, or recording.
function apply() {
  if (paused) {
    pipe.run(false, true);
    st.state = 'stopped';
    st.reason = '';
  } else if (pipe.excluded) {
    pipe.run(false, false);
    st.state = 'excluded-url';
    st.reason = 'the URL matches excludeUrls';
  } else {
    observe(pipe);
    st.state = pipe.buffer ? 'error-only-buffering' : 'recording';
    st.reason = '';
  }
}

// settled resolves once the pipeline being opened (if any) has opened and
// its snapshot is walked, following any that replaced it meanwhile.
async function settled() {
  for (;;) {
    const o = opening;
    await o;
    if (o === opening) break;
  }
  if (pipe) await pipe.started.catch(() => undefined);
}

// init starts Veil with a configuration (an object or JSON text). o.assetsUrl
// names the folder that holds veil-worker.js, wasm_exec.js and veil.wasm
// (default: veil.js's own folder).
async function init(conf, o) {
  if (initCalled) throw new Error('veil: init was already called');
  initCalled = true;
  try {
    if (o && o.assetsUrl !== undefined) {
      if (typeof o.assetsUrl !== 'string' || !o.assetsUrl) throw new Error('veil: assetsUrl: expected a URL');
      assets = folder(o.assetsUrl);
    }
    parseConfig(conf);
    checkWasm();
    if (!assets) {
      throw new Error('veil: cannot locate the engine: load veil.js with a <script src> tag, or pass init(config, {assetsUrl})');
    }
    gate = new ConsentGate(window, opts, update);
    update();
    await settled();
  } catch (err) {
    fail(err);
    throw err;
  }
  if (failed) throw new Error(st.reason);
  return status();
}

// pagehide: what is masked goes out as beacons; raw data not yet masked is
// dropped and counted, never sent.
addEventListener('pagehide', () => { if (pipe) st.dropped += pipe.pagehide(); });
addEventListener('pageshow', (e) => {
  // Back from the back/forward cache: what was dropped at pagehide left the
  // engine's mirror behind the page.
  if (e.persisted && pipe) pipe.resnapshot();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && pipe && pipe.running) pipe.recorder.flush();
});

function flush() {
  return pipe ? pipe.flush() : Promise.resolve();
}

// stop pauses observing within this page until start(); what was observed
// is still masked and sent.
function stop() {
  paused = true;
  if (failed || !pipe) return;
  if (pipe.opened) apply();
  else pipe.run(false, true); // what was held stays held for the engine
}

async function start(o) {
  if (o && o.ignoreSampling === true) storeIgnoreSampling();
  paused = false;
  if (initCalled && !failed) {
    update(); // the privacy signals are read again
    await settled();
  }
  return status();
}

async function optIn() {
  storeConsent('granted');
  if (initCalled && !failed) {
    update();
    await settled();
    if (failed) throw new Error(st.reason);
  }
  return status();
}

async function optOut(o) {
  storeConsent('denied');
  const id = (pipe && pipe.sessionId) || st.sessionId || storedId();
  closePipe(true);
  if (gate) gate.stop();
  endSession();
  st.state = 'opted-out';
  st.reason = '';
  st.sessionId = '';
  if (o && o.deleteRecorded && id && config) {
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
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' });
    if (!res.ok) throw new Error('config: ' + url + ': HTTP ' + res.status);
    text = await res.text();
  } catch (err) {
    initCalled = true;
    fail(err);
    return;
  }
  await init(text);
  setInterval(() => refreshConfig(url), own(window, '__veilTestConfigRefreshMs') || CONFIG_REFRESH_MS);
}

// Recording rules may change while a page stays open. A configuration from
// data-config is fetched at every page load and again every
// CONFIG_REFRESH_MS; when it changed, recording starts afresh under it (a new
// engine and a full snapshot, in the same session). The collector masks
// every batch with its current rules anyway: this bounds how long an open
// page masks with older ones.
const CONFIG_REFRESH_MS = 5 * 60 * 1000;

async function refreshConfig(url) {
  if (failed) return;
  let text;
  try {
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' });
    if (!res.ok) return; // kept until the next try; the collector masks with its current rules
    text = await res.text();
  } catch {
    return;
  }
  if (failed || text === configText) return;
  closePipe(false);
  if (gate) gate.stop();
  try {
    parseConfig(text);
  } catch (err) {
    fail(err);
    return;
  }
  gate = new ConsentGate(window, opts, update);
  update();
}

// A page may queue calls before veil.js has loaded, the same way after:
// (window.veil = window.veil || []).push('optIn').
if (!window.veil || !window.veil.__veil) {
  const queued = Array.isArray(window.veil) ? window.veil : [];
  const api = {
    __veil: true,
    init, start, stop, optIn, optOut, flush, status,
    push(...calls) {
      for (const c of calls) {
        const [name, ...args] = Array.isArray(c) ? c : [c];
        if (name === 'push' || typeof api[name] !== 'function') {
          console.warn('veil: push: unknown method ' + String(name));
          continue;
        }
        const r = api[name](...args);
        if (r && typeof r.catch === 'function') r.catch(() => undefined);
      }
      return calls.length;
    },
  };
  window.veil = api;
  api.push(...queued);
  const url = script && script.dataset.config;
  if (url) fromScriptTag(url).catch(() => undefined);
}
