package masking

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// benchPage generates an account-style page of about n nodes: rows of
// labelled values, links, inputs and images, as session replay meets them.
func benchPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Account</title><style>.row{background:url(/bg.png?v=1)}.x::after{content:"note"}</style></head><body><main id="app">`)
	for i := 0; b.Len() < n*22; i++ { // ~22 bytes of markup per node
		fmt.Fprintf(&b, `<div class="row r%d"><span class="label">Name %d</span> <a href="/user/%d?session=abc#top" title="Profile of user %d">Jane Doe %d</a>`+
			`<input name="email%d" value="jane%d@example.com"><img src="/a/%d.png" alt="avatar" width="32" height="32"></div>`+"\n",
			i%7, i, i, i, i, i, i, i)
	}
	b.WriteString(`</main></body></html>`)
	return []byte(b.String())
}

func nodeCount(doc *html.Node) int {
	n := 1
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		n += nodeCount(c)
	}
	return n
}

var benchSizes = []int{1000, 10000, 50000}

func benchRules(b *testing.B, js string) *rules.Set {
	r, err := rules.Parse([]byte(js))
	if err != nil {
		b.Fatal(err)
	}
	set, err := rules.Compile(r)
	if err != nil {
		b.Fatal(err)
	}
	return set
}

const benchAllowList = `{"mode":"allow-list","allow":["main",".label","#search","nav a"],"mask":[".r3 a",".account"],
"block":["#chat",".ads"],"hideInteractions":[".pin"],"attributes":{"allow":["title"]}}`

// BenchmarkParseHTML is the yardstick: x/net/html parsing the same page.
func BenchmarkParseHTML(b *testing.B) {
	for _, size := range benchSizes {
		page := benchPage(size)
		doc, _ := html.Parse(bytes.NewReader(page))
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			b.ReportMetric(float64(nodeCount(doc)), "nodes")
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := html.Parse(bytes.NewReader(page)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSnapshot masks a full snapshot the way the worker does: decode
// the raw batch, build the mirror, decide, serialize and write rrweb JSON.
func BenchmarkSnapshot(b *testing.B) {
	for _, rs := range []struct{ name, js string }{{"mask-all", `{}`}, {"allow-list", benchAllowList}, {"block-list", `{"mode":"block-list"}`}} {
		set := benchRules(b, rs.js)
		for _, size := range benchSizes {
			page := benchPage(size)
			batch, err := capture.FromHTML(bytes.NewReader(page), "https://shop.example/account?id=1", 1)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(rs.name+"/"+strconv.Itoa(size), func(b *testing.B) {
				b.SetBytes(int64(len(page)))
				b.ReportAllocs()
				var out []byte
				for b.Loop() {
					events, err := NewSession(set).Write(batch)
					if err != nil {
						b.Fatal(err)
					}
					out = capture.AppendEvents(out[:0], events)
				}
				b.ReportMetric(float64(len(out))/float64(len(page)), "out/in")
			})
		}
	}
}

// BenchmarkMutations masks mutation batches on a 10k-node page: appended
// rows, 5k text changes, 5k attribute toggles.
func BenchmarkMutations(b *testing.B) {
	set := benchRules(b, benchAllowList)
	page := benchPage(10000)
	snap, err := capture.FromHTML(bytes.NewReader(page), "https://shop.example/", 1)
	if err != nil {
		b.Fatal(err)
	}
	mirror := capture.NewMirror()
	rd, _ := capture.NewReader(snap)
	var op capture.Op
	maxID := 0
	var texts, elems []int
	for rd.Next(&op) == nil {
		n, _ := mirror.Apply(&op)
		if n != nil {
			maxID = max(maxID, n.ID)
			switch n.Type {
			case html.TextNode:
				texts = append(texts, n.ID)
			case html.ElementNode:
				if n.Data == "span" {
					elems = append(elems, n.ID)
				}
			}
		}
	}
	mainID, firstID := 0, 0
	for id := 1; id <= maxID; id++ {
		if n := mirror.Node(id); n != nil && n.Data == "main" {
			mainID, firstID = id, capture.NodeOf(n.FirstChild).ID
		}
	}
	workloads := map[string]func(w *capture.Writer, round int){
		"append-100-rows": func(w *capture.Writer, round int) {
			id := maxID + 1 + round*1000
			for i := 0; i < 100; i++ {
				w.Node(id, mainID, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "div", Attrs: []html.Attribute{{Key: "class", Val: "row"}}})
				w.Node(id+1, id, 0, &capture.NodeData{Kind: capture.KindText, Data: "New row with Jane Doe"})
				id += 2
			}
		},
		// inserted in front of one sibling, one Node op each: a run of
		// added siblings shares its nextId (was quadratic in the run)
		"insert-5k-before-a-sibling": func(w *capture.Writer, round int) {
			id := maxID + 1 + round*5000
			for i := 0; i < 5000; i++ {
				w.Node(id+i, mainID, firstID, &capture.NodeData{Kind: capture.KindElement, Tag: "hr"})
			}
		},
		"5k-texts": func(w *capture.Writer, round int) {
			for _, id := range texts[:min(5000, len(texts))] {
				w.Text(id, "changed "+strconv.Itoa(round))
			}
		},
		"5k-attributes": func(w *capture.Writer, round int) {
			for i, id := range elems {
				if i == 5000 {
					break
				}
				w.Attr(id, "class", "label on"+strconv.Itoa(round%2))
			}
		},
	}
	for name, fill := range workloads {
		b.Run(name, func(b *testing.B) {
			s := NewSession(set)
			if _, err := s.Write(snap); err != nil {
				b.Fatal(err)
			}
			round := 0
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				w := capture.NewWriter(2)
				fill(w, round)
				w.MutationEnd(2)
				batch := w.Bytes()
				round++
				if (name == "append-100-rows" || name == "insert-5k-before-a-sibling") && round%20 == 0 { // keep the page from growing without bound
					b.StartTimer()
					s = NewSession(set)
					s.Write(snap)
					round = 0
					continue
				}
				b.StartTimer()
				events, err := s.Write(batch)
				if err != nil {
					b.Fatal(err)
				}
				_ = capture.AppendEvents(nil, events)
			}
		})
	}
}
