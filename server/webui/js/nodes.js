// A light index of the replayed page's nodes, kept in step with the events,
// so that an event can name its target as it stood when the event happened
// (the replayer's own mirror shows only the current moment, and node ids
// start again on every page). It reads only what the events hold: strings
// the playback masking already passed.

const ELEMENT = 2;
const TEXT = 3;
const LABEL_CHARS = 40;
const CONTROLS = new Set(['input', 'select', 'textarea', 'label', 'option']);

export class NodeIndex {
  constructor() {
    this.nodes = new Map();
  }

  // snapshot starts again from a full snapshot's tree.
  snapshot(root) {
    this.nodes.clear();
    this.add(root, 0);
  }

  add(n, parentId) {
    if (!n || typeof n !== 'object' || typeof n.id !== 'number') return;
    const entry = { type: n.type, tag: String(n.tagName || '').toLowerCase(), attrs: n.attributes || {},
      text: n.type === TEXT ? String(n.textContent || '') : '', parent: parentId, children: [] };
    this.nodes.set(n.id, entry);
    const p = this.nodes.get(parentId);
    if (p) p.children.push(n.id);
    for (const c of n.childNodes || []) this.add(c, n.id);
  }

  setText(id, value) {
    const n = this.nodes.get(id);
    if (n) n.text = String(value || '');
  }

  // describe names an element by its tag and its text as replayed (masked
  // text is '*'); a form control by its tag and type only, never its value.
  describe(id) {
    const n = this.nodes.get(id);
    if (!n || n.type !== ELEMENT) return 'an element no longer on the page';
    let tag = n.tag;
    const type = n.attrs.type;
    if (typeof type === 'string' && /^[a-z-]{1,20}$/i.test(type)) tag += '[type=' + type + ']';
    if (n.tag === 'input' || n.tag === 'textarea' || n.tag === 'select') return tag;
    const label = this.textOf(id, LABEL_CHARS * 2).replace(/\s+/g, ' ').trim();
    return label ? tag + ' "' + clip(label) + '"' : tag;
  }

  // isControl: a form control or a label, whose answer to a click may be a
  // state the masking does not send.
  isControl(id) {
    const n = this.nodes.get(id);
    return !!n && CONTROLS.has(n.tag);
  }

  textOf(id, budget) {
    const n = this.nodes.get(id);
    if (!n || budget <= 0) return '';
    if (n.type === TEXT) return n.text.slice(0, budget);
    if (n.tag === 'script' || n.tag === 'style' || n.tag === 'select' || n.tag === 'textarea') return '';
    let out = '';
    for (const c of n.children) {
      out += this.textOf(c, budget - out.length);
      if (out.length >= budget) break;
    }
    return out;
  }
}

function clip(s) {
  return s.length > LABEL_CHARS ? s.slice(0, LABEL_CHARS - 1) + '…' : s;
}
