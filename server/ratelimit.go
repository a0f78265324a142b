package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/netip"
	"sync"
	"time"
)

// bucket is a token bucket: burst tokens, refilled at rate per second.
type bucket struct {
	tokens float64
	at     time.Time
}

func (b *bucket) take(now time.Time, rate, burst float64) bool {
	if b.at.IsZero() {
		b.tokens = burst
	} else if d := now.Sub(b.at).Seconds(); d > 0 {
		b.tokens = min(burst, b.tokens+d*rate)
	}
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sessionLimiter limits the new sessions an application and a client may
// start. A client is known only by a keyed hash of its address under a key
// drawn at random and replaced every ClientKeyLifetime, when every client's
// count starts again: addresses are never kept in clear, and their hashes
// cannot be linked across periods nor reversed by trying every address. It
// is safe for concurrent use.
type sessionLimiter struct {
	mu      sync.Mutex
	key     [32]byte
	keyAt   time.Time
	clients map[[16]byte]*bucket
	apps    map[string]*bucket
	lim     RateLimits
}

// RateLimits are the new-session rate limits; zero fields take the
// defaults of limits.go.
type RateLimits struct {
	ClientRate, ClientBurst float64 // new sessions per second, and at once, per client
	AppRate, AppBurst       float64 // the same per application
}

func (l RateLimits) withDefaults() RateLimits {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.ClientRate, NewSessionsPerClient)
	def(&l.ClientBurst, NewSessionsPerClientBurst)
	def(&l.AppRate, NewSessionsPerApp)
	def(&l.AppBurst, NewSessionsPerAppBurst)
	return l
}

func newSessionLimiter(lim RateLimits) *sessionLimiter {
	return &sessionLimiter{clients: map[[16]byte]*bucket{}, apps: map[string]*bucket{}, lim: lim.withDefaults()}
}

// allow counts one new session of app from client; false means refused
// (nothing is counted then).
func (sl *sessionLimiter) allow(app string, client netip.Addr, now time.Time) bool {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.keyAt.IsZero() || now.Sub(sl.keyAt) >= ClientKeyLifetime || now.Before(sl.keyAt) {
		if _, err := rand.Read(sl.key[:]); err != nil {
			panic("server: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
		}
		sl.keyAt = now
		clear(sl.clients)
	}
	c := sl.clientLocked(client)
	a := sl.apps[app]
	if a == nil {
		a = &bucket{}
		sl.apps[app] = a
	}
	// Both are checked before either is charged, so a refusal costs nothing.
	cc, ac := *c, *a
	if !cc.take(now, sl.lim.ClientRate, sl.lim.ClientBurst) || !ac.take(now, sl.lim.AppRate, sl.lim.AppBurst) {
		return false
	}
	*c, *a = cc, ac
	return true
}

// clientLocked returns client's bucket; past MaxRateClients the clients not
// yet seen this period share one bucket, so the table's size is bounded.
func (sl *sessionLimiter) clientLocked(client netip.Addr) *bucket {
	m := hmac.New(sha256.New, sl.key[:])
	b, _ := client.MarshalBinary()
	m.Write(b)
	var id [16]byte
	copy(id[:], m.Sum(nil))
	if c := sl.clients[id]; c != nil {
		return c
	}
	if len(sl.clients) >= MaxRateClients {
		id = [16]byte{}
		if c := sl.clients[id]; c != nil {
			return c
		}
	}
	c := &bucket{}
	sl.clients[id] = c
	return c
}
