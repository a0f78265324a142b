package capture

// nodeTable maps node ids to the Mirror's nodes. The recorder numbers nodes
// 1, 2, 3, … as it meets them, so most ids index a slice directly (no hashing,
// no rehashing as a snapshot grows); ids far beyond the number of nodes held
// (a long-lived page whose ids kept climbing, or a batch that names id 2^53)
// go to a map, so that memory stays proportional to the nodes held, never to
// the largest id. It is not safe for concurrent use.
type nodeTable struct {
	dense  []*Node       // by id; nil where no node
	sparse map[int]*Node // ids that did not fit dense when inserted
	count  int
}

// denseSlack is how far beyond denseRatio × nodes held the slice may reach:
// room for a small page's ids before any node is held.
const (
	denseSlack = 1 << 12
	denseRatio = 8 // slice entries per node held, at most (8 B each)
)

// get returns the node under id, nil if none. (Not inlined: it is called
// from many places, and each inlined copy costs the WebAssembly engine.)
//
//go:noinline
func (t *nodeTable) get(id int) *Node {
	if uint(id) < uint(len(t.dense)) {
		if n := t.dense[id]; n != nil {
			return n
		}
	}
	if len(t.sparse) == 0 {
		return nil
	}
	return t.sparse[id]
}

// put adds n under id, which must not be held.
func (t *nodeTable) put(id int, n *Node) {
	t.count++
	if id >= 0 && id < len(t.dense) {
		t.dense[id] = n
		return
	}
	if id >= 0 && id < denseRatio*t.count+denseSlack {
		size := max(id+1, 2*len(t.dense), 64)
		size = min(size, denseRatio*t.count+denseSlack)
		grown := make([]*Node, size)
		copy(grown, t.dense)
		t.dense = grown
		t.dense[id] = n
		return
	}
	if t.sparse == nil {
		t.sparse = make(map[int]*Node)
	}
	t.sparse[id] = n
}

// del removes id, if held.
func (t *nodeTable) del(id int) {
	if uint(id) < uint(len(t.dense)) && t.dense[id] != nil {
		t.dense[id] = nil
		t.count--
		return
	}
	if _, ok := t.sparse[id]; ok {
		delete(t.sparse, id)
		t.count--
	}
}

// reset forgets every node; the slice keeps its room for the next snapshot.
func (t *nodeTable) reset() {
	clear(t.dense)
	clear(t.sparse)
	t.count = 0
}
