// Uncaught errors and unhandled rejections of the page, as data for the
// PageError op (capture/doc.go), and error-only mode's trigger. This file
// only extracts: the error's name, its message and its stack locations
// (script URL, line, column — never function names). It masks nothing; the
// engine decides what is kept, and masks the message.

// A page that throws in a loop must not flood the recording.
export const MAX_PAGE_ERRORS = 50;

// capture.MaxError*: the engine rejects a batch holding an op over any of
// them, so what is extracted is cut to fit (UTF-8 bytes, as the writer
// encodes: a lone surrogate is U+FFFD, 3 bytes).
export const MAX_NAME_BYTES = 64;
export const MAX_MESSAGE_BYTES = 4096;
export const MAX_FRAMES = 16;
export const MAX_URL_BYTES = 2048;

// Sources of the PageError op.
export const SOURCE = { uncaught: 0, rejection: 1, value: 2 };

// The names the engine keeps; others are sent as '' (the engine says "Error").
const NAME = /^[A-Za-z][A-Za-z0-9_$]{0,63}$/;

// A V8 frame line ("    at fn (url:1:2)", "    at url:1:2"); its location is
// the last url:line:column on the line (an eval frame ends with the eval's).
const V8_FRAME = /^\s*at\s/;
const V8_LOCATION = /([^\s()]+):(\d+):(\d+)\)?\s*$/;
// A Firefox or Safari frame ("fn@url:1:2", "@url:1:2", "url:1:2").
const AT_LOCATION = /^(.*):(\d+):(\d+)$/;

// cutUTF8 returns the longest prefix of s whose UTF-8 encoding fits in max
// bytes, never splitting a surrogate pair.
export function cutUTF8(s, max) {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let n = 3;
    let units = 1;
    if (c < 0x80) n = 1;
    else if (c < 0x800) n = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n = 4; units = 2; }
    }
    if (bytes + n > max) return s.slice(0, i);
    bytes += n;
    i += units - 1;
  }
  return s;
}

// read gets a property without letting a throwing getter or proxy escape.
function read(obj, key) {
  try {
    return obj[key];
  } catch {
    return undefined;
  }
}

// isError: an Error of any realm (iframes have their own Error), or a
// DOMException; a thrown string or plain object is not.
export function isError(v) {
  if (!v || typeof v !== 'object') return false;
  try {
    if (v instanceof Error) return true;
    const tag = Object.prototype.toString.call(v);
    return tag === '[object Error]' || tag === '[object DOMException]';
  } catch {
    return false;
  }
}

// errorName is err.name, else its constructor's name, if it is a plain
// identifier; otherwise ''.
export function errorName(err) {
  let name = read(err, 'name');
  if (typeof name !== 'string' || !name) {
    const ctor = read(err, 'constructor');
    name = ctor ? read(ctor, 'name') : '';
  }
  return typeof name === 'string' && NAME.test(name) ? name : '';
}

function lineNumber(v) {
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function frame(url, line, column) {
  return { url: cutUTF8(String(url), MAX_URL_BYTES), line: lineNumber(line), column: lineNumber(column) };
}

// parseStack returns the locations of a stack trace, innermost first, at
// most MAX_FRAMES. head is the error's "name: message" line, which V8 puts
// at the top of the stack: it is message, never a location, so a message
// that looks like a frame cannot become one. V8 writes that head when the
// error is made; if the page changed the name or message since, the head is
// found by the message (a name set in a subclass's constructor), or is a
// bare name (no message then or now), or absent (the stack starts with a
// frame); otherwise (a rewritten message) where the old message ends is
// unknown, and no line is taken for a frame.
export function parseStack(stack, head, message = '') {
  if (typeof stack !== 'string') return [];
  let lines = stack.split('\n');
  const v8 = lines.some((l) => V8_FRAME.test(l));
  if (head && stack.startsWith(head)) {
    lines = stack.slice(head.length).split('\n');
  } else if (v8 && !V8_FRAME.test(lines[0])) {
    const at = message ? stack.indexOf(message) : -1;
    if (at >= 0) lines = stack.slice(at + message.length).split('\n');
    else if (!message && NAME.test(lines[0])) lines = lines.slice(1);
    else return [];
  }
  const frames = [];
  for (const line of lines) {
    if (frames.length >= MAX_FRAMES) break;
    let m;
    if (v8) {
      if (!V8_FRAME.test(line)) continue;
      m = V8_LOCATION.exec(line);
    } else {
      const at = line.indexOf('@');
      m = AT_LOCATION.exec((at >= 0 ? line.slice(at + 1) : line).trim());
    }
    if (!m) continue;
    // Firefox names eval'd code "url line 2 > eval": the script is url.
    const url = m[1].replace(/ line \d+ > .*$/, '');
    frames.push(frame(url, m[2], m[3]));
  }
  return frames;
}

// fromError is the PageError of an Error object (any realm).
function fromError(source, err) {
  const name = errorName(err);
  const message = read(err, 'message');
  const msg = typeof message === 'string' ? message : '';
  const stack = read(err, 'stack');
  let head = '';
  try {
    head = String(err);
  } catch {
    // a throwing toString: the stack is parsed whole
  }
  return { source, name, message: cutUTF8(msg, MAX_MESSAGE_BYTES), frames: parseStack(stack, head, msg) };
}

// fromErrorEvent is the PageError of a window 'error' event. A thrown
// non-Error (or a cross-origin "Script error.") has only the event's
// message and location.
export function fromErrorEvent(e) {
  const err = read(e, 'error');
  if (isError(err)) {
    const out = fromError(SOURCE.uncaught, err);
    if (!out.frames.length) out.frames = eventFrames(e);
    return out;
  }
  const message = read(e, 'message');
  return {
    source: SOURCE.uncaught, name: '',
    message: cutUTF8(typeof message === 'string' ? message : '', MAX_MESSAGE_BYTES),
    frames: eventFrames(e),
  };
}

function eventFrames(e) {
  const url = read(e, 'filename');
  return typeof url === 'string' && url ? [frame(url, read(e, 'lineno'), read(e, 'colno'))] : [];
}

// fromRejection is the PageError of an 'unhandledrejection' event: its
// reason's name, message and stack if the reason is an Error, else nothing
// at all (the engine records only that it happened).
export function fromRejection(e) {
  const reason = read(e, 'reason');
  if (isError(reason)) return fromError(SOURCE.rejection, reason);
  return { source: SOURCE.value, name: '', message: '', frames: [] };
}

// watchErrors calls onError({source, name, message, frames}) for each
// uncaught error and unhandled rejection, and returns a function that
// removes its listeners. It never throws into the page's error handling.
export function watchErrors(win, onError) {
  let count = 0;
  const report = (extract, e, source) => {
    if (++count > MAX_PAGE_ERRORS) return;
    let info;
    try {
      info = extract(e);
    } catch {
      info = { source, name: '', message: '', frames: [] }; // the fact, nothing more
    }
    onError(info);
  };
  // Resource load errors do not bubble to window; only script errors arrive.
  const error = (e) => report(fromErrorEvent, e, SOURCE.uncaught);
  const rejection = (e) => report(fromRejection, e, SOURCE.value);
  win.addEventListener('error', error);
  win.addEventListener('unhandledrejection', rejection);
  return () => {
    win.removeEventListener('error', error);
    win.removeEventListener('unhandledrejection', rejection);
  };
}
