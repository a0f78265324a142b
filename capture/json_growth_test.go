package capture

import (
	"strconv"
	"testing"
)

// appendedRows is a Mutation event of rows appended as rrweb's recorder sends
// them (one add per node), about the JSON size of the browser bench's
// "append rows" workload when rows is 1,000 (~0.9 MB).
func appendedRows(rows int) Event {
	var adds []AddedNode
	id := 10000
	for r := range rows {
		div := id
		adds = append(adds, AddedNode{ParentID: 16, Node: &SNode{Type: ElementNode, ID: div, TagName: "div",
			Attributes: []Attr{{"class", "row r" + strconv.Itoa(r%7)}, {"data-i", "*****"}}}})
		for k := range 4 {
			el := div + 1 + 2*k
			adds = append(adds, AddedNode{ParentID: div, Node: &SNode{Type: ElementNode, ID: el, TagName: "span",
				Attributes: []Attr{{"title", "*****"}}}},
				AddedNode{ParentID: el, Node: &SNode{Type: TextNode, ID: el + 1, TextContent: "******** ******"}})
		}
		id += 9
	}
	return Event{Type: IncrementalSnapshot, Timestamp: 1, Data: MutationData{Adds: adds}}
}

// A megabyte of events written into a fresh buffer grows it by doubling:
// append's own growth (a quarter at a time past a few hundred bytes) went
// through about forty copies of everything written so far.
func TestAppendEventsLargeMutationGrowsByDoubling(t *testing.T) {
	es := []Event{appendedRows(1000)}
	out := AppendEvents(nil, es)
	if len(out) < 800<<10 {
		t.Fatalf("the event is %d bytes, want about a megabyte", len(out))
	}
	allocs := testing.AllocsPerRun(5, func() { AppendEvents(nil, es) })
	// 4 KiB doubled up to 1 MiB is 9 buffers; number formatting allocates nothing.
	if allocs > 12 {
		t.Fatalf("AppendEvents of %d bytes into a nil buffer allocated %v times, want at most 12", len(out), allocs)
	}
}

// A buffer with room for the output is used as it is.
func TestAppendEventsIntoRoomyBufferAllocatesNothing(t *testing.T) {
	es := []Event{appendedRows(100)}
	buf := make([]byte, 0, 2*len(AppendEvents(nil, es)))
	allocs := testing.AllocsPerRun(5, func() { AppendEvents(buf[:0], es) })
	if allocs != 0 {
		t.Fatalf("AppendEvents into a buffer with room allocated %v times, want 0", allocs)
	}
}

func BenchmarkAppendEventsMutation(b *testing.B) {
	es := []Event{appendedRows(1000)}
	b.SetBytes(int64(len(AppendEvents(nil, es))))
	b.Run("fresh buffer", func(b *testing.B) {
		for b.Loop() {
			AppendEvents(nil, es)
		}
	})
	b.Run("reused buffer", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = AppendEvents(buf[:0], es)
		}
	})
}
