package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// TestLiveSessionsBoundedByBytes: the sessions held in memory are bounded by
// the estimated memory of their masking state, not only by their number;
// the least recently used go first, and one let go of is rebuilt from the
// store at its next batch and stores what masking in order stores.
func TestLiveSessionsBoundedByBytes(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)

	// the weight of one session after its first batch
	probe := newCollector(t, backends[0].open(t), newClock())
	probe.accept(sid("probe"), 0, rec[0])
	one := probe.e.HeldBytes()
	require.Positive(t, one)

	st := backends[0].open(t)
	c := newCollector(t, st, newClock(), func(cfg *Config) { cfg.MaxLiveBytes = 2 * one })
	for i := range 2 {
		c.accept(sid(fmt.Sprint("held", i)), 0, rec[0])
	}
	assert.Equal(t, 2, c.e.Held(), "two sessions at the limit")
	assert.Equal(t, 2*one, c.e.HeldBytes())
	c.accept(sid("held2"), 0, rec[0])
	assert.Equal(t, 2, c.e.Held(), "one over: the least recently used is let go of")
	assert.LessOrEqual(t, c.e.HeldBytes(), 2*one)
	assert.False(t, c.e.Holds(sid("held0")))
	assert.True(t, c.e.Holds(sid("held2")))

	before := c.obs.rebuildsSoFar()
	c.accept(sid("held0"), 1, rec[1])
	assert.Equal(t, before+1, c.obs.rebuildsSoFar(), "rebuilt from the store")
	assert.Equal(t, want[1], storedText(t, st, sid("held0"))[1])

	t.Run("a session over the limit alone", func(t *testing.T) {
		c := newCollector(t, backends[0].open(t), newClock(), func(cfg *Config) { cfg.MaxLiveBytes = one - 1 })
		c.accept(sid("alone"), 0, rec[0])
		assert.Zero(t, c.e.Held(), "let go of after its batch")
		assert.Zero(t, c.e.HeldBytes())
		c.accept(sid("alone"), 1, rec[1])
	})
}

// TestDroppedBatchLetsGoOfTheMaskingState: a batch that cannot be masked
// again is dropped and the session waits for its next full snapshot; the
// page it had built is let go of at once (a session whose batches are all
// dropped held whole pages, weighed as nothing), and the next snapshot
// starts afresh.
func TestDroppedBatchLetsGoOfTheMaskingState(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	c := newCollector(t, backends[0].open(t), newClock())
	s := sid("dropped")
	c.accept(s, 0, rec[0])
	l := c.e.live.m[s]
	require.Positive(t, l.rm.page.Len(), "the snapshot built a page")
	bad := []capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: rec[0][0].Timestamp + 1,
		Data: capture.MutationData{Texts: []capture.TextMutation{{ID: 1 << 40, Value: "x"}}}}}
	c.accept(s, 1, bad)
	assert.Equal(t, int64(1), c.obs.dropped.Load(), "a text change of a node that is not there is dropped")
	assert.Zero(t, l.rm.page.Len(), "the page is let go of")
	assert.Zero(t, c.e.HeldBytes())
}

// TestRebuildReservesItsMemory: rebuilding a session reserves the decoding
// memory of what it replays and gives it back when done; when the memory is
// taken now the batch is answered Busy (retried, nothing stored), and when
// the rebuild needs more than RebuildMemory the session is out of step
// until its next full snapshot (at the limit it is rebuilt).
func TestRebuildReservesItsMemory(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	cost := func(plain []byte) int64 { return int64(len(plain)) }
	var held, most int64
	reserve := func(busy bool) func(context.Context, int64) (func(), error) {
		return func(_ context.Context, n int64) (func(), error) {
			if busy {
				return nil, ErrBusy
			}
			held += n
			most = max(most, held)
			return func() { held -= n }, nil
		}
	}
	st := backends[0].open(t)
	a := newCollector(t, st, newClock())
	s := sid("reserve")
	for seq := range 3 {
		a.accept(s, seq, rec[seq])
	}
	texts := storedText(t, st, s)
	var replay int64 // what a rebuild at seq 3 replays: from the last full snapshot
	for seq := 2; seq >= 0; seq-- {
		replay += cost([]byte(texts[seq]))
		if strings.Contains(texts[seq], "\n{\"type\":2,") { // an event (one a line) that is a full snapshot
			break
		}
	}
	require.Positive(t, replay)

	busy := newCollector(t, st, newClock(), func(c *Config) { c.Reserve, c.Cost = reserve(true), cost })
	assert.Equal(t, Busy, busy.send(s, 3, rec[3]).Outcome, "memory taken: busy")
	assert.NotContains(t, storedText(t, st, s), 3, "nothing stored")

	over := newCollector(t, st, newClock(), func(c *Config) {
		c.Reserve, c.Cost, c.Limits.RebuildMemory = reserve(false), cost, replay-1
	})
	over.accept(s, 3, rec[3])
	assert.Equal(t, int64(1), over.obs.dropped.Load(), "one over RebuildMemory: out of step, dropped")
	assert.Zero(t, held)

	s2 := sid("reserve2")
	for seq := range 3 {
		a.accept(s2, seq, rec[seq])
	}
	at := newCollector(t, st, newClock(), func(c *Config) {
		c.Reserve, c.Cost, c.Limits.RebuildMemory = reserve(false), cost, replay
	})
	at.accept(s2, 3, rec[3])
	assert.Equal(t, want[3], storedText(t, st, s2)[3], "at the limit: rebuilt")
	assert.Equal(t, replay, most, "what it replayed was reserved")
	assert.Zero(t, held, "and given back")
}
