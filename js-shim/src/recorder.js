// The recorder owns the writer, the ids and the observers of one page, and
// hands finished raw batches to a sink (the worker). It never masks and never
// sends anything itself.
import { RawWriter, OP } from './rawwriter.js';
import { Registry } from './registry.js';
import { snapshot } from './snapshot.js';
import { Mutations } from './mutations.js';
import { Events, isControl } from './events.js';
import { toBase64 } from './base64.js';

const FLUSH_MS = 1000;
const POST_BYTES = 512 * 1024;

export class Recorder {
  // sink(bytes) receives each batch and may transfer its buffer.
  constructor(win, sink) {
    this.win = win;
    this.sink = sink;
    this.w = new RawWriter();
    this.reg = new Registry();
    this.mutations = new Mutations(this);
    this.events = new Events(this);
    this.stopped = false;
    this.snapshotting = false;
    this.controls = [];
    this.headerEnd = 0;
    // Test-only hooks for e2e: __veilTestRawSnapshot keeps the snapshot's
    // batches (window.__veilTestRaw), __veilTestKeepRaw every batch
    // (window.__veilTestBatches), both base64.
    this.rawCopies = win.__veilTestRawSnapshot === true ? [] : null;
    this.begin();
  }

  now() {
    const t = this.win.__veilTestNow;
    return typeof t === 'number' ? t : Date.now();
  }

  begin() {
    this.w.begin(this.now());
    this.headerEnd = this.w.size;
  }

  async start() {
    const doc = this.win.document;
    this.mutations.observe(doc);
    this.mutations.hold();
    this.snapshotting = true;
    const done = await snapshot(this);
    if (!done || this.stopped) return;
    this.post();
    this.snapshotting = false;
    if (this.rawCopies) this.win.__veilTestRaw = this.rawCopies.map(toBase64);
    this.rawCopies = null;
    this.mutations.release();
    this.writeControls();
    this.events.attach();
    this.timer = this.win.setInterval(() => this.flush(), FLUSH_MS);
    this.post();
  }

  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.mutations.disconnect();
    this.events.detach();
    this.win.clearInterval(this.timer);
  }

  // found is told about every node given an id: roots get observed, and the
  // snapshot remembers form controls whose live value must follow it.
  found(node) {
    if (node.nodeType === 11 || (node.nodeType === 9 && node !== this.win.document)) {
      this.mutations.observe(node);
    } else if (isControl(node) && (this.snapshotting || changed(node))) {
      this.controls.push(node);
    }
  }

  // writeControls writes the live values of the controls found since the
  // last call whose state differs from their markup (set by script before
  // they were recorded). Called after SnapshotEnd and after each MutationEnd.
  writeControls() {
    const list = this.controls;
    this.controls = [];
    for (const el of list) if (changed(el)) this.writeInput(el);
  }

  beforeEvent() { this.mutations.pending(); }

  writeInput(el) {
    const id = this.reg.id(el);
    if (!id) return;
    const w = this.w;
    w.op(OP.Input, this.now());
    w.uvarint(id);
    w.str(el.value);
    w.byte(el.checked ? 1 : 0);
  }

  maybePost() {
    if (this.w.size >= POST_BYTES) this.post();
  }

  // flush hands everything observed so far to the sink.
  flush() {
    if (this.stopped || this.snapshotting) return;
    this.mutations.pending();
    this.events.flushMoves();
    this.post();
  }

  post() {
    if (this.stopped || this.w.size <= this.headerEnd) return;
    const bytes = this.w.take();
    if (this.rawCopies) this.rawCopies.push(bytes.slice());
    if (this.win.__veilTestKeepRaw === true) {
      (this.win.__veilTestBatches = this.win.__veilTestBatches || []).push(toBase64(bytes));
    }
    this.begin();
    this.sink(bytes);
  }
}

// changed says whether a control's live state differs from its markup, which
// the snapshot's attributes already carry.
function changed(el) {
  if (el.localName === 'select') {
    for (const o of el.options) if (o.selected !== o.defaultSelected) return true;
    return false;
  }
  if (el.value !== el.defaultValue) return true;
  return el.localName === 'input' && el.checked !== el.defaultChecked;
}
