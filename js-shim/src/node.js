// Writing one DOM node as a Node op, and the rules for what a node's
// recorded children are. Shared by the snapshot walk and the mutation
// observer so that both describe a node the same way capture.FromHTML does.
import { OP, KIND } from './rawwriter.js';

const SVG = 'http://www.w3.org/2000/svg';
const MATHML = 'http://www.w3.org/1998/Math/MathML';

// Only these are measured (capture/doc.go): placeholders need their size.
const MEASURED = new Set(['img', 'video', 'iframe', 'canvas', 'embed', 'object']);

export function kindOf(node) {
  switch (node.nodeType) {
    case 9: return KIND.Document;
    case 10: return KIND.Doctype;
    case 1: return KIND.Element;
    case 3: return KIND.Text;
    case 4: return KIND.CDATA;
    case 8: return KIND.Comment;
    case 11: return node.host ? KIND.ShadowRoot : -1;
    default: return -1;
  }
}

// recordable says whether node belongs in the mirror at all: processing
// instructions and detached fragments do not.
export function recordable(node) {
  return kindOf(node) >= 0;
}

function measure(el) {
  if (!MEASURED.has(el.localName) && !el.hasAttribute('data-veil-block')) return [0, 0];
  const r = el.getBoundingClientRect();
  return [Math.round(r.width), Math.round(r.height)];
}

// writeNode writes `Node id parent next node`; the caller assigns the id.
export function writeNode(w, id, parentId, nextId, node) {
  w.op(OP.Node);
  w.uvarint(id);
  w.uvarint(parentId);
  w.uvarint(nextId);
  const kind = kindOf(node);
  w.byte(kind);
  switch (kind) {
    case KIND.Doctype:
      w.str(node.name); w.str(node.publicId); w.str(node.systemId);
      break;
    case KIND.Element: {
      const ns = node.namespaceURI === SVG ? 1 : node.namespaceURI === MATHML ? 2 : 0;
      w.byte(ns);
      w.str(node.localName);
      const attrs = node.attributes;
      w.uvarint(attrs.length);
      for (let i = 0; i < attrs.length; i++) {
        w.str(attrs[i].name);
        w.str(attrs[i].value);
      }
      const [width, height] = measure(node);
      w.uvarint(width);
      w.uvarint(height);
      break;
    }
    case KIND.Text:
    case KIND.CDATA:
    case KIND.Comment:
      w.str(node.data);
      break;
  }
}

// childrenOf lists what is recorded under node, in mirror order: an open
// shadow root first, then light children, then a same-origin iframe's
// document. Template content is never recorded.
export function childrenOf(node) {
  const out = [];
  if (node.nodeType === 1) {
    if (node.localName === 'template' && node.namespaceURI !== SVG) return out;
    if (node.shadowRoot) out.push(node.shadowRoot);
  }
  for (let c = node.firstChild; c; c = c.nextSibling) if (recordable(c)) out.push(c);
  if (node.nodeType === 1 && node.localName === 'iframe') {
    const doc = iframeDocument(node);
    if (doc) out.push(doc);
  }
  return out;
}

export function iframeDocument(iframe) {
  try {
    return iframe.contentDocument || null;
  } catch {
    return null; // cross-origin
  }
}

// parentOf is the mirror parent of node in the live page (host for a shadow
// root, the iframe for a document), or null.
export function parentOf(node) {
  if (node.nodeType === 11) return node.host || null;
  if (node.nodeType === 9) {
    try {
      return node.defaultView && node.defaultView.frameElement;
    } catch {
      return null;
    }
  }
  return node.parentNode;
}
