package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/veil-replay/veil/internal/pgtest"
)

// fixture is one empty store of a backend, with a way around the interface
// for what the contract says the database itself enforces.
type fixture struct {
	s Store
	// exec runs one SQL statement on the store's database directly.
	exec func(q string) error
}

// backend opens an empty store of one kind for a test, closed at its end.
type backend struct {
	name string
	open func(t *testing.T) fixture
}

var backends = []backend{
	{"sqlite", func(t *testing.T) fixture {
		s, err := Open(filepath.Join(t.TempDir(), "veil.db"))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return fixture{s: s, exec: func(q string) error { _, err := s.db.Exec(q); return err }}
	}},
	{"postgres", func(t *testing.T) fixture {
		p := openPG(t, pgtest.Start(t))
		return fixture{s: p, exec: func(q string) error { _, err := p.db.Exec(context.Background(), q); return err }}
	}},
}

// openPG opens a Postgres store on dsn, closed when t ends.
func openPG(t *testing.T, dsn string) *Postgres {
	t.Helper()
	p, err := OpenPostgres(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { p.Close() })
	return p
}

// forEachBackend runs fn on a new empty store of every backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, f fixture)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open(t)) })
	}
}

// t0 is a session start with millisecond precision (what the stores keep).
var t0 = time.Date(2026, 11, 20, 10, 0, 0, 123_000_000, time.UTC)

var bg = context.Background()

// newSession adds batch 0 (Stored) of a new session of app seen at seen,
// bound to secret "s-"+id with data key "k-"+id.
func newSession(t *testing.T, s Store, app, id string, seen time.Time) {
	t.Helper()
	added, err := s.AddBatch(bg, Batch{App: app, Session: id, Seq: 0, State: Stored, Data: []byte("sealed-" + id), Events: 1, Received: seen},
		Delta{Seen: seen, SecretHash: []byte("s-" + id), DataKey: []byte("k-" + id)})
	require.NoError(t, err)
	require.True(t, added)
}

// add adds one batch of an existing session made by newSession.
func add(t *testing.T, s Store, app, id string, seq int, state BatchState, data string, seen time.Time) bool {
	t.Helper()
	added, err := s.AddBatch(bg, Batch{App: app, Session: id, Seq: seq, State: state, Data: []byte(data), Events: seq + 1, Received: seen},
		Delta{Seen: seen, SecretHash: []byte("s-" + id)})
	require.NoError(t, err)
	return added
}

func ids(list []Session) []string {
	out := []string{}
	for _, x := range list {
		out = append(out, x.ID)
	}
	return out
}

func seqs(list []Batch) []int {
	out := []int{}
	for _, b := range list {
		out = append(out, b.Seq)
	}
	return out
}
