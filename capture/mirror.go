package capture

import (
	"errors"
	"strconv"
	"unsafe"

	"golang.org/x/net/html"
)

// How the mirror spells the node kinds that x/net/html has no type for.
const (
	// ShadowRootData is the Data of the html.DocumentNode that stands for an
	// open shadow root; its parent is the host element.
	ShadowRootData = "#shadow-root"
	// CDATANamespace is the Namespace of an html.TextNode that came in as a
	// CDATA section. x/net/html ignores Namespace on text nodes, so cascadia
	// and the renderer treat it as text.
	CDATANamespace = "cdata"
	// BlockAttr on an element, as it came in, makes the mirror node
	// WasBlocked; EncodeEvents writes it for rrweb's blocked placeholders.
	BlockAttr = "data-veil-block"
	// DocModeAttr on an html.DocumentNode (page or iframe document) holds
	// the document's mode ("quirks", "limited-quirks" or "no-quirks") as it
	// was when the document got its first element: a browser fixes the
	// mode while parsing, and a DOCTYPE a script inserts or removes later
	// changes nothing (selectors keep matching as before).
	DocModeAttr = "veil-doc-mode"
)

// Node is one node of a Mirror. It embeds html.Node first, so that an
// *html.Node found in a Mirror (by cascadia, or by walking FirstChild and
// NextSibling) converts back with NodeOf: every html.Node in a Mirror is
// allocated as part of a Node.
type Node struct {
	html.Node
	ID            int
	Width, Height int // measured CSS px, 0 when not measured

	// Live state of a form control or contenteditable, from Input ops.
	Value    string
	Checked  bool
	HasInput bool

	// WasBlocked: the element came in with BlockAttr (a blocked placeholder
	// played back) and stays blocked, whatever later ops do to the attribute.
	WasBlocked bool

	// Shown and Mark are reserved for the masking session, which keeps
	// per-node decision bits in Mark and a hash of a text node's data as
	// last sent in Shown. The Mirror never reads or writes them.
	Shown uint32
	Mark  uint64
}

// NodeOf returns the Node that n is part of. n must belong to a Mirror (or be
// nil, which gives nil); any other *html.Node gives a pointer to garbage.
func NodeOf(n *html.Node) *Node {
	return (*Node)(unsafe.Pointer(n))
}

// Kind returns the raw node kind that n stands for.
func (n *Node) Kind() NodeKind {
	switch n.Type {
	case html.DocumentNode:
		if n.Data == ShadowRootData {
			return KindShadowRoot
		}
		return KindDocument
	case html.DoctypeNode:
		return KindDoctype
	case html.ElementNode:
		return KindElement
	case html.CommentNode:
		return KindComment
	}
	if n.Namespace == CDATANamespace {
		return KindCDATA
	}
	return KindText
}

// NodeData returns the Node op payload that would create n (without its
// children). Attrs aliases n's attributes.
func (n *Node) NodeData() NodeData {
	d := NodeData{Kind: n.Kind()}
	switch d.Kind {
	case KindDoctype:
		d.Name = n.Data
		for _, a := range n.Attr {
			switch a.Key {
			case "public":
				d.PublicID = a.Val
			case "system":
				d.SystemID = a.Val
			}
		}
	case KindElement:
		d.Namespace, d.Tag, d.Attrs, d.Width, d.Height = n.Namespace, n.Data, n.Attr, n.Width, n.Height
	case KindText, KindCDATA, KindComment:
		d.Data = n.Data
	}
	return d
}

// Mirror is the engine's copy of the page, built by applying decoded ops. It
// is not safe for concurrent use.
type Mirror struct {
	nodes    nodeTable
	root     *Node
	maxNodes int // MaxNodes and MaxDepth, lowered by tests
	maxDepth int
	maxAttrs int
	pool     nodePool
}

// NewMirror returns an empty Mirror.
func NewMirror() *Mirror {
	return &Mirror{maxNodes: MaxNodes, maxDepth: MaxDepth, maxAttrs: MaxAttrs}
}

// Reset forgets every node.
func (m *Mirror) Reset() {
	m.nodes.reset()
	m.pool.reset()
	m.root = nil
}

// Root returns the top Document, nil before a snapshot.
func (m *Mirror) Root() *Node { return m.root }

// Node returns the node with id, nil if unknown.
func (m *Mirror) Node(id int) *Node { return m.nodes.get(id) }

// Len returns the number of nodes in the mirror.
func (m *Mirror) Len() int { return m.nodes.count }

// Apply applies one op and returns the node it affected: the new node for
// Node, the node for Move, Text, Attr, AttrRemove and Input, and for Remove
// the detached subtree root, no longer indexed. SnapshotStart resets the
// mirror; ops that do not touch the tree return nil. An op that would break
// the tree (unknown id, duplicate id, a cycle, a node where it cannot be) or
// a limit returns an error and leaves the mirror as it was.
func (m *Mirror) Apply(op *Op) (*Node, error) {
	switch op.Kind {
	case OpSnapshotStart:
		m.Reset()
		return nil, nil
	case OpNode:
		return m.insert(op)
	case OpMove:
		return m.move(op)
	case OpRemove:
		return m.remove(op.ID)
	case OpText:
		n, err := m.get(op.ID)
		if err != nil {
			return nil, err
		}
		if n.Type != html.TextNode && n.Type != html.CommentNode {
			return nil, idError("Text on node ", op.ID, ", a "+n.Kind().String())
		}
		n.Data = op.Value
		return n, nil
	case OpAttr, OpAttrRemove:
		return m.attr(op)
	case OpInput:
		n, err := m.element(op.ID, "Input")
		if err != nil {
			return nil, err
		}
		n.Value, n.Checked, n.HasInput = op.Value, op.Checked, true
		return n, nil
	}
	return nil, nil
}

func (m *Mirror) get(id int) (*Node, error) {
	if n := m.nodes.get(id); n != nil {
		return n, nil
	}
	return nil, idError("unknown node id ", id, "")
}

func (m *Mirror) element(id int, what string) (*Node, error) {
	n, err := m.get(id)
	if err != nil {
		return nil, err
	}
	if n.Type != html.ElementNode {
		return nil, idError(what+" on node ", id, ", a "+n.Kind().String())
	}
	return n, nil
}

// place checks that a node of kind, whose subtree is height levels tall, may
// go under parent before next, and returns them.
func (m *Mirror) place(kind NodeKind, parentID, nextID, height int) (parent, next *Node, err error) {
	parent, err = m.get(parentID)
	if err != nil {
		return nil, nil, idError("unknown parent id ", parentID, "")
	}
	if nextID != 0 {
		next = m.nodes.get(nextID)
		if next == nil {
			return nil, nil, idError("unknown next id ", nextID, "")
		}
		if next.Parent != &parent.Node {
			return nil, nil, idError("next "+strconv.Itoa(nextID)+" is not a child of ", parentID, "")
		}
	}
	pk := parent.Kind()
	switch kind {
	case KindDocument:
		if pk != KindElement || parent.Namespace != "" || parent.Data != "iframe" {
			return nil, nil, errors.New("capture: a Document can only be the snapshot root or under an <iframe>, not under a " + pk.String())
		}
		if child(parent, KindDocument) != nil {
			return nil, nil, idError("iframe ", parentID, " already has a content document")
		}
	case KindShadowRoot:
		if pk != KindElement {
			return nil, nil, errors.New("capture: a ShadowRoot must be under an element, not a " + pk.String())
		}
		if child(parent, KindShadowRoot) != nil {
			return nil, nil, idError("element ", parentID, " already has a shadow root")
		}
	default:
		if pk != KindElement && pk != KindDocument && pk != KindShadowRoot {
			return nil, nil, errors.New("capture: a " + pk.String() + " cannot have children")
		}
	}
	if d := depth(parent) + height; d > m.maxDepth {
		return nil, nil, limitError("depth ", d, "", "MaxDepth", m.maxDepth)
	}
	return parent, next, nil
}

func child(parent *Node, kind NodeKind) *Node {
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		if NodeOf(c).Kind() == kind {
			return NodeOf(c)
		}
	}
	return nil
}

// depth counts n and its ancestors: the root is at depth 1.
func depth(n *Node) int {
	d := 0
	for p := &n.Node; p != nil; p = p.Parent {
		d++
	}
	return d
}

// height counts the levels of n's subtree: a leaf has height 1.
func height(n *html.Node) int {
	h := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h = max(h, height(c))
	}
	return h + 1
}

func (m *Mirror) insert(op *Op) (*Node, error) {
	d := &op.Node
	if op.ID <= 0 {
		return nil, errors.New("capture: node id must be positive")
	}
	if m.nodes.get(op.ID) != nil {
		return nil, idError("duplicate node id ", op.ID, "")
	}
	if m.nodes.count >= m.maxNodes {
		return nil, limitError("node ", m.nodes.count+1, "", "MaxNodes", m.maxNodes)
	}
	if d.Kind > KindShadowRoot {
		return nil, idError("bad node kind ", int(d.Kind), "")
	}
	if len(d.Attrs) > m.maxAttrs {
		return nil, limitError("", len(d.Attrs), " attributes", "MaxAttrs", m.maxAttrs)
	}
	var parent, next *Node
	if op.Parent == 0 {
		if d.Kind != KindDocument {
			return nil, errors.New("capture: a " + d.Kind.String() + " without a parent (only the snapshot's Document has none)")
		}
		if m.root != nil {
			return nil, errors.New("capture: a second root Document")
		}
		if op.Next != 0 {
			return nil, errors.New("capture: the root Document has no siblings")
		}
	} else {
		var err error
		if parent, next, err = m.place(d.Kind, op.Parent, op.Next, 1); err != nil {
			return nil, err
		}
	}
	n := m.pool.newNode(op.ID, d)
	m.nodes.put(op.ID, n)
	if parent == nil {
		m.root = n
	} else if next == nil {
		parent.AppendChild(&n.Node)
	} else {
		parent.InsertBefore(&n.Node, &next.Node)
	}
	if n.Type == html.ElementNode && parent != nil {
		freezeDocMode(&parent.Node)
	}
	return n, nil
}

// freezeDocMode records doc's mode (DocModeAttr) the first time an element
// is put under it, if doc is a page or iframe document.
func freezeDocMode(doc *html.Node) {
	if doc.Type != html.DocumentNode || doc.Data == ShadowRootData {
		return
	}
	for _, a := range doc.Attr {
		if a.Key == DocModeAttr {
			return
		}
	}
	doc.Attr = append(doc.Attr, html.Attribute{Key: DocModeAttr, Val: DocumentMode(doc).String()})
}

func newNode(id int, d *NodeData) *Node { return (&nodePool{}).newNode(id, d) }

// newNode makes the node of a Node op, in p's chunks when p is on.
func (p *nodePool) newNode(id int, d *NodeData) *Node {
	k := 0
	if d.Kind == KindElement {
		k = len(d.Attrs)
	}
	var n *Node
	if p.on {
		n = p.node(k)
	} else {
		n = &Node{}
		if k > 0 {
			n.Attr = make([]html.Attribute, k)
		}
	}
	n.ID = id
	switch d.Kind {
	case KindDocument:
		n.Type = html.DocumentNode
	case KindShadowRoot:
		n.Type, n.Data = html.DocumentNode, ShadowRootData
	case KindDoctype:
		n.Type, n.Data = html.DoctypeNode, d.Name
		if d.PublicID != "" {
			n.Attr = append(n.Attr, html.Attribute{Key: "public", Val: d.PublicID})
		}
		if d.SystemID != "" {
			n.Attr = append(n.Attr, html.Attribute{Key: "system", Val: d.SystemID})
		}
	case KindElement:
		n.Type, n.Data, n.Namespace = html.ElementNode, d.Tag, d.Namespace
		n.DataAtom = p.atoms.lookup(d.Tag)
		n.Width, n.Height = d.Width, d.Height
		if len(d.Attrs) > 0 {
			// The Reader reuses d.Attrs for the next op: copied into the
			// room made above.
			for i, a := range d.Attrs {
				n.Attr[i] = html.Attribute{Key: a.Key, Val: a.Val}
				if a.Key == BlockAttr {
					n.WasBlocked = true
				}
			}
		}
	case KindText:
		n.Type, n.Data = html.TextNode, d.Data
	case KindCDATA:
		n.Type, n.Data, n.Namespace = html.TextNode, d.Data, CDATANamespace
	case KindComment:
		n.Type, n.Data = html.CommentNode, d.Data
	}
	return n
}

func (m *Mirror) move(op *Op) (*Node, error) {
	n, err := m.get(op.ID)
	if err != nil {
		return nil, err
	}
	if n == m.root {
		return nil, errors.New("capture: the root Document cannot move")
	}
	if op.Next == op.ID {
		return nil, idError("node ", op.ID, " cannot move before itself")
	}
	if p := m.nodes.get(op.Parent); p != nil {
		for a := &p.Node; a != nil; a = a.Parent {
			if a == &n.Node {
				return nil, idError("moving node ", op.ID, " into its own subtree")
			}
		}
	}
	// Detach first, so that the checks in place see the tree as it will be
	// (a shadow root moving to another host, say); re-attach on failure.
	oldParent, oldNext := n.Parent, n.NextSibling
	oldParent.RemoveChild(&n.Node)
	parent, next, err := m.place(n.Kind(), op.Parent, op.Next, height(&n.Node))
	if err != nil {
		oldParent.InsertBefore(&n.Node, oldNext)
		return nil, err
	}
	if next == nil {
		parent.AppendChild(&n.Node)
	} else {
		parent.InsertBefore(&n.Node, &next.Node)
	}
	return n, nil
}

func (m *Mirror) remove(id int) (*Node, error) {
	n, err := m.get(id)
	if err != nil {
		return nil, err
	}
	if n == m.root {
		m.root = nil
	} else {
		n.Parent.RemoveChild(&n.Node)
	}
	m.forget(&n.Node)
	if m.pool.on {
		m.pool.removed = append(m.pool.removed, n)
	}
	return n, nil
}

func (m *Mirror) forget(n *html.Node) {
	m.nodes.del(NodeOf(n).ID)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.forget(c)
	}
}

func (m *Mirror) attr(op *Op) (*Node, error) {
	n, err := m.element(op.ID, op.Kind.String())
	if err != nil {
		return nil, err
	}
	for i := range n.Attr {
		if n.Attr[i].Key == op.Name && n.Attr[i].Namespace == "" {
			if op.Kind == OpAttr {
				n.Attr[i].Val = op.Value
			} else {
				n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
			}
			return n, nil
		}
	}
	if op.Kind == OpAttr {
		if len(n.Attr) >= m.maxAttrs {
			return nil, limitError("", len(n.Attr)+1, " attributes", "MaxAttrs", m.maxAttrs)
		}
		n.Attr = append(n.Attr, html.Attribute{Key: op.Name, Val: op.Value})
	}
	return n, nil
}
