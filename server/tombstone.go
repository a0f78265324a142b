package server

import (
	"context"
	"time"

	"github.com/veil-replay/veil/server/auth"
)

// TombstoneLifetime is how long the collector keeps refusing batches of a
// session its visitor deleted: long enough for every retry and beacon of the
// tab that asked, across restarts and collectors, since tombstones live in
// the store.
const TombstoneLifetime = 7 * 24 * time.Hour

// tombstoneKey is what the store keeps of a deleted session's id: a hash,
// so that the id itself leaves no trace in the files.
func tombstoneKey(id string) string { return auth.Hash("veil-tombstone\x00" + id) }

// bury remembers, in the store, that the visitor deleted session id, so
// that its late batches are discarded rather than stored, also after a
// restart. Safe for concurrent use.
func (s *Server) bury(ctx context.Context, id string) error {
	now := s.opt.Now()
	return s.st.AddTombstone(ctx, tombstoneKey(id), now.Add(TombstoneLifetime), now)
}

// buried reports whether the visitor deleted session id within the last
// TombstoneLifetime. Safe for concurrent use.
func (s *Server) buried(ctx context.Context, id string) (bool, error) {
	return s.st.Tombstoned(ctx, tombstoneKey(id), s.opt.Now())
}
