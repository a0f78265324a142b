package insights

import (
	"strconv"
	"strings"

	"github.com/veil-replay/veil/capture"
)

// MaxPathDepth bounds an element path; deeper elements are named by their
// first MaxPathDepth ancestors from the root and a "…" step.
const MaxPathDepth = 48

// MaxNodes bounds the tree a Tracker keeps; past it, new nodes are not
// kept (clicks on them are not attributed to an element).
const MaxNodes = 200_000

// tnode is what a path needs of a node: its tag and place. Text content and
// attribute values are never kept.
type tnode struct {
	id       int
	tag      string // "" for non-elements
	blocked  bool   // a blocked element: its clicks are not attributed
	parent   *tnode
	children []*tnode
}

type tree struct {
	byID map[int]*tnode
}

func (t *tree) reset() { t.byID = map[int]*tnode{} }

func (t *tree) build(s *capture.SNode, parent *tnode) {
	if s == nil || len(t.byID) >= MaxNodes {
		return
	}
	n := &tnode{id: s.ID, parent: parent}
	if s.Type == capture.ElementNode {
		n.tag, n.blocked = strings.ToLower(s.TagName), s.NeedBlock
	}
	if old := t.byID[s.ID]; old != nil {
		t.detach(old)
	}
	t.byID[s.ID] = n
	if parent != nil {
		parent.children = append(parent.children, n)
	}
	for _, c := range s.ChildNodes {
		t.build(c, n)
	}
}

func (t *tree) forget(n *tnode) {
	delete(t.byID, n.id)
	for _, c := range n.children {
		t.forget(c)
	}
}

func (t *tree) detach(n *tnode) {
	if p := n.parent; p != nil {
		for i, c := range p.children {
			if c == n {
				p.children = append(p.children[:i], p.children[i+1:]...)
				break
			}
		}
		n.parent = nil
	}
}

func (t *tree) mutate(m *capture.MutationData) {
	for _, r := range m.Removes {
		if n := t.byID[r.ID]; n != nil {
			t.detach(n)
			t.forget(n)
		}
	}
	for _, a := range m.Adds {
		p := t.byID[a.ParentID]
		if p == nil || a.Node == nil {
			continue
		}
		t.build(a.Node, p)
		n := t.byID[a.Node.ID]
		if n == nil || a.NextID == 0 {
			continue
		}
		// build appended it; move it before its next sibling
		if next := t.byID[a.NextID]; next != nil && next.parent == p {
			t.detach(n)
			n.parent = p
			for i, c := range p.children {
				if c == next {
					p.children = append(p.children[:i], append([]*tnode{n}, p.children[i:]...)...)
					break
				}
			}
		}
	}
}

// path names an element by tags and nth-of-type steps from the root, e.g.
// "html>body>main:nth-of-type(1)>button:nth-of-type(2)"; ok is false for a
// node not in the tree, not an element, or inside a blocked element.
func (t *tree) path(id int) (string, bool) {
	n := t.byID[id]
	if n == nil || n.tag == "" {
		return "", false
	}
	var steps []string
	for c := n; c != nil; c = c.parent {
		if c.blocked {
			return "", false
		}
		if c.tag == "" {
			if c.parent != nil { // a frame's document
				steps = append(steps, "#document")
			}
			continue
		}
		k := 0
		if p := c.parent; p != nil {
			for _, s := range p.children {
				if s.tag == c.tag {
					k++
				}
				if s == c {
					break
				}
			}
		}
		step := c.tag
		if k > 0 && c.tag != "html" && c.tag != "body" && c.tag != "head" {
			step += ":nth-of-type(" + strconv.Itoa(k) + ")"
		}
		steps = append(steps, step)
	}
	if len(steps) > MaxPathDepth { // steps run leaf to root: keep the root side
		steps = append([]string{"…"}, steps[len(steps)-MaxPathDepth:]...)
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return strings.Join(steps, ">"), true
}

func (t *tree) tag(id int) string {
	if n := t.byID[id]; n != nil {
		return n.tag
	}
	return ""
}
