package server

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBearerGuessesAreLimited: the API is no way around the login form's
// limit on guessing tokens. A client's unknown or revoked bearer tokens
// count at the login form's rate; past them even a good token is answered
// 429 (with Retry-After) until one is back, while other clients and valid
// tokens are never held back.
func TestBearerGuessesAreLimited(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.TrustProxy = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	get := func(client, token string) *http.Response {
		t.Helper()
		req, err := http.NewRequest("GET", e.ts.URL+"/api/apps", nil)
		require.NoError(t, err)
		req.Header.Set("X-Forwarded-For", client)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	revoked := e.token("replay", "*")
	tokens, err := e.st.Tokens(context.Background())
	require.NoError(t, err)
	for _, tk := range tokens {
		if tk.Role == "replay" {
			_, err := RevokeToken(context.Background(), e.st, "test", tk.ID, e.clock.Now())
			require.NoError(t, err)
		}
	}
	for _, c := range []struct{ name, client, guess string }{
		{"unknown token", "203.0.113.1", "veil_guess"},
		{"revoked token", "203.0.113.2", revoked},
		{"unknown token from an IPv6 /64", "2001:db8:1:2::1", "veil_guess"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for i := range TokenGuessesPerClientBurst {
				assert.Equal(t, http.StatusUnauthorized, get(c.client, c.guess).StatusCode, "guess %d is within the burst", i+1)
			}
			resp := get(c.client, e.admin)
			assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "past the burst even a good token is refused")
			after, err := strconv.Atoi(resp.Header.Get("Retry-After"))
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, get("203.0.113.99", e.admin).StatusCode, "another client is served")
			e.clock.Advance(time.Duration(after) * time.Second)
			assert.Equal(t, http.StatusOK, get(c.client, e.admin).StatusCode, "served again after Retry-After")
		})
	}
	t.Run("unknown tokens sent at once", func(t *testing.T) {
		// Checked before the lookup and counted after it, guesses sent in
		// parallel all passed the check: 256 connections guessed 256 at a time.
		const n = 64
		codes := make(chan int, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() { codes <- get("203.0.113.4", "veil_guess").StatusCode })
		}
		wg.Wait()
		close(codes)
		counts := map[int]int{}
		for c := range codes {
			counts[c]++
		}
		assert.Equal(t, map[int]int{http.StatusUnauthorized: TokenGuessesPerClientBurst,
			http.StatusTooManyRequests: n - TokenGuessesPerClientBurst}, counts)
		e.srv.guesses.mu.Lock()
		assert.Empty(t, e.srv.guesses.turns, "no turn is kept once its lookups ended")
		e.srv.guesses.mu.Unlock()
	})
	t.Run("valid token, many requests", func(t *testing.T) {
		for range 3 * TokenGuessesPerClientBurst {
			require.Equal(t, http.StatusOK, get("203.0.113.3", e.admin).StatusCode)
		}
	})
}

// TestBearerGuessClientsAreBounded: clients counted at once are bounded;
// past the bound new clients share one bucket (a flood from many addresses
// guesses at one client's rate), and clients whose bucket is full again are
// let go of.
func TestBearerGuessClientsAreBounded(t *testing.T) {
	g := newGuessLimiter()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range tokenGuessClientsKept {
		g.charge("client"+strconv.Itoa(i), now)
	}
	for i := range TokenGuessesPerClientBurst {
		g.charge("newcomer"+strconv.Itoa(i), now)
	}
	assert.Len(t, g.buckets, tokenGuessClientsKept+1, "the map holds the bound and the shared bucket")
	blocked, _ := g.blocked("another newcomer", now)
	assert.True(t, blocked, "newcomers past the bound share one bucket")
	later := now.Add(time.Duration(TokenGuessesPerClientBurst/TokenGuessesPerClient) * time.Second)
	blocked, _ = g.blocked("a newcomer once the others refilled", later)
	assert.False(t, blocked)
	assert.Less(t, len(g.buckets), 10, "full buckets are let go of")
}
