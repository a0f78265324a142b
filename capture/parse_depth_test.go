package capture

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nested is a full snapshot whose document holds depth elements each inside
// the previous one; broken, the innermost lacks its id.
func nested(depth int, broken bool) []byte {
	var b strings.Builder
	b.WriteString(`[{"type":2,"timestamp":1,"data":{"initialOffset":{"left":0,"top":0},"node":{"type":0,"id":1,"childNodes":[`)
	for i := range depth {
		id := `,"id":` + strconv.Itoa(i+2)
		if broken && i == depth-1 {
			id = ""
		}
		b.WriteString(`{"type":2,"tagName":"div","attributes":{}` + id + `,"childNodes":[`)
	}
	b.WriteString(strings.Repeat("]}", depth))
	b.WriteString(`]}}}]`)
	return []byte(b.String())
}

// TestParseEventsNamesDeepNodes: an error deep in a snapshot names the node's
// whole path, though paths are built only on error.
func TestParseEventsNamesDeepNodes(t *testing.T) {
	_, err := ParseEvents(nested(3, true))
	require.Error(t, err)
	assert.Equal(t, "capture: event 0: data.node.childNodes[0].childNodes[0].childNodes[0].id: missing", err.Error())
}

// TestParseEventsCostIsLinearInDepth: decoding a deep snapshot allocates in
// proportion to its nodes, not to nodes × depth (a path string per node
// made a 1000-deep batch cost hundreds of megabytes).
func TestParseEventsCostIsLinearInDepth(t *testing.T) {
	perNode := func(depth int) float64 {
		doc := nested(depth, false)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 3 {
			if _, err := ParseEvents(doc); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / 3 / float64(depth)
	}
	shallow, deep := perNode(100), perNode(1000)
	assert.Less(t, deep, shallow*1.5, "bytes allocated per node at depth 1000 (%.0f) against depth 100 (%.0f)", deep, shallow)
}
