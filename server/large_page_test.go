package server

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
)

// largePage is a page of about n nodes: rows of labelled links and inputs.
func largePage(n int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Accounts</title></head><body><main>`)
	for i := 0; i < n/9; i++ {
		b.WriteString(`<div class="row"><span class="label">Name ` + strconv.Itoa(i) + `</span> <a href="/u/` + strconv.Itoa(i) +
			`">Jane Doe</a><input name="email" value="jane@example.com"></div>` + "\n")
	}
	b.WriteString(`</main></body></html>`)
	return b.String()
}

// TestLargePageInParts: a page whose snapshot is over what one batch may
// hold (it is refused whole, 413) is taken when the engine sends it in the
// parts capture.SplitTrees makes, and the collector stores the whole page.
func TestLargePageInParts(t *testing.T) {
	for name, page := range map[string]string{"rows": largePage(50000), "nested 120 deep": deepPage(50000, 120)} {
		t.Run(name, func(t *testing.T) { testLargePageInParts(t, page) })
	}
}

// deepPage is a page of about n nodes in chains of depth nested elements,
// each with a text: the collector's decoding estimate grows with depth.
func deepPage(n, depth int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Deep</title></head><body><main>`)
	for i := 0; i < n/(2*depth); i++ {
		b.WriteString(strings.Repeat(`<div class="d">x`, depth) + strings.Repeat(`</div>`, depth) + "\n")
	}
	b.WriteString(`</main></body></html>`)
	return b.String()
}

func testLargePageInParts(t *testing.T, page string) {
	e := newEnv(t)
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	raw, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", t0)
	require.NoError(t, err)
	events, err := masking.NewSession(set).Write(raw)
	require.NoError(t, err)
	nodes := 0
	for _, ev := range events {
		if d, ok := ev.Data.(capture.FullSnapshotData); ok {
			nodes = countSNodes(d.Node)
		}
	}
	require.Greater(t, nodes, 44000)

	code, msg, _ := e.sendFull(q("shop", sid("whole"), 0), gz(capture.AppendEvents(nil, events)))
	require.Equal(t, 413, code, "the snapshot in one batch: %s", msg)

	parts := capture.SplitTrees(events, capture.SplitLimit)
	require.Greater(t, len(parts), 1, "cut into parts")
	for i, p := range parts {
		c, m, _ := e.sendFull(q("shop", sid("parts"), i), gz(capture.AppendEvents(nil, p)))
		require.Equal(t, 204, c, "part %d of %d (%d events): %s", i, len(parts), len(p), m)
	}
	stored := 0
	for _, text := range e.storedText(sid("parts")) {
		evs, err := capture.ParseEvents([]byte(text))
		require.NoError(t, err)
		for _, ev := range evs {
			switch d := ev.Data.(type) {
			case capture.FullSnapshotData:
				stored += countSNodes(d.Node)
			case capture.MutationData:
				stored += len(d.Adds)
			}
		}
	}
	assert.Equal(t, nodes, stored, "every node of the page stored once")
	n, err := e.st.StoredBatches(context.Background(), sid("parts"))
	require.NoError(t, err)
	assert.Len(t, n, len(parts))
}

// TestSplitLimitFitsIngest: a part capture.SplitTrees makes (measured as
// written, as ingest measures it) is within what ingest takes.
func TestSplitLimitFitsIngest(t *testing.T) {
	assert.LessOrEqual(t, capture.SplitLimit.Tokens, MaxBatchTokens-16<<10)
	assert.LessOrEqual(t, capture.SplitLimit.Bytes, MaxDecodedBytes-4<<20)
	assert.LessOrEqual(t, capture.SplitLimit.Memory, IngestMemory-4<<20)
	assert.Equal(t, TokenCost, capture.IngestCost.Token, "the engine estimates decoding as ingest does")
	assert.Equal(t, StringByteCost, capture.IngestCost.StringByte)
	assert.Equal(t, DepthCost, capture.IngestCost.Depth)
}

func countSNodes(n *capture.SNode) int {
	c := 1
	for _, ch := range n.ChildNodes {
		c += countSNodes(ch)
	}
	return c
}
