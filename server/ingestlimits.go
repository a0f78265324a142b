package server

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// IngestLimits lowers ingest's limits (tests, small machines); zero fields
// take the constants of limits.go.
type IngestLimits struct {
	Work, Queue    int           // MaxIngestWork, MaxIngestQueue
	Wait           time.Duration // IngestWait
	Memory         int64         // IngestMemory
	PendingSession int64         // MaxPendingSessionBytes
	PendingTotal   int64         // MaxPendingBytes
	Rate           RateLimits
}

// ingestState is what bounds ingest as a whole; safe for concurrent use.
type ingestState struct {
	lim     IngestLimits
	work    *gate
	mem     *weighted
	started *sessionLimiter
}

func newIngestState(l IngestLimits, st store.Store, k *keys.Keyring) *ingestState {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.Work, MaxIngestWork)
	def(&l.Queue, MaxIngestQueue)
	if l.Wait <= 0 {
		l.Wait = IngestWait
	}
	if l.Memory <= 0 {
		l.Memory = IngestMemory
	}
	if l.PendingSession <= 0 {
		l.PendingSession = MaxPendingSessionBytes
	}
	if l.PendingTotal <= 0 {
		l.PendingTotal = MaxPendingBytes
	}
	return &ingestState{lim: l, work: newGate(l.Work, l.Queue, l.Wait), mem: newWeighted(l.Memory), started: newSessionLimiter(st, k, "new-sessions", l.Rate)}
}

// busy answers a request the collector cannot take now: the recorder keeps
// the batch and retries after Retry-After seconds.
func busy(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	fail(w, status, msg)
}

// reserve reserves the memory to decode and mask a checked body.
func (s *Server) reserve(ctx context.Context, cost int64) bool {
	return s.ing.mem.acquire(ctx, cost, s.ing.lim.Wait)
}

// ingestClient is the client a request counts against.
func (s *Server) ingestClient(r *http.Request) netip.Addr { return s.clientAddr(r) }
