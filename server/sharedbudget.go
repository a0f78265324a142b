package server

import (
	"context"
	"log"
	"time"

	"github.com/veil-replay/veil/server/store"
)

// sharedBudget is a token bucket per key kept in the store, so that every
// collector sharing the store draws on the same one. The audit budgets that
// anyone can spend (anonymous refusals, visitors' deletions) were kept in
// each collector's memory: behind a load balancer over N collectors an
// outsider wrote N times the entries the budget names, kept for good.
type sharedBudget struct {
	st          store.Store
	prefix      string // of the buckets' keys, e.g. "audit:anonymous:"
	rate, burst float64
	log         *log.Logger
}

// take takes one token of key's bucket. A store error takes none: what it
// guards is then audited together, never lost.
func (b *sharedBudget) take(ctx context.Context, key string, now time.Time) bool {
	ok, err := b.st.TakeTokens(ctx, []store.TokenTake{{Key: bucketKey(b.prefix, key), Rate: b.rate, Burst: b.burst}}, now)
	if err != nil {
		b.log.Printf("veil: audit budget %s: %v", b.prefix, err)
		return false
	}
	return ok
}
