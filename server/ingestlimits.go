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
	Work, Queue      int           // MaxIngestWork, MaxIngestQueue
	Wait             time.Duration // IngestWait
	Memory           int64         // IngestMemory
	PendingSession   int64         // MaxPendingSessionBytes
	PendingTotal     int64         // MaxPendingBytes
	PendingApp       int64         // MaxPendingAppBytes (a quarter of PendingTotal when that is lowered)
	Rate             RateLimits
	Wire, ClientWire int64 // MaxWireBytes, MaxClientWireBytes
	NetworkWire      int64 // MaxNetworkWireBytes
	ClientWork       int   // MaxClientWork (Work-1 when Work is lowered)
	SessionBytes     int64 // MaxSessionBytes
	AppBytes         int64 // MaxAppBytes, the storage quota of each application
	// VisitorDeletes and VisitorDeletesBurst: VisitorDeletesPerApp and
	// VisitorDeletesPerAppBurst (tombstone.go).
	VisitorDeletes      float64
	VisitorDeletesBurst float64
	BodyStep            time.Duration // BodyStepTime
}

// ingestState is what bounds ingest as a whole; safe for concurrent use.
type ingestState struct {
	lim     IngestLimits
	work    *gate
	mem     *weighted
	started *sessionLimiter
	wire    *wireBudget
	clients *clientWork
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
	if l.BodyStep <= 0 {
		l.BodyStep = BodyStepTime
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
	if l.PendingApp <= 0 {
		l.PendingApp = l.PendingTotal / (MaxPendingBytes / MaxPendingAppBytes)
	}
	if l.SessionBytes <= 0 {
		l.SessionBytes = MaxSessionBytes
	}
	if l.AppBytes <= 0 {
		l.AppBytes = MaxAppBytes
	}
	if l.Wire <= 0 {
		l.Wire = MaxWireBytes
	}
	if l.ClientWire <= 0 {
		l.ClientWire = MaxClientWireBytes
	}
	if l.NetworkWire <= 0 {
		l.NetworkWire = max(MaxNetworkWireBytes, l.ClientWire)
	}
	def(&l.ClientWork, max(1, l.Work-(MaxIngestWork-MaxClientWork)))
	return &ingestState{wire: newWireBudget(l.Wire, l.ClientWire, l.NetworkWire, l.Wait), clients: newClientWork(l.ClientWork), lim: l, work: newGate(l.Work, l.Queue, l.Wait), mem: newWeighted(l.Memory), started: newSessionLimiter(st, k, "new-sessions", l.Rate)}
}

// busy answers a request the collector cannot take now: the recorder keeps
// the batch and retries after Retry-After seconds.
func busy(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	fail(w, status, msg)
}

// reserve reserves the memory to decode and mask a checked body. A body
// costing more than a quarter of the decoding memory takes it if it is free
// now and does not wait for it: waiting, it would hold a work slot for the
// whole wait, and a few such bodies (a flood of large ones) would keep every
// small batch out. It is answered busy and retried instead.
func (s *Server) reserve(ctx context.Context, cost int64) bool {
	wait := s.ing.lim.Wait
	if cost > s.ing.lim.Memory/LargeBatchShare {
		wait = 0
	}
	return s.ing.mem.acquire(ctx, cost, wait)
}

// LargeBatchShare: a batch costing more than 1/LargeBatchShare of the
// decoding memory does not wait for it (reserve).
const LargeBatchShare = 4

// ingestClient is the client a request counts against.
func (s *Server) ingestClient(r *http.Request) netip.Addr { return s.clientAddr(r) }
