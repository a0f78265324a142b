package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Deletions share WAL checkpoints: each checkpointed on its own, about 8 ms
// of the write lock (fsync) for 3 ms of deletion, and a flood of visitor
// deletions held the lock most of each second. CheckpointBurst deletions
// one after another each get a checkpoint at once; past the burst, many at
// once share checkpoints begun at most CheckpointsPerSecond a second, and
// when each returns, what it deleted has left both files all the same.
func TestDeletionsShareCheckpoints(t *testing.T) {
	db := filepath.Join(t.TempDir(), "veil.db")
	s, err := Open(db)
	require.NoError(t, err)
	defer s.Close()
	sq := s
	ran := func() int64 {
		sq.cps.mu.Lock()
		defer sq.cps.mu.Unlock()
		return sq.cps.ran
	}
	id := func(i int) string { return "flood-session-" + strconv.Itoa(i) }
	const flood = 40
	for i := range CheckpointBurst + flood {
		newSession(t, s, "shop", id(i), t0)
	}
	// At the burst: one after another, a checkpoint each, none waiting.
	start := time.Now()
	for i := range CheckpointBurst {
		found, err := s.DeleteSession(bg, id(i), AuditEntry{})
		require.NoError(t, err)
		require.True(t, found)
	}
	assert.Equal(t, int64(CheckpointBurst), ran())
	assert.Less(t, time.Since(start), time.Second/CheckpointsPerSecond*CheckpointBurst/2, "the burst waits for no token")
	// Over it: 40 at once share checkpoints, paced.
	start = time.Now()
	var wg sync.WaitGroup
	for i := CheckpointBurst; i < CheckpointBurst+flood; i++ {
		wg.Go(func() {
			found, err := s.DeleteSession(bg, id(i), AuditEntry{})
			assert.NoError(t, err)
			assert.True(t, found)
		})
	}
	wg.Wait()
	took := time.Since(start)
	// One token may have come back while the burst ran, and one is begun
	// before the time counted here ends.
	paced := 2 + int64(took.Seconds()*CheckpointsPerSecond)
	assert.LessOrEqual(t, ran()-CheckpointBurst, paced, "%d deletions at once over %v", flood, took)
	for _, f := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for i := range CheckpointBurst + flood {
			assert.False(t, bytes.Contains(b, []byte(id(i))), "%s holds %s", filepath.Base(f), id(i))
		}
	}
}
