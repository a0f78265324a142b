package ingest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// pendingReads records the sessions whose waiting batches were read.
type pendingReads struct {
	store.Store
	mu  sync.Mutex
	ids map[string]bool
}

func (p *pendingReads) PendingBatches(ctx context.Context, id string) ([]store.Batch, error) {
	p.mu.Lock()
	p.ids[id] = true
	p.mu.Unlock()
	return p.Store.PendingBatches(ctx, id)
}

func (p *pendingReads) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := slices.Sorted(maps.Keys(p.ids))
	p.ids = map[string]bool{}
	return out
}

// A round of the gap sweep read every waiting batch of every session with
// one waiting, whether its gap had timed out or not: with 256 MiB waiting
// (the cap), every 15 s, on every collector. It reads the sessions whose
// oldest waiting batch arrived GapTimeout ago or more: at the timeout, and
// none a millisecond before it.
func TestGapRoundReadsWhatTimedOut(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	for _, tc := range []struct {
		name  string
		after time.Duration
		read  []string
	}{
		{"a millisecond before the timeout", DefaultGapTimeout - time.Millisecond, nil},
		{"at the timeout", DefaultGapTimeout, []string{sid("due")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, clk := &pendingReads{Store: backends[0].open(t), ids: map[string]bool{}}, newClock()
			c := newCollector(t, st, clk)
			due := sid("due")
			c.accept(due, 0, rec[0])
			c.accept(due, 2, rec[2]) // seq 1 never comes
			clk.Advance(time.Second)
			const waiting = 50 // sessions with a batch waiting, not yet due
			for i := range waiting {
				s := sid("waits" + string(rune('a'+i%26)) + string(rune('a'+i/26)))
				c.accept(s, 0, rec[0])
				c.accept(s, 2, rec[2])
			}
			clk.Advance(tc.after - time.Second)
			st.take()
			require.NoError(t, c.e.ResolveGaps(context.Background()))
			require.Equal(t, tc.read, st.take(), "sessions whose waiting batches were read")
			require.Equal(t, int64(len(tc.read)), c.obs.gaps.Load(), "gaps given up on")
		})
	}
}

// failingPending fails reading the waiting batches of one session.
type failingPending struct {
	store.Store
	bad string
	on  bool
}

func (f *failingPending) PendingBatches(ctx context.Context, id string) ([]store.Batch, error) {
	if f.on && id == f.bad {
		return nil, errors.New("a store fault on this session's rows")
	}
	return f.Store.PendingBatches(ctx, id)
}

// One session whose gap cannot be resolved (a store fault on its rows, a
// batch that no longer opens) stopped the whole round at it: every other
// session's gap waited behind it, round after round, and their waiting bytes
// piled up towards the all-sessions cap (503 for every batch that runs
// ahead). The round goes on past it and reports the failure.
func TestGapRoundGoesOnPastAFailingSession(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	bad, good := sid("bad"), sid("good")
	st, clk := &failingPending{Store: backends[0].open(t), bad: bad}, newClock()
	c := newCollector(t, st, clk)
	for _, id := range []string{bad, good} { // bad waits first, so it is read first
		c.accept(id, 0, rec[0])
		c.accept(id, 2, rec[2]) // seq 1 never comes
		clk.Advance(time.Millisecond)
	}
	clk.Advance(DefaultGapTimeout)
	st.on = true
	err := c.e.ResolveGaps(context.Background())
	require.ErrorContains(t, err, "a store fault")
	require.Equal(t, int64(1), c.obs.gaps.Load(), "the good session's gap is given up on all the same")
	require.Zero(t, sessionRow(t, st, good).Pending, "its waiting batch went on")
}
