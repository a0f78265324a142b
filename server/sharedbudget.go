package server

import (
	"context"
	"log"
	"sync"
	"time"

	"github.com/veil-replay/veil/server/store"
)

// sharedBudget is a token bucket per key kept in the store, so that every
// collector sharing the store draws on the same one. The audit budgets that
// anyone can spend (anonymous refusals, visitors' deletions) were kept in
// each collector's memory: behind a load balancer over N collectors an
// outsider wrote N times the entries the budget names, kept for good.
//
// A bucket found empty is not asked again until a token may have come back
// (1/rate): every refusal anyone sends (a cross-origin login post, refused
// before any per-client limit counts it) asked the store, a transaction on
// one row every collector shares, for as long as the flood lasted. What the
// budget guards is audited together meanwhile, as when the store says no.
type sharedBudget struct {
	st          store.Store
	prefix      string // of the buckets' keys, e.g. "audit:anonymous:"
	rate, burst float64
	log         *log.Logger

	mu    sync.Mutex
	empty map[string]time.Time // keys found empty, until a token may be back
}

// maxEmptyKeys bounds the keys remembered empty (the keys are "anonymous"
// and application names, at most MaxApps): beyond, all are forgotten.
const maxEmptyKeys = 4096

// take takes one token of key's bucket. A store error takes none: what it
// guards is then audited together, never lost.
func (b *sharedBudget) take(ctx context.Context, key string, now time.Time) bool {
	b.mu.Lock()
	until, empty := b.empty[key]
	b.mu.Unlock()
	if empty && now.Before(until) {
		return false
	}
	ok, err := b.st.TakeTokens(ctx, []store.TokenTake{{Key: bucketKey(b.prefix, key), Rate: b.rate, Burst: b.burst}}, now)
	if err != nil {
		b.log.Printf("veil: audit budget %s: %v", b.prefix, err)
		return false
	}
	if !ok && b.rate > 0 {
		b.mu.Lock()
		if b.empty == nil || len(b.empty) >= maxEmptyKeys {
			b.empty = map[string]time.Time{}
		}
		b.empty[key] = now.Add(time.Duration(float64(time.Second) / b.rate))
		b.mu.Unlock()
	}
	return ok
}
