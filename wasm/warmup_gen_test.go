package main

import (
	"bytes"
	"flag"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

var updateWarmUp = flag.Bool("update", false, "rewrite the embedded warm-up batches")

// The embedded batches are what warmUpBatches makes; go test ./wasm -update
// rewrites them after a change here.
func TestWarmUpBatchesAreCurrent(t *testing.T) {
	b := warmUpBatches(warmUpRows)
	files := []string{"warmup-page.raw", "warmup-mutations.raw"}
	for i, name := range files {
		if *updateWarmUp {
			require.NoError(t, os.WriteFile(name, b[i], 0o644))
		}
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		require.True(t, bytes.Equal(b[i], got), "%s is stale: run go test ./wasm -update", name)
	}
}

// warmUpBatches is a page with the usual kinds of content (text, structural
// and masked attributes, a form, an image, a stylesheet), then a batch of
// the mutations a page makes (text and attribute changes, added and removed
// rows, typing).
func warmUpBatches(rows int) [][]byte {
	const t0 = 1_700_000_000_000
	w := capture.NewWriter(t0)
	w.SnapshotStart(t0, "https://warm-up.invalid/page?q=1#f", 1280, 800, 0, 0)
	id := 0
	node := func(parent int, d *capture.NodeData) int {
		id++
		w.Node(id, parent, 0, d)
		return id
	}
	el := func(parent int, tag string, attrs ...string) int {
		d := &capture.NodeData{Kind: capture.KindElement, Tag: tag}
		for i := 0; i+1 < len(attrs); i += 2 {
			d.Attrs = append(d.Attrs, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
		}
		return node(parent, d)
	}
	text := func(parent int, s string) int {
		return node(parent, &capture.NodeData{Kind: capture.KindText, Data: s})
	}
	doc := node(0, &capture.NodeData{Kind: capture.KindDocument})
	node(doc, &capture.NodeData{Kind: capture.KindDoctype, Name: "html"})
	htm := el(doc, "html", "lang", "en")
	head := el(htm, "head")
	text(el(head, "title"), "Warm-up page")
	text(el(head, "style"), `.row{color:red;background:url("/a.png")} .r0::after{content:"x"}`)
	el(head, "link", "rel", "stylesheet", "href", "/s.css?v=1", "_cssText", "body{margin:0}")
	body := el(htm, "body", "class", "page")
	form := el(body, "form", "action", "/send?token=t")
	input := el(form, "input", "type", "text", "name", "q", "value", "query", "placeholder", "Search")
	el(form, "input", "type", "password", "name", "pw")
	text(el(el(form, "select", "name", "s"), "option", "value", "a", "selected", ""), "Option A")
	el(body, "img", "src", "/i.png?u=2", "alt", "Image", "width", "10", "height", "10")
	list := el(body, "div", "id", "root")
	firstRow := id + 1
	for i := 0; i < rows; i++ {
		n := strconv.Itoa(i)
		row := el(list, "div", "class", "row r"+n, "data-i", n)
		text(el(row, "span", "class", "name"), "Customer "+n)
		text(row, " ")
		text(el(row, "span", "title", "t"+n), "order "+n)
		text(row, " ")
		text(el(row, "b"), "€ "+n)
	}
	w.SnapshotEnd(t0 + 1)
	first := w.Bytes()

	w = capture.NewWriter(t0 + 2)
	const rowNodes = 9
	for i := 0; i < rows; i++ {
		row := firstRow + i*rowNodes
		w.Text(row+2, "Renamed "+strconv.Itoa(i))
		w.Attr(row, "class", "row on")
	}
	for i := 0; i < rows/10; i++ {
		w.Remove(firstRow + i*rowNodes)
	}
	for i := 0; i < rows/10; i++ {
		id++
		w.Node(id, list, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "p", Attrs: []html.Attribute{{Key: "class", Val: "added"}}})
		id++
		w.Node(id, id-1, 0, &capture.NodeData{Kind: capture.KindText, Data: "Added " + strconv.Itoa(i)})
	}
	w.MutationEnd(t0 + 3)
	for i := 1; i <= 20; i++ {
		w.Input(t0+3+int64(i), input, "typed text"[:i%10+1], false)
	}
	w.Mouse(t0+30, 2, input, 10, 10, 0)
	w.Scroll(t0+31, doc, 0, 100)
	return [][]byte{first, w.Bytes()}
}
