package server

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
)

// tokenID is the id of the token with secret.
func (e *env) tokenID(secret string) string {
	e.t.Helper()
	tk, ok, err := e.st.TokenByHash(e.t.Context(), auth.Hash(secret))
	require.NoError(e.t, err)
	require.True(e.t, ok)
	return tk.ID
}

// TestRevokingATokenOutOfScopeIsAudited: an admin of one application that
// tries to revoke another application's token gets the answer of a missing
// token (no probing), and the attempt is in the audit log as refused; a
// token id that does not exist is no refusal.
func TestRevokingATokenOutOfScopeIsAudited(t *testing.T) {
	e := newEnv(t)
	shopAdmin := e.token(auth.Admin, "shop")
	blogID := e.tokenID(e.token(auth.Replay, "blog"))
	allID := e.tokenID(e.token(auth.Replay, "*"))

	for _, id := range []string{blogID, allID} {
		code, body := e.do("DELETE", "/api/tokens/"+id, shopAdmin, "")
		require.Equal(t, http.StatusNotFound, code, body)
		var hit bool
		for _, r := range e.refusals()["token.revoke"] {
			if r.Target == id && r.Actor == e.tokenID(shopAdmin) {
				hit = true
				assert.NotEmpty(t, r.Detail["reason"])
			}
		}
		assert.True(t, hit, "the refused revocation of %s is audited", id)
	}
	list, err := e.st.Tokens(t.Context())
	require.NoError(t, err)
	for _, tk := range list {
		assert.True(t, tk.Revoked.IsZero(), "token %s stays valid", tk.ID)
	}

	code, _ := e.do("DELETE", "/api/tokens/nosuchtoken", shopAdmin, "")
	require.Equal(t, http.StatusNotFound, code)
	for _, r := range e.refusals()["token.revoke"] {
		assert.NotEqual(t, "nosuchtoken", r.Target, "a missing token is no refusal")
	}
}

// TestLogoutAfterTheTokenWasRevoked: logging out still ends the login (its
// row in the store and the cookie) when its token was revoked meanwhile;
// without the CSRF token it ends nothing.
func TestLogoutAfterTheTokenWasRevoked(t *testing.T) {
	e := newEnv(t)
	secret := e.token(auth.Replay, "shop")
	v := e.viewer(t)
	csrf := v.login(secret)
	cookie := ""
	u, err := url.Parse(e.ts.URL)
	require.NoError(t, err)
	for _, c := range v.c.Jar.Cookies(u) {
		if c.Name == SessionCookie {
			cookie = c.Value
		}
	}
	require.NotEmpty(t, cookie)
	code, body := e.do("DELETE", "/api/tokens/"+e.tokenID(secret), e.admin, "")
	require.Equal(t, http.StatusNoContent, code, body)

	resp, _ := v.req("POST", "/viewer/logout", url.Values{"csrf": {"wrong"}})
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	_, ok, err := e.st.Login(t.Context(), auth.Hash(cookie), e.clock.Now())
	require.NoError(t, err)
	require.True(t, ok, "a logout without the CSRF token ends nothing")

	resp, body = v.req("POST", "/viewer/logout", url.Values{"csrf": {csrf}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
	assert.Equal(t, "/viewer/login", resp.Header.Get("Location"))
	_, ok, err = e.st.Login(t.Context(), auth.Hash(cookie), e.clock.Now())
	require.NoError(t, err)
	assert.False(t, ok, "the login is gone from the store")
	var cleared bool
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie && c.MaxAge < 0 {
			cleared = true
		}
	}
	assert.True(t, cleared, "the session cookie is cleared")
}

// TestLoginReplacesTheEarlierLogin: logging in again from the same browser
// (another token, say) ends the login its cookie held, so no earlier
// login stays valid behind the new cookie.
func TestLoginReplacesTheEarlierLogin(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	u, err := url.Parse(e.ts.URL)
	require.NoError(t, err)
	cookieOf := func() string {
		for _, c := range v.c.Jar.Cookies(u) {
			if c.Name == SessionCookie {
				return c.Value
			}
		}
		return ""
	}
	v.login(e.admin)
	first := cookieOf()
	require.NotEmpty(t, first)
	v.login(e.token(auth.Replay, "shop"))
	second := cookieOf()
	require.NotEqual(t, first, second, "a new login gets a new cookie")
	_, ok, err := e.st.Login(t.Context(), auth.Hash(first), e.clock.Now())
	require.NoError(t, err)
	assert.False(t, ok, "the earlier login is gone")
	_, ok, err = e.st.Login(t.Context(), auth.Hash(second), e.clock.Now())
	require.NoError(t, err)
	assert.True(t, ok, "the new login holds")
}
