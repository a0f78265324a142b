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

// MaxSiblingScan bounds the earlier siblings one path counts (its
// nth-of-type steps, all steps together): an element past it is not named
// (its click is counted, not attributed to an element). A recording decides
// how many children a node has (up to MaxNodes), and a path is asked for at
// every click.
const MaxSiblingScan = 10_000

// MaxScanPerFeed bounds the earlier siblings the paths of one Feed count
// together (a batch, at ingest and for a heatmap): MaxKept clicks each
// within MaxSiblingScan would be 10^8 steps a batch. Past it, clicks are
// counted, not attributed to an element.
const MaxScanPerFeed = 1_000_000

// tnode is what a path needs of a node: its tag and place. Text content and
// attribute values are never kept. Siblings are linked, so that moving,
// inserting and removing a node cost the same however many siblings it has
// (a recording decides that).
type tnode struct {
	id               int
	tag              string // "" for non-elements
	blocked          bool   // a blocked element: its clicks are not attributed
	parent           *tnode
	first, last      *tnode // children
	prevSib, nextSib *tnode
}

type tree struct {
	byID     map[int]*tnode
	scanLeft int // earlier siblings paths may still count in this Feed (MaxScanPerFeed)
	scanned  int // earlier siblings paths counted, all together
}

func (t *tree) reset() { t.byID = map[int]*tnode{} }

func (t *tree) build(s *capture.SNode, parent *tnode) {
	if s == nil || len(t.byID) >= MaxNodes {
		return
	}
	n := &tnode{id: s.ID}
	if s.Type == capture.ElementNode {
		n.tag, n.blocked = strings.ToLower(s.TagName), s.NeedBlock
	}
	if old := t.byID[s.ID]; old != nil {
		t.detach(old)
		t.forget(old) // its subtree goes with it, as the mirror's does
	}
	t.byID[s.ID] = n
	if parent != nil {
		parent.insertBefore(n, nil)
	}
	for _, c := range s.ChildNodes {
		t.build(c, n)
	}
}

// insertBefore makes n a child of p before next (last when next is nil).
func (p *tnode) insertBefore(n, next *tnode) {
	n.parent = p
	if next == nil {
		n.prevSib, n.nextSib = p.last, nil
		if p.last != nil {
			p.last.nextSib = n
		} else {
			p.first = n
		}
		p.last = n
		return
	}
	n.prevSib, n.nextSib = next.prevSib, next
	if next.prevSib != nil {
		next.prevSib.nextSib = n
	} else {
		p.first = n
	}
	next.prevSib = n
}

func (t *tree) forget(n *tnode) {
	if t.byID[n.id] == n {
		delete(t.byID, n.id)
	}
	for c := n.first; c != nil; c = c.nextSib {
		t.forget(c)
	}
}

func (t *tree) detach(n *tnode) {
	p := n.parent
	if p == nil {
		return
	}
	if n.prevSib != nil {
		n.prevSib.nextSib = n.nextSib
	} else {
		p.first = n.nextSib
	}
	if n.nextSib != nil {
		n.nextSib.prevSib = n.prevSib
	} else {
		p.last = n.prevSib
	}
	n.parent, n.prevSib, n.nextSib = nil, nil, nil
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
		if n == nil || n.parent != p || a.NextID == 0 {
			continue
		}
		// build appended it; move it before its next sibling
		if next := t.byID[a.NextID]; next != nil && next.parent == p && next != n {
			t.detach(n)
			p.insertBefore(n, next)
		}
	}
}

// path names an element by tags and nth-of-type steps from the root, e.g.
// "html>body>main:nth-of-type(1)>button:nth-of-type(2)"; ok is false for a
// node not in the tree, not an element, inside a blocked element, or with
// more than MaxSiblingScan earlier siblings on its way to the root.
func (t *tree) path(id int) (string, bool) {
	if !t.nameable(id) {
		return "", false
	}
	var steps []string
	scan := 0
	for c := t.byID[id]; c != nil; c = c.parent {
		if c.tag == "" {
			if c.parent != nil { // a frame's document
				steps = append(steps, "#document")
			}
			continue
		}
		k := 0
		if c.parent != nil {
			k = 1
			for s := c.prevSib; s != nil; s = s.prevSib {
				if scan++; scan > MaxSiblingScan || t.scanLeft <= 0 {
					return "", false
				}
				t.scanLeft--
				t.scanned++
				if s.tag == c.tag {
					k++
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

// nameable reports whether path may name node id: an element of the tree
// outside every blocked element. It costs the node's depth, not its
// siblings.
func (t *tree) nameable(id int) bool {
	n := t.byID[id]
	if n == nil || n.tag == "" {
		return false
	}
	for c := n; c != nil; c = c.parent {
		if c.blocked {
			return false
		}
	}
	return true
}

func (t *tree) tag(id int) string {
	if n := t.byID[id]; n != nil {
		return n.tag
	}
	return ""
}
