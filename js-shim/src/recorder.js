// The recorder owns the writer, the ids and the observers of one page, and
// hands finished raw batches to a sink (the worker). It never masks and never
// sends anything itself.
import { RawWriter, OP } from './rawwriter.js';
import { Registry } from './registry.js';
import { snapshot } from './snapshot.js';
import { Mutations, ruleText, markMasked } from './mutations.js';
import { Events, isControl } from './events.js';
import { parentOf, iframeDocument, FRAME_URL_ATTR, linkCSS, textSecured, drawnAsDiscs, isMarkedSecured, reportedFrameURL, reportFrameURL, isMarkedEdited, formAssociated, markSheetEdited, sheetEdited, SHEET_EDITED_ATTR, sheetURL, SHEET_URL_ATTR } from './node.js';
import { toBase64 } from './base64.js';
import { own } from './options.js';
import { ruleEdited, noteLinkText } from './discs.js';
import { editedOutOfSight, sightChanged } from './sight.js';
import { scrubURL } from './echo.js';

const FLUSH_MS = 1000;
// Batches are posted at this size; one node or op adds at most ~5 MiB more,
// which keeps every batch under capture.MaxBatchBytes (8 MiB).
const POST_BYTES = 512 * 1024;
// Snapshots that threw in a row before the recorder gives up.
const MAX_FAILED_SNAPSHOTS = 2;
// A batch whose sizes wait for the next frame is posted anyway at this size
// (with the ~5 MiB one node may add, still under capture.MaxBatchBytes).
const HOLD_BYTES = 2 * 1024 * 1024;

export class Recorder {
  // sink(bytes) receives each batch and may transfer its buffer.
  // opts.block: the configuration's block selectors (measured for their
  // placeholders); opts.onSnapshot(): called as each full snapshot starts.
  constructor(win, sink, opts = {}) {
    this.win = win;
    this.sink = sink;
    this.opts = opts;
    this.w = new RawWriter();
    this.reg = new Registry();
    this.mutations = new Mutations(this);
    this.events = new Events(this);
    this.stopped = true;
    this.snapshotting = false;
    this.gen = 0;
    this.controls = [];
    this.headerEnd = 0;
    this.blockSel = blockSelector(win.document, opts.block);
    this.blocked = this.blockedFn();
    this.errors = 0;
    this.posts = 0;
    this.pageErrors = []; // errors that came during a snapshot walk
    this.failedSnapshots = 0;
    this.inlined = new WeakSet(); // <link>s whose text the engine has
    this.frameSet = new Set();
    this.lateEdited = [];
    // Test-only hooks for e2e: __veilTestRawSnapshot keeps the first
    // snapshot's batches (window.__veilTestRaw), __veilTestKeepRaw every
    // batch (window.__veilTestBatches), both base64. Read as the window's own
    // properties: a polluted Object.prototype does not switch them on.
    this.rawCopies = own(win, '__veilTestRawSnapshot') === true ? [] : null;
    this.begin();
  }

  now() {
    const t = own(this.win, '__veilTestNow');
    return typeof t === 'number' ? t : Date.now();
  }

  begin() {
    this.w.begin(this.now());
    this.headerEnd = this.w.size;
  }

  // start observes the page and takes a full snapshot; after stop() it may be
  // called again, and records afresh (ids are never reused).
  async start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = this.win.setInterval(() => this.flush(), FLUSH_MS);
    await this.takeSnapshot();
  }

  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.gen++;
    this.snapshotting = false;
    this.again = false;
    this.mutations.disconnect();
    this.events.detach();
    this.win.clearInterval(this.timer);
    this.pageErrors = [];
    this.begin(); // what was not posted is discarded
  }

  // resnapshot takes a fresh full snapshot, after a batch was dropped
  // somewhere and the engine's mirror may no longer match the page.
  resnapshot() {
    if (this.stopped) return;
    if (this.snapshotting) {
      this.again = true;
      return;
    }
    this.takeSnapshot();
  }

  // takeSnapshot never rejects: a walk that throws (a recorder bug, or a
  // page whose DOM getters throw) drops what it wrote and stops observing;
  // the recorder tries a fresh snapshot through onError up to
  // MAX_FAILED_SNAPSHOTS times in a row, then stays stopped.
  async takeSnapshot() {
    const gen = this.gen + 1;
    try {
      await this.walkSnapshot();
    } catch (err) {
      if (gen !== this.gen || this.stopped) return;
      this.snapshotting = false;
      this.again = false;
      this.mutations.disconnect();
      this.begin(); // a snapshot without its end is worthless to the engine
      if (++this.failedSnapshots > MAX_FAILED_SNAPSHOTS) this.stop();
      this.internalError(err);
    }
  }

  async walkSnapshot() {
    const gen = ++this.gen;
    this.snapshotting = true;
    this.begin(); // ops of the old mirror are worthless to the engine now
    if (this.reg.nextId > 1) this.reg = new Registry(this.reg.nextId);
    this.controls = [];
    this.styles = [];
    this.lateShadows = [];
    this.lateEdited = [];
    this.lateLoads = new Set();
    this.dirtyStyles = new Set();
    this.frames = [];
    this.frameDocs = new WeakMap();
    this.frameSet = new Set(); // iframes whose document is recorded (checkFrames)
    this.inlined = new WeakSet(); // <link>s whose text the engine has
    this.mutations.disconnect();
    this.mutations.observe(this.win.document);
    this.mutations.hold();
    this.events.noteKeys();
    if (this.opts.onSnapshot) this.opts.onSnapshot();
    // The walk measures as it goes: layout is clean while it reads.
    this.w.later = null;
    const done = await snapshot(this);
    if (!done || this.stopped || gen !== this.gen) return;
    this.w.later = [];
    this.post();
    this.snapshotting = false;
    if (this.rawCopies) this.win.__veilTestRaw = this.rawCopies.map(toBase64);
    this.rawCopies = null;
    this.mutations.release();
    this.afterSnapshot();
    for (const m of this.pageErrors.splice(0)) this.writePageError(m);
    if (!this.events.attached) this.events.attach();
    for (const doc of this.frames.splice(0)) this.events.attachDoc(doc);
    this.beforeEvent(); // a frame's URL may have changed (pushState) since its iframe was written
    this.post();
    this.failedSnapshots = 0;
    if (this.again) {
      this.again = false;
      this.takeSnapshot();
    }
  }

  // afterSnapshot catches up with what changed during the chunked walk
  // without a mutation record, in the order it could have happened.
  afterSnapshot() {
    for (const [host, root] of this.lateShadows.splice(0)) this.addShadow(host, root);
    for (const el of this.lateEdited.splice(0)) this.writeEdited(el);
    for (const el of this.lateLoads) this.loaded(el);
    this.lateLoads.clear();
    for (const el of this.styles.splice(0)) {
      this.syncStyle(el, this.dirtyStyles.has(el));
      this.dirtyStyles.delete(el);
    }
    for (const el of this.dirtyStyles) {
      if (!el.isConnected) continue;
      // A <link>'s text, read while the page edited its sheet, is read again.
      if (el.localName === 'link') {
        const id = this.reg.id(el);
        if (id) this.writeLinkCSS(el, id);
      } else {
        this.syncStyle(el, true);
      }
    }
    this.dirtyStyles.clear();
    this.writeControls();
    this.navigated(); // the URL may have changed while the walk ran
  }

  // found is told about every node given an id: roots get observed, and the
  // snapshot remembers form controls whose live value must follow it.
  found(node) {
    const t = node.nodeType;
    if (t === 11 || (t === 9 && node !== this.win.document)) {
      this.mutations.observe(node);
      if (t === 9) {
        const frame = parentOf(node);
        if (frame) {
          this.frameDocs.set(frame, node);
          this.frameSet.add(frame);
        }
        if (this.events.attached && !this.snapshotting) this.events.attachDoc(node);
        else this.frames.push(node);
      }
    } else if (t === 1) {
      if (isControl(node) && (this.snapshotting || changed(node))) this.controls.push(node);
      else if (this.snapshotting && node.localName === 'style') this.styles.push(node);
    }
  }

  // blockedFn says which elements the configuration blocks, for measuring.
  blockedFn() {
    const sel = this.blockSel;
    return (el) => {
      if (el.hasAttribute('data-veil-block')) return true;
      if (!sel) return false;
      try {
        return el.matches(sel);
      } catch {
        return false;
      }
    };
  }

  // writeControls writes the live values of the controls found since the
  // last call whose state differs from their markup (set by script before
  // they were recorded). Called after SnapshotEnd and after each MutationEnd.
  writeControls() {
    const list = this.controls;
    this.controls = [];
    for (const el of list) if (changed(el)) this.writeInput(el);
  }

  beforeEvent() {
    this.mutations.pending();
    if (this.checkFrames()) {
      this.mutations.markDiscs();
      this.w.op(OP.MutationEnd, this.now());
      this.writeControls();
    }
  }

  writeInput(el, value = el.value) {
    const id = this.reg.id(el);
    if (!id) return;
    const w = this.w;
    if (this.secure(el, id)) w.op(OP.MutationEnd, this.now());
    w.op(OP.Input, this.now());
    w.uvarint(id);
    w.str(value);
    w.byte(el.checked ? 1 : 0);
  }

  // secure writes data-veil-mask onto text control el of id (or an
  // editing host, or an element in one where text is typed) when the page
  // draws it as discs now and it is not marked yet (true: an Attr op was
  // written). Asked before every value of it the recorder writes, so that
  // the value goes out masked whatever made the discs appear since it was
  // last written: a class, style or attribute of an ancestor or a sibling,
  // a CSSOM edit, a sheet pushed onto adoptedStyleSheets, enabled or whose
  // media changed, :focus, :has(), a media or container query — none of
  // which the recorder needs to watch. One computed-style read per value
  // of an unmarked control; a marked one costs a WeakSet lookup.
  secure(el, id) {
    if (!id || isMarkedSecured(el)) return false;
    const ln = el.localName;
    if (ln === 'select') return false;
    // Else an editing host, or an element in one that holds typed text.
    if (ln === 'input' || ln === 'textarea' ? !textSecured(el)
      : el.hasAttribute('data-veil-mask') || !(drawnAsDiscs(el) || editedOutOfSight(el))) return false;
    markMasked(this, el, id);
    return true;
  }

  // navigated writes a Navigate op when the URL changed without a reload.
  navigated() {
    // During a walk, afterSnapshot calls again.
    if (this.stopped || this.snapshotting) return;
    const win = this.win;
    const href = win.location.href;
    if (href === this.lastHref) return;
    this.lastHref = href;
    this.beforeEvent();
    const w = this.w;
    w.op(OP.Navigate, this.now());
    w.str(scrubURL(href)); // a path that shows what was typed (echo.js)
    w.uvarint(win.innerWidth);
    w.uvarint(win.innerHeight);
    this.maybePost();
  }

  // pageError writes a PageError op for an uncaught error or unhandled
  // rejection ({source, name, message, frames} from pageerrors.js, already
  // within the op's limits) and posts it at once. During a walk it waits
  // for SnapshotEnd: the snapshot's ops must stay together.
  pageError(error) {
    if (this.stopped) return;
    if (this.snapshotting) {
      this.pageErrors.push(error);
      return;
    }
    this.writePageError(error);
    this.flush();
  }

  writePageError(error) {
    this.beforeEvent();
    this.w.pageError(this.now(), error.source, error.name, error.message, error.frames);
  }

  // styleRule reports insertRule/deleteRule on the sheet of a recorded
  // <style>, or of a <link> whose text the engine has inlined (the replay
  // makes that a <style> with the same rules): the rule alone, so that a
  // page inserting rule after rule costs linear time. A <link> recorded
  // without its text gets the whole text now.
  styleRule(sheet, op, index) {
    markSheetEdited(sheet);
    const text = op === 0 ? ruleText(sheet, index) : undefined;
    ruleEdited(sheet, op, index, text); // page text it draws as discs
    const owner = sheet.ownerNode;
    // A rule inserted may draw a control as discs; one deleted may undo an override.
    this.mutations.stylesChanged(owner || null, text);
    if (!owner || owner.nodeType !== 1) return;
    if (this.snapshotting) {
      this.dirtyStyles.add(owner);
      return;
    }
    const id = this.reg.id(owner);
    if (!id) return;
    this.beforeEvent();
    const ln = owner.localName;
    if (ln === 'link' && !this.inlined.has(owner)) {
      this.writeLinkCSS(owner, id);
      return;
    }
    if (ln !== 'style' && ln !== 'link') return;
    this.writeStyleRule(id, op, index, op === 0 ? (text === undefined ? sheet.cssRules[index].cssText : text) : '');
    this.maybePost();
  }

  // sheetChanged is told of a sheet whose rules a script changed other
  // than by its own insertRule or deleteRule (hooks.js: a grouping rule's
  // insertRule, a selectorText set, the legacy addRule): not recorded, but a
  // <link> of the sheet no longer inlines the site's own text.
  sheetChanged(sheet) {
    markSheetEdited(sheet);
  }

  writeStyleRule(id, op, index, rule) {
    const w = this.w;
    w.op(OP.StyleRule, this.now());
    w.uvarint(id);
    w.byte(op);
    w.uvarint(index);
    if (op === 0) w.str(rule);
  }

  // syncStyle brings the engine's copy of a <style> sheet up to the page's
  // CSSOM when rules were inserted without text: CSS-in-JS libraries fill an
  // empty <style> with insertRule, and edits during the walk were not sent.
  syncStyle(el, dirty) {
    const id = this.reg.id(el);
    const sheet = el.sheet;
    if (!id || !sheet) return;
    if (!dirty && el.firstChild) return;
    let rules;
    try {
      rules = sheet.cssRules;
    } catch {
      return;
    }
    if (el.firstChild) {
      // The engine parsed the text; drop those rules before writing the live ones.
      const text = el.textContent;
      let parsed = 0;
      try {
        const probe = new this.win.CSSStyleSheet();
        probe.replaceSync(text);
        parsed = probe.cssRules.length;
      } catch {
        return;
      }
      for (let i = 0; i < parsed; i++) this.writeStyleRule(id, 1, 0, '');
    } else if (!rules.length) {
      return;
    }
    let text = '';
    for (let i = 0; i < rules.length; i++) {
      const t = rules[i].cssText;
      this.writeStyleRule(id, 0, i, t);
      text += t;
    }
    noteLinkText(el, text); // read for discs where it may draw them (discs.js)
    this.spill();
  }

  writeLinkCSS(el, id) {
    const css = linkCSS(el);
    if (css === null) return;
    noteLinkText(el, css);
    this.inlined.add(el);
    const w = this.w;
    // before the text: the engine reads the mark, or the URL, as it masks it
    const edited = sheetEdited(el);
    const url = edited ? null : sheetURL(w, el);
    if (edited || url !== null) {
      w.op(OP.Attr);
      w.uvarint(id);
      w.str(edited ? SHEET_EDITED_ATTR : SHEET_URL_ATTR);
      w.str(edited ? '' : url);
    }
    w.op(OP.Attr);
    w.uvarint(id);
    w.str('_cssText');
    w.str(css);
    w.op(OP.MutationEnd, this.now());
    this.maybePost();
  }

  // loaded handles load events seen in capture: a same-origin iframe that
  // got a new document, a stylesheet that arrived after it was recorded.
  loaded(el) {
    sightChanged(); // an image, a frame or a sheet arrived: boxes may have moved (sight.js)
    if (this.stopped || !el || el.nodeType !== 1) return;
    const ln = el.localName;
    if (ln === 'link' || ln === 'style') this.mutations.stylesChanged(el); // a sheet (or its @import) arrived
    if (this.snapshotting) {
      this.lateLoads.add(el);
      return;
    }
    const id = this.reg.id(el);
    if (!id) return;
    if (el.localName === 'link') {
      this.beforeEvent();
      this.writeLinkCSS(el, id);
    } else if (el.localName === 'iframe') {
      this.frameLoaded(el, id);
    }
  }

  // frameNavigated is told that the document of a same-origin frame (whose
  // window is win) may have changed its URL without loading: pushState,
  // replaceState, a fragment, the Navigation API, a step back. The engine
  // decides from the URL on the iframe whether it records the frame's
  // document (excludeUrls), when that document is written: a new URL has
  // the document written again under it (checkFrames), as a load does,
  // before anything is written of what the frame shows there.
  frameNavigated(win) {
    if (this.stopped) return;
    let iframe = null;
    try {
      iframe = win.frameElement;
    } catch {
      return; // cross-origin: not recorded
    }
    if (!iframe || iframe.localName !== 'iframe') return;
    if (this.snapshotting) {
      this.lateLoads.add(iframe);
      return;
    }
    this.beforeEvent();
    this.maybePost();
  }

  // frameLoaded writes the document of iframe (of id frameId) when it is
  // new, or when its URL is not the one reported.
  frameLoaded(iframe, frameId) {
    this.beforeEvent(); // a frame whose URL changed is written there
    if (!this.writeFrame(iframe, frameId)) return;
    this.mutations.markDiscs();
    this.w.op(OP.MutationEnd, this.now());
    this.writeControls();
    this.maybePost();
  }

  // writeFrame writes the document of iframe (of id frameId) again, with its
  // URL first, unless the engine has it under that URL (true: ops written).
  writeFrame(iframe, frameId) {
    const doc = iframeDocument(iframe);
    if (doc && this.reg.id(doc) && reportedFrameURL(iframe) === doc.URL) return false;
    const w = this.w;
    const old = this.frameDocs.get(iframe);
    const oldId = old ? this.reg.id(old) : 0;
    if (oldId) {
      w.op(OP.Remove);
      w.uvarint(oldId);
      this.reg.removed(oldId);
      this.frameDocs.delete(iframe);
    }
    if (doc) {
      // The new document's URL first: the engine decides on it whether
      // the frame is recorded (excludeUrls).
      w.op(OP.Attr);
      w.uvarint(frameId);
      w.str(FRAME_URL_ATTR);
      w.str(doc.URL);
      reportFrameURL(iframe, doc.URL);
      this.mutations.writeSubtree(doc, frameId, 0, new Set(), new Set());
    }
    return !!(oldId || doc);
  }

  // checkFrames writes again the documents of the recorded frames whose URL
  // changed without a load (frameNavigated), before a MutationEnd or an
  // event: true when it wrote ops (a MutationEnd must follow). One URL read
  // a frame; nothing on a page without same-origin frames.
  checkFrames() {
    if (this.frameSet.size === 0 || this.snapshotting) return false;
    let wrote = false;
    for (const iframe of this.frameSet) {
      const id = this.reg.id(iframe);
      if (!id) {
        this.frameSet.delete(iframe);
        continue;
      }
      const doc = iframeDocument(iframe);
      if (!doc || !this.reg.id(doc) || reportedFrameURL(iframe) === doc.URL) continue;
      if (this.writeFrame(iframe, id)) wrote = true;
    }
    return wrote;
  }

  // internalsAttached is told that custom element el took its
  // ElementInternals (made, or upgraded once its name was defined): a
  // form-associated one already written gets contenteditable="true" now,
  // so that what it shows from here on is an input value (node.js
  // formAssociated; later snapshots write it with the element).
  internalsAttached(el) {
    if (this.stopped || !el || el.nodeType !== 1 || isMarkedEdited(el) || !formAssociated(el)) return;
    if (this.snapshotting) {
      this.lateEdited.push(el);
      return;
    }
    this.writeEdited(el);
  }

  writeEdited(el) {
    const id = this.reg.id(el);
    if (!id || el.hasAttribute('contenteditable')) return;
    this.beforeEvent();
    const w = this.w;
    w.op(OP.Attr);
    w.uvarint(id);
    w.str('contenteditable');
    w.str('true');
    w.op(OP.MutationEnd, this.now());
    this.maybePost();
  }

  shadowAttached(host, root) {
    if (this.stopped || !root || root.mode !== 'open') return;
    if (this.snapshotting) {
      this.lateShadows.push([host, root]);
      return;
    }
    this.addShadow(host, root);
  }

  // addShadow writes a shadow root attached to a recorded host; it goes
  // before the host's light children, as childrenOf orders them.
  addShadow(host, root) {
    const hostId = this.reg.id(host);
    if (!hostId || this.reg.id(root) || host.shadowRoot !== root) return;
    this.beforeEvent();
    let next = 0;
    for (let c = host.firstChild; c && !next; c = c.nextSibling) {
      const id = this.reg.id(c);
      if (id && this.reg.parentOf(id) === hostId) next = id;
    }
    this.mutations.writeSubtree(root, hostId, next, new Set(), new Set());
    this.mutations.markDiscs();
    this.w.op(OP.MutationEnd, this.now());
    this.writeControls();
    this.maybePost();
  }

  // internalError is told about a recorder bug inside a page API wrapper:
  // the page must not see it, and the engine's mirror may now be off.
  internalError(err) {
    this.errors++;
    if (this.opts.onError) this.opts.onError(err);
  }

  // spill posts the batch early once it is large, so that no batch crosses
  // the engine's limit (a snapshot or a mutation group may span batches).
  // While sizes wait for the next frame the batch is held up to
  // HOLD_BYTES, so that a large mutation does not force layout inside the
  // MutationObserver callback.
  spill() {
    const w = this.w;
    if (w.size < POST_BYTES) return;
    if (w.later === null || w.later.length === 0 || w.size >= HOLD_BYTES) this.post();
  }

  maybePost() {
    this.spill();
    if (this.w.later !== null && this.w.later.length > 0 && !this.frameAsked) {
      this.frameAsked = true;
      this.win.requestAnimationFrame(() => {
        this.frameAsked = false;
        this.measure();
      });
    }
  }

  // measure fills in the sizes of the elements written since the last
  // frame, reading layout once for all of them.
  measure() {
    const w = this.w;
    const later = w.later;
    if (later === null) return;
    for (let i = 0; i < later.length; i += 2) {
      const r = later[i].getBoundingClientRect();
      w.patch3(later[i + 1], r.width);
      w.patch3(later[i + 1] + 3, r.height);
    }
    later.length = 0;
  }

  // pendingBytes says whether ops are waiting in the writer.
  get pendingBytes() { return this.w.size - this.headerEnd; }

  // discard drops what was written but not posted (at pagehide: it is not
  // masked and there is no time to mask it).
  discard() {
    const had = this.pendingBytes > 0;
    this.begin();
    return had;
  }

  // flush hands everything observed so far to the sink.
  flush() {
    if (this.stopped || this.snapshotting) return;
    this.events.writeScripted();
    this.mutations.pending();
    this.events.flushMoves();
    this.post();
  }

  post() {
    if (this.stopped || this.w.size <= this.headerEnd) return;
    this.measure(); // a batch leaves with every size filled in
    const bytes = this.w.take();
    if (this.rawCopies) this.rawCopies.push(bytes.slice());
    if (own(this.win, '__veilTestKeepRaw') === true) {
      (this.win.__veilTestBatches = own(this.win, '__veilTestBatches') || []).push(toBase64(bytes));
    }
    this.begin();
    this.posts++;
    this.sink(bytes);
  }
}

// blockSelector joins the block rules into one selector list the browser
// accepts, or '' (rules it cannot parse are the engine's business).
function blockSelector(doc, block) {
  const ok = [];
  for (const sel of block || []) {
    try {
      doc.createDocumentFragment().querySelector(sel);
      ok.push(sel);
    } catch { /* not a browser selector */ }
  }
  return ok.join(',');
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
