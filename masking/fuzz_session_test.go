package masking

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

const fuzzPage = `<!DOCTYPE html><html><head><title>T</title></head><body>
<div id="a" class="box"><p>one</p><p class="private">two</p></div>
<ul id="l"><li>x</li><li>y</li></ul><form><input id="i" value="v"><textarea>t</textarea></form>
<div id="b"><span>three</span></div></body></html>`

// FuzzSessionBytes feeds arbitrary bytes to a synced session: errors, never panics.
func FuzzSessionBytes(f *testing.F) {
	snap, err := capture.FromHTML(strings.NewReader(fuzzPage), "https://x.example/", 1)
	require.NoError(f, err)
	f.Add(snap)
	f.Add([]byte("VEIL\x01\x00\x06\x05\x03x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := NewSession(nil)
		_, err := s.Write(snap)
		require.NoError(t, err)
		s.Write(data)
		s.Write(data)
	})
}

// FuzzSessionMutations drives a session with random DOM ops and checks two
// invariants: a replayer that applies the emitted mutations ends with exactly
// the tree a fresh session would snapshot from the same mirror, and under
// mask-all no secret ever appears in the output.
func FuzzSessionMutations(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{1, 9, 3, 200, 17, 4, 4, 60, 2, 2, 8, 8, 1, 0, 5})
	f.Add([]byte{2, 0, 7, 7, 7, 1, 3, 5, 9, 11, 13, 250, 251, 252, 0, 4, 8})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		ruleSets := []string{
			`{}`,
			`{"mode":"block-list","mask":[".private"],"block":["#b"]}`,
			`{"mode":"block-list","mask":[".secret + p", "li:nth-child(2)"]}`,
			`{"mode":"allow-list","allow":["#a", "ul"],"mask":[".private"]}`,
		}
		mode := int(data[0]) % len(ruleSets)
		r, err := rules.Parse([]byte(ruleSets[mode]))
		require.NoError(t, err)
		set, err := rules.Compile(r)
		require.NoError(t, err)

		snap, err := capture.FromHTML(strings.NewReader(fuzzPage), "https://x.example/", 1)
		require.NoError(t, err)
		mirror := capture.NewMirror()
		applyAll(t, mirror, snap)
		s := NewSession(set)
		events, err := s.Write(snap)
		require.NoError(t, err)
		rp := newReplayer(t)
		rp.apply(events)
		var out []byte
		out = capture.AppendEvents(out, events)

		next := 1000
		var trace []string
		t.Cleanup(func() {
			if t.Failed() {
				t.Log("ops:\n" + strings.Join(trace, "\n") + "\noutput:\n" + string(out))
			}
		})
		w := capture.NewWriter(10)
		ops := data[1:]
		for i := 0; i+2 < len(ops); i += 3 {
			ids := liveIDs(mirror)
			target := ids[int(ops[i+1])%len(ids)]
			other := ids[int(ops[i+2])%len(ids)]
			tn := mirror.Node(target)
			trace = append(trace, fmt.Sprintf("op%d target=%d(%s) other=%d(%s)", ops[i]%9, target, tn.Data, other, mirror.Node(other).Data))
			switch ops[i] % 9 {
			case 0:
				if tn.Type == html.ElementNode || tn.Type == html.DocumentNode && tn.Parent == nil && tn.FirstChild == nil {
					w.Node(next, target, 0, &capture.NodeData{Kind: capture.KindText, Data: "SECRET text " + string(rune('a'+next%26))})
					next++
				}
			case 1:
				if tn.Type == html.ElementNode {
					cls := []string{"private", "secret", "box", ""}[int(ops[i+2])%4]
					w.Attr(target, "class", cls)
				}
			case 2:
				if tn.Type == html.TextNode {
					w.Text(target, "SECRET changed")
				}
			case 3:
				if tn.Parent != nil && tn.Type != html.DoctypeNode && !isAncestor(tn, mirror.Node(other)) && mirror.Node(other).Type == html.ElementNode {
					w.Move(target, other, 0)
				}
			case 4:
				if tn.Parent != nil && tn.Type != html.DoctypeNode && tn.Data != "html" && tn.Data != "body" {
					w.Remove(target)
				}
			case 5:
				if tn.Type == html.ElementNode {
					w.Attr(target, "title", "SECRET title")
				}
			case 6:
				if tn.Type == html.ElementNode && tn.Data != "html" {
					w.Node(next, target, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "p",
						Attrs: []html.Attribute{{Key: "class", Val: "secret"}}})
					next++
				}
			case 7:
				if tn.Type == html.ElementNode {
					w.AttrRemove(target, "class")
				}
			case 8:
				w.MutationEnd(20)
			}
			// keep our mirror in step with what was just written
			batch := w.Bytes()
			applyAll(t, mirror, batch)
			events, err := s.Write(batch)
			require.NoError(t, err)
			rp.apply(events)
			out = capture.AppendEvents(out, events)
			w = capture.NewWriter(10)
		}
		w.MutationEnd(30)
		events, err = s.Write(w.Bytes())
		require.NoError(t, err)
		rp.apply(events)
		out = capture.AppendEvents(out, events)

		fresh := NewSession(set)
		want, err := fresh.Write(snapshotOf(t, mirror))
		require.NoError(t, err)
		sortAttrs(want[1].Data.(capture.FullSnapshotData).Node)
		sortAttrs(rp.tree())
		// Sticky privacy state ("was editable", "was a password") lives on
		// the session's nodes, which a fresh session has not seen: text
		// masked as an input value there is masked as page text here. Both
		// are masked; the comparison is about structure.
		foldSticky(want[1].Data.(capture.FullSnapshotData).Node, rp.tree())
		wantTree := string(capture.AppendEvent(nil, &capture.Event{Type: capture.FullSnapshot, Data: want[1].Data}))
		gotTree := string(capture.AppendEvent(nil, &capture.Event{Type: capture.FullSnapshot,
			Data: capture.FullSnapshotData{Node: rp.tree()}}))
		require.Equal(t, wantTree, gotTree, "replayed tree differs from a fresh snapshot after\n%s\n%s", strings.Join(trace, "\n"), out)
		if mode == 0 {
			require.NotContains(t, string(out), "SECRET")
		}
	})
}

func isAncestor(a, b *capture.Node) bool {
	for p := &b.Node; p != nil; p = p.Parent {
		if p == &a.Node {
			return true
		}
	}
	return false
}

func applyAll(t *testing.T, m *capture.Mirror, batch []byte) {
	rd, err := capture.NewReader(batch)
	require.NoError(t, err)
	var op capture.Op
	for rd.Next(&op) == nil {
		_, err := m.Apply(&op)
		require.NoError(t, err)
	}
}

func liveIDs(m *capture.Mirror) []int {
	var ids []int
	var walk func(h *html.Node)
	walk = func(h *html.Node) {
		ids = append(ids, capture.NodeOf(h).ID)
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(&m.Root().Node)
	return ids
}

// snapshotOf writes the mirror's current tree as a raw snapshot batch.
func snapshotOf(t *testing.T, m *capture.Mirror) []byte {
	w := capture.NewWriter(10)
	w.SnapshotStart(10, "https://x.example/", 1280, 800, 0, 0)
	var walk func(h *html.Node, parent int)
	walk = func(h *html.Node, parent int) {
		n := capture.NodeOf(h)
		d := n.NodeData()
		w.Node(n.ID, parent, 0, &d)
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			walk(c, n.ID)
		}
	}
	walk(&m.Root().Node, 0)
	w.SnapshotEnd(10)
	return w.Bytes()
}

// replayer applies rrweb events the way rrweb's replayer does, strictly:
// every id it is told about must exist.
type replayer struct {
	t     *testing.T
	root  *capture.SNode
	nodes map[int]*capture.SNode
	par   map[int]*capture.SNode
}

func newReplayer(t *testing.T) *replayer { return &replayer{t: t} }

func (r *replayer) index(n, parent *capture.SNode) {
	r.nodes[n.ID] = n
	r.par[n.ID] = parent
	for _, c := range n.ChildNodes {
		r.index(c, n)
	}
}

func (r *replayer) unindex(n *capture.SNode) {
	delete(r.nodes, n.ID)
	delete(r.par, n.ID)
	for _, c := range n.ChildNodes {
		r.unindex(c)
	}
}

func (r *replayer) apply(events []capture.Event) {
	for _, e := range events {
		switch d := e.Data.(type) {
		case capture.FullSnapshotData:
			r.root = cloneSNode(d.Node)
			r.nodes, r.par = map[int]*capture.SNode{}, map[int]*capture.SNode{}
			r.index(r.root, nil)
			require.Zero(r.t, r.root.RootID, "the top document carries a rootId")
			for _, c := range r.root.ChildNodes {
				r.checkRootIDs(c, 0)
			}
		case capture.MutationData:
			for _, rm := range d.Removes {
				n, p := r.nodes[rm.ID], r.nodes[rm.ParentID]
				require.NotNil(r.t, n, "remove of unknown node %d", rm.ID)
				require.NotNil(r.t, p, "remove from unknown parent %d", rm.ParentID)
				require.Same(r.t, p, r.par[rm.ID], "remove %d: wrong parent", rm.ID)
				require.NotEqual(r.t, capture.DocumentNode, n.Type, "rrweb's Replayer cannot take document %d out of its iframe", rm.ID)
				p.ChildNodes = without(p.ChildNodes, n)
				r.unindex(n)
			}
			if d.IsAttachIframe {
				r.attachFrame(d)
				continue
			}
			for _, add := range d.Adds {
				p := r.nodes[add.ParentID]
				require.NotNil(r.t, p, "add under unknown parent %d", add.ParentID)
				require.Empty(r.t, add.Node.ChildNodes, "rrweb builds added nodes without children: add %d must be flat", add.Node.ID)
				require.NotEqual(r.t, capture.DocumentNode, add.Node.Type, "a document is added only by an isAttachIframe mutation: add %d", add.Node.ID)
				r.checkRootIDs(add.Node, r.frameOf(p))
				n := cloneSNode(add.Node)
				require.Nil(r.t, r.nodes[n.ID], "add of known node %d", n.ID)
				at := len(p.ChildNodes)
				if add.NextID != 0 {
					next := r.nodes[add.NextID]
					require.NotNil(r.t, next, "add before unknown node %d", add.NextID)
					at = indexOf(p.ChildNodes, next)
					require.GreaterOrEqual(r.t, at, 0, "nextId %d is not a child of %d", add.NextID, add.ParentID)
				}
				p.ChildNodes = append(p.ChildNodes[:at], append([]*capture.SNode{n}, p.ChildNodes[at:]...)...)
				r.index(n, p)
				if n.IsShadow {
					p.IsShadowHost = true // the Replayer attaches a shadow root to p
				}
			}
			for _, tx := range d.Texts {
				n := r.nodes[tx.ID]
				require.NotNil(r.t, n, "text of unknown node %d", tx.ID)
				n.TextContent = tx.Value
			}
			for _, am := range d.Attributes {
				n := r.nodes[am.ID]
				require.NotNil(r.t, n, "attributes of unknown node %d", am.ID)
				for _, c := range am.Attributes {
					n.Attributes = setAttr(n.Attributes, c)
				}
			}
		}
	}
}

func (r *replayer) tree() *capture.SNode { return r.root }

// attachFrame applies an isAttachIframe mutation as rrweb's Replayer does:
// its one add is a document that replaces the iframe's. The Replayer
// silently drops a document whose iframe it does not know yet or that
// carries a rootId (it knows no node by that id before building it), so
// here both are errors.
func (r *replayer) attachFrame(d capture.MutationData) {
	require.Len(r.t, d.Adds, 1, "rrweb's recorder attaches one iframe document per mutation")
	require.Empty(r.t, d.Removes, "an isAttachIframe mutation only adds")
	add := d.Adds[0]
	p := r.nodes[add.ParentID]
	require.NotNil(r.t, p, "iframe document %d attached to unknown iframe %d (sent before its frame?)", add.Node.ID, add.ParentID)
	require.True(r.t, p.Type == capture.ElementNode && p.TagName == "iframe", "iframe document %d attached to a %q, not an iframe", add.Node.ID, p.TagName)
	require.Equal(r.t, capture.DocumentNode, add.Node.Type, "an isAttachIframe add is a document")
	require.Zero(r.t, add.NextID, "an iframe document has no next sibling")
	require.Zero(r.t, add.Node.RootID, "iframe document %d carries a rootId: rrweb's Replayer would drop it", add.Node.ID)
	for _, c := range add.Node.ChildNodes {
		r.checkRootIDs(c, add.Node.ID)
	}
	require.Nil(r.t, r.nodes[add.Node.ID], "attach of known node %d: rrweb's Replayer keeps the document it has", add.Node.ID)
	for _, old := range p.ChildNodes {
		r.unindex(old)
	}
	n := cloneSNode(add.Node)
	p.ChildNodes = []*capture.SNode{n}
	r.index(n, p)
}

// frameOf returns the id of the iframe document n is in, 0 in the top one.
func (r *replayer) frameOf(n *capture.SNode) int {
	for ; n != nil; n = r.par[n.ID] {
		if n.Type == capture.DocumentNode && r.par[n.ID] != nil {
			return n.ID
		}
	}
	return 0
}

// checkRootIDs requires that n and its subtree carry rootId, the id of
// their iframe document (0 in the top one), as rrweb's recorder sets it;
// the documents of nested frames are attached separately.
func (r *replayer) checkRootIDs(n *capture.SNode, rootID int) {
	require.NotEqual(r.t, capture.DocumentNode, n.Type, "document %d inside another node: iframe documents are attached", n.ID)
	require.Equal(r.t, rootID, n.RootID, "rootId of node %d", n.ID)
	for _, c := range n.ChildNodes {
		r.checkRootIDs(c, rootID)
	}
}

func cloneSNode(n *capture.SNode) *capture.SNode {
	c := *n
	c.Attributes = append([]capture.Attr(nil), n.Attributes...)
	c.ChildNodes = nil
	for _, ch := range n.ChildNodes {
		c.ChildNodes = append(c.ChildNodes, cloneSNode(ch))
	}
	return &c
}

func without(list []*capture.SNode, n *capture.SNode) []*capture.SNode {
	out := list[:0]
	for _, x := range list {
		if x != n {
			out = append(out, x)
		}
	}
	return out
}

func indexOf(list []*capture.SNode, n *capture.SNode) int {
	for i, x := range list {
		if x == n {
			return i
		}
	}
	return -1
}

// setAttr applies one attribute change. A fresh snapshot lists attributes in
// the page's order; a replayer appends new ones, so order is normalized by
// keeping the existing position where there is one.
func setAttr(list []capture.Attr, c capture.AttrChange) []capture.Attr {
	for i, a := range list {
		if a.Name == c.Name {
			if c.Removed {
				return append(list[:i], list[i+1:]...)
			}
			list[i].Value = c.Value
			return list
		}
	}
	if c.Removed {
		return list
	}
	return append(list, capture.Attr{Name: c.Name, Value: c.Value})
}

// sortAttrs orders attributes by name: their order carries no meaning, and a
// replayer appends attributes that a page inserted elsewhere.
// foldSticky compares text the way sticky privacy state allows: where the
// replayed tree has masked text (only '*' and whitespace), the fresh
// snapshot may show it masked differently or not at all, because "was
// editable" or "was a password" is state of the session's own nodes that a
// fresh session has never seen. Both texts become "*" there; a replayed text
// that is not masked must still equal the fresh one exactly.
func foldSticky(fresh, replayed *capture.SNode) {
	if fresh == nil || replayed == nil {
		return
	}
	if replayed.Type == capture.TextNode && fresh.Type == capture.TextNode && isFullyMasked(replayed.TextContent) {
		fresh.TextContent, replayed.TextContent = "*", "*"
	}
	// An element that was once input content keeps its attribute values
	// masked too; the replay may be stricter than a fresh session, never
	// looser.
	if fresh.Type == capture.ElementNode && replayed.Type == capture.ElementNode {
		for i := range replayed.Attributes {
			a := &replayed.Attributes[i]
			for j := range fresh.Attributes {
				if f := &fresh.Attributes[j]; f.Name == a.Name && isFullyMasked(a.Value) {
					f.Value, a.Value = "*", "*"
				} else if f.Name == a.Name && f.Value != a.Value {
					foldIdentTokens(&f.Value, &a.Value)
				}
			}
		}
	}
	for i := 0; i < len(fresh.ChildNodes) && i < len(replayed.ChildNodes); i++ {
		foldSticky(fresh.ChildNodes[i], replayed.ChildNodes[i])
	}
}

// foldIdentTokens folds the identifier tokens where one session has a
// placeholder and the other the token in clear: whether a token is kept is
// decided once per session, the first time it is seen, and sticks. A token
// the rules revealed (so the recording showed it in clear) stays in clear
// after a later mutation masks its element, where a fresh session that
// never saw it revealed hashes it; and a fresh session that meets it
// revealed first (in document order) keeps it where the replayed session,
// which met it masked first, hashed it. Only that pairing folds; any other
// difference stays.
func foldIdentTokens(fresh, replayed *string) {
	f, r := strings.Fields(*fresh), strings.Fields(*replayed)
	if len(f) != len(r) {
		return
	}
	folded := false
	for i := range f {
		if f[i] != r[i] && isIdentPlaceholder(f[i]) != isIdentPlaceholder(r[i]) {
			f[i], r[i], folded = "~", "~", true
		}
	}
	if folded {
		*fresh, *replayed = strings.Join(f, " "), strings.Join(r, " ")
	}
}

func isFullyMasked(v string) bool {
	return strings.Contains(v, "*") && strings.Trim(v, "* \t\n\r\f") == ""
}

func sortAttrs(n *capture.SNode) {
	sort.Slice(n.Attributes, func(i, j int) bool { return n.Attributes[i].Name < n.Attributes[j].Name })
	for _, c := range n.ChildNodes {
		sortAttrs(c)
	}
}
