// The raw batch writer: the JS half of the format documented in capture/doc.go.
// One writer is reused for every batch; take() hands the bytes over and starts
// afresh, so a batch can be transferred to the worker without copying.

export const OP = {
  SnapshotStart: 0x01, SnapshotEnd: 0x02, Node: 0x03, Move: 0x04, Remove: 0x05,
  Text: 0x06, Attr: 0x07, AttrRemove: 0x08, MutationEnd: 0x09, Input: 0x0a,
  Mouse: 0x0b, MouseMove: 0x0c, Scroll: 0x0d, Viewport: 0x0e, Navigate: 0x0f,
  StyleRule: 0x10, PageError: 0x12,
};

export const KIND = {
  Document: 0, Doctype: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5, ShadowRoot: 6,
};

// capture.MaxStringBytes: the engine rejects a longer string, and with it
// the rest of the batch, so the writer truncates instead.
export const MAX_STRING_BYTES = 1 << 20;

const encoder = new TextEncoder();

// Strings up to this many UTF-16 units are encoded in JS (at most 3 bytes
// each, far below MAX_STRING_BYTES, so they are never cut).
const INLINE_CHARS = 4096;

// utf8Tail encodes s from index i on into b at p and returns the new end.
// Every UTF-16 unit becomes at most 3 bytes (a pair becomes 4 for 2 units).
function utf8Tail(s, i, b, p) {
  const n = s.length;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[p++] = c;
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        b[p++] = 0xf0 | (c >> 18);
        b[p++] = 0x80 | ((c >> 12) & 0x3f);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        b[p++] = 0xef; // lone surrogate: U+FFFD, as TextEncoder writes it
        b[p++] = 0xbf;
        b[p++] = 0xbd;
      }
    } else {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

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
    // later, when not null, collects [node, position, …] of sizes written
    // as placeholders (uvarint3) to be measured once per frame (patch3).
    this.later = null;
    // sheets collects the URLs of linked sheets whose rules were written as
    // the site's (node.js sheetURL), for the worker to check (pipeline.js).
    this.sheets = [];
  }

  // begin starts a batch whose dt values count from baseTime (ms since epoch).
  begin(baseTime) {
    this.pos = 0;
    if (this.later !== null) this.later.length = 0;
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
    if (v >= 0 && v < 0x80 && (v | 0) === v) {
      this.reserve(1);
      this.buf[this.pos++] = v;
      return;
    }
    v = v > 0 ? Math.floor(v) : 0;
    this.reserve(10);
    const b = this.buf;
    let p = this.pos;
    if (v <= 0x7fffffff) {
      // ids and sizes: integer shifts, not float division
      while (v >= 0x80) {
        b[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      while (v >= 0x80) {
        b[p++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
    }
    b[p++] = v;
    this.pos = p;
  }

  // uvarint3 writes v (clamped to 0…2^21-1) as a uvarint of exactly three
  // bytes, a form Go's binary.Uvarint reads, so that patch3 can overwrite it.
  uvarint3(v) {
    this.reserve(3);
    this.patch3(this.pos, v);
    this.pos += 3;
  }

  patch3(at, v) {
    v = v > 0 ? Math.min(Math.round(v), 0x1fffff) : 0;
    const b = this.buf;
    b[at] = (v & 0x7f) | 0x80;
    b[at + 1] = ((v >> 7) & 0x7f) | 0x80;
    b[at + 2] = v >> 14;
  }

  // int writes a zig-zag varint, Go's binary.PutVarint.
  int(v) {
    v = Math.trunc(v) || 0;
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  dt(t) { this.uvarint(t - this.base); }

  // str writes uvarint(byte length) then UTF-8, the bytes TextEncoder makes
  // (a lone surrogate becomes U+FFFD). Strings up to INLINE_CHARS are
  // encoded here with charCodeAt: a call into TextEncoder per attribute or
  // text costs more than encoding a short string in JS. The length prefix is
  // sized for all-ASCII and the bytes moved along if the string was not.
  str(s) {
    if (typeof s !== 'string') s = s == null ? '' : String(s);
    const n = s.length;
    if (n > INLINE_CHARS) {
      this.longStr(s);
      return;
    }
    this.reserve(3 + 3 * n);
    const b = this.buf;
    const start = this.pos;
    const room = n < 0x80 ? 1 : n < 0x4000 ? 2 : 3;
    let p = start + room;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[p++] = c;
    }
    if (i < n) p = utf8Tail(s, i, b, p);
    const written = p - start - room;
    if (written === n) {
      if (room === 1) b[start] = n;
      else this.prefixAt(start, n, room);
      this.pos = p;
      return;
    }
    const need = uvarintSize(written);
    if (need !== room) b.copyWithin(start + need, start + room, p);
    this.prefixAt(start, written, need);
    this.pos = start + need + written;
  }

  // prefixAt writes uvarint(v) in exactly size bytes at i.
  prefixAt(i, v, size) {
    const b = this.buf;
    for (let k = 1; k < size; k++) {
      b[i++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[i] = v;
  }

  // longStr encodes with TextEncoder, straight into the buffer, and cuts the
  // string past MAX_STRING_BYTES: encodeInto stops at a code point boundary
  // when its destination is full, so the cut is valid UTF-8.
  longStr(s) {
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

  // pageError writes a PageError op: source (0 uncaught, 1 rejection of an
  // Error, 2 of another value), name, message, then frames {url, line,
  // column}. The caller keeps them within capture.MaxError* (pageerrors.js
  // cuts them): the engine rejects an op over a limit.
  pageError(t, source, name, message, frames) {
    this.op(OP.PageError, t);
    this.byte(source);
    this.str(name);
    this.str(message);
    this.uvarint(frames.length);
    for (const f of frames) {
      this.str(f.url);
      this.uvarint(f.line);
      this.uvarint(f.column);
    }
  }
}
