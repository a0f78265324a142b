package server

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// TestViewsSentAtOnceAreBounded: a token's views, each audited, stay within
// its bucket also when they arrive at once. Checked before the replay and
// counted after it, views sent in parallel all passed the check while one
// was left.
func TestViewsSentAtOnceAreBounded(t *testing.T) {
	rec := record(t, rules.MaskAll())
	viewed := sid("viewedatonce")
	for _, c := range []struct{ name, path string }{
		{"masked events", "/api/sessions/" + viewed + "/events"},
		{"unmasked events", "/api/sessions/" + viewed + "/events?unmasked=1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.sendBatch("shop", viewed, 0, rec[0])
			ctx := context.Background()
			secret, tok, err := CreateToken(ctx, e.st, "test", auth.ReplayUnmasked, []string{"shop"}, "", e.clock.Now())
			require.NoError(t, err)
			for i := range ViewsPerTokenBurst - 1 { // one view left
				code, body := e.do("GET", c.path, secret, "")
				require.Equal(t, http.StatusOK, code, "view %d: %.200s", i, body)
			}
			const n = 64
			codes := make(chan int, n)
			var wg sync.WaitGroup
			for range n {
				wg.Go(func() {
					req, err := http.NewRequest("GET", e.ts.URL+c.path, nil)
					if !assert.NoError(t, err) {
						return
					}
					req.Header.Set("Authorization", "Bearer "+secret)
					resp, err := http.DefaultClient.Do(req)
					if assert.NoError(t, err) {
						resp.Body.Close()
						codes <- resp.StatusCode
					}
				})
			}
			wg.Wait()
			close(codes)
			counts := map[int]int{}
			for code := range codes {
				counts[code]++
			}
			assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusTooManyRequests: n - 1}, counts)
			list, err := e.st.AuditLog(ctx, store.AuditFilter{Apps: []string{"*"}, Limit: 10000})
			require.NoError(t, err)
			audited := 0
			for _, a := range list {
				if a.Actor == tok.ID && a.Action == "session.view" {
					audited++
				}
			}
			assert.Equal(t, ViewsPerTokenBurst, audited, "the burst, and not one more")
		})
	}
}

// TestReplayNotShownTakesNoView: a view taken before the replay is given
// back when no replay is shown (here every session is over the replay
// memory, 413): such answers never run a token out of views.
func TestReplayNotShownTakesNoView(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ReplayMemory = 1 })
	rec := record(t, rules.MaskAll())
	s := sid("toolarge")
	e.sendBatch("shop", s, 0, rec[0])
	token := e.token(auth.Replay, "shop")
	for i := range ViewsPerTokenBurst + 5 {
		code, body := e.do("GET", "/api/sessions/"+s+"/events", token, "")
		require.Equal(t, http.StatusRequestEntityTooLarge, code, "request %d: %.200s", i, body)
	}
}
