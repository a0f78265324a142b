// The initial walk: every node in document order, ids 1, 2, 3… exactly as
// capture.FromHTML numbers a parsed page. It runs in slices of about 8 ms so
// a large page never blocks the main thread for long. Walk also writes the
// subtrees that mutations add.
import { scrubURL } from './echo.js';
import { OP, KIND } from './rawwriter.js';
import { writeNode, childrenOf, sheetRules, standardsDoctype } from './node.js';
import { textWritten } from './discs.js';
import { readCrossOrigin, textHolders, markHolders } from './opaque.js';
import { liveTree } from './mutations.js';

const SLICE_MS = 8;
const SLICE_POST_BYTES = 64 * 1024;
// Rules of a linked stylesheet read between two deadline checks.
const CSS_CHUNK = 64;

// yieldToPage resumes after pending input and rendering (MessageChannel is
// not throttled the way nested setTimeout is). One channel serves every
// pause: making a channel per pause costs more than its message.
let channel = null;
const resumes = [];
function yieldToPage() {
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const resume = resumes.shift();
      if (resume) resume();
    };
  }
  return new Promise((resolve) => {
    resumes.push(resolve);
    channel.port2.postMessage(0);
  });
}

// snapshot writes SnapshotStart, the nodes, SnapshotEnd into rec's writer.
// Between slices the walk keeps, for every level it is inside, the parent
// and its next child to visit. Where the page changed a parent's children
// meanwhile (the mutation records held during the walk say which), that
// level goes on over the parent's children as they are then, skipping what
// it wrote already: the walk still describes a tree the engine can apply,
// and the held records (applied after SnapshotEnd) bring it up to date.
// Nodes that already have an id are not written twice.
export async function snapshot(rec) {
  const { w } = rec;
  const win = rec.win;
  const doc = win.document;
  w.op(OP.SnapshotStart, rec.now());
  w.str(scrubURL(win.location.href)); // a path that shows what was typed (echo.js)
  w.uvarint(win.innerWidth);
  w.uvarint(win.innerHeight);
  w.int(win.scrollX);
  w.int(win.scrollY);
  rec.lastHref = win.location.href;
  const gen = rec.gen; // a stop and restart meanwhile makes this walk stale

  const walk = new Walk(rec, null);
  walk.pushList([doc], 0);
  while (!walk.run(performance.now() + SLICE_MS)) {
    const held = rec.mutations.heldCount();
    // Let the worker start on what is done, in parts large enough that the
    // main thread's cost per batch (a message each way, a request to the
    // collector) stays small beside the walk's.
    if (rec.pendingBytes >= SLICE_POST_BYTES) rec.post();
    await yieldToPage();
    if (rec.stopped || rec.gen !== gen) return false;
    walk.resume(rec.mutations.changedParents(held));
  }
  // Cross-origin sheets may draw text as discs: read from copies, else
  // from the computed style of what holds text (opaque.js).
  const roots = rec.mutations.roots;
  if (await readCrossOrigin(roots, liveTree, win)) {
    if (rec.stopped || rec.gen !== gen) return false;
    const list = textHolders(roots, liveTree);
    for (let i = markHolders(rec, list, 0, performance.now() + SLICE_MS); i < list.length;) {
      await yieldToPage();
      if (rec.stopped || rec.gen !== gen) return false;
      i = markHolders(rec, list, i, performance.now() + SLICE_MS);
    }
  }
  if (rec.stopped || rec.gen !== gen) return false;
  rec.mutations.markDiscs(); // before SnapshotEnd: the engine serializes the snapshot there
  w.op(OP.SnapshotEnd, rec.now());
  return true;
}

const SVG = 'http://www.w3.org/2000/svg';

// Walk writes subtrees as Node ops in mirror order (an open shadow root
// first, then light children, then a same-origin iframe's document), one
// node at a time with no allocation but its id. It follows
// firstChild/nextSibling (a shadow host's or an iframe's children come as a
// list); resume, after a pause, restarts the levels whose children changed.
// Not for concurrent use; one walk per subtree.
export class Walk {
  // mut, for a walk under a mutation: {fresh, placed} sets to fill, as
  // Mutations.apply needs them. Then a node the engine already knows is
  // moved into place rather than skipped.
  constructor(rec, mut) {
    this.rec = rec;
    this.reg = rec.reg;
    this.w = rec.w;
    this.blockSel = rec.blockSel || '';
    this.mut = mut;
    this.parents = []; // id of the parent at each level (0 above the document)
    this.cursors = []; // next live sibling at each level, or null
    this.owners = []; // the DOM parent whose children a cursor level walks
    this.lists = []; // siblings to visit at a list level, or null
    this.index = [];
    this.depth = 0;
    this.next = 0; // next-sibling id of the first node written
    this.css = null; // a <link> whose sheet is being read, written once read
  }

  // subtree writes node and everything under it below parentId, before the
  // sibling next (0: last), at once. One walk may write several subtrees.
  subtree(node, parentId, next) {
    this.next = next;
    this.visit(node, parentId);
    this.run(Infinity);
    this.next = 0;
  }

  pushList(list, parent) {
    const d = this.depth++;
    this.parents[d] = parent;
    this.lists[d] = list;
    this.index[d] = 0;
    this.cursors[d] = null;
  }

  pushCursor(first, parent) {
    const d = this.depth++;
    this.parents[d] = parent;
    this.lists[d] = null;
    this.cursors[d] = first;
    this.owners[d] = first.parentNode;
  }

  // resume is called after a pause, with the parents whose children the
  // page changed meanwhile (or null). Such a level becomes a list of the
  // parent's children as they are now, where known nodes are skipped; being
  // a list, it is never started again, so a page that keeps reordering
  // cannot stall the walk. Unchanged levels go on from their cursor: no
  // sibling moved there.
  resume(changed) {
    if (changed === null) return;
    for (let d = 0; d < this.depth; d++) {
      if (this.lists[d] !== null || !changed.has(this.owners[d])) continue;
      const list = [];
      for (let c = this.owners[d].firstChild; c !== null; c = c.nextSibling) list.push(c);
      this.lists[d] = list;
      this.index[d] = 0;
      this.cursors[d] = null;
    }
  }

  // run walks until done (true) or, checked every 64 nodes, past deadline
  // (false; call resume after the page ran, then run again).
  run(deadline) {
    if (this.css !== null && !this.readCSS(deadline)) return false;
    let count = 0;
    while (this.depth > 0) {
      const d = this.depth - 1;
      let node;
      const list = this.lists[d];
      if (list !== null) {
        const i = this.index[d];
        if (i >= list.length) {
          this.depth--;
          continue;
        }
        node = list[i];
        this.index[d] = i + 1;
      } else {
        node = this.cursors[d];
        if (node === null) {
          this.depth--;
          continue;
        }
        this.cursors[d] = node.nextSibling;
      }
      this.visit(node, this.parents[d]);
      if (this.css !== null && !this.readCSS(deadline)) return false;
      if ((++count & 63) === 0 && performance.now() > deadline) return false;
    }
    return true;
  }

  visit(node, parent) {
    const t = node.nodeType;
    let kind;
    switch (t) {
      case 1: kind = KIND.Element; break;
      case 3: kind = KIND.Text; break;
      case 8: kind = KIND.Comment; break;
      case 9: kind = KIND.Document; break;
      case 10: kind = KIND.Doctype; break;
      case 4: kind = KIND.CDATA; break;
      case 11: if (node.host) { kind = KIND.ShadowRoot; break; } return;
      default: return; // not in the mirror (processing instructions)
    }
    const { reg, w, mut } = this;
    const known = reg.id(node);
    if (known !== 0) {
      if (mut === null) return;
      mut.placed.add(node);
      w.op(OP.Move);
      w.uvarint(known);
      w.uvarint(parent);
      w.uvarint(this.next);
      this.next = 0;
      reg.moved(known, parent);
      return;
    }
    const id = reg.add(node, parent);
    if (t === 1 && node.localName === 'link') {
      const rules = sheetRules(node);
      if (rules !== null) {
        // The sheet's text is read in the walk's slices, so that a large
        // stylesheet does not hold the main thread past the deadline; the
        // walk goes on with the next node only once it is written.
        this.css = { node, id, parent, kind, next: this.next, rules, i: 0, text: '' };
        this.next = 0;
        return;
      }
    }
    this.write(node, id, parent, kind, this.next, undefined);
  }

  // readCSS goes on reading a pending link's rules until they are all read
  // (true, and the link is written) or the deadline passed (false).
  readCSS(deadline) {
    const c = this.css;
    for (;;) {
      const n = c.rules.length; // live: the page may change it between slices
      const end = Math.min(n, c.i + CSS_CHUNK);
      for (let i = c.i; i < end; i++) c.text += c.rules[i].cssText;
      c.i = end;
      if (end >= n) break;
      if (performance.now() > deadline) return false;
    }
    this.css = null;
    this.write(c.node, c.id, c.parent, c.kind, c.next, c.text === '' ? null : c.text);
    return true;
  }

  // write writes a node given its id and descends into its children.
  write(node, id, parent, kind, next, css) {
    const { w, mut } = this;
    writeNode(w, id, parent, next, node, this.blockSel, kind, css);
    if (kind === KIND.Text && mut !== null) textWritten(node); // its discs read before MutationEnd
    if (css) this.rec.inlined.add(node);
    this.next = 0;
    if (mut !== null) {
      mut.placed.add(node);
      mut.fresh.add(node);
    }
    const rec = this.rec;
    const t = node.nodeType;
    if (t === 1) {
      const ln = node.localName;
      // Only controls and <style> interest found() among elements.
      if (ln === 'input' || ln === 'textarea' || ln === 'select' || ln === 'style') rec.found(node);
      rec.spill();
      if (ln === 'template' && node.namespaceURI !== SVG) return; // content is never recorded
      if (ln === 'iframe' || node.shadowRoot) {
        const kids = childrenOf(node);
        if (kids.length) this.pushList(kids, id);
        return;
      }
      const first = node.firstChild;
      if (first !== null) this.pushCursor(first, id);
    } else if (t === 9 || t === 11) {
      rec.found(node);
      rec.spill();
      const mode = t === 9 ? standardsDoctype(node) : null;
      if (mode !== null) {
        this.pushList([mode, ...childrenOf(node)], id);
        return;
      }
      const first = node.firstChild;
      if (first !== null) this.pushCursor(first, id);
    } else {
      rec.spill();
    }
  }
}
