package server

import (
	"context"
	"sync"
	"time"
)

// gate bounds work in progress: at most n holders, at most queue callers
// waiting, each for at most wait. Beyond the queue a caller is refused at
// once, so a flood costs a counter increment per request, not a goroutine
// parked on memory. It is safe for concurrent use.
type gate struct {
	slots chan struct{}
	wait  time.Duration

	mu      sync.Mutex
	waiting int
	queue   int
}

func newGate(n, queue int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, n), queue: queue, wait: wait}
}

// acquire takes a slot; false means the caller must answer "busy". A true
// result must be followed by release.
func (g *gate) acquire(ctx context.Context) bool {
	select {
	case g.slots <- struct{}{}:
		return true
	default:
	}
	g.mu.Lock()
	if g.waiting >= g.queue {
		g.mu.Unlock()
		return false
	}
	g.waiting++
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (g *gate) release() { <-g.slots }

// weighted is a semaphore of a quantity (bytes of memory): a caller reserves
// what its work will cost and waits until that much is free. What fits is
// granted at once, even past callers waiting for more: a batch needing most
// of the memory (a hostile one, usually) must not hold up every small one
// behind it; it waits for room, at most its wait, and is answered busy then.
// It is safe for concurrent use.
type weighted struct {
	mu      sync.Mutex
	free    int64
	max     int64
	waiters []*waiter
}

type waiter struct {
	n     int64
	ready chan struct{}
}

func newWeighted(max int64) *weighted { return &weighted{free: max, max: max} }

// acquire reserves n, waiting at most wait; false means it was not
// reserved. n above the capacity is never reserved: callers refuse such
// work before asking.
func (w *weighted) acquire(ctx context.Context, n int64, wait time.Duration) bool {
	if n > w.max {
		return false
	}
	w.mu.Lock()
	if w.free >= n {
		w.free -= n
		w.mu.Unlock()
		return true
	}
	me := &waiter{n: n, ready: make(chan struct{})}
	w.waiters = append(w.waiters, me)
	w.mu.Unlock()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-me.ready:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-me.ready: // granted while timing out: give it back
		w.free += n
		w.grantLocked()
		return false
	default:
	}
	for i, x := range w.waiters {
		if x == me {
			w.waiters = append(w.waiters[:i], w.waiters[i+1:]...)
			break
		}
	}
	return false
}

// available reports what is free now (for tests and metrics).
func (w *weighted) available() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.free
}

// release returns n reserved by acquire.
func (w *weighted) release(n int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.free += n
	w.grantLocked()
}

// grantLocked grants, in the order they came, the waiters that fit.
func (w *weighted) grantLocked() {
	kept := w.waiters[:0]
	for _, x := range w.waiters {
		if x.n <= w.free {
			w.free -= x.n
			close(x.ready)
			continue
		}
		kept = append(kept, x)
	}
	clear(w.waiters[len(kept):])
	w.waiters = kept
}
