// The initial walk: every node in document order, ids 1, 2, 3… exactly as
// capture.FromHTML numbers a parsed page. It runs in slices of about 8 ms so
// a large page never blocks the main thread for long.
import { OP } from './rawwriter.js';
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
// Each frame keeps the parent record it was found under: if the page changes
// between slices the walk still describes a tree the engine can apply, and
// the mutation records buffered meanwhile (applied after SnapshotEnd) bring
// it up to date. Nodes that already have an id are not written twice.
export async function snapshot(rec) {
  const { w, reg } = rec;
  const win = rec.win;
  const doc = win.document;
  w.op(OP.SnapshotStart, rec.now());
  w.str(win.location.href);
  w.uvarint(win.innerWidth);
  w.uvarint(win.innerHeight);
  w.int(win.scrollX);
  w.int(win.scrollY);
  rec.lastHref = win.location.href;
  const blocked = rec.blocked;
  const gen = rec.gen; // a stop and restart meanwhile makes this walk stale

  const stack = [{ node: doc, parent: null }];
  let deadline = performance.now() + SLICE_MS;
  let count = 0;
  while (stack.length) {
    const { node, parent } = stack.pop();
    if (reg.rec(node)) continue;
    const r = reg.add(node, parent);
    writeNode(w, r.id, parent ? parent.id : 0, 0, node, blocked);
    rec.found(node);
    rec.spill();
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], parent: r });
    if (++count % 64 === 0 && performance.now() > deadline) {
      rec.post(); // let the worker start on what is done
      await yieldToPage();
      if (rec.stopped || rec.gen !== gen) return false;
      deadline = performance.now() + SLICE_MS;
    }
  }
  w.op(OP.SnapshotEnd, rec.now());
  return true;
}
