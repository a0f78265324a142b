package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/internal/pgtest"
)

// plainOf returns a session's stored and decompressed bytes.
func plainOf(t *testing.T, s Store, id string) [2]int64 {
	t.Helper()
	x, ok, err := s.Session(bg, id)
	require.NoError(t, err)
	require.True(t, ok)
	return [2]int64{x.Bytes, x.PlainBytes}
}

// Stored batches are kept compressed: a session counts what it stores
// (Bytes, which the quota counts) apart from what its events take decoded
// (PlainBytes, which bounds a session and its replay). A batch that names no
// Plain was stored uncompressed; waiting and dropped batches decode nothing.
func TestPlainBytesKeptApart(t *testing.T) {
	forEachBackend(t, func(t *testing.T, f fixture) {
		newSession(t, f.s, "shop", "a", t0) // "sealed-a", no Plain
		_, err := f.s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 1, State: Stored, Data: []byte("0123456789"), Plain: 5000, Received: t0},
			Delta{Seen: t0, SecretHash: []byte("s-a")})
		require.NoError(t, err)
		add(t, f.s, "shop", "a", 3, Pending, "waits", t0)
		add(t, f.s, "shop", "a", 2, Dropped, "", t0)
		n := int64(len("sealed-a"))
		assert.Equal(t, [2]int64{n + 10, n + 5000}, plainOf(t, f.s, "a"), "stored, decoded")
	})
}

// A database made before batches were compressed gains PlainBytes equal to
// what its sessions store (their batches were stored uncompressed): SQLite
// when it opens one without the column, PostgreSQL by migration 6.
func TestPlainBytesCountedOnUpgrade(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := t.TempDir() + "/veil.db"
		s, err := Open(path)
		require.NoError(t, err)
		newSession(t, s, "shop", "a", t0)
		add(t, s, "shop", "a", 1, Stored, "0123456789", t0)
		_, err = s.db.Exec(`ALTER TABLE sessions DROP COLUMN plain_bytes`)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		s, err = Open(path)
		require.NoError(t, err)
		defer s.Close()
		n := int64(len("sealed-a") + 10)
		assert.Equal(t, [2]int64{n, n}, plainOf(t, s, "a"))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.Start(t)
		all := pgMigrations
		pgMigrations = all[:5]
		old, err := OpenPostgres(bg, dsn)
		pgMigrations = all
		require.NoError(t, err)
		_, err = old.db.Exec(bg, `INSERT INTO sessions (id, app, first_seen, last_seen, batches, bytes) VALUES ('a', 'shop', 1, 1, 2, 18)`)
		require.NoError(t, err)
		old.Close()
		p := openPG(t, dsn)
		assert.Equal(t, [2]int64{18, 18}, plainOf(t, p, "a"))
	})
}
