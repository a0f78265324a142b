package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/rules"
)

// TestDecodeCostCountsStringsAndDepth: a batch's estimated decoding memory
// grows with its string bytes and its depth sum, not only its tokens; gzip
// and plain bodies cost the same; a batch whose estimate is over all of the
// decoding memory is refused with 413 (at the limit it is accepted).
func TestDecodeCostCountsStringsAndDepth(t *testing.T) {
	text := []byte(`["` + strings.Repeat("a", 1<<20) + `"]`)
	flat := []byte("[" + strings.Repeat("0,", 1000) + "0]")
	deep := []byte(strings.Repeat("[", 1000) + strings.Repeat("]", 1000))
	costOf := func(body []byte) int64 {
		t.Helper()
		plain, u, status, msg := inflate(body)
		require.Zero(t, status, msg)
		return decodeCost(plain, u)
	}
	assert.GreaterOrEqual(t, costOf(text), int64(StringByteCost<<20), "a megabyte of text")
	assert.Equal(t, costOf(text), costOf(gz(text)), "gzip or plain")
	// 1002 tokens, 2003 bytes, no strings, 1000 commas at depth 1
	assert.Equal(t, int64(1002*TokenCost+2003+1000*DepthCost), costOf(flat), "tokens, text and depth")
	assert.GreaterOrEqual(t, costOf(deep), int64(DepthCost*999*1000/2), "1000 levels deep: quadratic")
	assert.Less(t, costOf(flat), costOf(deep), "same tokens, deeper, costlier")

	rec := record(t, rules.MaskAll())
	body := gz(capture.AppendEvents(nil, rec[0]))
	cost := costOf(body)
	for _, c := range []struct {
		memory int64
		want   int
	}{{cost, http.StatusNoContent}, {cost - 1, http.StatusRequestEntityTooLarge}} {
		e := newEnv(t, func(o *Options) { o.Ingest.Memory = c.memory })
		code, msg, _ := e.sendFull(q("shop", sid("costly"), 0), body)
		assert.Equal(t, c.want, code, msg)
		if c.want == http.StatusRequestEntityTooLarge {
			assert.Contains(t, msg, "estimated")
		}
	}
}

// TestDepthSumBudgetAtAndOver: a body's depth sum may reach its budget
// (BaseDepthSum + DepthSumPerByte × bytes sent) and not one more; a page
// 1000 elements deep in 2.5 KiB of gzip is refused with 413 before it is
// decoded, and a normal recording is not.
func TestDepthSumBudgetAtAndOver(t *testing.T) {
	text := []byte(`[[1,2],[3]]`) // sums 5
	at := jsonx.DepthMeter{Limit: 5}
	_, err := at.Write(text)
	assert.NoError(t, err, "at the limit")
	over := jsonx.DepthMeter{Limit: 4}
	_, err = over.Write(text)
	assert.Error(t, err, "one over")
	assert.Equal(t, int64(BaseDepthSum+DepthSumPerByte*100), depthBudget(100))
	assert.Equal(t, depthBudget(MaxBodyBytes), depthBudget(MaxBodyBytes+1), "bounded by the largest body")

	var deep strings.Builder
	deep.WriteString(`[{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[`)
	for range 1000 {
		deep.WriteString(`{"type":2,"tagName":"div","attributes":{},"childNodes":[`)
	}
	for i := range 1000 {
		deep.WriteString(`],"id":` + strconv.Itoa(10+i) + `}`)
	}
	deep.WriteString(`]},"initialOffset":{"top":0,"left":0}},"timestamp":1}]`)
	body := gz([]byte(deep.String()))
	require.Less(t, len(body), 4096)
	e := newEnv(t)
	code, msg, _ := e.sendFull(q("shop", sid("deepdom"), 0), body)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code, msg)
	assert.Contains(t, msg, "depth sum")
	rec := record(t, rules.MaskAll())
	code, msg, _ = e.sendFull(q("shop", sid("normal"), 0), gz(capture.AppendEvents(nil, rec[0])))
	assert.Equal(t, http.StatusNoContent, code, msg)
}
