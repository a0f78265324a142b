// Turns MutationObserver records into Node/Move/Remove/Text/Attr/AttrRemove
// ops. Records only say what was touched; every op is written from the page
// as it is now, so records that arrive late or out of order (for example
// while a chunked snapshot was running) still leave the engine's mirror equal
// to the page.
import { OP } from './rawwriter.js';
import { recordable, parentOf, FRAME_URL_ATTR, isSheetAttr, textSecured, drawnAsDiscs, editableHost, reportedLabel, forgetLabels, referencedIds, referringTrees, markSecured, isMarkedSecured, editablesSeen, noteEditable, textareasSeen, isKeyed, recentlyKeyed, markEdited } from './node.js';
import { Walk } from './snapshot.js';
import { mutationObserver } from './clean-realm.js';
import { stylesChanged as discRulesChanged, treeAdded, markPage, textWritten } from './discs.js';
import { sightChanged } from './sight.js';
import { markEchoes, scrubbing, scrubLink } from './echo.js';

const OPTIONS = { childList: true, attributes: true, characterData: true, subtree: true };

export class Mutations {
  constructor(rec) {
    this.rec = rec;
    this.held = null;
    // The browser's own, even where the page replaced MutationObserver.
    const MO = mutationObserver(rec.win);
    this.mo = new MO((list) => this.take(list));
    this.roots = new Set(); // the observed trees (documents, shadow roots), see observe
    this.pruneAt = 64;
    this.restyle = null; // documents whose styles changed since the last sweep, or null
    this.valued = false; // apply writes a value of a text control written before
    this.shadows = false; // a shadow root is observed
  }

  // observe observes tree root (the document, then every shadow root and
  // frame document as it is written), and keeps it for sweep; trees taken
  // out of the page are dropped from time to time (a tree put back is
  // written, and observed, again).
  observe(root) {
    this.mo.observe(root, OPTIONS);
    this.roots.add(root);
    treeAdded(root); // its sheets may draw page text as discs (markDiscs)
    if (root.nodeType === 11) this.shadows = true;
    if (this.roots.size >= this.pruneAt) {
      for (const r of this.roots) if (!liveTree(r)) this.roots.delete(r);
      this.pruneAt = 2 * this.roots.size + 64;
    }
  }

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
  // It also runs a sweep that styles added since the last one asked for,
  // so that an input written next follows its control's mark.
  pending() {
    const list = this.mo.takeRecords();
    if (list.length) this.take(list);
    if (this.restyle === null || this.held || this.rec.stopped) return;
    try {
      const w = this.rec.w;
      const start = w.size;
      const posts = this.rec.posts;
      this.sweep();
      if (w.size !== start || this.rec.posts !== posts) {
        w.op(OP.MutationEnd, this.rec.now());
        this.rec.maybePost();
      }
    } catch (err) {
      this.rec.internalError(err);
    }
  }

  disconnect() {
    this.mo.disconnect();
    this.held = null;
    this.roots = new Set();
    this.pruneAt = 64;
    this.shadows = false;
    this.restyle = null;
  }

  // stylesChanged is told that a stylesheet of node's document may have
  // changed (a <style> or <link> added, edited or taken out, a rule
  // inserted or deleted, a sheet loaded or adopted; node null: a
  // constructed sheet, any document). css, when given, is the text that
  // came: CSS that names no way of drawing discs changes nothing
  // (mayDrawDiscs). The controls are checked again (sweep) before the next
  // value of one is written (an input, an attribute), once however many
  // sheets changed meanwhile, and never while the page only changes
  // styles.
  stylesChanged(node, css) {
    sightChanged(); // any CSS may move or hide a focused field (sight.js)
    if (typeof css === 'string' && !mayDrawDiscs(css)) return;
    discRulesChanged(); // page text too (markDiscs)
    if (this.restyle === null) this.restyle = new Set();
    const doc = node === null ? null : node.nodeType === 9 ? node : node.ownerDocument;
    this.restyle.add(doc);
  }

  // sweep marks data-veil-mask on the recorded text inputs and textareas,
  // not marked yet, that a stylesheet now draws as discs (node.js
  // textSecured), in the documents whose styles changed and in their
  // shadow roots (the property is inherited, and ::part reaches in). One
  // computed-style read per unmarked control, after one style
  // recalculation the next frame would have done anyway.
  sweep() {
    const docs = this.restyle;
    this.restyle = null;
    const { rec } = this;
    const all = docs.has(null);
    for (const root of this.roots) {
      const doc = root.nodeType === 9 ? root : root.ownerDocument;
      if ((!all && !docs.has(doc)) || !liveTree(root)) continue;
      const lists = typeof root.getElementsByTagName === 'function'
        ? [root.getElementsByTagName('input'), root.getElementsByTagName('textarea')]
        : [root.querySelectorAll('input,textarea')];
      for (const list of lists) {
        for (let i = 0; i < list.length; i++) {
          const c = list[i];
          if (!isTextControl(c) || isMarkedSecured(c)) continue;
          const id = rec.reg.id(c);
          if (id !== 0 && textSecured(c)) markMasked(rec, c, id);
        }
      }
    }
  }

  // markDiscs marks data-veil-mask on the recorded elements whose text a
  // stylesheet rule draws as discs (discs.js), in every observed tree.
  // Called before each SnapshotEnd and MutationEnd the recorder writes.
  markDiscs() {
    const rec = this.rec;
    // el is marked when recorded, not marked yet, and drawn as discs now
    // (unless loose); true when it is marked. once: asked about once.
    markPage(this.roots, liveTree, (el, loose, once) => {
      if (isMarkedSecured(el) || el.hasAttribute('data-veil-mask')) return true;
      const id = rec.reg.id(el);
      if (id === 0 || (!loose && !drawnAsDiscs(el, once))) return false;
      markMasked(rec, el, id);
      return true;
    });
  }

  // take never throws into the page: a recorder bug while applying is
  // reported (the engine's mirror may be off, so a fresh snapshot follows).
  take(list) {
    if (this.rec.stopped) return;
    if (list.length > 0) sightChanged(); // a box may have moved (sight.js)
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
        if (!ns && (name === FRAME_URL_ATTR || isSheetAttr(name))) continue; // the recorder's own (frameURL, writeLinkCSS)
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
    forgetLabels();
    this.valued = false; // a value of an older text control is written below
    this.markEditing(edited);
    if (editablesSeen()) this.secureEdited(edited);
    markEchoes(rec, texts, moved, attrs); // what was just typed, shown again (echo.js)

    // Removes first, so that every later op names only live ids.
    for (const n of moved) {
      const id = reg.id(n);
      if (id !== 0 && !inTree(n, top)) {
        // A sheet taken out may have undone discs drawn by another.
        if (n.nodeType === 1 && isSheetOwner(n)) this.stylesChanged(n, sheetText(n));
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
      // A <style> or <link> moved back in styles its tree again.
      for (const c of set) if (c.nodeType === 1 && isSheetOwner(c)) this.stylesChanged(c, sheetText(c));
      const pid = reg.id(p);
      if (pid === 0) continue;
      secureTextarea(rec, p); // its text is its value
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

    // What may name a control that was written before: labels written now
    // (their for= or a control moved into them), labels or ids whose
    // attributes changed, controls whose id or aria-labelledby changed.
    const named = { labels: null, controls: null, ids: null };
    for (const n of fresh) {
      // A stylesheet written now may draw an older control as discs.
      if (n.nodeType !== 1) continue;
      if (isSheetOwner(n)) this.stylesChanged(n, sheetText(n));
      else if (isLabel(n)) addTo(named, 'labels', n);
    }
    for (const n of texts) {
      const id = reg.id(n);
      if (id === 0 || fresh.has(n)) continue;
      secureTextarea(rec, n.parentNode);
      textWritten(n);
      w.op(OP.Text);
      w.uvarint(id);
      w.str(n.data);
      rec.spill();
    }
    for (const [n, names] of attrs) {
      const id = reg.id(n);
      if (id === 0 || fresh.has(n)) continue;
      // A text control whose value attribute changed, or an editing host,
      // is checked for discs (node.js textSecured) before it goes out: its
      // own class or style, an ancestor's, a CSSOM edit, anything since its
      // last value may have made them. Other attributes carry no value
      // (the next value is checked as it goes out): a framework that
      // restyles every control as it sets their values recalculates style
      // once, not once a control.
      const control = isTextControl(n);
      if (control) this.valued = true;
      if (control) {
        if (namesValue(names)) rec.secure(n, id);
      } else if (editableHost(n)) {
        noteEditable();
        rec.secure(n, id);
      }
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
          w.str(scrubbing() ? scrubLink(name, value) : value); // a path that holds what was typed (echo.js)
          rec.spill();
        } else {
          w.op(OP.AttrRemove);
          w.uvarint(id);
          w.str(local);
        }
        if (!ns) noteNaming(named, n, local);
      }
      if (isSheetOwner(n)) this.stylesChanged(n);
    }
    this.relabel(edited, fresh, named);
    // Styles changed: the controls are checked before a value of one is
    // written (an attribute, a textarea's text); else at the next input.
    if (this.restyle !== null && this.valued) this.sweep();
    rec.checkFrames(); // a frame whose URL changed: written again, under it
    this.markDiscs(); // before MutationEnd: the text written above goes out masked
    if (w.size !== start || rec.posts !== posts) {
      w.op(OP.MutationEnd, rec.now());
      rec.writeControls();
      rec.maybePost();
    }
  }

  // relabel reports the labels of a control again when a label's text
  // changed after the control was written (a translation that arrives
  // later, "Security code" filled into an empty label, a custom element
  // that renders its text into a shadow root): the engine decides the
  // floor again with it, and sends the control again (as for every
  // data-veil-* change; a counter kept inside a label costs that at each
  // change). From each changed node it climbs to the top of its document,
  // from a shadow root to its host, looking for label elements and (in
  // trees where a control names its labels by aria-labelledby) elements
  // with an id a control names; the climbs of one batch stop where an
  // earlier one passed, so that a batch of text changes costs the nodes
  // above them once. Every control a label names or holds is reported
  // (PIN boxes in one label), and every control whose aria-labelledby
  // names such an id. named: what apply found besides (labels written
  // now, changed for=, id and aria-labelledby attributes).
  relabel(edited, fresh, named) {
    const starts = new Set();
    const passed = new Set();
    const shadows = this.shadows;
    for (const n of edited) {
      const t = n.nodeType;
      let e;
      if (t === 1) {
        e = n;
      } else if (t === 11) {
        e = n.host || null;
      } else {
        e = n.parentNode;
        if (e !== null && e.nodeType === 11) e = e.host || null; // a text right in a shadow root
      }
      if (e === null || e.nodeType !== 1 || starts.has(e)) continue;
      starts.add(e);
      if (e.localName === 'textarea') this.valued = true;
      // A <style>'s text changed.
      if (isSheetOwner(e)) this.stylesChanged(e, sheetText(e));
      // The climb is native (closest: a few ns a level); only what it
      // finds comes back to script: labels, and, in a tree where a control
      // names its labels by aria-labelledby, the elements with such an id
      // (while there are few such ids; else every element with an id, its
      // id checked here), each once a batch (a climb stops where an earlier
      // one passed). Where no shadow root was ever recorded, a node's tree
      // is its document.
      for (let hops = 0; e !== null && hops < MAX_SHADOW_HOPS; hops++) {
        const root = shadows ? e.getRootNode() : e.ownerDocument;
        const ids = root === null ? undefined : referencedIds(root);
        const sel = ids === undefined ? 'label' : climbSelector(root, ids);
        for (let x = e.closest(sel); x !== null; x = above(x, sel)) {
          if (passed.has(x)) break;
          passed.add(x);
          if (isLabel(x)) addTo(named, 'labels', x);
          if (ids !== undefined && ids.has(x.id)) addTo(named, 'ids', x);
        }
        e = root !== null && root.nodeType === 11 ? root.host || null : null; // on into the host's tree
      }
    }
    // Elements written now that hold an id a control names (a label added
    // later) are found by the id, not by a walk of what was written.
    if (fresh.size > 0) {
      for (const root of referringTrees()) {
        if (!liveTree(root)) {
          referringTrees().delete(root); // written, and noted, again if put back
          continue;
        }
        const ids = referencedIds(root);
        if (ids === undefined || typeof root.getElementById !== 'function') continue;
        for (const id of ids) {
          const e = root.getElementById(id);
          if (e !== null && fresh.has(e)) addTo(named, 'ids', e);
        }
      }
    }
    const controls = named.controls || new Set();
    if (named.labels !== null) {
      for (const l of named.labels) {
        const c = l.control;
        if (c && isLabelledControl(c)) controls.add(c);
        const held = l.querySelectorAll('input,textarea,select');
        for (let i = 0; i < held.length; i++) {
          const h = held[i];
          if (isLabelledControl(h)) controls.add(h);
        }
      }
    }
    if (named.ids !== null) {
      let byRoot = null; // tree root -> (id -> controls naming it)
      for (const e of named.ids) {
        const root = e.getRootNode();
        const ids = referencedIds(root);
        if (ids === undefined || !ids.has(e.id)) continue;
        if (byRoot === null) byRoot = new Map();
        let refs = byRoot.get(root);
        if (refs === undefined) byRoot.set(root, (refs = referringControls(root)));
        const cs = refs.get(e.id);
        if (cs !== undefined) for (const c of cs) controls.add(c);
      }
    }
    const { reg, w } = this.rec;
    for (const c of controls) {
      const id = reg.id(c);
      if (id === 0 || fresh.has(c)) continue;
      w.op(OP.Attr);
      w.uvarint(id);
      w.str('data-veil-label');
      w.str(reportedLabel(c));
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
    let done = null; // hosts marked editable
    let read = null; // elements whose discs were read (secureTyped)
    for (const n of nodes) {
      const d = n.ownerDocument;
      if (!d) continue; // a document: its children change with its root element
      if (d !== doc) {
        doc = d;
        const active = d.activeElement;
        focused = d.designMode === 'on' || (active !== null && active !== d.body) || recentlyKeyed() !== null;
      }
      if (!focused) continue;
      const host = unmarkedHost(n, d);
      if (read === null) read = new Set();
      this.secureTyped(n, d, host, read);
      if (host === null || (done !== null && done.has(host))) continue;
      const id = reg.id(host);
      if (id === 0) continue;
      if (done === null) done = new Set();
      done.add(host);
      markEdited(host);
      w.op(OP.Attr);
      w.uvarint(id);
      w.str('contenteditable');
      w.str('true');
    }
  }

  // secureTyped marks data-veil-mask where text is typed into a focused
  // editing host (host: one no attribute names, or null) that draws it as
  // discs: the element that holds the changed text (the host, or an
  // element in it), or the host when that element is written only now.
  // One computed-style read per element a batch edits, only while the
  // edit is inside the focused element; read keeps the elements read.
  secureTyped(n, doc, host, read) {
    const el = n.nodeType === 1 ? n : n.parentElement;
    if (el === null || read.has(el) || isMarkedSecured(el)) return;
    read.add(el);
    if (host === null) {
      const scope = n.getRootNode();
      const active = scope.nodeType === 11 ? scope.activeElement : doc.activeElement;
      if (!active || !active.contains(n) || !el.isContentEditable) return;
      host = active;
    }
    secureTyped(this.rec, el, host);
  }

  // secureEdited marks data-veil-mask where text changes inside an editing
  // host that a contenteditable attribute makes, and that draws it as
  // discs, focused or not (a script that fills an editor): the element
  // that holds the changed text, or the host when that element is written
  // only now. Only in pages where the recorder has seen such an attribute:
  // one closest() a changed node, one computed-style read an element.
  secureEdited(nodes) {
    const { rec } = this;
    let read = null;
    for (const n of nodes) {
      const el = n.nodeType === 1 ? n : n.parentElement;
      if (el === null || isMarkedSecured(el) || (read !== null && read.has(el))) continue;
      if (read === null) read = new Set();
      read.add(el);
      const host = el.closest('[contenteditable]');
      if (host === null || !editableHost(host)) continue;
      secureTyped(rec, el, host);
    }
  }

  // writeSubtree writes node and everything under it below parentId, before
  // the sibling next (0: last); children the engine already knows (moved in
  // from elsewhere) are moved, not written again.
  writeSubtree(node, parentId, next, fresh, placed) {
    new Walk(this.rec, { fresh, placed }).subtree(node, parentId, next);
  }
}

// namesValue: among the attribute names of a change ([ns, name, …]) is a
// control's value (in any case: setAttributeNS keeps upper case).
function namesValue(names) {
  for (let i = 0; i < names.length; i += 2) {
    const local = names[i + 1];
    if (!names[i] && local.length === 5 && local.toLowerCase() === 'value') return true;
  }
  return false;
}

// secureTextarea checks textarea p for discs before its text (its value)
// is written.
function secureTextarea(rec, p) {
  if (textareasSeen() && p !== null && p.localName === 'textarea' && p.namespaceURI === HTML_NS) rec.secure(p, rec.reg.id(p));
}

// secureTyped marks el, an element that holds text edited in editing host
// host, when the page draws it as discs; el written only now (its text goes
// out with it), the host is marked instead.
function secureTyped(rec, el, host) {
  const id = rec.reg.id(el);
  if (id !== 0) {
    rec.secure(el, id);
  } else if (!isMarkedSecured(host) && drawnAsDiscs(el)) {
    const hid = rec.reg.id(host);
    if (hid !== 0) markMasked(rec, host, hid);
  }
}

// markMasked writes data-veil-mask onto el of id and remembers it (once
// marked, always marked).
export function markMasked(rec, el, id) {
  markSecured(el);
  const w = rec.w;
  w.op(OP.Attr);
  w.uvarint(id);
  w.str('data-veil-mask');
  w.str('');
}

// unmarkedHost is the editing host that n is being edited in when no
// contenteditable attribute makes it one, or null: the root element of a
// document in designMode, or the focused element (in n's document or shadow
// root) if it holds n and is editable — by style, with an EditContext,
// or by its own keydown handlers (isKeyed) — whose page writes what is
// typed into the element itself.
function unmarkedHost(n, doc) {
  if (doc.designMode === 'on') {
    const root = doc.documentElement;
    return root !== null && !editableHost(root) ? root : null;
  }
  const scope = n.getRootNode();
  const active = scope.nodeType === 11 ? scope.activeElement : doc.activeElement;
  if (active && active !== doc.body && active.contains(n) && !editableHost(active) &&
    (active.isContentEditable || active.editContext || isKeyed(active) || userModifiable(active))) return active;
  // The focus may have left an element that takes keys itself before its
  // records were applied (held while a snapshot was walked).
  const k = recentlyKeyed();
  return k !== null && k !== active && k.contains(n) && !editableHost(k) ? k : null;
}

// userModifiable: a stylesheet makes el editable with -webkit-user-modify,
// which Chromium honours but does not count in isContentEditable.
function userModifiable(el) {
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  return view.getComputedStyle(el).getPropertyValue('-webkit-user-modify').startsWith('read-write');
}

// liveTree says whether tree root (a document or shadow root) is still in
// a page: a document with a window, a shadow root whose host is connected.
export function liveTree(root) {
  return root.nodeType === 11 ? !!root.host && root.host.isConnected : !!root.defaultView;
}

// above is the nearest ancestor of el (not el) in its tree that matches
// sel, or null.
function above(el, sel) {
  const p = el.parentElement;
  return p === null ? null : p.closest(sel);
}

const MAX_SHADOW_HOPS = 8; // shadow roots climbed out of, from a changed node

// climbSelector is the selector a climb in tree root looks for: labels,
// and the elements with an id in ids (those that controls of the tree name
// in aria-labelledby), one by one while they are few (a selector list
// costs each level a test per entry), else any element with an id. Cached
// per tree while ids stays the same (it only grows).
function climbSelector(root, ids) {
  const hit = climbSelectors.get(root);
  if (hit !== undefined && hit.size === ids.size) return hit.sel;
  let sel = 'label,[id]';
  if (ids.size <= MAX_LISTED_IDS) {
    sel = 'label';
    for (const id of ids) sel += ',[id="' + id.replace(/["\\]/g, '\\$&') + '"]';
    try {
      (root.ownerDocument || root).createElement('b').matches(sel);
    } catch {
      sel = 'label,[id]'; // an id this cannot quote
    }
  }
  climbSelectors.set(root, { size: ids.size, sel });
  return sel;
}

const MAX_LISTED_IDS = 6;
const climbSelectors = new WeakMap(); // tree root -> {size, sel}

// addTo adds v to the set named key of o, made on first use.
function addTo(o, key, v) {
  if (o[key] === null) o[key] = new Set();
  o[key].add(v);
}

// noteNaming notes an attribute change of n that may change what names a
// control: a label's for=, an element's id (a label referenced by
// aria-labelledby, or a control a label's for= now finds), a control's
// aria-labelledby.
function noteNaming(named, n, local) {
  if (local === 'for') {
    if (isLabel(n)) addTo(named, 'labels', n);
  } else if (local === 'id' || local === 'aria-labelledby') {
    if (isLabelledControl(n)) addTo(named, 'controls', n);
    // A control's new id may be one a label's for= names: forLabelText
    // finds that label.
    if (local === 'id') addTo(named, 'ids', n);
  }
}

// referringControls maps each id that a labelled control of tree root
// names in aria-labelledby to those controls: one query of the tree, made
// only when a changed node lies under an element whose id a control names.
function referringControls(root) {
  const out = new Map();
  if (typeof root.querySelectorAll !== 'function') return out;
  const list = root.querySelectorAll('[aria-labelledby]');
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!isLabelledControl(c)) continue;
    for (const id of c.getAttribute('aria-labelledby').split(/[\t\n\f\r ]+/)) {
      if (id === '') continue;
      let cs = out.get(id);
      if (cs === undefined) out.set(id, (cs = []));
      cs.push(c);
    }
  }
  return out;
}

function isLabel(n) {
  return n.localName === 'label' && n.namespaceURI === HTML_NS;
}

// ruleText is the text of rule index of sheet, or undefined (unreadable:
// then it counts as possibly drawing discs).
export function ruleText(sheet, index) {
  try {
    const r = sheet.cssRules[index];
    return r ? r.cssText : undefined;
  } catch {
    return undefined;
  }
}

// sheetText is the text of a <style> (what mayDrawDiscs reads), or
// undefined for a <link>, whose sheet is read nowhere here.
function sheetText(el) {
  return el.localName === 'style' ? el.textContent : undefined;
}

// mayDrawDiscs says whether CSS text that came may make a control drawn as
// discs: it names the property or a font of discs (textSecured), or may
// do so in ways a text search does not see: a custom property (var()), an
// escape, an @import, the all shorthand. A rule that names none of these
// changes no control's discs.
export function mayDrawDiscs(css) {
  return DISC_CSS.test(css);
}

const DISC_CSS = /text-security|password|dotsfont|--|\\|@import|(^|[^-\w])all\s*:/i;

// isSheetOwner: an element whose sheet styles its tree (HTML or SVG
// <style>, <link>).
function isSheetOwner(n) {
  const ln = n.localName;
  return ln === 'style' || (ln === 'link' && n.namespaceURI === HTML_NS);
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
