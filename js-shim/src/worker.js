// The engine's worker: loads the Go WASM engine, masks each raw batch, gzips
// the rrweb events and posts them back. Messages are handled strictly in
// order; after any error the worker answers nothing but that error.
/* global Go, veilEngine */
importScripts('wasm_exec.js');

let chain = Promise.resolve();
let dead = '';

self.onmessage = (e) => {
  const m = e.data;
  chain = chain.then(() => handle(m)).catch((err) => die(err));
};

function die(err) {
  if (dead) return;
  dead = String((err && err.message) || err || 'unknown error');
  self.postMessage({ type: 'error', error: dead });
}

async function handle(m) {
  if (dead) return;
  switch (m.type) {
    case 'init': return init(m.config);
    case 'batch': return write(m.buf);
    case 'flush': return self.postMessage({ type: 'flushed', id: m.id });
    default: throw new Error('worker: unknown message ' + m.type);
  }
}

async function init(config) {
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch('veil.wasm'), go.importObject);
  // run parks in select{} once veilEngine is registered; its promise only
  // settles if the Go program exits, which is an error for us.
  go.run(instance).then(() => die(new Error('engine: exited')));
  if (typeof veilEngine !== 'object') throw new Error('engine: not registered');
  const err = veilEngine.init(config);
  if (err) throw new Error(err);
  self.postMessage({ type: 'ready' });
}

async function write(buf) {
  const r = veilEngine.write(new Uint8Array(buf));
  if (r.count > 0) {
    const body = await gzip(r.events);
    self.postMessage({ type: 'batch', body, count: r.count }, [body]);
  }
  if (r.error) throw new Error(r.error);
}

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}
