package server

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
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

// TestAPIAnswersNoLinkFromAnotherOrigin: the Strict session cookie goes
// with a top-level navigation from any origin of the collector's site (the
// recorded shop on a sibling subdomain). A link there to
// /api/sessions/ID/events?unmasked=1 made the viewer's browser view the
// session at capture level as the viewer, audited in their name and
// charged to their view budget, with one click or a script's
// location.assign. The API is read by the viewer's own script (same-origin)
// or by a person typing its URL (Sec-Fetch-Site none); a link from another
// origin gets 403 and views nothing. Viewer pages still open from such a
// link (a replay's link shared in a chat).
func TestAPIAnswersNoLinkFromAnotherOrigin(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("linkedview")
	e.sendBatch("shop", s, 0, rec[0])
	v := e.viewer(t)
	v.login(e.admin)
	views := func() int {
		n := 0
		for _, r := range e.auditLog() {
			if r.Action == "session.view" {
				n++
			}
		}
		return n
	}
	for _, site := range []string{"same-site", "cross-site"} {
		for _, path := range []string{"/api/sessions/" + s + "/events", "/api/audit/export", "/api/settings/export", "/api/tokens"} {
			resp, body := v.req("GET", path, nil, "Sec-Fetch-Dest", "document", "Sec-Fetch-Site", site, "Sec-Fetch-Mode", "navigate")
			assert.Equal(t, 403, resp.StatusCode, "a link from %s to %s: %s", site, path, body)
		}
	}
	assert.Zero(t, views())
	for _, site := range []string{"none", "same-origin"} {
		resp, body := v.req("GET", "/api/sessions/"+s+"/events", nil, "Sec-Fetch-Dest", "document", "Sec-Fetch-Site", site, "Sec-Fetch-Mode", "navigate")
		assert.Equal(t, 200, resp.StatusCode, "%s: %s", site, body)
	}
	assert.Equal(t, 2, views())
	resp, body := v.req("GET", "/viewer/sessions/"+s, nil, "Sec-Fetch-Dest", "document", "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "navigate")
	assert.Equal(t, 200, resp.StatusCode, body)
	code, body := e.do("GET", "/api/sessions/"+s+"/events", e.admin, "")
	assert.Equal(t, 200, code, "a bearer token is no cookie: %s", body)
}

// TestAfterLoginStaysInTheViewer: a login goes on only to a page under
// /viewer/. A next of /viewer/../api/tokens passed the prefix check and the
// redirect (cleaned) sent the browser to /api/tokens; with %2e%2e the
// browser resolved the dots itself. So a login link anyone could send
// (/viewer/login?next=/viewer/../api/sessions/ID/events?unmasked=1) made a
// capture-level view right after the login, audited in the viewer's name.
// Dot segments and empty segments, spelled or percent-encoded, go to the
// list; dots in the query are only data.
func TestAfterLoginStaysInTheViewer(t *testing.T) {
	for next, want := range map[string]string{
		"/viewer/../api/tokens":                       "/viewer/",
		"/viewer/..":                                  "/viewer/",
		"/viewer/./../api/tokens":                     "/viewer/",
		"/viewer/%2e%2e/api/tokens":                   "/viewer/",
		"/viewer/%2E%2E/%2e%2E/api/audit/export":      "/viewer/",
		"/viewer/.%2e/api/sessions/x/events?unmasked": "/viewer/",
		"/viewer/..%2fapi%2ftokens":                   "/viewer/",
		"/viewer//sessions/abc":                       "/viewer/",
		"/viewer/sessions/./abc":                      "/viewer/",
		"/viewer/sessions/abc?t=42":                   "/viewer/sessions/abc?t=42",
		"/viewer/heatmap?app=shop&page=%2Fa%2F..%2Fb": "/viewer/heatmap?app=shop&page=%2Fa%2F..%2Fb",
		"/viewer/sessions/a..b":                       "/viewer/sessions/a..b",
	} {
		assert.Equal(t, want, afterLogin(next), next)
	}
	e := newEnv(t)
	v := e.viewer(t)
	_, page := v.req("GET", "/viewer/login", nil)
	resp, body := v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)},
		"next": {"/viewer/../api/tokens"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	assert.Equal(t, "/viewer/", resp.Header.Get("Location"))
}
