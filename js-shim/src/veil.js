// The script-tag entry: fetch the configuration, wait for the page's load
// event, start the engine's worker, then record. Any error stops everything
// and sends nothing more (fail closed), with one console warning.
import { Recorder } from './recorder.js';
import { Transport } from './transport.js';

const script = document.currentScript;
const status = { state: 'loading', reason: '', sessionId: '', dropped: 0 };
let recorder = null;
let worker = null;
let transport = null;
let flushes = 0;
let started = Promise.resolve(); // settles when the first snapshot is walked
const waiting = new Map();

function fail(err) {
  if (status.state === 'failed') return;
  status.state = 'failed';
  status.reason = String((err && err.message) || err);
  if (recorder) recorder.stop();
  if (worker) worker.terminate();
  if (transport) transport.close();
  for (const resolve of waiting.values()) resolve();
  waiting.clear();
  console.warn('veil: recording stopped: ' + status.reason);
}

window.veil = {
  status: () => ({ ...status }),
  // flush resolves once everything recorded so far has been masked and handed
  // to the network (or dropped after a failure).
  flush() {
    if (status.state !== 'recording') return Promise.resolve();
    // A snapshot still being walked is part of what must be flushed.
    return started.then(() => {
      if (status.state !== 'recording') return undefined;
      recorder.flush();
      const id = ++flushes;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ type: 'flush', id });
      });
    }).then(() => transport && transport.idle());
  },
};

function loaded() {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
}

function sessionId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function onWorker(e, ready) {
  const m = e.data;
  switch (m.type) {
    case 'ready': return ready.resolve();
    case 'batch': return transport.send(m.body);
    case 'flushed': {
      const resolve = waiting.get(m.id);
      waiting.delete(m.id);
      return resolve && resolve();
    }
    case 'error': return ready.reject(new Error(m.error));
  }
}

async function main() {
  const src = script && script.src;
  const configURL = script && script.dataset.config;
  if (!src || !configURL) throw new Error('config: the script tag needs src and data-config');
  const res = await fetch(configURL, { credentials: 'same-origin' });
  if (!res.ok) throw new Error('config: ' + configURL + ': HTTP ' + res.status);
  const config = await res.text();
  let endpoint;
  try {
    endpoint = JSON.parse(config).endpoint;
  } catch (err) {
    throw new Error('config: ' + err.message);
  }
  if (typeof endpoint !== 'string' || !endpoint) throw new Error('config: endpoint is required');
  await loaded();

  let ready;
  const engineReady = new Promise((resolve, reject) => { ready = { resolve, reject }; });
  // After start-up, an engine error is a failure like any other.
  const after = { resolve() {}, reject: fail };
  worker = new Worker(new URL('veil-worker.js', src));
  worker.onmessage = (e) => onWorker(e, status.state === 'loading' ? ready : after);
  worker.onerror = (e) => { ready.reject(new Error('worker: ' + e.message)); fail('worker: ' + e.message); };
  worker.postMessage({ type: 'init', config });
  await engineReady;
  if (status.state === 'failed') return;

  status.sessionId = sessionId();
  transport = new Transport(new URL(endpoint, location.href).href, status.sessionId, () => status.dropped++);
  recorder = new Recorder(window, (bytes) => {
    if (status.state === 'failed') return;
    worker.postMessage({ type: 'batch', buf: bytes.buffer }, [bytes.buffer]);
  });
  status.state = 'recording';
  started = recorder.start();
  await started;
}

main().catch(fail);
