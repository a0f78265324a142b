// One engine session of a page: the worker that masks, the recorder that
// observes, and where masked batches go (the transport, or error-only mode's
// buffer). The controller (veil.js) opens one when recording is allowed and
// closes it when it no longer is; in between it only says whether the
// recorder runs. Only bytes that came back from the engine are ever sent.
import { Recorder } from './recorder.js';
import { Transport } from './transport.js';
import { session, saveSeq, errorTriggered, storeErrorTriggered } from './session.js';
import { ErrorBuffer } from './erroronly.js';
import { watchNavigation } from './exclusion.js';
import { watchErrors } from './pageerrors.js';

// A batch the engine rejects costs a fresh snapshot; if the fresh snapshots
// keep being rejected, the engine and the page disagree for good.
const MAX_ENGINE_ERRORS = 3;

export class Pipeline {
  // o: win, base (URL of veil.js), configText, config (parsed), opts
  // (options()), consent and source (for the engine's Meta), onFail(err),
  // onChange() (excluded or buffering changed), onDrop(n).
  constructor(o) {
    this.o = o;
    this.worker = null;
    this.transport = null;
    this.recorder = null;
    this.opened = false;
    this.closed = false;
    this.running = false;
    this.started = Promise.resolve(); // settles when the current snapshot is walked
    this.sessionId = '';
    this.nextN = 0; // raw batches posted to the worker
    this.snapshotFrom = 0; // first raw batch of the current full snapshot
    // Results of raw batches below this are not sent: lost at pagehide, or
    // captured after a navigation into an excluded URL (Infinity while
    // excluded: every result still to come is from there).
    this.dropBelow = 0;
    this.engineErrors = 0;
    this.outstanding = new Set(); // raw batches the worker has not answered
    this.waiting = new Map(); // flush and excluded questions by id
    this.ids = 0;
    this.excluded = false;
    this.lastCheck = 0;
    this.buffer = null; // ErrorBuffer while error-only mode waits for an error
    this.starts = []; // raw batches that begin a full snapshot (error-only)
    this.startPending = false;
    this.snapTimer = 0;
    this.offs = [];
    this.engineReady = null;
  }

  get truncated() { return this.recorder ? this.recorder.w.truncated : 0; }

  get sent() { return this.transport ? this.transport.sent : 0; }

  // open loads the engine, starts the session and, with excludeUrls, asks
  // the engine about the current URL. Nothing is observed yet.
  async open() {
    const o = this.o;
    const win = o.win;
    const ready = new Promise((resolve, reject) => { this.engineReady = { resolve, reject }; });
    const w = new Worker(new URL('veil-worker.js', o.base));
    this.worker = w;
    w.onmessage = (e) => { if (!this.closed) this.onWorker(e.data); };
    w.onerror = (e) => {
      if (e.preventDefault) e.preventDefault();
      const err = new Error('worker: ' + (e.message || 'crashed'));
      this.engineReady.reject(err);
      if (!this.closed) o.onFail(err);
    };
    w.onmessageerror = () => { if (!this.closed) o.onFail(new Error('worker: unreadable message')); };
    w.postMessage({ type: 'init', config: o.configText, consent: o.consent, source: o.source });
    await ready;
    if (this.closed) return;

    const s = session();
    this.sessionId = s.id;
    this.transport = new Transport({
      endpoint: new URL(o.config.endpoint, win.location.href).href,
      app: typeof o.config.application === 'string' ? o.config.application : '',
      session: s.id,
      seq: s.seq,
      onSeq: saveSeq,
      onDrop: (n) => { o.onDrop(n); this.resnapshot(); },
      maxBytes: win.__veilTestMaxQueue,
      backoffMs: win.__veilTestBackoffMs,
    });
    const eo = o.opts.errorOnly;
    if (eo && !errorTriggered(s.id)) this.buffer = new ErrorBuffer(eo.windowSeconds * 1000);
    this.recorder = new Recorder(win, (bytes) => this.sink(bytes), {
      block: o.config.recording && o.config.recording.block,
      onSnapshot: () => {
        this.snapshotFrom = this.nextN;
        if (this.buffer) this.starts.push(this.nextN);
      },
      onError: () => this.resnapshot(),
    });
    this.offs.push(watchErrors(win, (e) => this.pageError(e)));
    if (o.opts.excludeUrls) {
      // Before the recorder patches history, so that this hears first.
      this.offs.push(watchNavigation(win, () => this.navigated()));
      // Asked again if the page navigated while the engine was answering.
      for (let url = ''; url !== win.location.href;) {
        url = win.location.href;
        this.excluded = await this.ask('excluded', { url });
        if (this.closed) return;
      }
    }
    this.opened = true;
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
    if (!this.opened || this.closed) return;
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
    const n = this.nextN++;
    this.outstanding.add(n);
    this.worker.postMessage({ type: 'batch', n, buf: bytes.buffer }, [bytes.buffer]);
  }

  onWorker(m) {
    switch (m.type) {
      case 'ready': return this.engineReady.resolve();
      case 'masked': return this.masked(m);
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
    if (m.body) this.deliver(m.body);
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
    return this.started.catch(() => undefined).then(() => {
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
    let lost = this.outstanding.size;
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
    if (this.recorder) {
      // The recorder's history patches sit on top of the navigation watch:
      // they come off first, so the page gets its originals back.
      this.running = false;
      this.recorder.stop();
    }
    for (const off of this.offs.splice(0).reverse()) off();
    if (this.worker) this.worker.terminate();
    if (this.transport) {
      if (discard) this.transport.discard();
      else this.transport.close();
    }
    if (this.buffer) this.buffer.clear();
    this.outstanding.clear();
    if (this.engineReady) this.engineReady.resolve();
    for (const resolve of this.waiting.values()) resolve(true);
    this.waiting.clear();
  }
}
