package server

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The audit budget of anonymous refusals (failed viewer logins) is one for
// every collector on the store: it was kept by each, so behind a load
// balancer over N collectors anyone wrote N times AnonymousRefusalsBurst
// entries, kept for good. At the budget, spread over two collectors, each
// refusal is audited one by one; one over, the last is audited together.
func TestAnonymousRefusalBudgetIsSharedByCollectors(t *testing.T) {
	const burst = 3
	for _, tc := range []struct {
		name            string
		fails, itemized int
		together        bool
	}{{"at the budget", burst, burst, false}, {"one over", burst + 1, burst, true}} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := twoCollectors(t, time.Hour, func(o *Options) { o.AnonymousRefusalsBurst = burst })
			for i := range tc.fails {
				e := []*env{a, b}[i%2]
				v := e.viewer(t)
				_, page := v.req("GET", "/viewer/login", nil)
				resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {"veil_guess"}, "csrf": {csrfOf(t, page)}})
				require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			}
			require.Len(t, a.refusals()["viewer.login"], tc.itemized, "audited one by one, on both collectors' store")
			for _, e := range []*env{a, b} {
				_, err := e.srv.Sweep(context.Background())
				require.NoError(t, err)
			}
			got := a.refusals()["viewer.login"]
			if !tc.together {
				require.Len(t, got, tc.itemized)
				return
			}
			require.Len(t, got, tc.itemized+1)
			require.Equal(t, false, got[tc.itemized].Detail["itemized"])
			require.EqualValues(t, 1, got[tc.itemized].Detail["refusals"])
		})
	}
}
