package capture

import (
	"math"

	"github.com/veil-replay/veil/internal/jsonx"
)

// PartLimit bounds one part of SplitTrees: the JSON tokens (scalars, object
// keys, array and object openings, as a collector counts them), an estimate
// of the JSON bytes of the nodes it holds, and an estimate of the memory a
// collector reserves to decode it (IngestCost).
type PartLimit struct {
	Tokens, Bytes, Memory int
}

// IngestCost is how a collector estimates the memory decoding a batch takes
// (a server test holds these to server.TokenCost, StringByteCost and
// DepthCost): per token, per byte of its strings, per unit of the sum of
// every token's nesting depth, plus one per other byte. DecodeMemory applies
// it; the collector and SplitTrees both use that one function.
var IngestCost = struct{ Token, StringByte, Depth int }{Token: 256, StringByte: 8, Depth: 4}

// DecodeMemory is IngestCost applied to a JSON text of length bytes whose
// tokens, string bytes and depth sum were counted (jsonx.Meter or Check,
// jsonx.DepthMeter).
func DecodeMemory(length int, u jsonx.Usage, depthSum int64) int64 {
	strs := int64(min(u.StringBytes, length))
	return int64(u.Tokens)*int64(IngestCost.Token) + strs*int64(IngestCost.StringByte) + (int64(length) - strs) +
		depthSum*int64(IngestCost.Depth)
}

// SplitLimit is what one part of a cut tree holds at most. A collector
// decodes a batch whole and bounds what that takes by the batch's tokens
// (server.MaxBatchTokens, 458,752), its inflated size (server.MaxDecodedBytes,
// 16 MiB) and the memory decoding it would take (server.IngestMemory,
// 128 MiB); a larger snapshot would be refused however often it was sent.
// A part is cut by an estimate, then measured as written (tokens, bytes and
// the collector's memory estimate, counted as it counts them) and cut
// shorter while it is over; a tree under half the limit or over 5/4 of it
// by the estimate is not measured whole. The margins leave room for what
// the collector adds. A
// snapshot node costs 7–15 tokens and 2–4 KiB of decoding memory,
// an added one 6 tokens more, so a part holds about 35,000 snapshot nodes of
// a typical page: a node sent as an add also costs about 1.7× the compressed
// bytes, and cutting by the collector's own bounds rather than by a node
// count keeps all but the largest pages in one snapshot.
var SplitLimit = PartLimit{Tokens: 440_000, Bytes: 12 << 20, Memory: 124 << 20}

// SplitTrees cuts events into parts that can be sent as batches of their
// own, in order: a FullSnapshot, or a same-origin frame's document (an
// isAttachIframe Mutation), over limit keeps its first nodes in document
// order, as many as limit allows, and the rest follow, each node alone (no
// children), as Mutation adds, as many as limit allows a part, with the
// snapshot's timestamp, each after its parent and its earlier siblings. The
// nodes cut off always end their parents' child lists, so appending them
// (no nextId) rebuilds the tree as it was: rrweb's
// Replayer, and Veil's masking at the collector, see the same document.
//
// Nothing is masked or changed here: the nodes are those events already
// hold, only regrouped. Events are not modified (the nodes on the way to a
// cut are copies; subtrees kept whole are shared). With no tree over limit
// the result is one part, events itself. Every part holds at least one
// node, whatever the limit. Safe for concurrent use.
func SplitTrees(events []Event, limit PartLimit) [][]Event {
	sp := splitter{limit: limit}
	sp.split(events)
	out := make([][]Event, len(sp.parts))
	for i, p := range sp.parts {
		out[i] = p.events
	}
	return out
}

// AppendSplit appends the parts of SplitTrees(events, limit) to dst, each
// a JSON array as AppendEvents writes it, and returns the end of each part
// in out and the number of events in all parts. The parts are measured
// where they are written: a large snapshot is serialized once, not once to
// measure and again to send. Safe for concurrent use.
func AppendSplit(dst []byte, events []Event, limit PartLimit) (out []byte, ends []int, count int) {
	sp := splitter{limit: limit, out: dst}
	sp.split(events)
	ends = make([]int, len(sp.parts))
	for i, p := range sp.parts {
		ends[i] = p.end
		count += len(p.events)
	}
	return sp.out, ends, count
}

// splitter writes the parts of a split one after the other into out;
// part i is out[parts[i-1].end:parts[i].end] (from the length of the
// buffer it was given for the first).
type splitter struct {
	limit PartLimit
	out   []byte
	parts []splitPart
	// The bytes from tentative on are events[start:tentativeEnd] as
	// measured, kept in case they turn out to be the last part whole;
	// tentative is -1 when there are none.
	tentative, tentativeEnd int
}

type splitPart struct {
	events []Event
	end    int
}

// write appends events as JSON after the parts kept (dropping tentative
// bytes) and returns where they start and what they cost.
func (sp *splitter) write(events []Event) (from int, c partCost) {
	from = sp.append(events)
	return from, measure(sp.out[from:])
}

// append is write without the measure.
func (sp *splitter) append(events []Event) (from int) {
	if sp.tentative >= 0 {
		sp.out = sp.out[:sp.tentative]
		sp.tentative = -1
	}
	from = len(sp.out)
	sp.out = AppendEvents(sp.out, events)
	return from
}

// keep makes what write wrote last a part.
func (sp *splitter) keep(events []Event) {
	sp.parts = append(sp.parts, splitPart{events: events, end: len(sp.out)})
}

// writeWithin writes events and keeps them if they are within the limit;
// otherwise it takes them back.
func (sp *splitter) writeWithin(events []Event) bool {
	from, c := sp.write(events)
	if c.over(sp.limit) {
		sp.out = sp.out[:from]
		return false
	}
	sp.keep(events)
	return true
}

func (sp *splitter) split(events []Event) {
	limit := sp.limit
	sp.tentative = -1
	start := 0 // events[start:i] are not yet in a part
	for i, e := range events {
		root, rebuild := treeOf(e)
		if root == nil {
			continue
		}
		// The tree shares its part with the events before it.
		before, treeLimit := events[start:i:i], limit
		if len(before) > 0 {
			from, c := sp.write(before)
			sp.out = sp.out[:from]
			treeLimit = limit.minus(c)
		}
		// Far below the limit by the estimate, a tree is not measured as
		// written; far over it, it is not either.
		est, over := treeOver(root, treeLimit.scaled(5, 4))
		if est.within(treeLimit, 1, 2) {
			continue
		}
		if !over {
			from, c := sp.write(append(before, e))
			if !c.over(limit) {
				sp.tentative, sp.tentativeEnd = from, i+1
				continue
			}
			sp.out = sp.out[:from]
		}
		if treeLimit.Tokens < limit.Tokens/2 || treeLimit.Bytes < limit.Bytes/2 || treeLimit.Memory < limit.Memory/2 {
			sp.append(before)
			sp.keep(before)
			before, treeLimit = nil, limit
		}
		// The cut follows the estimate; the part as written is measured, and
		// cut shorter while the estimate fell short (deep trees, escapes).
		// A part of one node alone is kept whatever it measures.
		for {
			kept, rest := cutTree(root, treeLimit)
			part := append(before, rebuild(kept))
			if len(kept.ChildNodes) == 0 {
				sp.append(part)
				sp.keep(part)
			} else if !sp.writeWithin(part) {
				treeLimit = treeLimit.scaled(9, 10)
				continue
			}
			sp.writeAdds(e.Timestamp, rest)
			break
		}
		start = i + 1
	}
	if start < len(events) || len(sp.parts) == 0 {
		if sp.tentative < 0 || sp.tentativeEnd != len(events) {
			sp.append(events[start:])
		}
		sp.tentative = -1
		sp.keep(events[start:])
	}
}

// writeAdds writes rest as parts of adds, as many as the limit allows a
// part (one at least).
func (sp *splitter) writeAdds(t int64, rest []AddedNode) {
	for len(rest) > 0 {
		n := addsThatFit(rest, sp.limit)
		for {
			adds := []Event{addsEvent(t, rest[:n:n])}
			if n == 1 {
				sp.append(adds)
				sp.keep(adds)
				break
			}
			if sp.writeWithin(adds) {
				break
			}
			n = n * 9 / 10
		}
		rest = rest[n:]
	}
}

func addsEvent(t int64, adds []AddedNode) Event {
	return Event{Type: IncrementalSnapshot, Timestamp: t, Data: MutationData{Adds: adds}}
}

// measure counts what a collector counts of json: its tokens, its bytes and
// the memory it estimates decoding it takes (server/cost.go's decodeCost).
func measure(json []byte) partCost {
	m := jsonx.NewMeter(jsonx.Budget{})
	if _, err := m.Write(json); err != nil {
		return partCost{tokens: math.MaxInt / 4, bytes: math.MaxInt / 4, memory: math.MaxInt / 4}
	}
	var d jsonx.DepthMeter
	d.Write(json)
	u := m.Usage()
	return partCost{tokens: u.Tokens, bytes: len(json), memory: int(DecodeMemory(len(json), u, d.Sum()))}
}

func (l PartLimit) minus(c partCost) PartLimit {
	return PartLimit{Tokens: l.Tokens - c.tokens, Bytes: l.Bytes - c.bytes, Memory: l.Memory - c.memory}
}

func (l PartLimit) scaled(num, den int) PartLimit {
	return PartLimit{Tokens: l.Tokens / den * num, Bytes: l.Bytes / den * num, Memory: l.Memory / den * num}
}

// addCost is what an add costs beyond its node: {"parentId":…,"nextId":null,"node":…}.
const (
	addTokens = 6
	addBytes  = 56
)

// addsThatFit counts the adds at the front of rest that fit one part (at
// least one).
func addsThatFit(rest []AddedNode, limit PartLimit) int {
	var c partCost
	for i, a := range rest {
		c.add(a.Node, addDepth)
		if i > 0 && c.over(limit) {
			return i
		}
	}
	return len(rest)
}

// partCost sums the tokens, estimated bytes and estimated decoding memory
// of nodes.
type partCost struct{ tokens, bytes, memory int }

func (c partCost) over(l PartLimit) bool {
	return c.tokens > l.Tokens || c.bytes > l.Bytes || c.memory > l.Memory
}

// within reports whether c is at most num/den of l in every measure.
func (c partCost) within(l PartLimit, num, den int) bool {
	return c.tokens <= l.Tokens/den*num && c.bytes <= l.Bytes/den*num && c.memory <= l.Memory/den*num
}

// addDepth marks a node counted as the node of an add; 0 and up are the
// depths of snapshot nodes (the tree's root 0). addJSONDepth is the JSON
// nesting of an add's node's attributes, and of any other event's members
// at most but for trees.
const (
	addDepth     = -1
	addJSONDepth = 8
)

// add counts n alone (not its children), written as a snapshot node at
// depth (its root 0) or as the node of an add (addDepth). The tokens are
// those AppendEvents writes (a test holds them to jsonx's count); the bytes
// count every string once plus a fixed share for the members' names and
// numbers, not escapes; the memory is the collector's estimate with every
// byte counted as a string byte and every token at the depth of the node's
// attributes (two JSON levels a DOM level below the event's node).
func (c *partCost) add(n *SNode, depth int) {
	asAdd := depth == addDepth
	t, b := 3, 20 // {"id":N} and a comma
	switch n.Type {
	case DocumentNode:
		t, b = t+4, b+24
	case DocumentTypeNode:
		dt := doctypeOf(n)
		t, b = t+8, b+44+len(dt.Name)+len(dt.PublicID)+len(dt.SystemID)
	case ElementNode:
		t, b = t+8+2*len(n.Attributes), b+50+len(n.TagName)
		for _, a := range n.Attributes {
			b += len(a.Name) + len(a.Value) + 6
		}
	default:
		t, b = t+4, b+26+len(n.TextContent)
	}
	for _, set := range [...]bool{n.IsSVG, n.NeedBlock, n.IsStyle, n.IsShadowHost, n.IsShadow, n.RootID != 0} {
		if set {
			t, b = t+2, b+22
		}
	}
	jsonDepth := addJSONDepth
	if asAdd {
		t, b = t+addTokens, b+addBytes
	} else {
		jsonDepth = 6 + 2*depth
	}
	c.tokens += t
	c.bytes += b
	c.memory += t*IngestCost.Token + b*IngestCost.StringByte + t*jsonDepth*IngestCost.Depth
}

// treeOf returns the tree of e when it carries one SplitTrees may cut, and
// how to make e again around a cut copy of it.
func treeOf(e Event) (*SNode, func(*SNode) Event) {
	switch d := e.Data.(type) {
	case FullSnapshotData:
		if d.Node != nil {
			return d.Node, func(n *SNode) Event { d.Node = n; e.Data = d; return e }
		}
	case MutationData:
		if d.IsAttachIframe && len(d.Adds) == 1 && len(d.Removes) == 0 && len(d.Texts) == 0 && len(d.Attributes) == 0 &&
			d.Adds[0].Node != nil {
			return d.Adds[0].Node, func(n *SNode) Event {
				add := d.Adds[0]
				add.Node = n
				d.Adds = []AddedNode{add}
				e.Data = d
				return e
			}
		}
	}
	return nil, nil
}

// treeOver estimates the tree at n, reporting whether it is over limit and
// stopping as soon as it is.
func treeOver(n *SNode, limit PartLimit) (partCost, bool) {
	var c partCost
	var walk func(n *SNode, depth int) bool
	walk = func(n *SNode, depth int) bool {
		if n == nil {
			return false
		}
		c.add(n, depth)
		if c.over(limit) {
			return true
		}
		for _, ch := range n.ChildNodes {
			if walk(ch, depth+1) {
				return true
			}
		}
		return false
	}
	over := walk(n, 0)
	return c, over
}

// cutTree keeps the first nodes of the tree at root in document order that
// fit limit (the root always; a node that lost children is a copy)
// and returns the others as adds without children, each after its parent
// and after its earlier siblings.
func cutTree(root *SNode, limit PartLimit) (*SNode, []AddedNode) {
	c := cutter{limit: limit}
	c.cost.add(root, 0)
	kept := c.keep(root, 0)
	return kept, c.flatten()
}

type cutter struct {
	limit PartLimit
	cost  partCost    // of the nodes kept
	full  bool        // nothing more is kept
	cut   []AddedNode // the subtrees not kept, in document order, whole
}

func (c *cutter) keep(n *SNode, depth int) *SNode {
	// A subtree kept whole is shared, not copied: only the nodes on the
	// way to the cut get copies with fewer children.
	var kids []*SNode
	changed := false
	for i, ch := range n.ChildNodes {
		if !c.full {
			next := c.cost
			next.add(ch, depth+1)
			if !next.over(c.limit) {
				c.cost = next
				k := c.keep(ch, depth+1)
				if !changed && k != ch {
					kids, changed = append(kids, n.ChildNodes[:i]...), true
				}
				if changed {
					kids = append(kids, k)
				}
				continue
			}
			c.full = true
		}
		if !changed {
			kids, changed = append(kids, n.ChildNodes[:i]...), true
		}
		c.cut = append(c.cut, AddedNode{ParentID: n.ID, Node: ch})
	}
	if !changed {
		return n
	}
	cp := *n
	cp.ChildNodes = kids
	return &cp
}

// flatten lists the nodes of the cut subtrees generation by generation: the
// subtrees' roots, then their children, then theirs, each generation in
// document order. Siblings then sit next to each other under one parentId
// (a row's cells, a list's items), which compresses to about 13 % fewer
// bytes than document order, where parent and child alternate.
func (c *cutter) flatten() []AddedNode {
	// Breadth first from all the roots at once is generation by generation.
	rest := append([]AddedNode(nil), c.cut...)
	for k := 0; k < len(rest); k++ {
		n := rest[k].Node
		for _, ch := range n.ChildNodes {
			rest = append(rest, AddedNode{ParentID: n.ID, Node: ch})
		}
	}
	// The adds' nodes are copies without children, made in one allocation.
	flat := make([]SNode, len(rest))
	for k := range rest {
		flat[k] = *rest[k].Node
		flat[k].ChildNodes = nil
		rest[k].Node = &flat[k]
	}
	return rest
}
