package masking

import (
	"bytes"
	"strconv"
	"testing"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/config"
)

// reuseBatches is a page with SVG, a shadow root and bench rows, then
// batches that add rows, toggle classes, change texts, remove a row and
// take the snapshot again: nodes of one kind land where nodes of another
// were in the last batch.
func reuseBatches() [][]byte {
	const t0 = 1_700_000_000_000
	snap := func() []byte {
		w := benchPageStart(t0)
		id := 7
		for i := 0; i < 150; i++ {
			svg := id
			w.Node(id, 5, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "svg", Namespace: "svg",
				Attrs: []html.Attribute{{Key: "viewBox", Val: "0 0 10 10"}, {Key: "class", Val: "icon is-checked"}}})
			w.Node(id+1, svg, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "path", Namespace: "svg",
				Attrs: []html.Attribute{{Key: "d", Val: "M0 0L10 10"}}})
			w.Node(id+2, 5, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "span", Attrs: []html.Attribute{{Key: "data-veil-block", Val: ""}}})
			w.Node(id+3, id+2, 0, &capture.NodeData{Kind: capture.KindText, Data: "secret " + strconv.Itoa(i)})
			id += 4
		}
		host := id
		w.Node(host, 5, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "x-card"})
		w.Node(host+1, host, 0, &capture.NodeData{Kind: capture.KindShadowRoot})
		w.Node(host+2, host+1, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "b"})
		id = host + 3
		for n := 0; n < 50; n++ {
			id = writeRow(w, id, 6, n)
		}
		w.SnapshotEnd(t0 + 1)
		return w.Bytes()
	}
	out := [][]byte{snap()}
	id := 100000
	for round := 0; round < 3; round++ {
		first := id
		w := capture.NewWriter(t0 + 2)
		for i := 0; i < 120; i++ {
			id = writeRow(w, id, 6, 1000+round*120+i)
		}
		w.MutationEnd(t0 + 2)
		out = append(out, w.Bytes())
		w = capture.NewWriter(t0 + 3)
		for i := 0; i < 40; i++ {
			w.Attr(first+i*rowNodes, "class", "row on r"+strconv.Itoa(round))
			w.Text(first+i*rowNodes+2, "Renamed "+strconv.Itoa(round*40+i))
		}
		w.Remove(first + 50*rowNodes)
		w.MutationEnd(t0 + 3)
		out = append(out, w.Bytes())
	}
	return append(out, snap())
}

// TestReuseEventsSameBytes: a session that reuses its events' memory writes
// every batch's events byte for byte as one that does not, and hands its
// chunks out again.
func TestReuseEventsSameBytes(t *testing.T) {
	rec, err := config.Parse([]byte(rowsMaskAll))
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := rec.Compile()
	if err != nil {
		t.Fatal(err)
	}
	plain, reused := NewSession(compiled.RecordingSet()), NewSession(compiled.RecordingSet())
	reused.ReuseEvents()
	handedAgain := false
	for i, batch := range reuseBatches() {
		want, err := plain.Write(batch)
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		if len(reused.slab.free) > 0 {
			handedAgain = true
		}
		got, err := reused.Write(batch)
		if err != nil {
			t.Fatalf("batch %d (reused): %v", i, err)
		}
		w, g := capture.AppendEvents(nil, want), capture.AppendEvents(nil, got)
		if !bytes.Equal(w, g) {
			t.Fatalf("batch %d: reused memory wrote\n%.600s\nwhere a fresh session wrote\n%.600s", i, g, w)
		}
	}
	if !handedAgain {
		t.Fatal("no chunk was kept to hand out again")
	}
}
