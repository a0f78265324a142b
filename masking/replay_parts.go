package masking

import "github.com/veil-replay/veil/capture"

// joinSnapshotParts undoes capture.SplitTrees before Replay masks stored
// events: a FullSnapshot (or a same-origin frame's attached document)
// followed by Mutations of the same timestamp that only append nodes under
// nodes it holds becomes one tree again. Playback rules may be stricter than
// the recording's and may depend on what follows a node or what it holds
// (`:has()`, `~`, `:nth-last-child`, `:empty`, `:contains()`): decided on a
// first part alone, a node whose deciding child was cut off would be sent in
// clear before the part that masks it arrives.
//
// The events are not modified: joined trees are copies. A part that does not
// fit (an add with a nextId, an unknown parent, a node id already used, any
// other change) ends the joining, and it and what follows are kept as they
// are. Safe for concurrent use on distinct slices.
func joinSnapshotParts(events []capture.Event) []capture.Event {
	var out []capture.Event // nil until a tree is joined
	done := 0               // events[:done] are in out
	for i := 0; i < len(events); i++ {
		root := partsRoot(events[i])
		if root == nil || i+1 == len(events) || !isPart(events[i+1], events[i].Timestamp) {
			continue
		}
		index := map[int]*capture.SNode{}
		tree := copyIndexed(root, index)
		j := i + 1
		for ; j < len(events) && isPart(events[j], events[i].Timestamp); j++ {
			if !appendPart(events[j].Data.(capture.MutationData).Adds, index) {
				break
			}
		}
		if j == i+1 {
			continue
		}
		out = append(out, events[done:i]...)
		out = append(out, withRoot(events[i], tree))
		done, i = j, j-1
	}
	if out == nil {
		return events
	}
	return append(out, events[done:]...)
}

// partsRoot returns the tree of an event SplitTrees may have cut: a
// FullSnapshot's Document, or the document of an attached frame.
func partsRoot(e capture.Event) *capture.SNode {
	switch d := e.Data.(type) {
	case capture.FullSnapshotData:
		return d.Node
	case capture.MutationData:
		if d.IsAttachIframe && len(d.Adds) == 1 && len(d.Removes) == 0 && len(d.Texts) == 0 && len(d.Attributes) == 0 {
			return d.Adds[0].Node
		}
	}
	return nil
}

// isPart reports whether e looks like a part SplitTrees cut off a tree of
// time t: a Mutation at t holding appended nodes and nothing else.
func isPart(e capture.Event, t int64) bool {
	d, ok := e.Data.(capture.MutationData)
	return ok && e.Timestamp == t && !d.IsAttachIframe && len(d.Adds) > 0 &&
		len(d.Removes) == 0 && len(d.Texts) == 0 && len(d.Attributes) == 0
}

// appendPart appends the copies of adds to their parents in index, or
// changes nothing and reports false when one of them does not fit.
func appendPart(adds []capture.AddedNode, index map[int]*capture.SNode) bool {
	fresh := map[int]bool{}
	for _, a := range adds {
		if a.Node == nil || a.NextID != 0 || index[a.Node.ID] != nil || fresh[a.Node.ID] ||
			index[a.ParentID] == nil && !fresh[a.ParentID] || !freshIDs(a.Node, index, fresh) {
			return false
		}
	}
	for _, a := range adds {
		p := index[a.ParentID]
		p.ChildNodes = append(p.ChildNodes, copyIndexed(a.Node, index))
	}
	return true
}

// freshIDs records the ids of the tree at n in fresh, reporting false when
// one is in index or fresh already.
func freshIDs(n *capture.SNode, index map[int]*capture.SNode, fresh map[int]bool) bool {
	if index[n.ID] != nil || fresh[n.ID] {
		return false
	}
	fresh[n.ID] = true
	for _, c := range n.ChildNodes {
		if c == nil || !freshIDs(c, index, fresh) {
			return false
		}
	}
	return true
}

// copyIndexed copies the tree at n (nodes and child lists; attributes are
// shared, never changed) and indexes the copies by id.
func copyIndexed(n *capture.SNode, index map[int]*capture.SNode) *capture.SNode {
	cp := *n
	cp.ChildNodes = nil
	for _, c := range n.ChildNodes {
		if c != nil {
			cp.ChildNodes = append(cp.ChildNodes, copyIndexed(c, index))
		}
	}
	index[cp.ID] = &cp
	return &cp
}

// withRoot returns e with its tree replaced by tree.
func withRoot(e capture.Event, tree *capture.SNode) capture.Event {
	switch d := e.Data.(type) {
	case capture.FullSnapshotData:
		d.Node = tree
		e.Data = d
	case capture.MutationData:
		add := d.Adds[0]
		add.Node = tree
		d.Adds = []capture.AddedNode{add}
		e.Data = d
	}
	return e
}
