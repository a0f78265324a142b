package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// TestRefusalsOfATokenAreBounded: every refusal of a token is audited up to
// a burst; one over, the token's requests are answered 429 with Retry-After
// and nothing more is written to the append-only audit log, until its bucket
// refills. Other tokens are not affected.
func TestRefusalsOfATokenAreBounded(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	secret, tok, err := CreateToken(ctx, e.st, "test", auth.Replay, []string{"shop"}, "", e.clock.Now())
	require.NoError(t, err)
	other := e.token(auth.Replay, "shop")
	refusedOf := func(id string) int {
		t.Helper()
		list, err := e.st.AuditLog(ctx, store.AuditFilter{Apps: []string{"*"}, Limit: 10000})
		require.NoError(t, err)
		n := 0
		for _, a := range list {
			if a.Actor == id {
				n++
			}
		}
		return n
	}
	for i := range RefusalsPerTokenBurst {
		code, body := e.do("GET", "/api/tokens", secret, "")
		require.Equal(t, http.StatusForbidden, code, "refusal %d of the burst: %s", i, body)
	}
	assert.Equal(t, RefusalsPerTokenBurst, refusedOf(tok.ID), "each refusal audited")

	req, err := http.NewRequest("GET", e.ts.URL+"/api/sessions", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "one over: even an allowed request waits")
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	assert.Equal(t, RefusalsPerTokenBurst, refusedOf(tok.ID), "nothing more audited")

	code, body := e.do("GET", "/api/sessions", other, "")
	assert.Equal(t, http.StatusOK, code, "another token: %s", body)

	e.clock.Advance(time.Second) // one refusal's worth at 1/s
	code, _ = e.do("GET", "/api/tokens", secret, "")
	assert.Equal(t, http.StatusForbidden, code, "refilled: refused and audited again")
	assert.Equal(t, RefusalsPerTokenBurst+1, refusedOf(tok.ID))
	code, _ = e.do("GET", "/api/tokens", secret, "")
	assert.Equal(t, http.StatusTooManyRequests, code)
}
