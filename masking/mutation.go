package masking

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// pending is what changed in the mirror since the last MutationEnd. The
// output is computed from the mirror at MutationEnd, as rrweb's recorder
// does: removes of nodes the replayer knew, adds of new, moved or re-decided
// subtrees, then texts and attributes of nodes that stayed.
type pending struct {
	dirty     bool
	added     []*capture.Node
	moved     []*capture.Node
	removed   []*capture.Node
	texts     []*capture.Node
	attrs     []attrChange
	redo      []*capture.Node
	oldParent map[*capture.Node]*capture.Node // where the replayer last saw a moved or removed node
	// pads holds what keypadKeysUnder counted under the elements the
	// batch's key checks read (keyTextShows, keyContentShows): changes side
	// by side share ancestors.
	pads map[*html.Node]keypadCount
}

type attrChange struct {
	n    *capture.Node
	name string
}

// reset empties p for the next batch. The lists keep their room: a page
// that changes a thousand attributes per frame would otherwise grow them
// again from nothing on every batch (growslice was 3 % of a batch of class
// toggles in WebAssembly). Past pendingRoom a list is dropped instead, so one
// huge batch does not hold its size for the session's life.
func (p *pending) reset() {
	*p = pending{
		added: emptied(p.added), moved: emptied(p.moved), removed: emptied(p.removed),
		texts: emptied(p.texts), attrs: emptied(p.attrs), redo: emptied(p.redo),
		oldParent: p.oldParent,
	}
	clear(p.oldParent)
}

const pendingRoom = 4096

// emptied returns l with no elements and its room, or nil for a list past
// pendingRoom; what it held is cleared, so it keeps no removed node alive.
func emptied[T any](l []T) []T {
	if cap(l) > pendingRoom {
		return nil
	}
	clear(l)
	return l[:0]
}

// track applies a DOM op to the mirror and notes what it changed.
func (s *Session) track(op *capture.Op) error {
	if unchangedAttr(s.mirror.Node(op.ID), op) {
		// Frameworks re-set attributes to the value they hold (React sets an
		// input's type and name on every render): the DOM did not change, so
		// neither does the output — a dependent attribute would otherwise
		// re-emit the node whole on every keystroke.
		return nil
	}
	if op.Kind == capture.OpMove || op.Kind == capture.OpRemove {
		if n := s.mirror.Node(op.ID); n != nil && !has(n, bitTouched) {
			setBit(n, bitTouched)
			if s.pend.oldParent == nil {
				s.pend.oldParent = map[*capture.Node]*capture.Node{}
			}
			if n.Parent != nil {
				s.pend.oldParent[n] = capture.NodeOf(n.Parent)
			}
		}
	}
	if op.Kind == capture.OpRemove {
		s.sticky.save(s.mirror.Node(op.ID))
	}
	if op.Kind != capture.OpNode && op.Kind != capture.OpText {
		s.noEditor.forget() // attributes or ancestry change
	}
	if (op.Kind == capture.OpAttr || op.Kind == capture.OpAttrRemove) && s.floorAttr(op) {
		// Decided as it is before the change too: a control under a blocked
		// element is never decided otherwise, so a password switched to text
		// there (or a card field losing its autocomplete) would leave no
		// trace when the block stops hiding it.
		if n := s.mirror.Node(op.ID); n != nil {
			s.noteFloor(n)
		}
	}
	n, err := s.mirror.Apply(op)
	if err != nil {
		return err
	}
	s.pend.dirty = true
	switch op.Kind {
	case capture.OpNode:
		s.sticky.restore(n)
		setBit(n, bitNew)
		s.pend.added = append(s.pend.added, n)
	case capture.OpMove:
		setBit(n, bitMoved)
		s.pend.moved = append(s.pend.moved, n)
	case capture.OpRemove:
		s.pend.removed = append(s.pend.removed, n)
	case capture.OpText:
		if !has(n, bitTextChanged) {
			setBit(n, bitTextChanged)
			s.pend.texts = append(s.pend.texts, n)
		}
	case capture.OpAttr, capture.OpAttrRemove:
		s.pend.attrs = append(s.pend.attrs, attrChange{n: n, name: op.Name})
	}
	if op.Kind == capture.OpNode || op.Kind == capture.OpAttr && s.floorAttr(op) {
		s.noteFloor(n)
	}
	if op.Kind == capture.OpNode || op.Kind == capture.OpText {
		s.noteTyped(n)
	}
	return nil
}

// unchangedAttr reports whether op sets an attribute of n to the value it
// has, or removes one n has not.
func unchangedAttr(n *capture.Node, op *capture.Op) bool {
	if n == nil || n.Type != html.ElementNode || op.Kind != capture.OpAttr && op.Kind != capture.OpAttrRemove {
		return false
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == op.Name {
			return op.Kind == capture.OpAttr && a.Val == op.Value
		}
	}
	return op.Kind == capture.OpAttrRemove
}

// noteTyped makes "was editable" sticky for text written or nodes added
// while inside an editing host, the moment it happens: a batch that turns
// contenteditable on, receives the typing and turns it off again (click to
// edit, blur) would otherwise be decided only in its end state, with the
// typed text outside any editing host. An editing host that an allow rule
// reveals leaves the node alone.
func (s *Session) noteTyped(n *capture.Node) {
	for p := n.Parent; p != nil; p = p.Parent {
		if s.noEditor.holds(p) {
			break
		}
		if p.Type != html.ElementNode {
			if isShadowRoot(p) {
				continue // contenteditable on a host reaches into its shadow tree here: fail closed
			}
			break
		}
		if !hasEditableValue(p) {
			continue
		}
		var parent rules.Decision
		if p.Parent != nil {
			parent = decisionOf(capture.NodeOf(p.Parent))
		}
		if d := s.set.Decide(p, parent); !d.EditableRevealed || d.Floor || d.Block {
			setBit(n, bitStickyInput)
		}
		return
	}
	s.noEditor.found(n.Parent)
}

// hasEditableValue: h has a contenteditable attribute (or a style with
// -webkit-user-modify) that makes an editing host, read as the rules package
// reads it (any of several whose names differ only in case).
func hasEditableValue(h *html.Node) bool {
	for _, a := range h.Attr {
		if a.Namespace == "" && (asciiEqualFold(a.Key, "contenteditable") && rules.EditableValue(a.Val) ||
			asciiEqualFold(a.Key, "style") && rules.StyleEditable(a.Val) ||
			asciiEqualFold(a.Key, "role") && rules.RoleTakesInput(a.Val)) {
			return true
		}
	}
	return false
}

// noteFloor makes "was on the floor" sticky the moment a control gets
// there, not only at MutationEnd: a batch that switches a field to password
// and back (or sets autocomplete="cc-number" and removes it) would otherwise
// leave no trace, and the value set after it would go out in clear.
func (s *Session) noteFloor(n *capture.Node) {
	if n.Type != html.ElementNode {
		return
	}
	noteValueControl(n)
	var parent rules.Decision
	if n.Parent != nil {
		parent = decisionOf(capture.NodeOf(n.Parent))
	}
	if s.set.Decide(&n.Node, parent).Floor {
		setBit(n, bitStickyFloor)
	}
}

// attached reports whether n is still in the mirror.
func (s *Session) attached(n *capture.Node) bool { return s.mirror.Node(n.ID) == n }

// flush emits one Mutation event for everything pending.
func (s *Session) flush(t int64) {
	if !s.pend.dirty {
		return
	}
	s.epoch++
	s.noteLanguages()
	s.redecide()
	var m capture.MutationData
	roots := s.roots()
	m.Removes = s.removes(roots)
	m.Adds = s.adds(roots)
	m.Texts = s.texts()
	m.Attributes = s.attributeChanges()
	if len(m.Removes)+len(m.Adds)+len(m.Texts)+len(m.Attributes) > 0 {
		s.emit(t, capture.IncrementalSnapshot, m)
	}
	s.flushAttach(t)
	s.clearBatch(roots)
	s.pend.reset()
	s.mirror.ReleaseRemoved() // the batch's removed nodes are written out: see capture.Mirror.PoolNodes
}

// noteLanguages caches each document's content-language pragma for
// :lang() (rules.NoteLanguages) before the mirror is decided: without it
// every element no lang attribute reaches would walk the document. Only
// rules that re-decide the document on every change can use :lang().
func (s *Session) noteLanguages() {
	if root := s.mirror.Root(); root != nil && s.set.Scope() == rules.ScopeDocument {
		rules.NoteLanguages(&root.Node)
	}
}

// redecide re-decides as much of the mirror as the rules' scope says a
// mutation can affect, and marks for re-emission every emitted node whose
// output-relevant decision changed.
func (s *Session) redecide() {
	scope := s.set.Scope()
	if scope == rules.ScopeDocument {
		if root := s.mirror.Root(); root != nil {
			s.redecideFrom(root)
		}
		return
	}
	if s.shadows {
		s.redecideSlotted()
	}
	region := func(n *capture.Node) {
		if n != nil && s.attached(n) {
			s.redecideFrom(n)
		}
	}
	parentOf := func(n *capture.Node) *capture.Node {
		if n.Parent == nil {
			return nil
		}
		return capture.NodeOf(n.Parent)
	}
	for _, a := range s.pend.attrs {
		if dependentAttr(a.name) && has(a.n, bitEmitted) && s.attached(a.n) {
			s.markRedo(a.n)
		}
		if scope == rules.ScopeSiblings {
			region(parentOf(a.n))
		} else {
			region(a.n)
		}
	}
	if scope == rules.ScopeSiblings {
		for _, n := range s.pend.added {
			region(parentOf(n))
		}
		for _, n := range s.pend.moved {
			region(parentOf(n))
			region(s.pend.oldParent[n])
		}
		for _, n := range s.pend.removed {
			region(s.pend.oldParent[n])
		}
	}
}

// floorAttr reports whether attribute op can put its element on the floor
// or take it off: a dependent attribute, or one of the names a control's
// floor is read from (rules/floor_names.go) — set and set back in one
// batch, "Your PIN" as a placeholder while the value was written, it
// leaves a trace only if noted as it happens. Names are noted on form
// controls only, so that class toggles elsewhere cost nothing.
func (s *Session) floorAttr(op *capture.Op) bool {
	if dependentAttr(op.Name) {
		return true
	}
	switch strings.ToLower(op.Name) {
	case "placeholder", "aria-label", "title", "class", "id":
		n := s.mirror.Node(op.ID)
		return n != nil && n.Type == html.ElementNode && n.Namespace == "" &&
			(asciiEqualFold(n.Data, "input") || asciiEqualFold(n.Data, "textarea") || asciiEqualFold(n.Data, "select"))
	}
	return false
}

// dependentAttr: attributes whose change alters how other attributes or the
// node's text are masked, so the node is re-emitted whole.
func dependentAttr(name string) bool {
	switch strings.ToLower(name) {
	case "type", "rel", "autocomplete", "contenteditable", "name", "role":
		return true
	}
	return strings.HasPrefix(strings.ToLower(name), "data-veil-")
}

func (s *Session) markRedo(n *capture.Node) {
	if !has(n, bitRedo) {
		setBit(n, bitRedo)
		s.pend.redo = append(s.pend.redo, n)
	}
}

func (s *Session) redecideFrom(n *capture.Node) {
	var parent rules.Decision
	if n.Parent != nil {
		parent = decisionOf(capture.NodeOf(n.Parent))
	}
	s.redecideWalk(n, parent)
}

func (s *Session) redecideWalk(n *capture.Node, parent rules.Decision) {
	if !has(n, bitDecided) || n.Mark&(bitNew|bitMoved|bitRedo) != 0 {
		return // new or already re-emitted subtrees are decided when serialized
	}
	before := n.Mark & outputBits
	d := s.decide(n, parent)
	if n.Mark&outputBits != before && has(n, bitEmitted) {
		s.markRedo(n)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.redecideWalk(capture.NodeOf(c), d)
	}
}

// roots returns the top-most nodes to (re-)emit whole: new, moved and
// re-decided subtrees that are still attached and not inside another one.
// They are marked with bitRoot.
func (s *Session) roots() []*capture.Node {
	var roots []*capture.Node
	consider := func(list []*capture.Node) {
		for _, n := range list {
			if !s.attached(n) || has(n, bitRoot) || s.insideCandidate(n) {
				continue
			}
			setBit(n, bitRoot)
			roots = append(roots, n)
		}
	}
	consider(s.pend.redo)
	consider(s.pend.moved)
	consider(s.pend.added)
	return roots
}

// insideCandidate reports whether an ancestor of n is itself new, moved or
// re-decided, in which case n is emitted as part of it.
func (s *Session) insideCandidate(n *capture.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if capture.NodeOf(p).Mark&(bitNew|bitMoved|bitRedo) != 0 {
			return true
		}
	}
	return false
}

// replayID is the id under which the replayer knows parent p: a shadow root
// is known as its host.
func replayID(p *capture.Node) (id int, shadow bool) {
	if isShadowRoot(&p.Node) && p.Parent != nil {
		return capture.NodeOf(p.Parent).ID, true
	}
	return p.ID, false
}

// removes lists the nodes the replayer must drop: removed nodes and the old
// copies of roots, unless an ancestor of theirs is dropped already.
func (s *Session) removes(roots []*capture.Node) []capture.RemovedNode {
	var out []capture.RemovedNode
	add := func(n *capture.Node, fresh bool) {
		if fresh || !has(n, bitEmitted) || has(n, bitGoneListed) {
			return
		}
		setBit(n, bitGoneListed)
		p := s.replayParent(n)
		if p == nil || s.goneAbove(p) || frameDocIn(n, p) {
			return
		}
		id, shadow := replayID(p)
		out = append(out, capture.RemovedNode{ParentID: id, ID: n.ID, IsShadow: shadow})
	}
	for _, n := range s.pend.removed {
		if p := s.replayParent(n); p != nil && s.attached(p) && keyContentShows(p, n, &s.pend.pads) {
			s.stats.Dropped++ // the replayer keeps the key as it was
			continue
		}
		add(n, has(n, bitNew))
	}
	// every moved node, root or not: its old copy may sit outside anything
	// removed (moved out of one place into a subtree moved elsewhere)
	for _, n := range s.pend.moved {
		if s.keyMoveHidden(n) {
			s.stats.Dropped++
			continue
		}
		add(n, has(n, bitNew))
	}
	for _, n := range roots {
		if !has(n, bitMoved) {
			add(n, has(n, bitNew))
		}
	}
	return out
}

// keyMoveHidden reports whether moved node n is a keypad's key (or a key's
// label) put back under the same parent: a page that re-inserts the key
// pressed names it by the ids of the remove and the add (keyContentShows).
// Neither is sent. Under the same parent only: a later add placed before n
// then still finds it among the parent's children in the replay.
func (s *Session) keyMoveHidden(n *capture.Node) bool {
	if !has(n, bitMoved) || has(n, bitNew) || !s.attached(n) || n.Parent == nil {
		return false
	}
	p := capture.NodeOf(n.Parent)
	return s.replayParent(n) == p && keyContentShows(p, n, &s.pend.pads)
}

// replayParent is the parent the replayer last saw n under.
func (s *Session) replayParent(n *capture.Node) *capture.Node {
	if has(n, bitTouched) {
		return s.pend.oldParent[n]
	}
	if n.Parent == nil {
		return nil
	}
	return capture.NodeOf(n.Parent)
}

// goneAbove reports whether p, or an ancestor the replayer sees above it, is
// removed or re-emitted in this batch — its removal takes n along.
func (s *Session) goneAbove(p *capture.Node) bool {
	for p != nil {
		if has(p, bitTouched) && !s.attached(p) {
			return true // removed
		}
		if p.Mark&(bitRedo|bitMoved|bitRoot) != 0 && has(p, bitEmitted) && !has(p, bitNew) {
			return true // moved or re-emitted: the replayer drops its old subtree
		}
		if has(p, bitNew) {
			return true // the replayer never saw it
		}
		p = s.replayParent(p)
	}
	return false
}

// adds serializes every root under a parent the replayer can show children
// of, left to right within each parent, each before the next sibling that
// stays (nextStaying).
func (s *Session) adds(roots []*capture.Node) []capture.AddedNode {
	var out []capture.AddedNode
	var parents []*capture.Node
	for _, n := range roots {
		p := capture.NodeOf(n.Parent)
		if !has(p, bitListed) {
			setBit(p, bitListed)
			parents = append(parents, p)
		}
	}
	for _, p := range parents {
		show := s.showsChildren(p)
		pid, shadow := replayID(p)
		d := decisionOf(p)
		root := s.rootIDOf(p)
		// The roots of a run of added siblings share the sibling after it:
		// found once a run, not once a root (20,000 nodes added in front of
		// one sibling walked the run 20,000 times).
		var stayAt *html.Node
		stayID, known := 0, false
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c == stayAt {
				known = false
			}
			cn := capture.NodeOf(c)
			if !has(cn, bitRoot) {
				continue
			}
			if !show {
				s.forget(cn)
				continue
			}
			if c.Type == html.DocumentNode && p.Type == html.ElementNode {
				if isShadowRoot(c) {
					out = s.shadowAdds(out, p, cn, d, root)
				} else if !s.attachFrameDoc(p, cn, d) {
					s.forget(cn)
				}
				continue
			}
			if has(cn, bitMoved) && s.keyMoveHidden(cn) {
				continue // the replayer keeps it where it was, as it is
			}
			if has(cn, bitNew) && !has(cn, bitMoved) && keyContentShows(p, cn, &s.pend.pads) {
				s.forget(cn) // as its label's text change (keyTextShows)
				s.stats.Dropped++
				continue
			}
			sn := s.serialize(cn, d, root)
			if sn == nil {
				continue
			}
			sn.IsShadow = shadow
			if !known {
				stayAt, stayID, known = nextStaying(c), 0, true
				if stayAt != nil {
					stayID = capture.NodeOf(stayAt).ID
				}
			}
			out = flatten(out, pid, stayID, sn)
		}
	}
	return out
}

// shadowAdds emits the children of a shadow root attached after the
// snapshot: rrweb knows no shadow root node, only children flagged isShadow
// under the host, which the replayer attaches to a shadow root of its own.
func (s *Session) shadowAdds(out []capture.AddedNode, host, sr *capture.Node, d rules.Decision, root int) []capture.AddedNode {
	d = s.decide(sr, d)
	setBit(sr, bitEmitted)
	setEpoch(sr, s.epoch)
	for c := sr.LastChild; c != nil; c = c.PrevSibling {
		cn := capture.NodeOf(c)
		if sn := s.serialize(cn, d, root); sn != nil {
			sn.IsShadow = true
			out = flatten(out, host.ID, nextEmitted(cn), sn)
		}
	}
	return out
}

// showsChildren reports whether the replayer renders children of p.
func (s *Session) showsChildren(p *capture.Node) bool {
	h := &p.Node
	if isShadowRoot(h) {
		host := capture.NodeOf(h.Parent)
		return has(host, bitEmitted) && !decisionOf(host).Block
	}
	if !has(p, bitEmitted) {
		return false
	}
	if h.Type == html.ElementNode {
		if decisionOf(p).Block || neverRecorded(h) {
			return false
		}
		if childless(h) {
			return h.Data == "iframe" // only its document, handled by adds
		}
	}
	return true
}

// rootIDOf returns the id of the iframe document p belongs to (0: top),
// looking through shadow roots, which the Replayer does not know.
func (s *Session) rootIDOf(p *capture.Node) int { return frameRootID(p) }

// nextEmitted is the id of the first following sibling the replayer knows
// (shadow roots and iframe documents are not siblings to it).
func nextEmitted(n *capture.Node) int {
	for x := n.NextSibling; x != nil; x = x.NextSibling {
		if xn := capture.NodeOf(x); has(xn, bitEmitted) && x.Type != html.DocumentNode {
			return xn.ID
		}
	}
	return 0
}

// nextStaying is the first following sibling the replayer has
// and keeps through this flush: emitted before, and not itself (re-)added
// here. Roots go left to right, each before that sibling (or appended), so
// a run of added siblings, the usual append, needs no nextId at all.
func nextStaying(n *html.Node) *html.Node {
	for x := n.NextSibling; x != nil; x = x.NextSibling {
		if xn := capture.NodeOf(x); has(xn, bitEmitted) && !has(xn, bitRoot) && x.Type != html.DocumentNode {
			return x
		}
	}
	return nil
}

// flatten appends sn as rrweb's recorder sends added subtrees: one add per
// node, parent first, children without their own children (the replayer
// builds added nodes with skipChild). The children of a node added here have
// no other siblings in the replay, so they follow in document order and are
// appended (nextId null): one id less per node than placing each before
// its right sibling, about a tenth of a gzip-compressed mutation.
func flatten(out []capture.AddedNode, parentID, nextID int, sn *capture.SNode) []capture.AddedNode {
	children := sn.ChildNodes
	sn.ChildNodes = nil
	out = append(out, capture.AddedNode{ParentID: parentID, NextID: nextID, Node: sn})
	for _, c := range children {
		out = flatten(out, sn.ID, 0, c)
	}
	return out
}

// fresh reports whether n was serialized in this flush (its text and
// attributes are in an add already).
func (s *Session) fresh(n *capture.Node) bool { return epochOf(n) == s.epoch }

func (s *Session) texts() []capture.TextMutation {
	if len(s.pend.texts) == 0 {
		return nil
	}
	out := make([]capture.TextMutation, 0, len(s.pend.texts))
	for _, n := range s.pend.texts {
		if !s.attached(n) || !has(n, bitEmitted) || s.fresh(n) || n.Type != html.TextNode {
			continue
		}
		if keyTextShows(n, &s.pend.pads) {
			s.stats.Dropped++ // as a key's attribute changes (pressShows)
			continue
		}
		v, _ := s.out(fieldText, decisionOf(n), n, "", n.Data)
		h := shownHash(v)
		if v == inputMask && has(n, bitShownMask) || h == n.Shown {
			// Typed into an editing host, or a counter of what is typed
			// whose masked form is the same: the replayer shows it
			// already, so the count and timing of keystrokes never leave
			// the page through it (as for a masked control's input).
			s.stats.Dropped++
			continue
		}
		n.Shown = h
		noteShownMask(n, v)
		out = append(out, capture.TextMutation{ID: n.ID, Value: v})
	}
	return out
}

// shownHash is a hash of a text as sent in a text mutation (FNV-1a), never
// 0, which Shown holds for a text emitted otherwise (whole, in a snapshot
// or an added subtree): only a text mutation compares with it. A collision
// leaves the replay one change behind; it shows nothing more.
func shownHash(v string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(v); i++ {
		h = (h ^ uint32(v[i])) * 16777619
	}
	return h | 1
}

// noteShownMask notes whether text node n is shown as inputMask from now on.
func noteShownMask(n *capture.Node, shown string) {
	if shown == inputMask {
		setBit(n, bitShownMask)
	} else {
		n.Mark &^= bitShownMask
	}
}

func (s *Session) attributeChanges() []capture.AttributeMutation {
	if len(s.pend.attrs) == 0 {
		return nil
	}
	out := make([]capture.AttributeMutation, 0, len(s.pend.attrs))
	var rows attrMutationRows
	// Most nodes change one attribute: each list starts with room for one,
	// cut from one array (an append past it copies).
	room := make([]capture.AttrChange, len(s.pend.attrs))
	var nodes []*capture.Node // each row's node
	for _, a := range s.pend.attrs {
		n := a.n
		if !s.attached(n) || !has(n, bitEmitted) || s.fresh(n) {
			continue
		}
		if decisionOf(n).Block && (a.name != "class" || decisionOf(capture.NodeOf(n.Parent)).Block) {
			continue // a placeholder shows only its class
		}
		if pressShows(n) {
			continue
		}
		i := rows.find(n, out)
		if i < 0 {
			i = len(out)
			rows.add(n, i)
			out = append(out, capture.AttributeMutation{ID: n.ID, Attributes: room[:0:1]})
			nodes = append(nodes, n)
			room = room[1:]
		}
		outName, _ := s.out(fieldAttrName, decisionOf(n), n, "", a.name)
		outName = replayAttrName(&n.Node, outName)
		if seenAttr(out[i].Attributes, outName) {
			continue
		}
		change := capture.AttrChange{Name: outName, Removed: true}
		if d := decisionOf(n); presenceIsInput(s.attrClassOf(&n.Node, a.name), a.name) &&
			(!d.RevealInput || d.Floor || d.Block) {
			change.Name = "" // its presence was never sent: neither is its removal
		}
		for _, at := range n.Attr {
			if attrName(at) == a.name {
				v, ok := s.out(fieldAttr, decisionOf(n), n, a.name, at.Val)
				if !ok {
					change = capture.AttrChange{}
				} else {
					change = capture.AttrChange{Name: change.Name, Value: v}
				}
				break
			}
		}
		if change.Name != "" {
			out[i].Attributes = append(out[i].Attributes, change)
		}
	}
	for _, a := range s.pend.attrs {
		clearBit(a.n, bitAttrRow)
	}
	kept := out[:0]
	for i, m := range out {
		if len(m.Attributes) > 0 && !s.shownAgain(nodes[i], m.Attributes) {
			kept = append(kept, m)
		}
	}
	return kept
}

// shownAgain reports whether the one attribute change of element n is, as
// masked, the one last sent for it (a meter's aria-valuenow masked the same
// at each keystroke: the replayer shows it already, and sending it would
// tell the count and timing of the keystrokes), and notes what is sent.
// Two changes at once, or an element emitted whole since, compare with
// nothing (Shown 0).
func (s *Session) shownAgain(n *capture.Node, changes []capture.AttrChange) bool {
	if len(changes) != 1 {
		n.Shown = 0
		return false
	}
	c := changes[0]
	h := shownHash(c.Name) ^ shownHash(c.Value)*31
	if c.Removed {
		h = ^h
	}
	h |= 1
	if h == n.Shown {
		s.stats.Dropped++
		return true
	}
	n.Shown = h
	return false
}

// attrMutationRows finds a node's row among the attribute mutations being built.
// Most nodes change once per batch, so the usual answer is "none", read from
// the node's bitAttrRow; a node seen before is most often the last row. Only
// a batch that comes back to earlier nodes builds a map, once (a map made on
// every flush was a fifth of a batch of 1,000 class toggles in WebAssembly).
type attrMutationRows struct {
	byID map[int]int
}

// find returns n's row in out, -1 if it has none.
func (r *attrMutationRows) find(n *capture.Node, out []capture.AttributeMutation) int {
	if !has(n, bitAttrRow) {
		return -1
	}
	if last := len(out) - 1; out[last].ID == n.ID {
		return last
	}
	if r.byID == nil {
		r.byID = make(map[int]int, len(out))
		for i, m := range out {
			r.byID[m.ID] = i
		}
	}
	if i, ok := r.byID[n.ID]; ok {
		return i
	}
	return -1
}

// add notes that row i of out is n's.
func (r *attrMutationRows) add(n *capture.Node, i int) {
	setBit(n, bitAttrRow)
	if r.byID != nil {
		r.byID[n.ID] = i
	}
}

func seenAttr(list []capture.AttrChange, name string) bool {
	for _, c := range list {
		if c.Name == name {
			return true
		}
	}
	return false
}

// clearBatch drops the per-batch marks.
func (s *Session) clearBatch(roots []*capture.Node) {
	for _, list := range [][]*capture.Node{s.pend.added, s.pend.moved, s.pend.removed, s.pend.texts, s.pend.redo, roots} {
		for _, n := range list {
			n.Mark &^= batchBits
			if n.Parent != nil {
				capture.NodeOf(n.Parent).Mark &^= bitListed
			}
		}
	}
}
