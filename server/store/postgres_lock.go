package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// pgLockWait bounds one wait for a session lock (lock_timeout on the lock
// pool's connections): between waits LockSession checks its context, so a
// caller that gives up is let go within about this long, and no wait is ever
// cancelled half way (which would cost the connection).
const pgLockWait = 50 * time.Millisecond

// sessionLockKey is the advisory lock key of a session id.
func sessionLockKey(id string) int64 {
	h := sha256.Sum256([]byte("veil-session:" + id))
	return int64(binary.BigEndian.Uint64(h[:8]))
}

// LockSession implements Store with a session-level advisory lock, held on a
// connection of its own (from the lock pool) until unlock, which releases
// the lock and returns the connection. The lock is granted the moment its
// holder, in any collector, lets it go; a collector that dies lets go of its
// locks with its connections. At most pgLockConns sessions are held at once
// per Store; more callers wait for a connection while ctx allows.
func (p *Postgres) LockSession(ctx context.Context, id string) (func(), error) {
	key := sessionLockKey(id)
	for {
		conn, err := p.locks.Acquire(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		// Not ctx: a wait ends by itself after pgLockWait (the deadline only
		// guards against a database that stops answering).
		wait, cancel := context.WithTimeout(context.Background(), pgLockWait+30*time.Second)
		_, err = conn.Exec(wait, `SELECT pg_advisory_lock($1)`, key)
		cancel()
		if err == nil {
			return pgUnlock(conn), nil
		}
		// A wait that times out as the lock is granted fails with the lock
		// held, and a session-level lock outlives the failed statement:
		// the connection must go back to the pool holding nothing.
		releaseAll(conn)
		if pgCode(err) != pgLockNotAvailable {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
}

// pgLockNotAvailable is the SQLSTATE of a lock wait that hit lock_timeout.
const pgLockNotAvailable = "55P03"

// pgUnlock returns the unlock of a lock held on conn: safe to call twice.
func pgUnlock(conn *pgxpool.Conn) func() {
	var once sync.Once
	return func() { once.Do(func() { releaseAll(conn) }) }
}

// releaseAll lets go of every advisory lock conn holds (a lock connection
// holds at most its one session's) and returns it to the pool; if that
// fails, the connection is closed, which lets go of them too.
func releaseAll(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_unlock_all()`); err != nil {
		conn.Conn().Close(ctx)
	}
	conn.Release()
}
