package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// TestSmallReservationsPassALargeWaiter: a caller waiting for most of the
// decoding memory does not hold up one that fits now; the large one is
// granted once enough is free, or refused after its wait.
func TestSmallReservationsPassALargeWaiter(t *testing.T) {
	ctx := context.Background()
	w := newWeighted(100)
	require.True(t, w.acquire(ctx, 30, time.Millisecond))
	big := make(chan bool)
	go func() { big <- w.acquire(ctx, 90, time.Hour) }()
	require.Eventually(t, func() bool { w.mu.Lock(); defer w.mu.Unlock(); return len(w.waiters) == 1 }, time.Second, time.Millisecond)
	start := time.Now()
	assert.True(t, w.acquire(ctx, 70, time.Hour), "fits beside the 30 taken: granted past the waiter")
	assert.Less(t, time.Since(start), time.Second)
	assert.False(t, w.acquire(ctx, 1, 10*time.Millisecond), "one over what is free")
	w.release(30)
	select {
	case <-big:
		t.Fatal("granted with only 30 free")
	case <-time.After(20 * time.Millisecond):
	}
	w.release(70)
	assert.True(t, <-big, "granted once 90 are free")
	assert.False(t, w.acquire(ctx, 11, 10*time.Millisecond), "one over the 10 left")
	w.release(90)
	assert.Equal(t, int64(100), w.available())
	assert.Empty(t, w.waiters)
}

// TestLargeBatchesDoNotWaitForMemory: a batch costing more than a quarter
// of the decoding memory takes it when free, else is answered 503 at once
// (it would hold a work slot while waiting); one costing a quarter or less
// waits for it.
func TestLargeBatchesDoNotWaitForMemory(t *testing.T) {
	rec := record(t, rules.MaskAll())
	body := gz(capture.AppendEvents(nil, rec[0]))
	plain, u, status, msg := inflate(body)
	require.Zero(t, status, msg)
	cost := decodeCost(plain, u)
	ctx := context.Background()
	wait := time.Second

	t.Run("one over a quarter", func(t *testing.T) {
		e := newEnv(t, func(o *Options) { o.Ingest = IngestLimits{Memory: 4*cost - 4, Wait: wait} })
		require.True(t, e.srv.ing.mem.acquire(ctx, 3*cost-3, 0)) // cost-1 left
		start := time.Now()
		code, msg, retry := e.sendFull(q("shop", sid("large"), 0), body)
		assert.Equal(t, http.StatusServiceUnavailable, code, msg)
		assert.Equal(t, "1", retry)
		assert.Less(t, time.Since(start), wait/2, "answered without waiting")
		e.srv.ing.mem.release(3*cost - 3)
		code, msg, _ = e.sendFull(q("shop", sid("large"), 0), body)
		assert.Equal(t, http.StatusNoContent, code, msg, "free: taken")
	})
	t.Run("a quarter waits", func(t *testing.T) {
		e := newEnv(t, func(o *Options) { o.Ingest = IngestLimits{Memory: 4 * cost, Wait: wait} })
		require.True(t, e.srv.ing.mem.acquire(ctx, 3*cost+1, 0)) // cost-1 left
		go func() {
			time.Sleep(wait / 5)
			e.srv.ing.mem.release(3*cost + 1)
		}()
		code, msg, _ := e.sendFull(q("shop", sid("quarter"), 0), body)
		assert.Equal(t, http.StatusNoContent, code, msg, "waited for the memory")
	})
}
