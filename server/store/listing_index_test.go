package store

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/internal/pgtest"
)

// A listing reads sessions in its order from an index, also across
// applications and from a cursor: without sessions_seen every page of a
// token of every application sorted every session (2.5 s a request at
// 1,000,000 sessions), and a cursor read every session before it.
func TestSessionsListingUsesAnIndex(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "veil.db"))
	require.NoError(t, err)
	defer s.Close()
	for _, f := range []SessionFilter{
		{Limit: 101},
		{Apps: []string{"*"}, Limit: 501, After: &SessionCursor{LastSeen: t0, ID: "x"}},
		{App: "shop", Limit: 101, After: &SessionCursor{LastSeen: t0, ID: "x"}},
	} {
		q, args := sqliteSessionsQuery(f)
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q, args...)
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		require.NoError(t, rows.Err())
		rows.Close()
		text := strings.Join(plan, "; ")
		assert.Contains(t, text, "USING INDEX sessions_", "%+v: %s", f, text)
		assert.NotContains(t, text, "TEMP B-TREE FOR ORDER BY", "%+v: %s", f, text)
		if f.After != nil {
			assert.Contains(t, text, "last_seen<?", "%+v: the cursor starts the index range: %s", f, text)
		}
	}
}

func TestPostgresListingIndex(t *testing.T) {
	p := openPG(t, pgtest.Start(t))
	assert.Equal(t, 1, count(t, p, `SELECT count(*) FROM pg_indexes WHERE tablename = 'sessions' AND indexname = 'sessions_seen'`))
}

// SessionCounts (GET /api/apps, for any role that reads sessions) reads the
// count each application keeps, not the rows: it counted every session a
// request (85-100 ms at 1,000,000 sessions). Rows written behind the
// store's back are not counted, which shows it.
func TestSessionCountsReadNoRows(t *testing.T) {
	forEachBackend(t, func(t *testing.T, f fixture) {
		newSession(t, f.s, "shop", "a", t0)
		require.NoError(t, f.exec(`INSERT INTO sessions (id, app, first_seen, last_seen) VALUES ('behind-its-back', 'shop', 1, 1)`))
		got, err := f.s.SessionCounts(bg, []string{"*"})
		require.NoError(t, err)
		assert.Equal(t, map[string]int{"shop": 1}, got)
	})
}

// PendingBytes, which every in-order batch asks (drain) and every waiting
// one (wait), reads the session's row and the sum each application keeps,
// not every session with a waiting batch (100,000 of them: 83-177 ms a
// call). Rows written behind the store's back are not summed, which shows
// it.
func TestPendingBytesReadNoOtherSessions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, f fixture) {
		newSession(t, f.s, "shop", "a", t0)
		add(t, f.s, "shop", "a", 2, Pending, "12345", t0)
		require.NoError(t, f.exec(`INSERT INTO sessions (id, app, first_seen, last_seen, pending, pending_bytes) VALUES ('behind-its-back', 'shop', 1, 1, 1, 1000)`))
		requirePending(t, f.s, "shop", "a", 5, 5, 5)
	})
}
