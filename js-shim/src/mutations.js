// Turns MutationObserver records into Node/Move/Remove/Text/Attr/AttrRemove
// ops. Records only say what was touched; every op is written from the page
// as it is now, so records that arrive late or out of order (for example
// while a chunked snapshot was running) still leave the engine's mirror equal
// to the page.
import { OP } from './rawwriter.js';
import { recordable, parentOf, textSecured, forLabelText, cutLabel } from './node.js';
import { Walk } from './snapshot.js';
import { mutationObserver } from './clean-realm.js';

const OPTIONS = { childList: true, attributes: true, characterData: true, subtree: true };

export class Mutations {
  constructor(rec) {
    this.rec = rec;
    this.held = null;
    // The browser's own, even where the page replaced MutationObserver.
    const MO = mutationObserver(rec.win);
    this.mo = new MO((list) => this.take(list));
  }

  observe(root) { this.mo.observe(root, OPTIONS); }

  // hold buffers records until release (used while the snapshot is walked).
  hold() { this.held = []; }

  release() {
    const list = this.held || [];
    this.held = null;
    if (list.length) this.apply(list);
  }

  // heldCount is how many records are held (while the snapshot is walked).
  heldCount() { return this.held ? this.held.length : 0; }

  // changedParents returns the targets of childList records held from index
  // from on (after taking what the observer has queued), or null if none.
  changedParents(from) {
    if (!this.held) return null;
    this.pending();
    const held = this.held;
    let out = null;
    for (let i = from; i < held.length; i++) {
      const m = held[i];
      if (m.type !== 'childList') continue;
      if (out === null) out = new Set();
      out.add(m.target);
    }
    return out;
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

  // take never throws into the page: a recorder bug while applying is
  // reported (the engine's mirror may be off, so a fresh snapshot follows).
  take(list) {
    if (this.rec.stopped) return;
    if (this.held) {
      for (const m of list) this.held.push(m);
      return;
    }
    try {
      this.apply(list);
    } catch (err) {
      this.rec.internalError(err);
    }
  }

  // apply turns records into ops in one pass over the records, each node
  // once however many records name it.
  apply(list) {
    const rec = this.rec;
    const { reg, w } = rec;
    const top = rec.win.document;
    const moved = new Set();
    const attrs = new Map(); // target -> [ns, name, ns, name, …], each pair once
    const texts = new Set();
    const edited = new Set(); // parents whose children changed, and changed texts
    for (let k = 0; k < list.length; k++) {
      const m = list[k];
      const type = m.type;
      if (type === 'childList') {
        const removed = m.removedNodes;
        for (let i = 0; i < removed.length; i++) moved.add(removed[i]);
        const added = m.addedNodes;
        for (let i = 0; i < added.length; i++) moved.add(added[i]);
        edited.add(m.target);
      } else if (type === 'attributes') {
        let names = attrs.get(m.target);
        if (names === undefined) attrs.set(m.target, (names = []));
        const ns = m.attributeNamespace;
        const name = m.attributeName;
        let seen = false;
        for (let i = 0; i < names.length; i += 2) {
          if (names[i + 1] === name && names[i] === ns) {
            seen = true;
            break;
          }
        }
        if (!seen) names.push(ns, name);
      } else {
        texts.add(m.target);
        edited.add(m.target);
      }
    }
    const start = w.size;
    const posts = rec.posts; // a large group may be posted in parts
    this.markEditing(edited);

    // Removes first, so that every later op names only live ids.
    for (const n of moved) {
      const id = reg.id(n);
      if (id !== 0 && !inTree(n, top)) {
        w.op(OP.Remove);
        w.uvarint(id);
        reg.removed(id);
      }
    }

    // Group what must be (re)placed by parent; a node whose parent is not
    // known yet is written with that parent's subtree instead.
    const byParent = new Map();
    for (const n of moved) {
      if (!recordable(n) || !inTree(n, top)) continue;
      const p = parentOf(n);
      if (reg.id(p) === 0 || isTemplate(p)) continue;
      let s = byParent.get(p);
      if (s === undefined) byParent.set(p, (s = new Set()));
      s.add(n);
    }
    const fresh = new Set();
    const placed = new Set();
    const walk = new Walk(rec, { fresh, placed });
    for (const [p, set] of byParent) {
      const pid = reg.id(p);
      if (pid === 0) continue;
      // Right to left: each node goes before its nearest following sibling
      // the engine already has in the right place. The scan stops at the
      // last node of the set, so an append costs what was appended.
      let left = set.size;
      for (let c = p.lastChild; c !== null && left > 0; c = c.previousSibling) {
        if (!set.has(c)) continue;
        left--;
        if (placed.has(c)) continue;
        const next = nextKnown(reg, c, pid);
        const id = reg.id(c);
        if (id !== 0) {
          w.op(OP.Move);
          w.uvarint(id);
          w.uvarint(pid);
          w.uvarint(next);
          reg.moved(id, pid);
          placed.add(c);
        } else {
          walk.subtree(c, pid, next);
        }
      }
    }

    for (const n of texts) {
      const id = reg.id(n);
      if (id === 0 || fresh.has(n)) continue;
      w.op(OP.Text);
      w.uvarint(id);
      w.str(n.data);
      rec.spill();
    }
    for (const [n, names] of attrs) {
      const id = reg.id(n);
      if (id === 0 || fresh.has(n)) continue;
      let restyled = false;
      for (let i = 0; i < names.length; i += 2) {
        const ns = names[i];
        const local = names[i + 1];
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
          w.uvarint(id);
          w.str(name);
          w.str(value);
          rec.spill();
        } else {
          w.op(OP.AttrRemove);
          w.uvarint(id);
          w.str(local);
        }
        if (!ns && (local === 'class' || local === 'style' || local === 'type')) restyled = true;
      }
      // A class or style that now draws the control's value as discs marks
      // it, as the snapshot does (node.js textSecured).
      if (restyled && isTextControl(n) && textSecured(n)) {
        w.op(OP.Attr);
        w.uvarint(id);
        w.str('data-veil-mask');
        w.str('');
      }
    }
    this.relabel(edited, fresh);
    if (w.size !== start || rec.posts !== posts) {
      w.op(OP.MutationEnd, rec.now());
      rec.writeControls();
      rec.maybePost();
    }
  }

  // relabel reports the labels of a control again when a label's text
  // changed after the control was written (a translation that arrives
  // later, "Security code" filled into an empty label): the engine decides
  // the floor again with it, and sends the control again (as for every
  // data-veil-* change; a counter kept inside a label costs that at each
  // change). Changes are looked for up to three levels below the label,
  // where label text sits, so that a batch of text changes costs a few
  // steps each.
  relabel(edited, fresh) {
    const { reg, w } = this.rec;
    let done = null;
    for (const n of edited) {
      const label = labelAround(n);
      const c = label === null ? null : label.control;
      if (!c || !isLabelledControl(c) || (done !== null && done.has(c))) continue;
      if (done === null) done = new Set();
      done.add(c);
      const id = reg.id(c);
      if (id === 0 || fresh.has(c)) continue;
      // A label that holds its control is read by the engine itself; its
      // text goes along here too, so that the attribute changes whenever
      // the text does (an unchanged attribute decides nothing again).
      let text = forLabelText(c);
      if (label.contains(c)) text = (text === null ? '' : text + ' ') + label.textContent;
      w.op(OP.Attr);
      w.uvarint(id);
      w.str('data-veil-label');
      w.str(text === null ? '' : cutLabel(text));
    }
  }

  // markEditing writes contenteditable="true" onto an editing host the
  // markup does not name (a document in designMode, an element a
  // stylesheet makes editable with -webkit-user-modify, an element with an
  // EditContext) before the ops of the text typed into it, so that the
  // engine masks that text as typed, and keeps masking it (its "was
  // editable" is sticky). It is written in every batch that edits the host
  // (the engine drops an unchanged attribute), so a fresh snapshot, which
  // reads the markup again, is marked again at the next keystroke. The host
  // is read from the focus: while nothing but the body has it, a node costs
  // one comparison; isContentEditable and the computed style (which may
  // recalculate style) are asked only while the focused element holds a
  // changed node.
  markEditing(nodes) {
    const { reg, w } = this.rec;
    let doc = null;
    let focused = false;
    let done = null;
    for (const n of nodes) {
      const d = n.ownerDocument;
      if (!d) continue; // a document: its children change with its root element
      if (d !== doc) {
        doc = d;
        const active = d.activeElement;
        focused = d.designMode === 'on' || (active !== null && active !== d.body);
      }
      if (!focused) continue;
      const host = unmarkedHost(n, d);
      if (host === null || (done !== null && done.has(host))) continue;
      const id = reg.id(host);
      if (id === 0) continue;
      if (done === null) done = new Set();
      done.add(host);
      w.op(OP.Attr);
      w.uvarint(id);
      w.str('contenteditable');
      w.str('true');
    }
  }

  // writeSubtree writes node and everything under it below parentId, before
  // the sibling next (0: last); children the engine already knows (moved in
  // from elsewhere) are moved, not written again.
  writeSubtree(node, parentId, next, fresh, placed) {
    new Walk(this.rec, { fresh, placed }).subtree(node, parentId, next);
  }
}

// unmarkedHost is the editing host that n is being edited in when no
// contenteditable attribute makes it one, or null: the root element of a
// document in designMode, or the focused element (in n's document or shadow
// root) if it holds n and is editable — by style, or with an EditContext,
// whose page writes what is typed into the element itself.
function unmarkedHost(n, doc) {
  if (doc.designMode === 'on') {
    const root = doc.documentElement;
    return root !== null && !markedEditable(root) ? root : null;
  }
  const scope = n.getRootNode();
  const active = scope.nodeType === 11 ? scope.activeElement : doc.activeElement;
  if (!active || active === doc.body || !active.contains(n) || markedEditable(active)) return null;
  return active.isContentEditable || active.editContext || userModifiable(active) ? active : null;
}

// userModifiable: a stylesheet makes el editable with -webkit-user-modify,
// which Chromium honours but does not count in isContentEditable.
function userModifiable(el) {
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  return view.getComputedStyle(el).getPropertyValue('-webkit-user-modify').startsWith('read-write');
}

// markedEditable: el's contenteditable attribute makes it an editing host
// as the engine reads it (rules.EditableValue).
function markedEditable(el) {
  const v = el.getAttribute('contenteditable');
  if (v === null) return false;
  const t = v.trim().toLowerCase();
  return t === '' || t === 'true' || t === 'plaintext-only';
}

// labelAround is the HTML label element n is in, up to three levels up
// (n itself included), or null.
function labelAround(n) {
  let e = n.nodeType === 1 ? n : n.parentNode;
  for (let k = 0; k < 3 && e !== null && e.nodeType === 1; k++, e = e.parentNode) {
    if (e.localName === 'label' && e.namespaceURI === HTML_NS) return e;
  }
  return null;
}

// isLabelledControl: the controls whose labels the recorder reports
// (capture.LabelAttr).
function isLabelledControl(n) {
  const ln = n.localName;
  return (ln === 'input' || ln === 'textarea' || ln === 'select') && n.namespaceURI === HTML_NS;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';

function isTextControl(n) {
  const ln = n.localName;
  return (ln === 'input' || ln === 'textarea') && n.namespaceURI === HTML_NS;
}

function isTemplate(n) {
  return n.nodeType === 1 && n.localName === 'template';
}

// inTree says whether node is reachable from the recorded document, across
// shadow hosts and iframe elements. isConnected answers for one document
// without walking the parent chain; only frames are climbed.
function inTree(node, top) {
  for (let n = node; n;) {
    if (n === top) return true;
    if (!n.isConnected) return false;
    const doc = n.nodeType === 9 ? n : n.ownerDocument;
    if (doc === top) return true;
    n = parentOf(doc); // the frame element, or null
  }
  return false;
}

// nextKnown is the id of c's nearest following sibling that the engine has
// under pid, or 0.
function nextKnown(reg, c, pid) {
  for (let s = c.nextSibling; s !== null; s = s.nextSibling) {
    const id = reg.id(s);
    if (id !== 0 && reg.parentOf(id) === pid) return id;
  }
  return 0;
}
