package server

import (
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
)

// TestTossedSessionCookieIsIgnoredOverTLS: behind a trusted TLS proxy the
// login is a __Host- cookie, which no other host of the site can set. A
// plain veil_session cookie — what a sibling subdomain (the recorded shop)
// can toss at the viewer, holding a login of the attacker's own token — is
// not a login there, neither for the viewer's pages nor for the API.
func TestTossedSessionCookieIsIgnoredOverTLS(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.TrustProxy = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	tls := []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "viewer.example"}
	attacker := e.token(auth.Replay, "shop")
	handle, _, err := e.srv.logins.add(t.Context(), auth.Hash(attacker), e.clock.Now())
	require.NoError(t, err)
	tossed := &http.Cookie{Name: SessionCookie, Value: handle}

	resp, body := rawReq(t, e, "GET", "/viewer/", nil, []*http.Cookie{tossed}, tls...)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "the page asks for a login: %s", body)
	resp, body = rawReq(t, e, "GET", "/api/sessions", nil, []*http.Cookie{tossed}, tls...)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, body)

	// The same handle as a __Host- cookie (which only this host could have
	// set) is a login; over plain http the plain name still is.
	resp, body = rawReq(t, e, "GET", "/viewer/", nil, []*http.Cookie{{Name: SecureSessionCookie, Value: handle}}, tls...)
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = rawReq(t, e, "GET", "/viewer/", nil, []*http.Cookie{tossed})
	assert.Equal(t, http.StatusOK, resp.StatusCode, body)

	// Logging out over TLS clears the __Host- cookie.
	resp, page := rawReq(t, e, "GET", "/viewer/", nil, []*http.Cookie{{Name: SecureSessionCookie, Value: handle}}, tls...)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = rawReq(t, e, "POST", "/viewer/logout", url.Values{"csrf": {csrfOf(t, page)}},
		[]*http.Cookie{{Name: SecureSessionCookie, Value: handle}}, append([]string{"Origin", "https://viewer.example"}, tls...)...)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	gone := cookieNamed(resp, SecureSessionCookie)
	require.NotNil(t, gone)
	assert.Negative(t, gone.MaxAge)
	assert.True(t, gone.Secure)
}
