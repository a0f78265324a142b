package server

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loginFrom posts a login with token as the client at addr (behind the
// trusted proxy) and returns the status.
func loginFrom(t *testing.T, v *viewerClient, addr, token string) int {
	t.Helper()
	_, page := v.req("GET", "/viewer/login", nil, "X-Forwarded-For", addr)
	resp, body := v.req("POST", "/viewer/login", url.Values{"token": {token}, "csrf": {csrfOf(t, page)}},
		"X-Forwarded-For", addr)
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusUnauthorized &&
		resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("login from %s: %d %s", addr, resp.StatusCode, body)
	}
	return resp.StatusCode
}

// TestOthersFailedLoginsLockNoOneOut: login attempts were limited per client
// and for the whole server (burst 100, then 5 a second). Outsiders on 21
// addresses, each within its own limit, spent the server's budget with
// made-up tokens, and then every viewer's login with a valid token was
// refused 429 ("Too many login attempts from here") for as long as they
// kept at it: an anonymous lockout of the viewer for everyone. A token is
// 32 random bytes, so the server-wide count slowed no guessing that
// matters, and failed logins reach the audit log within their own budget
// (anonRefusals). Each client keeps its limit: 10 attempts at once pass,
// the 11th is refused.
func TestOthersFailedLoginsLockNoOneOut(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.TrustProxy = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	refused := 0
	for c := 0; c < 21; c++ {
		v := e.viewer(t)
		addr := "192.0.2." + strconv.Itoa(c+1)
		for i := 0; i < LoginsPerClientBurst; i++ {
			if loginFrom(t, v, addr, "veil_made-up-"+strconv.Itoa(i)) == http.StatusTooManyRequests {
				refused++
			}
		}
	}
	t.Logf("made-up tokens from 21 clients: %d of %d refused 429", refused, 21*LoginsPerClientBurst)
	assert.Equal(t, http.StatusSeeOther, loginFrom(t, e.viewer(t), "198.51.100.7", e.admin),
		"a valid token from an address that tried nothing before")

	// One client, at its limit and over it.
	v := e.viewer(t)
	for i := 0; i < LoginsPerClientBurst; i++ {
		require.Equal(t, http.StatusUnauthorized, loginFrom(t, v, "203.0.113.9", "veil_guess"), "attempt %d", i+1)
	}
	assert.Equal(t, http.StatusTooManyRequests, loginFrom(t, v, "203.0.113.9", e.admin),
		"the 11th attempt of one client, even with a valid token")
}
