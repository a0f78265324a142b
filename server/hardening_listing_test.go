package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// sessionsReads counts what listings ask the store.
type sessionsReads struct {
	store.Store
	mu      sync.Mutex
	queries []store.SessionFilter
	rows    int
}

func (c *sessionsReads) Sessions(ctx context.Context, f store.SessionFilter) ([]store.Session, error) {
	list, err := c.Store.Sessions(ctx, f)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queries = append(c.queries, f)
	c.rows += len(list)
	return list, err
}

// A listing filtered by insights (duration, errors, rage and dead clicks,
// browser, OS, device, width) reads at most MaxFindScan sessions, in the
// listing's order, and matches them in Go; its next cursor goes on. The
// filter was SQL: one that matched nothing read every session of the
// store in one request (1,000,000 sessions: 0.35-0.94 s a request, and the
// unfiltered listing of a token of every application 2.5 s, any viewer,
// as often as it liked).
func TestListingFilterReadsABoundedWindow(t *testing.T) {
	reads := &sessionsReads{}
	e := newEnv(t, func(o *Options) { reads.Store = o.Store; o.Store = reads })
	db, err := sql.Open("sqlite", e.db)
	require.NoError(t, err)
	tx, err := db.Begin()
	require.NoError(t, err)
	n := MaxFindScan + findChunk + 1
	base := e.clock.Now().UnixMilli()
	for i := range n {
		_, err := tx.Exec(`INSERT INTO sessions (id, app, first_seen, last_seen, width) VALUES (?, 'shop', ?, ?, ?)`,
			"window-session-"+strconv.Itoa(i), base+int64(i), base+int64(i), 800)
		require.NoError(t, err)
	}
	// the oldest one matches
	_, err = tx.Exec(`UPDATE sessions SET width = 2000 WHERE id = 'window-session-0'`)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	require.NoError(t, db.Close())
	tok := e.token(auth.Replay, "*")

	get := func(path string) (int, string, string) {
		req, err := http.NewRequest("GET", e.ts.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out []map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		ids := ""
		for _, x := range out {
			ids += x["id"].(string) + " "
		}
		return resp.StatusCode, ids, resp.Header.Get("Veil-Next-Cursor")
	}
	reads.mu.Lock()
	reads.queries, reads.rows = nil, 0
	reads.mu.Unlock()
	code, found, next := get("/api/sessions?minWidth=1000")
	require.Equal(t, 200, code)
	assert.Empty(t, found, "the match is past the window")
	require.NotEmpty(t, next, "the next page goes on from the window's end")
	reads.mu.Lock()
	assert.Equal(t, MaxFindScan, reads.rows, "at most MaxFindScan sessions read")
	for _, q := range reads.queries {
		assert.Equal(t, store.InsightFilter{}, q.Insights, "no insight filter in the store's query")
		assert.LessOrEqual(t, q.Limit, findChunk)
	}
	reads.mu.Unlock()
	code, found, next = get("/api/sessions?minWidth=1000&cursor=" + next)
	require.Equal(t, 200, code)
	assert.Equal(t, "window-session-0 ", found)
	assert.Empty(t, next)
}
