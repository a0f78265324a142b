package store

import (
	"context"
	"sync"
	"time"
)

// CheckpointsPerSecond and CheckpointBurst bound the WAL checkpoints of
// deletions. Each deletion checkpointed the WAL on its own (so the pages it
// overwrote leave the -wal file before the call returns), holding the write
// lock for about 8 ms of fsync on this machine where the deletion itself
// took 3: a flood of visitor deletions (a recorder key creating sessions and
// deleting them) held the write lock most of each second, and every batch of
// every application waited behind it. Now deletions share checkpoints: each
// waits for one that begins after its transaction committed, and
// checkpoints begin at most CheckpointsPerSecond a second after a burst, so
// they hold the lock a tenth of the time or so however many deletions
// arrive, and a deletion in a flood returns at most a tenth of a second and
// a checkpoint later. The promise holds: when a deletion returns, a
// checkpoint begun after its commit has ended.
const (
	CheckpointsPerSecond = 10
	CheckpointBurst      = 10
)

// checkpoints runs checkpoints shared by the callers that wait at once. Safe
// for concurrent use.
type checkpoints struct {
	rate, burst float64

	mu      sync.Mutex
	tokens  float64 // checkpoints that may begin now
	filled  time.Time
	begun   uint64        // checkpoints begun
	ended   uint64        // checkpoints ended, in order: one runs at a time
	err     error         // of the last one ended
	running bool          // a caller is running (or waiting to begin) one
	wake    chan struct{} // closed when a checkpoint ends
	ran     int64         // checkpoints run (tests)
}

// after returns once a checkpoint begun after the call has ended, running
// it with run when no other caller is; its error is that of the last
// checkpoint ended.
func (c *checkpoints) after(ctx context.Context, run func(context.Context) error) error {
	c.mu.Lock()
	if c.wake == nil {
		c.wake = make(chan struct{})
	}
	target := c.begun + 1
	for c.ended < target {
		if !c.running {
			c.running = true
			wait := c.takeLocked(time.Now())
			c.mu.Unlock()
			if wait > 0 {
				time.Sleep(wait) // others wait on this one: not cut short by ctx
			}
			c.mu.Lock()
			c.begun++
			n := c.begun
			c.mu.Unlock()
			err := run(context.WithoutCancel(ctx))
			c.mu.Lock()
			c.ended, c.err, c.running = n, err, false
			c.ran++
			close(c.wake)
			c.wake = make(chan struct{})
			continue
		}
		wake := c.wake
		c.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
		c.mu.Lock()
	}
	err := c.err
	c.mu.Unlock()
	return err
}

// takeLocked takes the token of the checkpoint about to begin and returns
// how long it must wait for it.
func (c *checkpoints) takeLocked(now time.Time) time.Duration {
	if c.filled.IsZero() {
		c.tokens = c.burst
	} else {
		c.tokens = min(c.burst, c.tokens+now.Sub(c.filled).Seconds()*c.rate)
	}
	c.filled = now
	c.tokens--
	if c.tokens >= 0 {
		return 0
	}
	return time.Duration(-c.tokens / c.rate * float64(time.Second))
}

// checkpoint copies the WAL into the database and truncates it, so that
// the pages of deleted rows (overwritten, with secure_delete) leave the WAL,
// in a checkpoint shared with the deletions returning at the same time
// (CheckpointsPerSecond). A reader holding an old snapshot makes it partial; the
// next one completes.
func (s *SQLite) checkpoint(ctx context.Context) error {
	return s.cps.after(ctx, func(ctx context.Context) error {
		s.wu.Lock()
		defer s.wu.Unlock()
		_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
		return err
	})
}
