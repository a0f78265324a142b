// The initial walk: every node in document order, ids 1, 2, 3… exactly as
// capture.FromHTML numbers a parsed page. It runs in slices of about 8 ms so
// a large page never blocks the main thread for long. Walk also writes the
// subtrees that mutations add.
import { OP, KIND } from './rawwriter.js';
import { writeNode, childrenOf } from './node.js';

const SLICE_MS = 8;

// yieldToPage resumes after pending input and rendering (MessageChannel is
// not throttled the way nested setTimeout is).
function yieldToPage() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

// snapshot writes SnapshotStart, the nodes, SnapshotEnd into rec's writer.
// Between slices the walk keeps, for every level it is inside, the parent
// record and the siblings still to visit as they were when it paused: if the
// page changes meanwhile the walk still describes a tree the engine can
// apply, and the mutation records buffered meanwhile (applied after
// SnapshotEnd) bring it up to date. Nodes that already have an id are not
// written twice.
export async function snapshot(rec) {
  const { w } = rec;
  const win = rec.win;
  const doc = win.document;
  w.op(OP.SnapshotStart, rec.now());
  w.str(win.location.href);
  w.uvarint(win.innerWidth);
  w.uvarint(win.innerHeight);
  w.int(win.scrollX);
  w.int(win.scrollY);
  rec.lastHref = win.location.href;
  const gen = rec.gen; // a stop and restart meanwhile makes this walk stale

  const walk = new Walk(rec, null);
  walk.pushList([doc], null);
  while (!walk.run(performance.now() + SLICE_MS)) {
    walk.detach();
    rec.post(); // let the worker start on what is done
    await yieldToPage();
    if (rec.stopped || rec.gen !== gen) return false;
  }
  w.op(OP.SnapshotEnd, rec.now());
  return true;
}

const SVG = 'http://www.w3.org/2000/svg';

// Walk writes subtrees as Node ops in mirror order (an open shadow root
// first, then light children, then a same-origin iframe's document), one
// node at a time with no allocation but its record. Within a slice it
// follows firstChild/nextSibling; detach turns the levels it is inside into
// lists of the siblings still to visit, so that a walk can pause while the
// page runs. Not for concurrent use; one walk per subtree.
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
    this.parents = []; // record of the parent at each level
    this.cursors = []; // next live sibling at each level, or null
    this.lists = []; // remaining siblings at each level after detach, or null
    this.index = [];
    this.depth = 0;
    this.next = 0; // next-sibling id of the first node written
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
  }

  // detach is called before the page may run: live sibling cursors become
  // lists of what was still to visit.
  detach() {
    for (let d = 0; d < this.depth; d++) {
      if (this.lists[d] !== null) continue;
      const list = [];
      for (let c = this.cursors[d]; c !== null; c = c.nextSibling) list.push(c);
      this.lists[d] = list;
      this.index[d] = 0;
      this.cursors[d] = null;
    }
  }

  // run walks until done (true) or, checked every 64 nodes, past deadline
  // (false; call detach before the page runs, then run again).
  run(deadline) {
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
    const known = reg.rec(node);
    if (known) {
      if (mut === null) return;
      mut.placed.add(node);
      w.op(OP.Move);
      w.uvarint(known.id);
      w.uvarint(parent.id);
      w.uvarint(this.next);
      this.next = 0;
      known.parent = parent;
      return;
    }
    const r = reg.add(node, parent);
    writeNode(w, r.id, parent ? parent.id : 0, this.next, node, this.blockSel, kind);
    this.next = 0;
    if (mut !== null) {
      mut.placed.add(node);
      mut.fresh.add(node);
    }
    const rec = this.rec;
    if (t === 1) {
      const ln = node.localName;
      // Only controls and <style> interest found() among elements.
      if (ln === 'input' || ln === 'textarea' || ln === 'select' || ln === 'style') rec.found(node);
      rec.spill();
      if (ln === 'template' && node.namespaceURI !== SVG) return; // content is never recorded
      if (ln === 'iframe' || node.shadowRoot) {
        const kids = childrenOf(node);
        if (kids.length) this.pushList(kids, r);
        return;
      }
      const first = node.firstChild;
      if (first !== null) this.pushCursor(first, r);
    } else if (t === 9 || t === 11) {
      rec.found(node);
      rec.spill();
      const first = node.firstChild;
      if (first !== null) this.pushCursor(first, r);
    } else {
      rec.spill();
    }
  }
}
