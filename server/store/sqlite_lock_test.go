package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLockSession(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	defer s.Close()
	ctx := context.Background()
	unlock, err := s.LockSession(ctx, "a")
	require.NoError(t, err)

	t.Run("other session", func(t *testing.T) {
		u, err := s.LockSession(ctx, "b")
		require.NoError(t, err)
		u()
	})
	t.Run("same session waits", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
		defer cancel()
		_, err := s.LockSession(short, "a")
		require.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("after unlock", func(t *testing.T) {
		got := make(chan error, 1)
		go func() {
			u, err := s.LockSession(ctx, "a")
			if err == nil {
				u()
			}
			got <- err
		}()
		unlock()
		unlock() // a second call is harmless
		require.NoError(t, <-got)
	})
}
