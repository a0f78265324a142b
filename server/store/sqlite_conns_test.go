package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A flood of concurrent reads (each request of an unauthenticated flood asks
// the store one question) opens at most SQLiteConns connections: with
// SQLiteConns-1 held, reads go on; with all held, a read waits for one
// instead of opening another (each connection costs three descriptors and
// its own page cache: 1,800 connections of a flood took the collector to
// 5,000 descriptors and 390 MiB).
func TestSQLiteConnectionsAreBounded(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	defer s.Close()
	ctx := context.Background()
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range SQLiteConns - 1 {
		c, err := s.db.Conn(ctx)
		require.NoError(t, err)
		held = append(held, c)
	}
	// At the limit: one connection left, reads and a write still run.
	_, _, err = s.SessionAccess(ctx, "sessionsessionsession")
	require.NoError(t, err)
	require.NoError(t, s.Audit(ctx, AuditEntry{Time: time.Now(), Actor: "t", Action: "test"}))

	// Over it: every connection held, a read waits.
	c, err := s.db.Conn(ctx)
	require.NoError(t, err)
	held = append(held, c)
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, _, err = s.SessionAccess(short, "sessionsessionsession")
	require.ErrorIs(t, err, context.DeadlineExceeded, "a read beyond SQLiteConns opened another connection")

	// Many readers at once never open more, and all finish once one frees.
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.SessionAccess(ctx, "sessionsessionsession")
			errs <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	require.LessOrEqual(t, s.db.Stats().OpenConnections, SQLiteConns)
	held[len(held)-1].Close()
	held = held[:len(held)-1]
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.LessOrEqual(t, s.db.Stats().OpenConnections, SQLiteConns)
}
