package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/veil-replay/veil/internal/pgtest"
)

// count runs a count query on p's database.
func count(t *testing.T, p *Postgres, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, p.db.QueryRow(bg, q, args...).Scan(&n), q)
	return n
}

// TestPostgresLockSessionAcrossStores: two Store values on one database
// stand for two collectors: while one holds a session, the other waits, and
// gets it the moment it is let go.
func TestPostgresLockSessionAcrossStores(t *testing.T) {
	dsn := pgtest.Start(t)
	a, b := openPG(t, dsn), openPG(t, dsn)
	unlock, err := a.LockSession(bg, "s1")
	require.NoError(t, err)
	requireLockWaits(t, b, "s1")
	u, err := b.LockSession(bg, "s2")
	require.NoError(t, err, "another session is free")
	u()

	got := make(chan time.Time, 1)
	go func() {
		u, err := b.LockSession(bg, "s1")
		if assert.NoError(t, err) {
			got <- time.Now()
			u()
		}
	}()
	time.Sleep(100 * time.Millisecond)
	released := time.Now()
	unlock()
	when := <-got
	assert.False(t, when.Before(released), "granted only after the unlock")
	assert.Less(t, when.Sub(released), time.Second)

	// Every unlock gives its connection back: more lock cycles than the pool holds.
	for i := range 3 * pgLockConns {
		u, err := b.LockSession(bg, fmt.Sprint("cycle", i%2))
		require.NoError(t, err)
		u()
	}
	assert.Equal(t, int32(0), b.locks.Stat().AcquiredConns())
}

// TestPostgresMigrationsWhenCollectorsStartTogether: four stores opened at
// once on a new database apply each step once; a database newer than the
// program is refused with a message that says so.
func TestPostgresMigrationsWhenCollectorsStartTogether(t *testing.T) {
	dsn := pgtest.Start(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := OpenPostgres(bg, dsn)
			if err == nil {
				p.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	p := openPG(t, dsn)
	assert.Equal(t, len(pgMigrations), count(t, p, `SELECT count(*) FROM schema_migrations`))
	assert.Equal(t, len(pgMigrations), count(t, p, `SELECT max(version) FROM schema_migrations`))

	_, err := p.db.Exec(bg, `INSERT INTO schema_migrations (version) VALUES ($1)`, len(pgMigrations)+1)
	require.NoError(t, err)
	_, err = OpenPostgres(bg, dsn)
	require.ErrorContains(t, err, fmt.Sprintf("schema version %d, newer than this collector's %d", len(pgMigrations)+1, len(pgMigrations)))
}

// TestPostgresRetentionDropsWholePartitions: the months of an application
// entirely before its cutoff go as whole partitions; the month the cutoff
// falls in loses only the expired sessions' rows; another application's
// partition of the same months stays.
func TestPostgresRetentionDropsWholePartitions(t *testing.T) {
	p := openPG(t, pgtest.Start(t))
	sep, oct, nov := t0.AddDate(0, -2, 0), t0.AddDate(0, -1, 0), t0
	newSession(t, p, "shop", "shop-sep", sep)
	newSession(t, p, "shop", "shop-oct", oct)
	newSession(t, p, "shop", "shop-nov-early", nov.AddDate(0, 0, -10))
	newSession(t, p, "shop", "shop-nov-late", nov)
	newSession(t, p, "blog", "blog-sep", sep)
	parts := func() []string {
		t.Helper()
		names, err := p.strings(bg, `SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = 'batches'::regclass ORDER BY 1`)
		require.NoError(t, err)
		return names
	}
	name := func(app string, at time.Time) string { lo, _ := monthOf(ms(at)); return partitionName(app, lo) }
	require.ElementsMatch(t, []string{name("shop", sep), name("shop", oct), name("shop", nov), name("blog", sep)}, parts())

	n, err := p.DeleteIdle(bg, "shop", nov.AddDate(0, 0, -5))
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	assert.ElementsMatch(t, []string{name("shop", nov), name("blog", sep)}, parts(), "September and October of shop dropped whole")
	assert.Equal(t, 2, count(t, p, `SELECT count(*) FROM batch_partitions`))
	assert.Equal(t, 1, count(t, p, `SELECT count(*) FROM `+name("shop", nov)), "the straddling month keeps its live session's batch")
	assert.Equal(t, 1, count(t, p, `SELECT count(*) FROM `+name("blog", sep)))
	assert.Equal(t, 2, count(t, p, `SELECT count(*) FROM session_keys`), "the expired sessions' keys went")
}

// TestPostgresDeleteSessionDestroysTheKeyRow: the wrapped data key row and
// every batch row go in the transaction that deletes the session.
func TestPostgresDeleteSessionDestroysTheKeyRow(t *testing.T) {
	p := openPG(t, pgtest.Start(t))
	newSession(t, p, "shop", "a", t0)
	add(t, p, "shop", "a", 2, Pending, "p", t0)
	newSession(t, p, "shop", "b", t0)
	found, err := p.DeleteSession(bg, "a", AuditEntry{Actor: "visitor", Action: "session.delete", Target: "a"})
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, 0, count(t, p, `SELECT count(*) FROM session_keys WHERE session = 'a'`))
	assert.Equal(t, 0, count(t, p, `SELECT count(*) FROM batches WHERE session = 'a'`))
	assert.Equal(t, 1, count(t, p, `SELECT count(*) FROM session_keys WHERE session = 'b'`))
}

// TestPostgresExactlyOnceAcrossStores: three stores (three collectors) add
// the same batches of new sessions at once, each several times: every
// (session, seq) is added exactly once and the session's counters agree.
func TestPostgresExactlyOnceAcrossStores(t *testing.T) {
	dsn := pgtest.Start(t)
	stores := []*Postgres{openPG(t, dsn), openPG(t, dsn), openPG(t, dsn)}
	const sessions, batches, copies = 4, 8, 3
	var mu sync.Mutex
	added := map[string]int{}
	var wg sync.WaitGroup
	for c := range copies * len(stores) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[c%len(stores)]
			for seq := range batches {
				for i := range sessions {
					id := fmt.Sprint("s", i)
					ok, err := s.AddBatch(bg, Batch{App: "shop", Session: id, Seq: seq, State: Stored, Data: []byte("xx"), Received: t0},
						Delta{Seen: t0, SecretHash: []byte("s-" + id), DataKey: []byte("k-" + id)})
					if !assert.NoError(t, err) {
						return
					}
					if ok {
						mu.Lock()
						added[fmt.Sprint(id, "/", seq)]++
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	require.Len(t, added, sessions*batches)
	for k, n := range added {
		assert.Equal(t, 1, n, k)
	}
	for i := range sessions {
		x, ok, err := stores[0].Session(bg, fmt.Sprint("s", i))
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, [2]int{batches, 2 * batches}, [2]int{x.Batches, int(x.Bytes)})
	}
}

// TestOpenDSN: a postgres:// or postgresql:// URL opens PostgreSQL, anything
// else an SQLite file; no error shows the password.
func TestOpenDSN(t *testing.T) {
	dsn := pgtest.Start(t)
	for _, u := range []string{dsn, "postgresql" + dsn[len("postgres"):]} {
		s, err := OpenDSN(u)
		require.NoError(t, err, u)
		assert.IsType(t, &Postgres{}, s)
		s.Close()
	}
	s, err := OpenDSN(filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	assert.IsType(t, &SQLite{}, s)
	s.Close()

	for _, c := range []struct{ url, says string }{
		{"postgres://veil:s3cret-pw@/veil?host=/nonexistent-veil&sslmode=disable", "postgres://veil:xxxxx@/veil"},
		{"postgres://veil@/veil?host=/nonexistent-veil&password=s3cret-pw", "password=xxxxx"},
		{"postgres://veil:s3cret-pw@/veil?sslmode=bogus", "sslmode"},
		{"postgres://veil:s3cret-pw@[::1/veil", "cannot parse"},
	} {
		_, err := OpenDSN(c.url)
		require.Error(t, err, c.url)
		assert.NotContains(t, err.Error(), "s3cret", c.url)
		assert.Contains(t, err.Error(), c.says, c.url)
	}
	assert.Equal(t, "postgres://veil:xxxxx@db.internal/veil?sslmode=verify-full", RedactDSN("postgres://veil:s3cret-pw@db.internal/veil?sslmode=verify-full"))
	assert.Equal(t, "/var/lib/veil/veil.db", RedactDSN("/var/lib/veil/veil.db"))
}

// TestPostgresIngestDeletionAndRetentionAtOnce: two collectors add batches
// to sessions of this and earlier months, delete some sessions under their
// lock, while retention sweeps drop and create partitions: nothing
// deadlocks, nothing fails, and afterwards every session kept has exactly
// the batches its counters say and none older than the cutoff is left.
func TestPostgresIngestDeletionAndRetentionAtOnce(t *testing.T) {
	dsn := pgtest.Start(t)
	stores := []*Postgres{openPG(t, dsn), openPG(t, dsn)}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[g%2]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id, seen := fmt.Sprintf("g%d-%d", g, i/5), t0.AddDate(0, -(i/5)%4, 0)
				_, err := s.AddBatch(bg, Batch{App: "shop", Session: id, Seq: i % 5, State: Stored, Data: []byte("x"), Received: seen},
					Delta{Seen: seen, SecretHash: []byte("s"), DataKey: []byte("k")})
				if err != nil && !errors.Is(err, ErrGone) {
					t.Error(err)
					return
				}
				if i%7 == 0 {
					unlock, err := s.LockSession(bg, id)
					if !assert.NoError(t, err) {
						return
					}
					_, err = s.DeleteSession(bg, id, AuditEntry{Actor: "visitor", Action: "session.delete", Target: id})
					unlock()
					if !assert.NoError(t, err) {
						return
					}
				}
			}
		}()
	}
	cutoff := t0.AddDate(0, -1, 0)
	for i := range 30 {
		cutoff = cutoff.Add(time.Hour)
		_, err := stores[i%2].DeleteIdle(bg, "shop", cutoff)
		require.NoError(t, err)
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()

	_, err := stores[0].DeleteIdle(bg, "shop", cutoff)
	require.NoError(t, err)
	left, err := stores[0].Sessions(bg, SessionFilter{})
	require.NoError(t, err)
	require.NotEmpty(t, left)
	for _, x := range left {
		assert.False(t, x.FirstSeen.Before(cutoff), "%s started before the cutoff", x.ID)
		stored, err := stores[1].StoredBatches(bg, x.ID)
		require.NoError(t, err)
		assert.Len(t, stored, x.Batches, x.ID)
	}
}

// TestPostgresLockSessionUnderContention: two collectors' workers take and
// let go of the same few sessions as fast as they can, so waits time out at
// the moment locks are granted: every holder is alone, and once all have let
// go, the database holds no advisory lock (a lock granted as its wait timed
// out must not stay with a pooled connection).
func TestPostgresLockSessionUnderContention(t *testing.T) {
	dsn := pgtest.Start(t)
	stores := []*Postgres{openPG(t, dsn), openPG(t, dsn)}
	var holders [3]atomic.Int32
	deadline := time.Now().Add(3 * time.Second)
	var wg sync.WaitGroup
	for w := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				k := (w + i) % len(holders)
				ctx, cancel := context.WithTimeout(bg, 10*time.Second) // a lock left held: fail, not hang
				unlock, err := stores[w%2].LockSession(ctx, fmt.Sprint("hot", k))
				cancel()
				if !assert.NoError(t, err) {
					return
				}
				if n := holders[k].Add(1); n != 1 {
					t.Errorf("session hot%d held by %d at once", k, n)
				}
				time.Sleep(time.Duration(40+i%20) * time.Millisecond) // about the lock wait
				holders[k].Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 0, count(t, stores[0], `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'`))
}
