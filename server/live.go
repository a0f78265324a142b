package server

import (
	"context"

	"github.com/veil-replay/veil/server/ingest"
	"github.com/veil-replay/veil/server/store"
)

// ad binds a sealed blob to its session, seq and state.
func ad(session string, seq int, state store.BatchState) []byte {
	return ingest.AssociatedData(session, seq, state)
}

// ResolveGaps records the gaps that timed out in every session with
// waiting batches, and lets go of idle live sessions. Run calls it.
func (s *Server) ResolveGaps(ctx context.Context) error { return s.live.eng.ResolveGaps(ctx) }
