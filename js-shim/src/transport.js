// Sends masked, gzip-compressed batches to the collector, as the collector
// protocol fixes it: POST endpoint?app=…&session=…&key=…&seq=…, body
// text/plain (a CORS-safelisted type, so beacons need no preflight), no
// custom headers. key is the session's secret (session.js): beacons cannot
// set headers and the body stays a JSON array, so it travels in the URL.
// That URL stays out of the page's sight where it can: a recording's
// batches are fetched by the engine's worker (opts.post, pipeline.js), so
// no page wrapper of fetch (an error tracker's breadcrumbs) and no entry of
// the page's resource timing holds the key; only the pagehide beacons and
// a deletion the visitor asks for go from the page itself.
// Only bytes that came back from the engine ever reach send(), and no
// request sends a Referer: it would carry the page's URL whole (query,
// fragment-less but e-mail addresses and account numbers included) beside
// the copy the engine masked. The configuration and the engine's files are
// fetched without one too (veil.js, npm.js, pin.js).
import { secretOf } from './session.js';
import { own } from './options.js';

// Browsers refuse keepalive requests once 64 KiB of keepalive bodies are in
// flight; a body that does not fit the budget goes without keepalive rather
// than fail.
const KEEPALIVE_BUDGET = 64 * 1024;
const MAX_TRIES = 6;
const MAX_BACKOFF_MS = 30000;
const DEFAULT_QUEUE_BYTES = 4 << 20;
const BLOB_BYTES = 32 * 1024;
const DELETE_TRIES = 3;
// The collector's mark on the 413 of a session that takes no more bytes
// (server.SessionFullHeader).
const SESSION_FULL = 'Veil-Session-Full';

// Transport is one session's sender. Batches get consecutive sequence
// numbers; a retry reuses its number, so the collector can treat it as a
// duplicate, and a lost batch leaves a visible gap. Not shared: one page,
// one thread.
export class Transport {
  // opts: endpoint (absolute URL), app, session, secret (this tab's, when
  // not given), seq (first sequence number), onSeq(next) to persist it,
  // post(url, body, signal) → Promise<{status, full}> to send a batch
  // elsewhere than from this thread (status 0: no answer; full: the
  // SESSION_FULL mark), onDrop(n) for batches given up on, onFull() once
  // the collector says the session is full, maxBytes (memory cap),
  // backoffMs (first retry delay).
  constructor(opts) {
    this.o = opts;
    // Own only: a secret inherited from a polluted Object.prototype would
    // bind the session to a key the page's attacker chose.
    this.secret = own(opts, 'secret') || secretOf(opts.session);
    // Own only too: an inherited post would be handed every batch's URL.
    this.post = own(opts, 'post');
    this.seq = opts.seq || 0;
    this.queue = []; // unacknowledged batches, oldest first
    this.bytes = 0;
    this.keepaliveBytes = 0;
    this.closed = false;
    this.sent = 0; // batches acknowledged
    this.full = false; // the collector said the session takes no more
    this.base = undefined; // the request URL up to its last parameter (url)
  }

  // url is the endpoint with app, session and key, and then one more
  // parameter (seq or delete, replacing any of that name the endpoint has).
  // The part before it is built once: a URL object per request cost the
  // main thread ~0.1 ms a batch.
  url(name, value) {
    if (this.base === undefined) {
      const u = new URL(this.o.endpoint);
      u.searchParams.set('app', this.o.app);
      u.searchParams.set('session', this.o.session);
      u.searchParams.set('key', this.secret);
      u.searchParams.delete('seq');
      u.searchParams.delete('delete');
      u.hash = '';
      this.base = u.href + '&';
    }
    return this.base + name + '=' + value;
  }

  // send queues body (bytes) as the next batch. A large body travels as a
  // Blob: fetch() copies a typed-array body on the main thread (Chromium
  // 148: 0.8 ms + 0.05 ms per KB, 26 ms for 500 KB), a Blob costs a flat
  // ~2 ms (3 ms for 500 KB, its making included); under BLOB_BYTES the
  // bytes go as they are.
  send(body) {
    if (this.closed) return;
    const size = body.byteLength;
    // Posted to a worker, bytes are copied at memory speed: no Blob then.
    if (size >= BLOB_BYTES && !this.post) body = new Blob([body], { type: 'text/plain' });
    const b = { seq: this.seq, body, size, tries: 0, timer: 0, done: null, ctrl: null, keepalive: false };
    this.seq = (this.seq + 1) % 0x80000000;
    if (this.o.onSeq) this.o.onSeq(this.seq);
    this.queue.push(b);
    this.bytes += size;
    this.trim();
    if (this.queue.includes(b)) this.attempt(b);
  }

  // trim enforces the memory cap by giving up on the oldest batches.
  trim() {
    let n = 0;
    while (this.bytes > (this.o.maxBytes || DEFAULT_QUEUE_BYTES) && this.queue.length > 1) {
      this.forget(this.queue[0], true);
      n++;
    }
    if (n) this.o.onDrop(n);
  }

  attempt(b) {
    b.timer = 0;
    b.tries++;
    b.ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const url = this.url('seq', b.seq);
    const signal = b.ctrl ? b.ctrl.signal : undefined;
    const done = (this.post ? this.post(url, b.body, signal) : this.fetchHere(url, b, signal))
      .then(({ status, full }) => {
        // A session full before anything of it was taken would be full
        // again when started anew: refused, as any other 413.
        if (status === 413 && full && this.sent > 0) return 'full';
        if (status >= 200 && status < 300) return 'ok';
        return status === 0 || status === 429 || status >= 500 ? 'retry' : 'reject';
      }, () => 'retry')
      .then((outcome) => {
        b.done = null;
        if (!this.queue.includes(b)) return; // dropped or discarded meanwhile
        if (outcome === 'ok') {
          this.sent++;
          this.forget(b, false);
        } else if (outcome === 'full') {
          // The collector takes nothing more of this session: the rest
          // would be refused too. The pipeline starts a new one.
          this.forget(b, true);
          if (!this.full) {
            this.full = true;
            if (this.o.onFull) this.o.onFull();
          }
        } else if (outcome === 'reject' || b.tries >= MAX_TRIES || this.closed) {
          this.forget(b, true);
          this.o.onDrop(1);
        } else {
          const base = this.o.backoffMs || 1000;
          const delay = Math.min(MAX_BACKOFF_MS, base * 2 ** (b.tries - 1)) * (0.75 + Math.random() / 2);
          b.timer = setTimeout(() => this.attempt(b), delay);
        }
      });
    b.done = done;
  }

  // fetchHere sends a batch from this thread (no opts.post). A body that
  // fits the keepalive budget rides a keepalive request, which outlives the
  // page; its bytes go back to the budget once answered.
  fetchHere(url, b, signal) {
    const size = b.size;
    b.keepalive = this.keepaliveBytes + size <= KEEPALIVE_BUDGET;
    if (b.keepalive) this.keepaliveBytes += size;
    const settle = () => {
      if (b.keepalive) this.keepaliveBytes -= size;
      b.keepalive = false;
    };
    return fetch(url, {
      method: 'POST',
      body: b.body,
      keepalive: b.keepalive,
      headers: { 'Content-Type': 'text/plain' },
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal,
    }).then((res) => {
      settle();
      // Nothing is read from the answer; cancelling its body ends the
      // request, so a keepalive request gives its bytes back to the
      // page's keepalive quota, which the pagehide beacons share.
      if (res.body) res.body.cancel().catch(() => undefined);
      return { status: res.status, full: res.headers.get(SESSION_FULL) === '1' };
    }, (err) => {
      settle();
      throw err;
    });
  }

  forget(b, abort) {
    const i = this.queue.indexOf(b);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.bytes -= b.size;
    clearTimeout(b.timer);
    if (abort && b.ctrl && b.done) b.ctrl.abort();
  }

  // idle resolves when every batch handed over so far has been tried once:
  // it was delivered, given up on, or waits for a retry.
  idle() {
    return Promise.all(this.queue.map((b) => b.done)).then(() => undefined);
  }

  // pagehide beacons every batch not delivered yet, except those riding a
  // keepalive request (which outlives the page). A batch whose plain fetch
  // is still in flight is beaconed too: the collector takes the duplicate
  // (session, seq) once. Returns how many could not be handed over.
  pagehide() {
    let failed = 0;
    for (const b of this.queue.splice(0)) {
      clearTimeout(b.timer);
      if (b.keepalive) continue;
      let ok = false;
      try {
        ok = navigator.sendBeacon(this.url('seq', b.seq), b.body instanceof Blob ? b.body : new Blob([b.body], { type: 'text/plain' }));
      } catch {
        ok = false;
      }
      if (!ok) failed++;
    }
    this.bytes = 0;
    return failed;
  }

  // discard forgets every batch not delivered yet, without sending it
  // (opt-out), and sends nothing more.
  discard() {
    for (const b of this.queue.slice()) this.forget(b, true);
    this.closed = true;
  }

  close() { this.closed = true; }

  // deleteRecorded asks the collector to delete this session's recording.
  // A busy collector (429, 503: a deletion waits its turn in the client's
  // share of the work) is asked again after its Retry-After (1 s when it
  // names none, at most 5 s), DELETE_TRIES tries in all, so that a moment of
  // load does not lose the visitor's request; any other refusal is final.
  async deleteRecorded() {
    for (let tries = 1; ; tries++) {
      const res = await fetch(this.url('delete', '1'), {
        method: 'POST', body: '', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer',
        headers: { 'Content-Type': 'text/plain' },
      });
      if (res.body) res.body.cancel().catch(() => undefined);
      if (res.ok) return;
      const busy = res.status === 429 || res.status === 503;
      if (!busy || tries >= DELETE_TRIES) {
        throw new Error('veil: deleting the recording failed: HTTP ' + res.status + (busy ? ' after ' + tries + ' tries' : ''));
      }
      const after = Number(res.headers.get('Retry-After'));
      await new Promise((done) => setTimeout(done, after > 0 ? Math.min(after, 5) * 1000 : 1000));
    }
  }
}
