// Error-only mode's memory: masked, compressed batches of the last
// windowSeconds, held in the page and sent only if an error happens. A
// replay needs a full snapshot to start from, so the buffer is a list of
// segments, each beginning with one (the recorder takes a fresh snapshot
// every window), and old data is dropped a whole segment at a time.

// ERROR_BUFFER_BYTES caps the buffer (compressed bytes): past it the oldest
// segments go, and a single segment too large to keep is dropped whole.
export const ERROR_BUFFER_BYTES = 4 << 20;

// ErrorBuffer holds at least the last windowMs of recording (at most about
// two windows, given a snapshot every window) and at most maxBytes. Not
// shared: one page, one thread.
export class ErrorBuffer {
  constructor(windowMs, maxBytes = ERROR_BUFFER_BYTES, now = Date.now) {
    this.windowMs = windowMs;
    this.maxBytes = maxBytes;
    this.now = now;
    this.segments = []; // {t, bodies, bytes}, oldest first
    this.bytes = 0;
  }

  // add keeps one masked batch; starts says it begins a full snapshot. A
  // batch with no snapshot before it cannot be replayed and is not kept.
  // Returns false when data had to be dropped to stay under maxBytes with
  // nothing replayable left: the caller should take a fresh snapshot.
  add(body, starts) {
    const size = body.byteLength;
    if (starts) this.segments.push({ t: this.now(), bodies: [], bytes: 0 });
    const seg = this.segments[this.segments.length - 1];
    if (!seg) return true;
    seg.bodies.push(body);
    seg.bytes += size;
    this.bytes += size;
    return this.trim();
  }

  // trim drops segments older than the window, then oldest first while over
  // the byte cap; the newest segment only goes when it alone is too large.
  trim() {
    const s = this.segments;
    const old = this.now() - this.windowMs;
    while (s.length > 1 && s[1].t <= old) this.bytes -= s.shift().bytes;
    while (this.bytes > this.maxBytes && s.length > 1) this.bytes -= s.shift().bytes;
    if (this.bytes <= this.maxBytes) return true;
    this.clear();
    return false;
  }

  // take returns every kept batch, oldest first, and empties the buffer.
  take() {
    this.trim();
    const out = [];
    for (const seg of this.segments) out.push(...seg.bodies);
    this.clear();
    return out;
  }

  clear() {
    this.segments = [];
    this.bytes = 0;
  }
}
