package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokenCreationsAreLimited: tokens created through the API, by any
// token, are counted together: the burst is created, the next one is
// answered 429 with Retry-After and nothing stored, by the token that ran
// the count out and by a token it created alike (tokens creating tokens do
// not multiply the limit), until the clock gives one back. Without the
// limit an admin token created tokens as fast as the store wrote them,
// each a row kept for good that every listing and revocation reads.
func TestTokenCreationsAreLimited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	create := func(token string) (int, string) {
		return e.do("POST", "/api/tokens", token, `{"role":"admin","apps":["*"],"note":"flood"}`)
	}
	stored := func() int {
		list, err := e.st.Tokens(ctx)
		require.NoError(t, err)
		return len(list)
	}
	before := stored()
	var child string
	for i := range TokenCreationsBurst {
		code, body := create(e.admin)
		require.Equal(t, http.StatusCreated, code, "creation %d: %s", i, body)
		if child == "" {
			var made struct{ Secret string }
			require.NoError(t, json.Unmarshal([]byte(body), &made))
			child = made.Secret
		}
	}
	for _, c := range []struct{ name, token string }{{"the admin token", e.admin}, {"a token it created", child}} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest("POST", e.ts.URL+"/api/tokens", strings.NewReader(`{"role":"replay","apps":["shop"]}`))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+c.token)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
			assert.Equal(t, strconv.Itoa(int(1/TokenCreations)), resp.Header.Get("Retry-After"))
		})
	}
	assert.Equal(t, before+TokenCreationsBurst, stored(), "nothing stored over the limit")
	e.clock.Advance(time.Duration(float64(time.Second) / TokenCreations))
	code, body := create(e.admin)
	assert.Equal(t, http.StatusCreated, code, "one given back: %s", body)
	code, _ = create(e.admin)
	assert.Equal(t, http.StatusTooManyRequests, code, "and only one")
}
