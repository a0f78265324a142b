// Turns MutationObserver records into Node/Move/Remove/Text/Attr/AttrRemove
// ops. Records only say what was touched; every op is written from the page
// as it is now, so records that arrive late or out of order (for example
// while a chunked snapshot was running) still leave the engine's mirror equal
// to the page.
import { OP } from './rawwriter.js';
import { recordable, parentOf } from './node.js';
import { Walk } from './snapshot.js';

const OPTIONS = { childList: true, attributes: true, characterData: true, subtree: true };

export class Mutations {
  constructor(rec) {
    this.rec = rec;
    this.held = null;
    this.mo = new MutationObserver((list) => this.take(list));
  }

  observe(root) { this.mo.observe(root, OPTIONS); }

  // hold buffers records until release (used while the snapshot is walked).
  hold() { this.held = []; }

  release() {
    const list = this.held || [];
    this.held = null;
    if (list.length) this.apply(list);
  }

  // pending applies records the observer has queued but not yet delivered, so
  // that an input or pointer op written next keeps its place after them.
  pending() {
    const list = this.mo.takeRecords();
    if (list.length) this.take(list);
  }

  disconnect() {
    this.mo.disconnect();
    this.held = null;
  }

  take(list) {
    if (this.rec.stopped) return;
    if (this.held) {
      for (const m of list) this.held.push(m);
      return;
    }
    this.apply(list);
  }

  apply(list) {
    const { reg, w } = this.rec;
    const top = this.rec.win.document;
    const moved = new Set();
    const attrs = new Map();
    const texts = new Set();
    for (const m of list) {
      if (m.type === 'childList') {
        for (const n of m.removedNodes) moved.add(n);
        for (const n of m.addedNodes) moved.add(n);
      } else if (m.type === 'attributes') {
        let s = attrs.get(m.target);
        if (!s) attrs.set(m.target, (s = new Map()));
        s.set(m.attributeNamespace + ' ' + m.attributeName, [m.attributeNamespace, m.attributeName]);
      } else {
        texts.add(m.target);
      }
    }
    const start = w.size;
    const posts = this.rec.posts; // a large group may be posted in parts

    // Removes first, so that every later op names only live ids.
    for (const n of moved) {
      const r = reg.rec(n);
      if (r && !inTree(n, top)) {
        w.op(OP.Remove);
        w.uvarint(r.id);
        r.dead = true;
      }
    }

    // Group what must be (re)placed by parent; a node whose parent is not
    // known yet is written with that parent's subtree instead.
    const byParent = new Map();
    for (const n of moved) {
      if (!recordable(n) || !inTree(n, top)) continue;
      const p = parentOf(n);
      if (!reg.rec(p) || isTemplate(p)) continue;
      let s = byParent.get(p);
      if (!s) byParent.set(p, (s = new Set()));
      s.add(n);
    }
    const fresh = new Set();
    const placed = new Set();
    for (const [p, set] of byParent) {
      const pr = reg.rec(p);
      // Right to left: each node goes before its nearest following sibling
      // the engine already has in the right place.
      for (let c = p.lastChild; c; c = c.previousSibling) {
        if (!set.has(c) || placed.has(c)) continue;
        const next = nextKnown(reg, c, pr);
        const r = reg.rec(c);
        if (r) {
          w.op(OP.Move);
          w.uvarint(r.id);
          w.uvarint(pr.id);
          w.uvarint(next);
          r.parent = pr;
          placed.add(c);
        } else {
          this.writeSubtree(c, pr, next, fresh, placed);
        }
      }
    }

    for (const n of texts) {
      const r = reg.rec(n);
      if (!r || fresh.has(n)) continue;
      w.op(OP.Text);
      w.uvarint(r.id);
      w.str(n.data);
      this.rec.spill();
    }
    for (const [n, names] of attrs) {
      const r = reg.rec(n);
      if (!r || fresh.has(n)) continue;
      for (const [ns, local] of names.values()) {
        // Without a namespace the qualified name is the local name, and
        // getAttributeNS reads the value without making an Attr node.
        let name = local;
        let value;
        if (ns) {
          const a = n.getAttributeNodeNS(ns, local);
          if (a) {
            name = a.name;
            value = a.value;
          }
        } else {
          value = n.getAttributeNS(null, local);
        }
        if (value != null) {
          w.op(OP.Attr);
          w.uvarint(r.id);
          w.str(name);
          w.str(value);
          this.rec.spill();
        } else {
          w.op(OP.AttrRemove);
          w.uvarint(r.id);
          w.str(local);
        }
      }
    }
    if (w.size !== start || this.rec.posts !== posts) {
      w.op(OP.MutationEnd, this.rec.now());
      this.rec.writeControls();
      this.rec.maybePost();
    }
  }

  // writeSubtree writes node and everything under it; children the engine
  // already knows (moved in from elsewhere) are moved, not written again.
  writeSubtree(node, parentRec, next, fresh, placed) {
    const walk = new Walk(this.rec, { fresh, placed });
    walk.next = next;
    walk.pushList([node], parentRec);
    walk.run(Infinity);
  }
}

function isTemplate(n) {
  return n.nodeType === 1 && n.localName === 'template';
}

// inTree says whether node is reachable from the recorded document, across
// shadow hosts and iframe elements.
function inTree(node, top) {
  for (let n = node; n; n = parentOf(n)) if (n === top) return true;
  return false;
}

function nextKnown(reg, c, pr) {
  for (let s = c.nextSibling; s; s = s.nextSibling) {
    const r = reg.rec(s);
    if (r && r.parent === pr) return r.id;
  }
  return 0;
}
