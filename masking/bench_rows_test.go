package masking

import (
	"strconv"
	"testing"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/rules"
)

// The browser bench's page (e2e/testdata/bench/bench.html) under the
// browser tests' mask-all configuration, as the recorder sends it: raw
// batches made with capture.Writer, masked by Session.Write (reusing its
// events' memory) and written by capture.AppendEvents, as wasm/engine.go
// does.

const rowsMaskAll = `{"application": "bench", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}}`

// rowNodes is what one row adds: div, span, text, " ", span, text, " ", b, text.
const rowNodes = 9

func rowsSet(b *testing.B) *rules.Set {
	rec, err := config.Parse([]byte(rowsMaskAll))
	if err != nil {
		b.Fatal(err)
	}
	compiled, err := rec.Compile()
	if err != nil {
		b.Fatal(err)
	}
	return compiled.RecordingSet()
}

// writeRow writes one bench row with id as its div under parent; it
// returns the next free id.
func writeRow(w *capture.Writer, id, parent, n int) int {
	el := func(parent int, tag string, attrs ...string) int {
		d := &capture.NodeData{Kind: capture.KindElement, Tag: tag}
		for i := 0; i+1 < len(attrs); i += 2 {
			d.Attrs = append(d.Attrs, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
		}
		w.Node(id, parent, 0, d)
		id++
		return id - 1
	}
	text := func(parent int, s string) {
		w.Node(id, parent, 0, &capture.NodeData{Kind: capture.KindText, Data: s})
		id++
	}
	s := strconv.Itoa(n)
	row := el(parent, "div", "class", "row r"+strconv.Itoa(n%7), "data-i", s)
	text(el(row, "span", "class", "name"), "Customer "+s)
	text(row, " ")
	text(el(row, "span", "title", "t"+s), "order "+strconv.Itoa(n*3))
	text(row, " ")
	text(el(row, "b"), "€ "+strconv.Itoa(n*7%1000))
	return id
}

// benchPageStart begins a full snapshot of the bench page: the document,
// its head and body, and an empty #root (id 6) in the body.
func benchPageStart(t0 int64) *capture.Writer {
	w := capture.NewWriter(t0)
	w.SnapshotStart(t0, "https://bench.example/page", 1280, 800, 0, 0)
	w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.Node(2, 1, 0, &capture.NodeData{Kind: capture.KindDoctype, Name: "html"})
	w.Node(3, 1, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "html"})
	w.Node(4, 3, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "head"})
	w.Node(5, 3, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "body"})
	w.Node(6, 5, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "div", Attrs: []html.Attribute{{Key: "id", Val: "root"}}})
	return w
}

// rowsSnapshot is a full snapshot of about nodes nodes of bench rows under
// #root; it returns the batch, #root's id and the first free id.
func rowsSnapshot(nodes int) (batch []byte, root, next int) {
	const t0 = 1_700_000_000_000
	w := benchPageStart(t0)
	id := 7
	for n := 0; id+rowNodes <= nodes; n++ {
		id = writeRow(w, id, 6, n)
	}
	w.SnapshotEnd(t0 + 1)
	return w.Bytes(), 6, id
}

// BenchmarkRowsSnapshot masks the bench page's full snapshot.
func BenchmarkRowsSnapshot(b *testing.B) {
	set := rowsSet(b)
	for _, size := range []int{1000, 10000} {
		batch, _, _ := rowsSnapshot(size)
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			b.ReportAllocs()
			var out []byte
			for b.Loop() {
				s := NewSession(set)
				s.ReuseEvents()
				events, err := s.Write(batch)
				if err != nil {
					b.Fatal(err)
				}
				out = capture.AppendEvents(out[:0], events)
			}
			b.ReportMetric(float64(len(out)), "out-bytes")
		})
	}
}

// BenchmarkRowsMutations masks the bench's mutation batches on a 10k-node
// page: 100 appended rows (900 nodes), 1,000 class toggles, 1,000 text
// changes.
func BenchmarkRowsMutations(b *testing.B) {
	set := rowsSet(b)
	snap, root, first := rowsSnapshot(10000)
	rows := (first - 7) / rowNodes
	workloads := []struct {
		name string
		fill func(w *capture.Writer, round int)
	}{
		{"append-100-rows", func(w *capture.Writer, round int) {
			id := first + round*100*rowNodes
			for i := 0; i < 100; i++ {
				id = writeRow(w, id, root, 100000+round*100+i)
			}
		}},
		{"1k-toggles", func(w *capture.Writer, round int) {
			for i := 0; i < 1000; i++ {
				n := i % rows
				class := "row r" + strconv.Itoa(n%7)
				if round%2 == 0 {
					class += " on"
				}
				w.Attr(7+n*rowNodes, "class", class)
			}
		}},
		{"1k-texts", func(w *capture.Writer, round int) {
			for i := 0; i < 1000; i++ {
				w.Text(7+(i%rows)*rowNodes+2, "Renamed "+strconv.Itoa(round*1000+i))
			}
		}},
	}
	for _, wl := range workloads {
		b.Run(wl.name, func(b *testing.B) {
			s := NewSession(set)
			s.ReuseEvents()
			if _, err := s.Write(snap); err != nil {
				b.Fatal(err)
			}
			round := 0
			b.ReportAllocs()
			var out []byte
			for b.Loop() {
				b.StopTimer()
				if round == 20 { // keep the page from growing without bound
					s = NewSession(set)
					s.ReuseEvents()
					if _, err := s.Write(snap); err != nil {
						b.Fatal(err)
					}
					round = 0
				}
				w := capture.NewWriter(2)
				wl.fill(w, round)
				w.MutationEnd(2)
				batch := w.Bytes()
				round++
				b.StartTimer()
				events, err := s.Write(batch)
				if err != nil {
					b.Fatal(err)
				}
				out = capture.AppendEvents(out[:0], events)
			}
			b.ReportMetric(float64(len(out)), "out-bytes")
		})
	}
}
