package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/internal/pgtest"
)

func init() {
	contract = append(contract,
		contractCase{"AppBytes counts what sessions hold; Quota refuses a batch over it", contractQuota},
		contractCase{"Deletion and retention give stored bytes back", contractQuotaFreed},
		contractCase{"DeleteApp", contractDeleteApp})
}

func appBytes(t *testing.T, s Store, app string) int64 {
	t.Helper()
	n, err := s.AppBytes(bg, app)
	require.NoError(t, err)
	return n
}

// addQ adds a batch of session id (bound to "s-"+id) under quota.
func addQ(s Store, app, id string, seq int, state BatchState, data string, pages []string, quota int64) (bool, error) {
	return s.AddBatch(bg, Batch{App: app, Session: id, Seq: seq, State: state, Data: []byte(data), Received: t0},
		Delta{Seen: t0, Pages: pages, SecretHash: []byte("s-" + id), DataKey: []byte("k-" + id), Quota: quota})
}

func contractQuota(t *testing.T, f fixture) {
	s := f.s
	assert.Zero(t, appBytes(t, s, "shop"))
	newSession(t, s, "shop", "a", t0) // "sealed-a": 8 bytes
	want := int64(SessionRowBytes + BatchRowBytes + 8)
	require.Equal(t, want, appBytes(t, s, "shop"), "a session row, a batch row and its data")
	add(t, s, "shop", "a", 2, Pending, "12345", t0)
	want += BatchRowBytes + 5
	require.Equal(t, want, appBytes(t, s, "shop"), "a waiting batch")
	add(t, s, "shop", "a", 2, Stored, "1234567", t0)
	want += 7 - 5
	require.Equal(t, want, appBytes(t, s, "shop"), "stored in place of the waiting one: the same row")
	add(t, s, "shop", "a", 3, Dropped, "", t0)
	want += BatchRowBytes
	require.Equal(t, want, appBytes(t, s, "shop"), "a dropped batch: a row")
	_, err := addQ(s, "shop", "a", 4, Stored, "", []string{"https://shop.example/é"}, 0)
	require.NoError(t, err)
	want += BatchRowBytes + int64(len("https://shop.example/é"))
	require.Equal(t, want, appBytes(t, s, "shop"), "page URLs in bytes")
	assert.Zero(t, appBytes(t, s, "blog"), "another application")

	// At the quota: taken. One byte over: refused, nothing written.
	quota := want + BatchRowBytes + 10
	_, err = addQ(s, "shop", "a", 5, Stored, strings.Repeat("x", 11), nil, quota)
	var qe *QuotaError
	require.True(t, errors.As(err, &qe), "one over: %v", err)
	assert.ErrorIs(t, err, ErrQuota)
	assert.Equal(t, QuotaError{App: "shop", Used: want, Add: BatchRowBytes + 11, Quota: quota}, *qe)
	exists, err := s.BatchExists(bg, "a", 5)
	require.NoError(t, err)
	assert.False(t, exists, "refused: nothing written")
	require.Equal(t, want, appBytes(t, s, "shop"))
	added, err := addQ(s, "shop", "a", 5, Stored, strings.Repeat("x", 10), nil, quota)
	require.NoError(t, err, "at the quota")
	assert.True(t, added)
	require.Equal(t, quota, appBytes(t, s, "shop"))

	// A new session at the quota: refused, no row.
	_, err = addQ(s, "shop", "b", 0, Stored, "x", nil, quota)
	assert.ErrorIs(t, err, ErrQuota)
	_, ok, err := s.SessionAccess(bg, "b")
	require.NoError(t, err)
	assert.False(t, ok, "no session row for a refused new session")
	// A batch that adds nothing is never refused: a waiting batch dropped.
	_, err = addQ(s, "blog", "c", 0, Stored, "x", nil, 0)
	require.NoError(t, err)
	_, err = addQ(s, "blog", "c", 1, Pending, "12345", nil, 0)
	require.NoError(t, err)
	blog := appBytes(t, s, "blog")
	added, err = addQ(s, "blog", "c", 1, Dropped, "", nil, 1)
	require.NoError(t, err, "a dropped batch in place of a waiting one frees bytes")
	assert.True(t, added)
	assert.Equal(t, blog-5, appBytes(t, s, "blog"))
}

func contractQuotaFreed(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	add(t, s, "shop", "a", 2, Pending, "12345", t0)
	one := appBytes(t, s, "shop")
	newSession(t, s, "shop", "b", t0.AddDate(0, 0, -40))
	_, err := addQ(s, "shop", "b", 1, Stored, "xyz", []string{"https://shop.example/"}, 0)
	require.NoError(t, err)
	newSession(t, s, "blog", "c", t0)
	blog := appBytes(t, s, "blog")
	requireCounts(t, s, map[string]int{"shop": 2, "blog": 1})
	_, err = addQ(s, "shop", "b", 3, Pending, "1234", nil, 0)
	require.NoError(t, err)
	requirePending(t, s, "shop", "b", 4, 9, 9)
	requirePending(t, s, "blog", "c", 0, 0, 9)
	n, err := s.DeleteIdle(bg, "shop", t0.AddDate(0, 0, -35))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, one, appBytes(t, s, "shop"), "retention gives the expired session's bytes back")
	requireCounts(t, s, map[string]int{"shop": 1, "blog": 1})
	requirePending(t, s, "shop", "a", 5, 5, 5)
	found, err := s.DeleteSession(bg, "a", AuditEntry{Time: t0, Actor: "t", Action: "session.delete"})
	require.NoError(t, err)
	require.True(t, found)
	assert.Zero(t, appBytes(t, s, "shop"), "deletion gives every byte back")
	assert.Equal(t, blog, appBytes(t, s, "blog"), "another application keeps its count")
	requireCounts(t, s, map[string]int{"blog": 1})
	requirePending(t, s, "shop", "a", 0, 0, 0)

	// A deletion the caller audits with others writes no entry of its own.
	found, err = s.DeleteSession(bg, "c", AuditEntry{})
	require.NoError(t, err)
	require.True(t, found)
	log, err := s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	assert.Len(t, log, 1, "only the audited deletion")
}

func contractDeleteApp(t *testing.T, f fixture) {
	s := f.s
	require.NoError(t, s.PutSettings(bg, map[string][]byte{"shop": []byte(`{"s":1}`), "blog": []byte(`{"b":1}`)}, nil))
	newSession(t, s, "shop", "a", t0)
	newSession(t, s, "shop", "b", t0.AddDate(0, -2, 0)) // another month: another partition
	add(t, s, "shop", "a", 3, Pending, "p", t0)
	newSession(t, s, "blog", "c", t0)
	blog := appBytes(t, s, "blog")
	n, err := s.DeleteApp(bg, "shop", func(n int) AuditEntry {
		return AuditEntry{Time: t0, Actor: "tok1", Action: "app.delete", App: "shop", Detail: `{"sessions":` + string(rune('0'+n)) + `}`}
	})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	for _, id := range []string{"a", "b"} {
		_, ok, err := s.SessionAccess(bg, id)
		require.NoError(t, err)
		assert.False(t, ok, id)
		exists, err := s.BatchExists(bg, id, 0)
		require.NoError(t, err)
		assert.False(t, exists, id)
	}
	_, ok, err := s.Settings(bg, "shop")
	require.NoError(t, err)
	assert.False(t, ok, "settings gone")
	_, ok, err = s.Settings(bg, "blog")
	require.NoError(t, err)
	assert.True(t, ok, "another application's settings stay")
	assert.Zero(t, appBytes(t, s, "shop"))
	assert.Equal(t, blog, appBytes(t, s, "blog"))
	requireCounts(t, s, map[string]int{"blog": 1})
	stored, err := s.StoredBatches(bg, "c")
	require.NoError(t, err)
	assert.Len(t, stored, 1, "another application's sessions stay")
	log, err := s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, [3]string{"app.delete", "shop", `{"sessions":2}`}, [3]string{log[0].Action, log[0].App, log[0].Detail})

	// The name may be used again, from nothing.
	newSession(t, s, "shop", "d", t0)
	assert.Equal(t, int64(SessionRowBytes+BatchRowBytes+8), appBytes(t, s, "shop"))
	n, err = s.DeleteApp(bg, "nothing", func(n int) AuditEntry {
		return AuditEntry{Time: t0, Actor: "tok1", Action: "app.delete", App: "nothing"}
	})
	require.NoError(t, err)
	assert.Zero(t, n)
}

// requirePending checks PendingBytes of session, of app and of all.
func requirePending(t *testing.T, s Store, app, session string, mine, ofApp, total int64) {
	t.Helper()
	m, a, all, err := s.PendingBytes(bg, app, session)
	require.NoError(t, err)
	assert.Equal(t, [3]int64{mine, ofApp, total}, [3]int64{m, a, all}, "pending bytes of %s, of %s and of all", session, app)
}

// requireCounts checks SessionCounts, for every application and for each,
// against the session rows.
func requireCounts(t *testing.T, s Store, want map[string]int) {
	t.Helper()
	got, err := s.SessionCounts(bg, nil)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	for app, n := range want {
		one, err := s.SessionCounts(bg, []string{app})
		require.NoError(t, err)
		assert.Equal(t, map[string]int{app: n}, one)
		list, err := s.Sessions(bg, SessionFilter{App: app})
		require.NoError(t, err)
		assert.Len(t, list, n, app)
	}
}

// A database made before the count gains it, counted from its sessions:
// SQLite when it opens one without the table, PostgreSQL by migration 4,
// whose expression is pgUsage (a released step is never edited).
func TestAppBytesCountedOnUpgrade(t *testing.T) {
	assert.Contains(t, pgMigrations[3], "sum"+pgUsage, "migration 4 counts as pgUsage does")
	path := t.TempDir() + "/veil.db"
	s, err := Open(path)
	require.NoError(t, err)
	newSession(t, s, "shop", "a", t0)
	add(t, s, "shop", "a", 2, Pending, "12345", t0)
	newSession(t, s, "blog", "b", t0)
	want := appBytes(t, s, "shop")
	_, err = s.db.Exec(`DROP TABLE app_usage`)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	s, err = Open(path)
	require.NoError(t, err)
	assert.Equal(t, want, appBytes(t, s, "shop"))
	requireCounts(t, s, map[string]int{"shop": 1, "blog": 1})
	requirePending(t, s, "shop", "a", 5, 5, 5)

	// A table of bytes without the count of sessions gains it.
	_, err = s.db.Exec(`DROP TABLE app_usage`)
	require.NoError(t, err)
	_, err = s.db.Exec(`CREATE TABLE app_usage (app TEXT PRIMARY KEY, bytes INTEGER NOT NULL)`)
	require.NoError(t, err)
	_, err = s.db.Exec(`INSERT INTO app_usage VALUES ('shop', 7), ('blog', 9)`)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	s, err = Open(path)
	require.NoError(t, err)
	defer s.Close()
	requireCounts(t, s, map[string]int{"shop": 1, "blog": 1})
	requirePending(t, s, "shop", "a", 5, 5, 5)
	assert.Equal(t, int64(7), appBytes(t, s, "shop"), "the bytes kept")
	assert.Contains(t, pgMigrations[4], "count(*)", "migration 5 counts the sessions")
}

// A PostgreSQL database made before migrations 4 and 5 gains each
// application's stored bytes, count of sessions and bytes waiting, counted
// from its sessions as AddBatch would have kept them.
func TestPostgresUsageCountedOnUpgrade(t *testing.T) {
	dsn := pgtest.Start(t)
	all := pgMigrations
	pgMigrations = all[:3]
	old, err := OpenPostgres(bg, dsn)
	pgMigrations = all
	require.NoError(t, err)
	for _, q := range []string{
		`INSERT INTO sessions (id, app, first_seen, last_seen, pages, batches, pending, dropped, bytes, pending_bytes)
			VALUES ('a', 'shop', 1, 1, 'https://shop.example/é', 2, 1, 1, 100, 5), ('b', 'shop', 1, 1, '', 1, 0, 0, 10, 0),
			('c', 'blog', 1, 1, '', 0, 2, 0, 0, 7)`,
	} {
		_, err := old.db.Exec(bg, q)
		require.NoError(t, err)
	}
	old.Close()
	p := openPG(t, dsn)
	requireCounts(t, p, map[string]int{"shop": 2, "blog": 1})
	requirePending(t, p, "shop", "a", 5, 5, 12)
	requirePending(t, p, "blog", "c", 7, 7, 12)
	pages := int64(len("https://shop.example/é"))
	assert.Equal(t, int64(100+5+pages+SessionRowBytes+4*BatchRowBytes+10+SessionRowBytes+BatchRowBytes), appBytes(t, p, "shop"))
	assert.Equal(t, int64(7+SessionRowBytes+2*BatchRowBytes), appBytes(t, p, "blog"))
}
