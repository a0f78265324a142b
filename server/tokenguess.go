package server

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/veil-replay/veil/server/auth"
)

// The login form lets a client try LoginsPerClientBurst tokens, then one
// every 1/LoginsPerClient s, so that guessing tokens is slow; the API took
// any number of "Authorization: Bearer <guess>" a second, each answered at
// once 401 or 200: the same question without the limit. So the API counts
// each client's bearer tokens it does not know (or that are revoked) at the
// login form's rate, and a client with none left is answered 429, with
// Retry-After, before its token is looked up: a good token too, as at the
// login form, or the 429 would tell nothing the 401 did not. Valid tokens
// are never counted. In memory, per collector (N collectors: N times).
const (
	TokenGuessesPerClient      = LoginsPerClient
	TokenGuessesPerClientBurst = LoginsPerClientBurst
	// tokenGuessClientsKept bounds the clients counted at once; beyond it,
	// once the clients whose bucket is full again are let go of, the new
	// ones share one bucket, so that a flood from many addresses holds a
	// bounded map and still guesses at one client's rate.
	tokenGuessClientsKept = 10000
	tokenGuessOverflow    = "\x00overflow"
)

// guessLimiter counts failed bearer tokens per client. Safe for concurrent
// use.
type guessLimiter struct {
	rate, burst float64
	mu          sync.Mutex
	buckets     map[string]*refusalBucket
	swept       time.Time
	// turns holds the clients with a lookup in progress or waiting: one
	// client's lookups run one at a time (turn).
	turns map[string]*guessTurn
}

// guessTurn is one client's turn to look a token up: a slot, and the
// requests holding or waiting for it.
type guessTurn struct {
	slot chan struct{}
	refs int
}

func newGuessLimiter() *guessLimiter {
	return &guessLimiter{rate: TokenGuessesPerClient, burst: TokenGuessesPerClientBurst,
		buckets: map[string]*refusalBucket{}, turns: map[string]*guessTurn{}}
}

// turn waits until no other lookup of client is in progress and returns
// the function that ends this one; ok is false when ctx ended first. The
// check before a lookup and the charge after it are one step so: checked
// and charged apart, a client's guesses sent at once all passed the check
// before the first was charged (a client's 256 connections, 256 guesses at
// a time). A lookup is one indexed query: valid tokens sent at once wait
// for each other that long, and are never refused.
func (g *guessLimiter) turn(ctx context.Context, client string) (end func(), ok bool) {
	g.mu.Lock()
	t := g.turns[client]
	if t == nil {
		t = &guessTurn{slot: make(chan struct{}, 1)}
		g.turns[client] = t
	}
	t.refs++
	g.mu.Unlock()
	leave := func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if t.refs--; t.refs == 0 {
			delete(g.turns, client)
		}
	}
	select {
	case t.slot <- struct{}{}:
		return func() { <-t.slot; leave() }, true
	case <-ctx.Done():
		leave()
		return nil, false
	}
}

// bucketLocked returns client's bucket refilled to now, or the shared one
// when the map is full; nil when client has none (a full bucket).
func (g *guessLimiter) bucketLocked(client string, now time.Time, create bool) *refusalBucket {
	b := g.buckets[client]
	if b == nil && len(g.buckets) >= tokenGuessClientsKept && now.Sub(g.swept) >= time.Second {
		g.swept = now // a sweep reads every bucket: at most one a second
		dropFullBuckets(g.buckets, now, g.rate, g.burst)
	}
	if b == nil && len(g.buckets) >= tokenGuessClientsKept {
		client = tokenGuessOverflow
		b = g.buckets[client]
	}
	if b == nil {
		if !create {
			return nil
		}
		b = &refusalBucket{level: g.burst, at: now}
		g.buckets[client] = b
	}
	b.refill(now, g.rate, g.burst)
	return b
}

// blocked reports whether client has no guess left now, and in how many
// seconds it has one.
func (g *guessLimiter) blocked(client string, now time.Time) (bool, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucketLocked(client, now, false)
	if b == nil || b.level >= 1 {
		return false, 0
	}
	return true, max(1, int(math.Ceil((1-b.level)/g.rate)))
}

// charge counts one failed guess of client.
func (g *guessLimiter) charge(client string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucketLocked(client, now, true)
	b.level = max(0, b.level-1)
}

// bearerPrincipal authenticates an API request by its bearer token, within
// its client's guesses (above); Retry-After is set on a 429.
func (s *Server) bearerPrincipal(w http.ResponseWriter, r *http.Request, secret string) (*auth.Principal, int, string) {
	client := clientNet(s.clientAddr(r)).String()
	end, ok := s.guesses.turn(r.Context(), client)
	if !ok {
		return nil, http.StatusServiceUnavailable, "the request ended before its token was looked up"
	}
	defer end()
	now := s.opt.Now()
	if blocked, after := s.guesses.blocked(client, now); blocked {
		w.Header().Set("Retry-After", strconv.Itoa(after))
		return nil, http.StatusTooManyRequests, "too many unknown or revoked tokens from this client; retry in " +
			strconv.Itoa(after) + " s"
	}
	p, status, msg := s.tokenPrincipal(r, auth.Hash(strings.TrimSpace(secret)))
	if status == http.StatusUnauthorized {
		s.guesses.charge(client, now)
	}
	return p, status, msg
}
