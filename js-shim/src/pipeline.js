// One engine session of a page: the worker that masks, the recorder that
// observes, and where masked batches go (the transport, or error-only mode's
// buffer). The controller (veil.js) opens one when recording is allowed and
// closes it when it no longer is; in between it only says whether the
// recorder runs. Only bytes that came back from the engine are ever sent.
//
// Recording starts before the engine is ready: the recorder observes from
// the moment recording is allowed, and its raw batches are held here, in
// the page (never sent, never stored), until the engine has loaded and said
// that no URL seen meanwhile is excluded. They are dropped if the engine
// fails, if a URL is excluded, or at pagehide; past MAX_HELD_BYTES the
// pipeline fails closed.
import { Recorder } from './recorder.js';
import { own } from './options.js';
import { Transport } from './transport.js';
import { session, saveSeq, errorTriggered, storeErrorTriggered } from './session.js';
import { ErrorBuffer } from './erroronly.js';
import { watchNavigation } from './exclusion.js';
import { watchErrors } from './pageerrors.js';
import { assetURLs, startWorker, initMessage } from './assets.js';

// A batch the engine rejects costs a fresh snapshot; if the fresh snapshots
// keep being rejected, the engine and the page disagree for good.
const MAX_ENGINE_ERRORS = 3;

// MAX_DROP_STREAK bounds the batches the collector may refuse (or the
// network lose) in a row, with nothing delivered between them: each drop
// takes a fresh snapshot, the first at once, later ones after 1, 2, 4, …
// seconds; past the bound recording stops with an error, rather than
// walking the page again and again for a collector that refuses it.
export const MAX_DROP_STREAK = 6;
// Raw bytes held in the page while the engine loads: a 100k-node page's
// first snapshot fits (about 10 MiB raw); more means the engine is not
// coming, and holding more would only cost the visitor memory.
export const MAX_HELD_BYTES = 32 << 20;
// An engine that stops answering — a hang, or a worker the browser stopped
// without an error event (out of memory) — would leave the recorder
// "recording" while nothing goes out, and flush() pending for ever. Once
// it owes an answer for ENGINE_TIMEOUT_MS (a 100k-node snapshot takes a few
// seconds), recording fails and says so. Time the page spent asleep (a
// frozen tab, a throttled timer) does not count.
export const ENGINE_TIMEOUT_MS = 60000;
const WATCH_TICKS = 12; // checks per timeout
// Elements whose arrival changes sizes a snapshot measured (media and frames
// become same-size placeholders; stylesheets move blocked elements).
const LAYOUT_LOADS = new Set(['img', 'video', 'iframe', 'embed', 'object', 'link']);

export class Pipeline {
  // o: win, assets (URL of veil.js, or of the folder holding the engine's
  // files), configText, config (parsed), opts (options()), consent and
  // source (for the engine's Meta), onFail(err), onChange() (excluded or
  // buffering changed), onDrop(n), onSessionFull() (the collector takes no
  // more of this session).
  constructor(o) {
    this.o = o;
    this.worker = null;
    this.transport = null;
    this.recorder = null;
    this.ready = false; // the engine answers batches; until then they are held
    this.opened = false;
    this.closed = false;
    this.running = false;
    this.started = Promise.resolve(); // settles when the current snapshot is walked
    this.sessionId = '';
    this.nextN = 0; // raw batches written (held or posted)
    this.snapshotFrom = 0; // first raw batch of the current full snapshot
    // Results of raw batches below this are not sent: lost at pagehide, or
    // captured after a navigation into an excluded URL (Infinity while
    // excluded: every result still to come is from there).
    this.dropBelow = 0;
    this.engineErrors = 0;
    this.outstanding = new Set(); // raw batches the worker has not answered
    this.held = []; // raw batches {n, bytes} waiting for the engine
    this.heldBytes = 0;
    this.heldUrls = new Set(); // every URL the held batches may come from
    this.maxHeld = own(o.win, '__veilTestMaxHeld') || MAX_HELD_BYTES;
    this.waiting = new Map(); // flush and excluded questions by id
    this.sending = new Map(); // batches the worker fetches, by id: their answer's resolve
    this.ids = 0;
    this.excluded = false;
    this.lastCheck = 0;
    this.buffer = null; // ErrorBuffer while error-only mode waits for an error
    this.starts = []; // raw batches that begin a full snapshot (error-only)
    this.startPending = false;
    this.snapTimer = 0;
    this.offs = [];
    this.engineReady = null;
    this.openSettled = new Promise((resolve) => { this.settle = resolve; });
    this.staleLayout = false; // something loaded after an early snapshot measured
    this.sheetsAsked = new Set(); // linked sheets' URLs the worker was asked to check
    this.sheetsToAsk = [];
  }

  get truncated() { return this.recorder ? this.recorder.w.truncated : 0; }

  get sent() { return this.transport ? this.transport.sent : 0; }

  // prepare sets up the session, the recorder and its watchers without the
  // engine, so that run(true) can observe at once. Nothing leaves the page.
  prepare() {
    if (this.recorder || this.closed) return;
    const o = this.o;
    const win = o.win;
    const s = session();
    this.sessionId = s.id;
    this.transport = new Transport({
      endpoint: new URL(o.config.endpoint, win.location.href).href,
      app: typeof o.config.application === 'string' ? o.config.application : '',
      session: s.id,
      seq: s.seq,
      onSeq: saveSeq,
      post: (url, body, signal) => this.postFromWorker(url, body, signal),
      onDrop: (n) => { o.onDrop(n); this.dropped(); },
      onFull: () => { if (!this.closed) o.onSessionFull(); },
      maxBytes: own(win, '__veilTestMaxQueue'),
      backoffMs: own(win, '__veilTestBackoffMs'),
    });
    const eo = o.opts.errorOnly;
    if (eo && !errorTriggered(s.id)) this.buffer = new ErrorBuffer(eo.windowSeconds * 1000);
    if (o.opts.excludeUrls) {
      // Before the recorder patches history, so that this hears first.
      this.heldUrls.add(win.location.href);
      this.offs.push(watchNavigation(win, () => this.navigated()));
    }
    this.recorder = new Recorder(win, (bytes) => this.sink(bytes), {
      block: o.config.recording && o.config.recording.block,
      onSnapshot: () => {
        this.snapshotFrom = this.nextN;
        if (this.buffer) this.starts.push(this.nextN);
      },
      // A recorder that gave up (snapshots failing again and again) has
      // stopped itself: the session fails closed instead of looking alive.
      onError: (err) => {
        if (this.recorder.stopped && this.running) o.onFail(err);
        else this.resnapshot();
      },
    });
    this.offs.push(watchErrors(win, (e) => this.pageError(e)));
    this.watchEarlyLoads();
  }

  // watchEarlyLoads notes, until the page's load event, whether an image,
  // frame or stylesheet arrived after observing began: the sizes the first
  // snapshot measured are then stale (an image measured before it loaded is
  // 0×0), and pageLoaded() takes the snapshot again.
  watchEarlyLoads() {
    const doc = this.o.win.document;
    if (doc.readyState === 'complete') return;
    const onLoad = (e) => {
      const t = e.target;
      if (this.running && t && t.nodeType === 1 && LAYOUT_LOADS.has(t.localName)) this.staleLayout = true;
    };
    doc.addEventListener('load', onLoad, true);
    const off = () => doc.removeEventListener('load', onLoad, true);
    this.offs.push(off);
    this.stopEarlyLoads = off;
  }

  // pageLoaded is told of the page's load event.
  pageLoaded() {
    if (this.stopEarlyLoads) this.stopEarlyLoads();
    this.stopEarlyLoads = null;
    if (!this.staleLayout) return;
    this.staleLayout = false;
    this.resnapshot();
  }

  // open loads the engine and, with excludeUrls, asks it about every URL
  // the held batches may come from; then the held batches go to the engine,
  // or are dropped if any of those URLs is excluded.
  async open() {
    const o = this.o;
    const win = o.win;
    this.prepare();
    const ready = new Promise((resolve, reject) => { this.engineReady = { resolve, reject }; });
    const urls = assetURLs(o.assets, win.location.href);
    const w = await startWorker(win, urls);
    if (this.closed) {
      w.terminate();
      return;
    }
    const blob = urls.origin !== win.location.origin;
    this.worker = w;
    w.onmessage = (e) => { if (!this.closed) this.onWorker(e.data); };
    w.onerror = (e) => {
      if (e.preventDefault) e.preventDefault();
      let msg = 'worker: ' + (e.message || 'crashed');
      // A blob: worker the page's CSP refuses fails this way, without a message.
      if (blob && !e.message) {
        msg = "worker: did not start from its blob: URL (veil.js is on another origin, so the page's " +
          'Content-Security-Policy must allow worker-src blob:)';
      }
      const err = new Error(msg);
      this.engineReady.reject(err);
      if (!this.closed) o.onFail(err);
    };
    w.onmessageerror = () => { if (!this.closed) o.onFail(new Error('worker: unreadable message')); };
    w.postMessage({ type: 'init', config: o.configText, consent: o.consent, source: o.source, assets: initMessage(urls) });
    this.askSheets(); // checked while the engine loads
    await ready;
    markEngineReady();
    if (this.closed) return;

    let dropHeld = false;
    if (o.opts.excludeUrls) {
      // Asked again while the page navigates during the answers.
      const asked = new Map();
      for (;;) {
        const todo = [...this.heldUrls, win.location.href].filter((u) => !asked.has(u));
        if (!todo.length) break;
        for (const url of todo) {
          const excluded = await this.ask('excluded', { url });
          if (this.closed) return;
          asked.set(url, excluded);
          if (excluded) dropHeld = true;
        }
      }
      this.excluded = asked.get(win.location.href);
    }
    this.ready = true;
    this.opened = true;
    this.watchEngine();
    this.settle();
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    if (dropHeld) {
      // Observed at an excluded URL: never sent. The engine's mirror is
      // empty, so recording here starts again with a full snapshot.
      this.dropBelow = Math.max(this.dropBelow, this.nextN);
      this.starts = [];
      if (!this.excluded) this.resnapshot();
      return;
    }
    for (const h of held) this.post(h.n, h.bytes);
  }

  // watchEngine fails the recording when the engine owes an answer (a
  // batch or a question) and has said nothing for the timeout.
  watchEngine() {
    const win = this.o.win;
    const timeout = own(win, '__veilTestEngineTimeoutMs') || ENGINE_TIMEOUT_MS;
    const tick = timeout / WATCH_TICKS;
    let last = Date.now();
    this.heard = last;
    this.watchTimer = win.setInterval(() => {
      const t = Date.now();
      const asleep = t - last > 3 * tick;
      last = t;
      if (this.closed) return;
      if (asleep || (this.outstanding.size === 0 && this.waiting.size === 0)) {
        this.heard = t;
      } else if (t - this.heard > timeout) {
        win.clearInterval(this.watchTimer);
        this.o.onFail(new Error('engine: no answer for ' + Math.round((t - this.heard) / 1000) +
          ' s (the worker hung or the browser stopped it): nothing more is sent'));
      }
    }, tick);
  }

  // ask posts a question the worker answers in order with the batches.
  ask(type, fields) {
    const id = ++this.ids;
    if (type === 'excluded') this.lastCheck = id;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type, id, ...fields });
    });
  }

  // navigated: everything observed before the navigation goes to the engine
  // now; what comes after is held back by the order of the worker's answers
  // until it has said whether the new URL is excluded.
  navigated() {
    if (this.closed) return;
    if (!this.opened) {
      if (!this.ready) this.heldUrls.add(this.o.win.location.href);
      return;
    }
    if (this.running) this.recorder.flush();
    const href = this.o.win.location.href;
    const id = this.ids + 1;
    this.ask('excluded', { url: href }).then((excluded) => this.answered(id, excluded));
  }

  answered(id, excluded) {
    if (this.closed) return;
    if (excluded) {
      // Every result from here on was captured after the navigation.
      this.dropBelow = Infinity;
      if (!this.excluded) {
        this.excluded = true;
        this.o.onChange();
      }
    } else if (id === this.lastCheck && this.excluded) {
      this.excluded = false;
      this.o.onChange();
    }
  }

  // run starts or stops observing. Stopping with keep hands what was
  // observed to the engine first (a pause); without, it is dropped (an
  // excluded URL). Starting takes a fresh full snapshot.
  run(on, keep) {
    if (!this.recorder || on === this.running) return this.started;
    this.running = on;
    if (on) {
      if (this.dropBelow === Infinity) this.dropBelow = this.nextN;
      this.started = this.recorder.start();
      this.periodicSnapshots();
    } else {
      this.o.win.clearInterval(this.snapTimer);
      this.snapTimer = 0;
      if (keep) this.recorder.flush();
      this.recorder.stop();
    }
    return this.started;
  }

  // periodicSnapshots keeps error-only mode's buffer replayable: it can only
  // drop old data a snapshot at a time.
  periodicSnapshots() {
    const win = this.o.win;
    win.clearInterval(this.snapTimer);
    this.snapTimer = 0;
    if (!this.buffer || !this.running) return;
    this.snapTimer = win.setInterval(() => {
      if (this.buffer) this.buffer.trim();
      this.resnapshot();
    }, this.buffer.windowMs);
  }

  sink(bytes) {
    if (this.closed) return;
    this.askSheets();
    const n = this.nextN++;
    if (this.ready) {
      this.post(n, bytes);
      return;
    }
    this.heldBytes += bytes.byteLength;
    if (this.heldBytes > this.maxHeld) {
      this.dropHeld();
      this.o.onFail(new Error('held ' + this.heldBytes + ' raw bytes while the engine was loading, over the limit of ' +
        this.maxHeld + ': nothing was sent'));
      return;
    }
    this.held.push({ n, bytes });
  }

  // askSheets has the worker check the linked sheets the recorder wrote as
  // the site's (node.js sheetURL), before it masks the batch that holds
  // them: it fetches each URL once, off the main thread. Until the worker
  // exists they wait here.
  askSheets() {
    const noted = this.recorder ? this.recorder.w.sheets : [];
    for (const url of noted.splice(0)) {
      if (this.sheetsAsked.has(url)) continue;
      this.sheetsAsked.add(url);
      this.sheetsToAsk.push(url);
    }
    if (this.worker && this.sheetsToAsk.length) this.worker.postMessage({ type: 'sheets', urls: this.sheetsToAsk.splice(0) });
  }

  // postFromWorker has the worker fetch a masked batch, so that the request
  // (its URL holds the session's key) is in no page timeline and under no
  // page wrapper of fetch. It resolves with {status, full}; status 0 when
  // no answer came (the worker is gone, the request failed).
  postFromWorker(url, body, signal) {
    if (this.closed || !this.worker) return Promise.resolve({ status: 0, full: false });
    const id = ++this.ids;
    return new Promise((resolve) => {
      this.sending.set(id, resolve);
      if (signal) {
        signal.addEventListener('abort', () => {
          if (this.sending.delete(id)) {
            if (this.worker) this.worker.postMessage({ type: 'abort', id });
            resolve({ status: 0, full: false });
          }
        }, { once: true });
      }
      this.worker.postMessage({ type: 'send', id, url, body });
    });
  }

  post(n, bytes) {
    this.outstanding.add(n);
    this.worker.postMessage({ type: 'batch', n, buf: bytes.buffer }, [bytes.buffer]);
  }

  dropHeld() {
    const n = this.held.length;
    this.held = [];
    this.heldBytes = 0;
    return n;
  }

  onWorker(m) {
    this.heard = Date.now();
    switch (m.type) {
      case 'ready': return this.engineReady.resolve();
      case 'masked': return this.masked(m);
      case 'sent': {
        const resolve = this.sending.get(m.id);
        this.sending.delete(m.id);
        return resolve && resolve({ status: m.status, full: m.full === true });
      }
      case 'flushed':
      case 'excluded': {
        const resolve = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        return resolve && resolve(m.value);
      }
      case 'error': {
        const err = new Error(m.error);
        this.engineReady.reject(err);
        return this.o.onFail(err);
      }
    }
  }

  masked(m) {
    this.outstanding.delete(m.n);
    let starts = false;
    while (this.starts.length && this.starts[0] <= m.n) {
      this.starts.shift();
      starts = true;
    }
    if (starts) this.startPending = true;
    if (m.n < this.dropBelow) {
      this.startPending = false;
      return;
    }
    for (const body of m.bodies) this.deliver(body);
    if (m.error) {
      this.o.onDrop(1);
      // Batches between the error and the fresh snapshot are rejected too;
      // only a rejected snapshot asks for another one.
      if (m.n >= this.snapshotFrom) {
        if (++this.engineErrors > MAX_ENGINE_ERRORS) return this.o.onFail(new Error(m.error));
        this.resnapshot();
      }
    } else if (m.count > 0 && m.n >= this.snapshotFrom) {
      this.engineErrors = 0;
    }
  }

  deliver(body) {
    if (!this.buffer) {
      this.transport.send(body);
      return;
    }
    const starts = this.startPending;
    this.startPending = false;
    if (!this.buffer.add(body, starts)) this.resnapshot();
  }

  resnapshot() {
    if (this.running) this.recorder.resnapshot();
  }

  // dropped answers a batch the transport gave up on: the recording needs
  // a fresh snapshot, at a slowing pace while nothing gets through.
  dropped() {
    const sent = this.transport.sent;
    this.dropStreak = sent === this.sentAtDrop ? (this.dropStreak || 0) + 1 : 1;
    this.sentAtDrop = sent;
    if (this.dropStreak > MAX_DROP_STREAK) {
      clearTimeout(this.dropTimer);
      this.o.onFail(new Error('veil: the collector refused ' + MAX_DROP_STREAK + ' batches in a row'));
      return;
    }
    if (this.dropStreak === 1) {
      this.resnapshot();
      return;
    }
    if (this.dropTimer) return; // one is on its way
    const base = own(this.o.win, '__veilTestDropBackoffMs') || 1000;
    this.dropTimer = setTimeout(() => {
      this.dropTimer = 0;
      this.resnapshot();
    }, base * 2 ** (this.dropStreak - 2));
  }

  // pageError records an uncaught error; in error-only mode it is the
  // trigger: the buffer goes out, and the session is recorded normally from
  // now on (also on its next pages).
  pageError(error) {
    if (!this.running) return;
    this.recorder.pageError(error);
    if (!this.buffer) return;
    const bodies = this.buffer.take();
    this.buffer = null;
    this.startPending = false;
    this.periodicSnapshots();
    storeErrorTriggered(this.sessionId);
    for (const b of bodies) this.transport.send(b);
    // Nothing replayable was kept and no snapshot is on its way.
    if (!bodies.length && !this.starts.length) this.resnapshot();
    this.starts = [];
    this.o.onChange();
  }

  // flush resolves when everything observed so far was masked and handed to
  // the network (in error-only mode: to the buffer).
  flush() {
    return this.openSettled.then(() => this.started.catch(() => undefined)).then(() => {
      if (this.closed || !this.worker) return undefined;
      if (this.running) this.recorder.flush();
      return this.ask('flush', {});
    }).then(() => this.transport && this.transport.idle());
  }

  // pagehide: what is masked goes out as beacons; raw data not yet masked is
  // dropped, never sent. Returns how many batches were lost. Error-only
  // mode's buffer is not sent: no error happened.
  pagehide() {
    if (!this.recorder) return 0;
    let lost = this.outstanding.size + this.dropHeld();
    this.outstanding.clear();
    if (this.recorder.discard()) lost++;
    this.dropBelow = Math.max(this.dropBelow, this.nextN);
    if (this.buffer) {
      this.buffer.clear();
      return 0;
    }
    return lost + (this.transport ? this.transport.pagehide() : 0);
  }

  // close ends it all: observers, listeners, patches, the worker. discard
  // also drops masked batches not yet delivered (consent withdrawn).
  close(discard) {
    if (this.closed) return;
    this.closed = true;
    this.o.win.clearInterval(this.snapTimer);
    this.o.win.clearInterval(this.watchTimer);
    clearTimeout(this.dropTimer);
    if (this.recorder) {
      // The recorder's history patches sit on top of the navigation watch:
      // they come off first, so the page gets its originals back.
      this.running = false;
      this.recorder.stop();
    }
    for (const off of this.offs.splice(0).reverse()) off();
    if (this.worker) this.worker.terminate();
    for (const resolve of this.sending.values()) resolve({ status: 0, full: false });
    this.sending.clear();
    if (this.transport) {
      if (discard) this.transport.discard();
      else this.transport.close();
    }
    if (this.buffer) this.buffer.clear();
    this.outstanding.clear();
    this.dropHeld();
    this.settle();
    if (this.engineReady) this.engineReady.resolve();
    for (const resolve of this.waiting.values()) resolve(true);
    this.waiting.clear();
  }
}

// markEngineReady sets performance.mark('veil:engine-ready'): with
// 'veil:script-start' it times the engine's start-up in the worker (fetch,
// compile, warm-up), which the page does not wait for.
function markEngineReady() {
  try {
    if (typeof performance === 'object' && performance.mark) performance.mark('veil:engine-ready');
  } catch { /* no user timing: nothing to report */ }
}
