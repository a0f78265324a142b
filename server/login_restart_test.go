package server

import (
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
)

// rawReq sends one request with explicit headers and cookies, as a browser
// behind a TLS-terminating proxy would reach the collector (the cookie jar
// of viewerClient would not send Secure cookies over http://).
func rawReq(t *testing.T, e *env, method, path string, form url.Values, cookies []*http.Cookie, header ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r, err := http.NewRequest(method, e.ts.URL+path, body)
	require.NoError(t, err)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestViewerBehindTLSProxy(t *testing.T) {
	forwarded := []string{"X-Forwarded-Proto", "https", "X-Forwarded-Host", "viewer.example", "X-Forwarded-For", "198.51.100.7"}
	cases := []struct {
		name       string
		trust      []string
		wantLogin  int
		wantSecure bool
	}{
		{"proxy trusted", []string{"127.0.0.0/8"}, http.StatusSeeOther, true},
		{"no proxy trusted: headers ignored", nil, http.StatusForbidden, false},
		{"another proxy trusted: forged headers ignored", []string{"10.0.0.0/8"}, http.StatusForbidden, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, func(o *Options) {
				for _, p := range c.trust {
					o.TrustProxy = append(o.TrustProxy, netip.MustParsePrefix(p))
				}
			})
			resp, page := rawReq(t, e, "GET", "/viewer/login", nil, nil, forwarded...)
			pre := cookieNamed(resp, loginCookie)
			require.NotNil(t, pre)
			assert.Equal(t, c.wantSecure, pre.Secure, "the login form's cookie")
			header := append([]string{"Origin", "https://viewer.example"}, forwarded...)
			resp, body := rawReq(t, e, "POST", "/viewer/login",
				url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)}}, []*http.Cookie{pre}, header...)
			require.Equal(t, c.wantLogin, resp.StatusCode, body)
			if c.wantLogin != http.StatusSeeOther {
				assert.Nil(t, cookieNamed(resp, SessionCookie), "no login")
				assert.Nil(t, cookieNamed(resp, SecureSessionCookie), "no login")
				return
			}
			sess := cookieNamed(resp, SecureSessionCookie)
			require.NotNil(t, sess, "behind TLS termination the session cookie is a __Host- cookie")
			assert.True(t, sess.Secure, "the session cookie is Secure behind TLS termination")
			assert.True(t, sess.HttpOnly)
			assert.Equal(t, "/", sess.Path)
			assert.Empty(t, sess.Domain, "host-only")
			resp, _ = rawReq(t, e, "GET", "/viewer/", nil, []*http.Cookie{sess}, forwarded...)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		})
	}
}

func TestLoginsSurviveRestart(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	csrf := v.login(e.admin)
	u, err := url.Parse(e.ts.URL)
	require.NoError(t, err)
	cookies := v.c.Jar.Cookies(u)

	// A new Server over the same database: a restart, or a second collector.
	e2 := newEnvAt(t, e.db, e.keyTxt)
	resp, body := rawReq(t, e2, "GET", "/viewer/", nil, cookies)
	require.Equal(t, http.StatusOK, resp.StatusCode, "still logged in after the restart")
	assert.Contains(t, body, csrf, "the same login, with its CSRF token")

	var value string
	for _, c := range cookies {
		if c.Name == SessionCookie {
			value = c.Value
		}
	}
	require.NotEmpty(t, value)
	_, found, err := e.st.Login(t.Context(), auth.Hash(value), e.clock.Now())
	require.NoError(t, err)
	assert.True(t, found, "stored by the cookie's hash")
	_, found, err = e.st.Login(t.Context(), value, e.clock.Now())
	require.NoError(t, err)
	assert.False(t, found, "not by the cookie value")
	assert.NotContains(t, readDB(t, e.db), value, "the cookie value itself is not stored")

	// Logging out on one ends the login on both.
	resp, _ = rawReq(t, e2, "POST", "/viewer/logout", url.Values{"csrf": {csrf}}, cookies, "Origin", e2.ts.URL)
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, _ = rawReq(t, e, "GET", "/viewer/", nil, cookies)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "sent to the login page")
	assert.Equal(t, "/viewer/login", resp.Header.Get("Location"))
}

func TestLoginsExpire(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	v.login(e.admin)
	e.clock.Advance(ViewerLoginTTL + 1)
	resp, _ := v.req("GET", "/viewer/", nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	e2 := newEnvAt(t, e.db, e.keyTxt)
	e2.clock.Advance(ViewerLoginTTL + 1)
	u, _ := url.Parse(e.ts.URL)
	resp, _ = rawReq(t, e2, "GET", "/viewer/", nil, v.c.Jar.Cookies(u))
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "an expired login stays expired after a restart")
}

func TestTombstonesSurviveRestart(t *testing.T) {
	e := newEnv(t)
	id := sid("deletedbyvisitor")
	require.NoError(t, e.srv.bury(t.Context(), id))
	e2 := newEnvAt(t, e.db, e.keyTxt)
	for _, srv := range []*Server{e.srv, e2.srv} {
		dead, err := srv.buried(t.Context(), id)
		require.NoError(t, err)
		assert.True(t, dead)
		alive, err := srv.buried(t.Context(), sid("neverdeleted"))
		require.NoError(t, err)
		assert.False(t, alive)
	}
	assert.NotContains(t, readDB(t, e.db), id, "the id itself is not kept")
	e.clock.Advance(TombstoneLifetime + 1)
	dead, err := e.srv.buried(t.Context(), id)
	require.NoError(t, err)
	assert.False(t, dead, "tombstones end")
}
