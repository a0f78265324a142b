package store

import (
	"errors"
	"math"
	"strings"
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
// shared by everything that shares the store. Past maxMemBuckets, the
// buckets back at their burst (which hold nothing a new bucket would not)
// are let go of, at most once every memSweepEvery; if the map is still
// full, new keys share one bucket per namespace (the key up to its last
// ':'), so a flood of keys cannot grow it without bound. Without letting go
// of full buckets, 200,000 keys of a flood (a login attempt or a new session
// from each of as many IPv6 /64s: a few /48s) put every new client of the
// next two hours in one bucket: viewers locked out of logging in, every new
// visitor's recording sharing 20 new sessions a second.
type memTokens struct {
	mu      sync.Mutex
	buckets map[string]memBucket
	swept   int64 // when full buckets were last let go of (ms)
}

type memBucket struct {
	tokens float64
	at     int64
	full   int64 // when it is back at its burst (ms); math.MaxInt64 for never
}

const (
	maxMemBuckets  = 200_000
	overflowBucket = "\x00overflow:"
	memSweepEvery  = 1000 // ms
)

// overflowKey is the bucket new keys of key's namespace share while the map
// is full.
func overflowKey(key string) string {
	return overflowBucket + key[:strings.LastIndexByte(key, ':')+1]
}

// fullAt is when a bucket holding tokens at now is back at burst.
func fullAt(tokens float64, now int64, rate, burst float64) int64 {
	if tokens >= burst {
		return now
	}
	if rate <= 0 {
		return math.MaxInt64
	}
	d := math.Ceil((burst - tokens) / rate * 1000)
	if d > 9e15 { // a rate so small that it never refills in practice
		return math.MaxInt64
	}
	return now + int64(d)
}

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
		if !ok && len(m.buckets) >= maxMemBuckets && now-m.swept >= memSweepEvery {
			m.swept = now
			for key, x := range m.buckets {
				if x.full <= now {
					delete(m.buckets, key)
				}
			}
		}
		if !ok && len(m.buckets) >= maxMemBuckets {
			k = overflowKey(t.Key)
			b, ok = m.buckets[k]
		}
		tokens := t.Burst
		if ok {
			tokens = refill(b.tokens, b.at, now, t.Rate, t.Burst)
		}
		if tokens < 1 {
			return false, nil // nothing charged
		}
		at := max(now, b.at)
		keys[i], next[i] = k, memBucket{tokens: tokens - 1, at: at, full: fullAt(tokens-1, at, t.Rate, t.Burst)}
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
