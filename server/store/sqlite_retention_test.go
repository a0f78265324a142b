package store

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Retention and DeleteApp delete DeleteChunk sessions a transaction and let
// go of SQLite's write lock between them, so that batches of every other
// session are written meanwhile: one transaction of 200,000 sessions held
// the lock for 50 s, every ingest waiting behind it.
func TestSQLiteDeletesInChunks(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "veil.db"))
	require.NoError(t, err)
	defer s.Close()
	fill := func(app string, n int) { // as AddBatch would, in one transaction
		tx, err := s.db.Begin()
		require.NoError(t, err)
		for i := range n {
			id := app + "-" + strconv.Itoa(i)
			_, err := tx.Exec(`INSERT INTO sessions (id, app, first_seen, last_seen, batches, bytes) VALUES (?, ?, ?, ?, 1, 8)`, id, app, ms(t0), ms(t0))
			require.NoError(t, err)
			_, err = tx.Exec(`INSERT INTO batches (session, seq, state, data, received) VALUES (?, 0, ?, 'sealed-x', ?)`, id, Stored, ms(t0))
			require.NoError(t, err)
		}
		_, err = tx.Exec(`INSERT OR REPLACE INTO app_usage (app, bytes, sessions) SELECT app, sum(`+sqliteUsage+`), count(*) FROM sessions WHERE app = ?`, app)
		require.NoError(t, err)
		require.NoError(t, tx.Commit())
	}
	n := 2*DeleteChunk + 1
	fill("shop", n)
	fill("blog", DeleteChunk)
	chunks, others := 0, 0
	s.chunkDone = func() {
		chunks++
		others++
		// the write lock is free between transactions: another session's batch goes in
		require.True(t, s.wu.TryLock(), "the write lock is held between chunks")
		s.wu.Unlock()
		newSession(t, s, "other", "other-"+strconv.Itoa(others), t0.Add(time.Hour))
	}
	got, err := s.DeleteIdle(bg, "shop", t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, n, got)
	assert.Equal(t, 2, chunks, "two full chunks, then the last")
	requireCounts(t, s, map[string]int{"blog": DeleteChunk, "other": 2})
	assert.Zero(t, appBytes(t, s, "shop"))

	chunks = 0
	got, err = s.DeleteApp(bg, "blog", func(n int) AuditEntry { return AuditEntry{Time: t0, Actor: "t", Action: "app.delete", App: "blog"} })
	require.NoError(t, err)
	assert.Equal(t, DeleteChunk, got)
	assert.Equal(t, 1, chunks, "a full chunk, then an empty one")
	requireCounts(t, s, map[string]int{"other": 3})
}
