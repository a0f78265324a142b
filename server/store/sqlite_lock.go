package store

import (
	"context"
	"sync"
	"time"
)

// sessionLocks is SQLite's LockSession: one process owns a database file
// (several collectors need a server database), so a lock per session id in
// memory is a lock across every collector that can share it.
type sessionLocks struct {
	mu    sync.Mutex
	held  map[string]chan struct{} // closed when the holder unlocks
	inits sync.Once
}

func (l *sessionLocks) lock(ctx context.Context, id string) (func(), error) {
	l.inits.Do(func() { l.held = map[string]chan struct{}{} })
	for {
		l.mu.Lock()
		ch, busy := l.held[id]
		if !busy {
			mine := make(chan struct{})
			l.held[id] = mine
			l.mu.Unlock()
			var once sync.Once
			return func() {
				once.Do(func() {
					l.mu.Lock()
					delete(l.held, id)
					l.mu.Unlock()
					close(mine)
				})
			}, nil
		}
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// LockSession implements Store.
func (s *SQLite) LockSession(ctx context.Context, id string) (func(), error) {
	return s.locks.lock(ctx, id)
}

// TakeTokens implements Store (in memory: see memTokens).
func (s *SQLite) TakeTokens(_ context.Context, takes []TokenTake, now time.Time) (bool, error) {
	return s.tokens.take(takes, ms(now))
}

// ForgetTokens implements Store.
func (s *SQLite) ForgetTokens(_ context.Context, before time.Time) error {
	s.tokens.forget(ms(before))
	return nil
}
