// Input, pointer, scroll and viewport listeners. They only read the page and
// write ops; masking (and hideInteractions) is the engine's job.
import { OP } from './rawwriter.js';
import { patchRealm, patchHistory, patchFrameHistory } from './hooks.js';
import { discsUnknown, isMarkedSecured, noteKeyed } from './node.js';
import { sightChanged } from './sight.js';
import { noteTyped, noteKey, noteText, noteByPerson } from './echo.js';

const MOUSE = { mouseup: 0, mousedown: 1, click: 2, contextmenu: 3, dblclick: 4, focus: 5, blur: 6 };
const TOUCH = { touchstart: 7, touchend: 9, touchcancel: 10 };
const MOVED = ['animationstart', 'animationiteration', 'animationend', 'animationcancel',
  'transitionrun', 'transitionstart', 'transitionend', 'transitioncancel'];
const MOVE_SAMPLE_MS = 50;
const MOVE_FLUSH_MS = 500;
const SCROLL_MS = 100;
const RESIZE_MS = 200;

export class Events {
  constructor(rec) {
    this.rec = rec;
    this.off = [];
    this.moves = [];
    this.lastMove = 0;
    this.scrolls = new Set();
    this.scrollTimer = 0;
    this.resizeTimer = 0;
    this.lastInput = { el: null, end: -1, posts: -1, value: '', checked: false };
    this.setByScript = null; // controls whose value a script set in this task, or null
  }

  // attach listens on the page's window and document; documents of
  // same-origin iframes are added with attachDoc as the recorder finds them.
  attach() {
    const win = this.rec.win;
    this.docs = new WeakSet();
    this.realms = new WeakSet();
    this.attachDoc(win.document);
    this.on(win, 'resize', () => this.resize());
    patchHistory(this.off, win, this.rec);
    this.moveTimer = win.setInterval(() => this.flushMoves(), MOVE_FLUSH_MS);
    this.off.push(() => win.clearInterval(this.moveTimer));
    this.attached = true;
  }

  // noteKeys listens, before a snapshot is walked, to what only notes the
  // keys typed (keyed, transferred): keys typed while the first snapshot is
  // walked, before attach, go to an element that takes them itself too.
  // attachDoc adds the same listeners; the browser keeps one of each.
  noteKeys() {
    if (this.attached) return;
    const win = this.rec.win;
    this.on(win, 'keydown', keyed);
    this.on(win, 'paste', transferred);
    this.on(win, 'drop', transferred);
  }

  on(target, type, fn, opts = { capture: true, passive: true }) {
    target.addEventListener(type, fn, opts);
    this.off.push(() => target.removeEventListener(type, fn, opts));
  }

  attachDoc(doc) {
    if (this.docs.has(doc)) return;
    this.docs.add(doc);
    const on = (type, fn) => this.on(doc, type, fn);
    const input = (e) => {
      const el = origin(e);
      // What is typed into an editing host may be shown again (echo.js).
      if (el && el.nodeType === 1 && !isControl(el) && el.isContentEditable && e.type === 'input') noteTyped(el);
      if (el && e.isTrusted && e.type === 'input') noteByPerson(el); // looked for later too (echo.js)
      this.input(el);
    };
    on('input', input);
    on('change', input);
    for (const type of Object.keys(MOUSE)) on(type, (e) => this.mouse(MOUSE[type], e, e, 0));
    for (const type of Object.keys(TOUCH)) {
      on(type, (e) => this.mouse(TOUCH[type], e, e.changedTouches && e.changedTouches[0], 2));
    }
    // On the window, so that a page handler there that stops the key
    // does not hide it.
    this.on(doc.defaultView || doc, 'keydown', keyed);
    this.on(doc.defaultView || doc, 'paste', transferred);
    this.on(doc.defaultView || doc, 'drop', transferred);
    on('mousemove', (e) => this.move(e, e));
    on('touchmove', (e) => this.move(e, e.changedTouches && e.changedTouches[0]));
    on('scroll', (e) => this.scroll(e.target));
    // load does not bubble, but capture sees it: iframes that (re)load and
    // stylesheets that arrive after they were recorded.
    on('load', (e) => this.rec.loaded(e.target));
    // What moves or hides boxes without a mutation: the focused field's
    // boxes are read again after it (sight.js).
    for (const type of MOVED) on(type, sightChanged);
    if (doc.fonts && typeof doc.fonts.addEventListener === 'function') this.on(doc.fonts, 'loadingdone', sightChanged, { passive: true });
    const win = doc.defaultView;
    // A frame's window stays the same object when the frame loads another
    // document, whose realm has its own prototypes: a realm is known by one
    // of its constructors.
    const realm = win && (win.History || win);
    if (win && !this.realms.has(realm)) {
      this.realms.add(realm);
      patchRealm(this.off, win, this.rec);
      if (doc !== this.rec.win.document) patchFrameHistory(this.off, win, this.rec);
    }
  }

  detach() {
    for (const f of this.off.splice(0).reverse()) f();
    clearTimeout(this.scrollTimer);
    clearTimeout(this.resizeTimer);
    this.scrollTimer = 0;
    this.resizeTimer = 0;
    this.scrolls.clear();
    this.moves = [];
    this.setByScript = null;
    this.attached = false;
  }

  // scripted is told by the value setters (hooks.js) that a script set
  // el's value. A text control whose discs only the computed style can
  // tell has its value written at the end of the task (a microtask), with
  // the values of every other control set meanwhile: a script that fills a
  // form and restyles each field as it goes (a framework's commit) would
  // otherwise recalculate style once a field, for the check before its
  // value (Recorder.secure). The mutations before the set are taken at
  // once, so that a type switched around it stays on record; values no
  // frame ever drew are not written.
  scripted(el) {
    const rec = this.rec;
    if (rec.stopped || rec.snapshotting || !isControl(el)) return;
    noteTyped(el); // its echo may come before the value is written (echo.js)
    if (el.localName === 'select' || isMarkedSecured(el) || !discsUnknown(el)) {
      this.input(el);
      return;
    }
    rec.beforeEvent();
    if (this.setByScript === null) {
      this.setByScript = new Set();
      queueMicrotask(() => this.writeScripted());
    }
    this.setByScript.add(el);
  }

  // writeScripted writes the values scripts set since the last call (at the
  // end of the task, or at once when the page asks veil.flush()).
  writeScripted() {
    const set = this.setByScript;
    this.setByScript = null;
    if (set !== null) for (const c of set) this.input(c);
  }

  input(el) {
    const rec = this.rec;
    if (rec.stopped || rec.snapshotting || !isControl(el)) return;
    if (this.setByScript !== null) this.setByScript.delete(el); // written now
    // Read once: a text field's value is copied out of its editor each time.
    const value = el.value;
    noteTyped(el, value); // text that shows it soon after is typed (echo.js)
    rec.beforeEvent();
    // A script that sets value and then fires input (React, the bench's
    // typing) reports each keystroke twice, through the setter hook and the
    // event; the second Input would say nothing new.
    const w = rec.w;
    const checked = el.checked;
    const last = this.lastInput;
    if (last.el === el && last.end === w.size && last.posts === rec.posts &&
        last.value === value && last.checked === checked) return;
    rec.writeInput(el, value);
    last.el = el;
    last.end = w.size;
    last.posts = rec.posts;
    last.value = value;
    last.checked = checked;
    // A radio that becomes checked silently unchecks the rest of its group.
    if (el.type === 'radio' && el.checked && el.name) {
      const root = el.form || el.getRootNode();
      for (const other of root.querySelectorAll('input[type=radio]')) {
        if (other !== el && other.name === el.name) rec.writeInput(other);
      }
    }
    rec.maybePost();
  }

  mouse(kind, e, point, pointer) {
    sightChanged(); // :hover, :active, :focus-within may restyle what holds a field (sight.js)
    const rec = this.rec;
    if (rec.stopped || rec.snapshotting) return;
    const id = knownId(rec, e);
    if (!id) return;
    rec.beforeEvent();
    const w = rec.w;
    w.op(OP.Mouse, rec.now());
    w.uvarint(kind);
    w.uvarint(id);
    w.int(point ? point.clientX : 0);
    w.int(point ? point.clientY : 0);
    w.uvarint(e.pointerType === 'pen' ? 1 : pointer);
    rec.maybePost();
  }

  move(e, point) {
    sightChanged(); // :hover (sight.js)
    const rec = this.rec;
    if (rec.stopped || rec.snapshotting || !point) return;
    const t = rec.now();
    if (t - this.lastMove < MOVE_SAMPLE_MS) return;
    this.lastMove = t;
    this.moves.push({ x: point.clientX, y: point.clientY, id: knownId(rec, e), t });
  }

  flushMoves() {
    const rec = this.rec;
    if (!this.moves.length || rec.stopped || rec.snapshotting) return;
    const moves = this.moves.filter((m) => m.id);
    this.moves = [];
    if (!moves.length) return;
    rec.beforeEvent();
    const w = rec.w;
    const t = rec.now();
    w.op(OP.MouseMove, t);
    w.uvarint(moves.length);
    for (const m of moves) {
      w.int(m.x);
      w.int(m.y);
      w.uvarint(m.id);
      w.int(m.t - t);
    }
  }

  scroll(target) {
    sightChanged(); // a box scrolled out of its clip or off the page (sight.js)
    // A control scrolls its own content: a text field as what is typed
    // outgrows it (scrollLeft is the width of the text, so its length, a
    // password's too), a textarea line by line, a listbox to the options
    // chosen. Its value is masked as a fixed "*****", which has nothing to
    // scroll: the position would only tell what the mask hides.
    if (this.rec.stopped || isControl(target)) return;
    this.scrolls.add(target);
    if (!this.scrollTimer) this.scrollTimer = setTimeout(() => this.flushScrolls(), SCROLL_MS);
  }

  flushScrolls() {
    this.scrollTimer = 0;
    const rec = this.rec;
    const targets = [...this.scrolls];
    this.scrolls.clear();
    if (rec.stopped || rec.snapshotting) return;
    for (const el of targets) {
      const id = rec.reg.id(el);
      if (!id) continue;
      rec.beforeEvent();
      const isDoc = el.nodeType === 9;
      const view = isDoc ? el.defaultView : null;
      const w = rec.w;
      w.op(OP.Scroll, rec.now());
      w.uvarint(id);
      w.int(isDoc ? view.scrollX : el.scrollLeft);
      w.int(isDoc ? view.scrollY : el.scrollTop);
    }
    rec.maybePost();
  }

  resize() {
    sightChanged(); // the viewport a fixed box shows in, media queries (sight.js)
    if (this.rec.stopped || this.resizeTimer) return;
    this.resizeTimer = setTimeout(() => {
      this.resizeTimer = 0;
      const rec = this.rec;
      if (rec.stopped || rec.snapshotting) return;
      rec.w.op(OP.Viewport, rec.now());
      rec.w.uvarint(rec.win.innerWidth);
      rec.w.uvarint(rec.win.innerHeight);
    }, RESIZE_MS);
  }
}

// keyed notes the focused element that a printable key (not a space, not
// a shortcut) goes to when it is neither a control nor editable: it takes
// what is typed itself (a custom field, PIN boxes drawn from keydown
// handlers), and what it then shows is typed (node.js isKeyed). One
// property read a key; nothing is written.
function keyed(e) {
  const k = e.key;
  if (typeof k !== 'string' || k === ' ' || ((e.ctrlKey || e.metaKey) && !e.altKey)) return;
  if (k.length !== 1 && !(k.length === 2 && k.codePointAt(0) > 0xffff) && k !== 'Unidentified' && k !== 'Process') return;
  const el = origin(e);
  if (!el || el.nodeType !== 1 || isControl(el) || el.isContentEditable) return;
  if (k !== 'Unidentified' && k !== 'Process') noteKey(k); // shown elsewhere (echo.js)
  const ln = el.localName;
  if (ln === 'body' || ln === 'html') return;
  noteKeyed(el);
}

// transferred notes text pasted or dropped onto what is no control (whose
// input event tells its value): a code pasted into boxes the page draws
// (echo.js). Read only at a paste or a drop.
function transferred(e) {
  const dt = e.clipboardData || e.dataTransfer;
  if (!dt || isControl(origin(e))) return;
  let s = '';
  try {
    s = dt.getData('text/plain');
  } catch {
    return;
  }
  if (typeof s === 'string' && s !== '') noteText(s);
}

export function isControl(el) {
  if (!el || el.nodeType !== 1) return false;
  const n = el.localName;
  return n === 'input' || n === 'textarea' || n === 'select';
}

// origin is the innermost target, also inside open shadow roots.
function origin(e) {
  const path = e.composedPath ? e.composedPath() : null;
  return path && path.length ? path[0] : e.target;
}

function knownId(rec, e) {
  const path = e.composedPath ? e.composedPath() : [e.target];
  for (const n of path) {
    const id = rec.reg.id(n);
    if (id) return id;
  }
  return 0;
}
