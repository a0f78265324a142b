package server

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/store"
)

// slowGaps is a store whose gap rounds take until release is closed, as a
// round over thousands of sessions anyone left gaps in does, and which
// counts the settings polls.
type slowGaps struct {
	store.Store
	release chan struct{}
	rounds  atomic.Int64
	polls   atomic.Int64
}

func (s *slowGaps) PendingBefore(ctx context.Context, t time.Time) ([]string, error) {
	s.rounds.Add(1)
	select {
	case <-s.release:
	case <-ctx.Done():
	}
	return s.Store.PendingBefore(ctx, t)
}

func (s *slowGaps) SettingsVersion(ctx context.Context) (int64, error) {
	s.polls.Add(1)
	return s.Store.SettingsVersion(ctx)
}

// TestALongGapRoundHoldsUpNothingElse: gap rounds ran in one loop with the
// settings poll (a change made through another collector, due within
// SettingsPoll) and the retention sweep, and a round over many gaps —
// about 4 ms a session with a snapshot waiting, which anyone may leave at
// the new-session rates — held them up for as long as it lasted. While a
// round runs, the settings are polled all the same, and the deletions
// audited together are written at their cadence.
func TestALongGapRoundHoldsUpNothingElse(t *testing.T) {
	const poll = 20 * time.Millisecond
	db := filepath.Join(t.TempDir(), "veil.db")
	st, err := store.Open(db)
	require.NoError(t, err)
	slow := &slowGaps{Store: st, release: make(chan struct{})}
	e := newEnvOn(t, slow, db, testKeyLine, func(o *Options) { o.SettingsPoll = poll; o.GapTimeout = 2 * poll })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.srv.Run(ctx); close(done) }()
	defer func() { cancel(); close(slow.release); <-done }()

	require.Eventually(t, func() bool { return slow.rounds.Load() == 1 }, time.Second, time.Millisecond, "a round begins")
	polled := slow.polls.Load()
	e.srv.unitemized.add("shop")
	time.Sleep(20 * poll)
	assert.Equal(t, int64(1), slow.rounds.Load(), "the round still runs")
	assert.GreaterOrEqual(t, slow.polls.Load()-polled, int64(5), "settings polled meanwhile (every %v)", poll)
	_, together := visitorDeleteEntries(t, e)
	assert.Equal(t, []int{1}, together, "a deletion audited together meanwhile")
}
