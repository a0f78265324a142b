package store

import (
	"errors"
	"sync"
)

// errTokenTake is returned for a take no bucket can satisfy by its shape.
var errTokenTake = errors.New("store: a token bucket needs a key of 1 to 128 bytes, a rate >= 0 and a burst >= 1")

func checkTakes(takes []TokenTake) error {
	for _, t := range takes {
		if t.Key == "" || len(t.Key) > MaxTokenKey || t.Rate < 0 || t.Burst < 1 {
			return errTokenTake
		}
	}
	return nil
}

// refill is a bucket's tokens at now: what it had at at plus what it earned
// since, up to burst. A clock that went back earns nothing.
func refill(tokens float64, at, now int64, rate, burst float64) float64 {
	if d := now - at; d > 0 {
		tokens += float64(d) / 1000 * rate
	}
	return min(burst, tokens)
}

// memTokens is SQLite's token buckets: one process owns a database file
// (several collectors need a server database), so buckets in memory are
// shared by everything that shares the store. Past maxMemBuckets, new keys
// share one bucket, so a flood of keys cannot grow it without bound.
type memTokens struct {
	mu      sync.Mutex
	buckets map[string]memBucket
}

type memBucket struct {
	tokens float64
	at     int64
}

const (
	maxMemBuckets  = 200_000
	overflowBucket = "\x00overflow"
)

func (m *memTokens) take(takes []TokenTake, now int64) (bool, error) {
	if err := checkTakes(takes); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.buckets == nil {
		m.buckets = map[string]memBucket{}
	}
	next := make([]memBucket, len(takes))
	keys := make([]string, len(takes))
	for i, t := range takes {
		k := t.Key
		b, ok := m.buckets[k]
		if !ok && len(m.buckets) >= maxMemBuckets {
			k = overflowBucket
			b, ok = m.buckets[k]
		}
		tokens := t.Burst
		if ok {
			tokens = refill(b.tokens, b.at, now, t.Rate, t.Burst)
		}
		if tokens < 1 {
			return false, nil // nothing charged
		}
		keys[i], next[i] = k, memBucket{tokens: tokens - 1, at: max(now, b.at)}
	}
	for i, k := range keys {
		m.buckets[k] = next[i]
	}
	return true, nil
}

func (m *memTokens) forget(before int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, b := range m.buckets {
		if b.at < before {
			delete(m.buckets, k)
		}
	}
}
