// The raw batch writer: the JS half of the format documented in capture/doc.go.
// One writer is reused for every batch; take() hands the bytes over and starts
// afresh, so a batch can be transferred to the worker without copying.

export const OP = {
  SnapshotStart: 0x01, SnapshotEnd: 0x02, Node: 0x03, Move: 0x04, Remove: 0x05,
  Text: 0x06, Attr: 0x07, AttrRemove: 0x08, MutationEnd: 0x09, Input: 0x0a,
  Mouse: 0x0b, MouseMove: 0x0c, Scroll: 0x0d, Viewport: 0x0e, Navigate: 0x0f,
  StyleRule: 0x10,
};

export const KIND = {
  Document: 0, Doctype: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5, ShadowRoot: 6,
};

// capture.MaxStringBytes: the engine rejects a longer string, and with it
// the rest of the batch, so the writer truncates instead.
export const MAX_STRING_BYTES = 1 << 20;

const encoder = new TextEncoder();

// Byte length of uvarint(v); v may exceed 2^32 (timestamps), so no bit ops.
function uvarintSize(v) {
  let n = 1;
  while (v >= 0x80) { v = Math.floor(v / 128); n++; }
  return n;
}

export class RawWriter {
  constructor(capacity = 64 * 1024) {
    this.buf = new Uint8Array(capacity);
    this.pos = 0;
    this.base = 0;
    this.truncated = 0; // strings cut to MAX_STRING_BYTES, for status()
  }

  // begin starts a batch whose dt values count from baseTime (ms since epoch).
  begin(baseTime) {
    this.pos = 0;
    this.base = baseTime;
    this.reserve(16);
    this.buf.set([0x56, 0x45, 0x49, 0x4c, 1], 0); // "VEIL" version 1
    this.pos = 5;
    this.uvarint(baseTime);
  }

  get size() { return this.pos; }

  // take returns the finished batch and leaves the writer empty.
  take() {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  reserve(n) {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b) {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  uvarint(v) {
    v = v > 0 ? Math.floor(v) : 0;
    this.reserve(10);
    const b = this.buf;
    while (v >= 0x80) {
      b[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    b[this.pos++] = v;
  }

  // int writes a zig-zag varint, Go's binary.PutVarint.
  int(v) {
    v = Math.trunc(v) || 0;
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  dt(t) { this.uvarint(t - this.base); }

  // str writes uvarint(byte length) then UTF-8. The length prefix is sized for
  // the worst case (3 bytes per UTF-16 unit) and shifted back if shorter, so
  // the string is encoded once, straight into the buffer. Past
  // MAX_STRING_BYTES the string is cut: encodeInto stops at a code point
  // boundary when its destination is full, so the cut is valid UTF-8.
  str(s) {
    s = s == null ? '' : String(s);
    const max = Math.min(s.length * 3, MAX_STRING_BYTES);
    const room = uvarintSize(max);
    this.reserve(room + max);
    const start = this.pos;
    const { read, written } = encoder.encodeInto(s, this.buf.subarray(start + room, start + room + max));
    if (read < s.length) this.truncated++;
    const need = uvarintSize(written);
    if (need !== room) {
      this.buf.copyWithin(start + need, start + room, start + room + written);
    }
    this.uvarint(written);
    this.pos = start + need + written;
  }

  op(kind, t) {
    this.byte(kind);
    if (t !== undefined) this.dt(t);
  }
}
