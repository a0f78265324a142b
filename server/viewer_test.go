package server

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
)

// viewerClient is a browser stand-in: a cookie jar, no redirects followed,
// and the same Origin header a browser sends on a form POST.
type viewerClient struct {
	t      *testing.T
	e      *env
	c      *http.Client
	origin string
}

func (e *env) viewer(t *testing.T) *viewerClient {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &viewerClient{t: t, e: e, origin: e.ts.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// req sends a request; form, when not nil, is posted url-encoded.
func (v *viewerClient) req(method, path string, form url.Values, header ...string) (*http.Response, string) {
	v.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r, err := http.NewRequest(method, v.e.ts.URL+path, body)
	require.NoError(v.t, err)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method != "GET" && v.origin != "" {
		r.Header.Set("Origin", v.origin)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	resp, err := v.c.Do(r)
	require.NoError(v.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(v.t, err)
	return resp, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	require.NotNil(t, m, "the page has a CSRF field")
	return m[1]
}

// login logs in with token and returns the CSRF token of the login.
func (v *viewerClient) login(token string) string {
	v.t.Helper()
	_, page := v.req("GET", "/viewer/login", nil)
	resp, body := v.req("POST", "/viewer/login", url.Values{"token": {token}, "csrf": {csrfOf(v.t, page)}})
	require.Equal(v.t, http.StatusSeeOther, resp.StatusCode, body)
	require.Equal(v.t, "/viewer/", resp.Header.Get("Location"))
	_, list := v.req("GET", "/viewer/", nil)
	return csrfOf(v.t, list)
}

// A link to a moment of a replay survives the login it needs; a next that
// leaves the viewer goes to the session list instead.
func TestViewerLoginGoesOnToNext(t *testing.T) {
	e := newEnv(t)
	cases := map[string]string{
		"/viewer/sessions/abc?t=42":             "/viewer/sessions/abc?t=42",
		"":                                      "/viewer/",
		"https://evil.example/viewer/":          "/viewer/",
		"//evil.example/viewer/":                "/viewer/",
		"/viewer/\\evil.example":                "/viewer/",
		"/api/tokens":                           "/viewer/",
		"/viewer/login?next=/viewer/":           "/viewer/",
		"javascript:alert(1)//viewer/":          "/viewer/",
		"/viewer/sessions/abc\r\nSet-Cookie: x": "/viewer/",
	}
	for next, want := range cases {
		t.Run(next, func(t *testing.T) {
			v := e.viewer(t)
			_, page := v.req("GET", "/viewer/login?"+url.Values{"next": {next}}.Encode(), nil)
			assert.Contains(t, page, `name="next" value="`+want+`"`, "the form carries where to go on")
			resp, body := v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)}, "next": {next}})
			require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)
			assert.Equal(t, want, resp.Header.Get("Location"))
		})
	}
}

func TestAfterLoginLengthLimit(t *testing.T) {
	fits := "/viewer/" + strings.Repeat("a", 2048-len("/viewer/"))
	assert.Equal(t, fits, afterLogin(fits), "2048 bytes go on")
	assert.Equal(t, "/viewer/", afterLogin(fits+"a"), "2049 bytes go to the list")
}

func TestViewerLoginCookie(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	_, page := v.req("GET", "/viewer/login", nil)
	resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	var c *http.Cookie
	for _, x := range resp.Cookies() {
		if x.Name == SessionCookie {
			c = x
		}
	}
	require.NotNil(t, c)
	assert.True(t, c.HttpOnly)
	assert.Equal(t, http.SameSiteStrictMode, c.SameSite)
	assert.False(t, c.Secure, "plain HTTP on loopback")
	assert.NotContains(t, c.Value, e.admin, "the cookie is a handle, not the token")
	assert.NotContains(t, e.admin, c.Value)

	code, _ := v.req("GET", "/api/sessions", nil)
	assert.Equal(t, 200, code.StatusCode, "the cookie works on the API like the token")

	csrf := csrfOf(t, mustGet(t, v, "/viewer/"))
	resp, _ = v.req("POST", "/viewer/logout", url.Values{"csrf": {csrf}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, _ = v.req("GET", "/viewer/", nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "logged out: back to the login page")
	assert.Equal(t, "/viewer/login", resp.Header.Get("Location"))
	resp, _ = v.req("GET", "/api/sessions", nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	var actions []string
	for _, r := range e.auditLog() {
		if strings.HasPrefix(r.Action, "viewer.") {
			actions = append(actions, r.Action)
		}
	}
	assert.Equal(t, []string{"viewer.login", "viewer.logout"}, actions)
}

func mustGet(t *testing.T, v *viewerClient, path string) string {
	t.Helper()
	resp, body := v.req("GET", path, nil)
	require.Equal(t, 200, resp.StatusCode, body)
	return body
}

func TestViewerLoginRejects(t *testing.T) {
	e := newEnv(t)
	revoked, tok, err := CreateToken(t.Context(), e.st, "test", auth.Admin, []string{"*"}, "", e.clock.Now())
	require.NoError(t, err)
	_, err = RevokeToken(t.Context(), e.st, "test", tok.ID, e.clock.Now())
	require.NoError(t, err)
	cases := []struct {
		name   string
		token  string
		csrf   func(page string) string
		origin string
		want   int
	}{
		{"unknown token", "veil_nope", nil, "", http.StatusUnauthorized},
		{"revoked token", revoked, nil, "", http.StatusUnauthorized},
		{"missing csrf", e.admin, func(string) string { return "" }, "", http.StatusForbidden},
		{"wrong csrf", e.admin, func(string) string { return "forged" }, "", http.StatusForbidden},
		{"foreign origin", e.admin, nil, "https://evil.example", http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := e.viewer(t)
			if c.origin != "" {
				v.origin = c.origin
			}
			_, page := v.req("GET", "/viewer/login", nil)
			csrf := csrfOf(t, page)
			if c.csrf != nil {
				csrf = c.csrf(page)
			}
			resp, body := v.req("POST", "/viewer/login", url.Values{"token": {c.token}, "csrf": {csrf}})
			assert.Equal(t, c.want, resp.StatusCode, body)
			for _, x := range resp.Cookies() {
				assert.NotEqual(t, SessionCookie, x.Name, "no login")
			}
		})
	}
}

func TestViewerCSRF(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("csrfkept")
	e.sendBatch("shop", s, 0, rec[0])
	v := e.viewer(t)
	csrf := v.login(e.admin)
	cases := []struct {
		name, method, path string
		form               url.Values
		header             []string
		origin             string
	}{
		{"delete form without token", "POST", "/viewer/sessions/" + s + "/delete", url.Values{}, nil, ""},
		{"delete form with a wrong token", "POST", "/viewer/sessions/" + s + "/delete", url.Values{"csrf": {"x" + csrf}}, nil, ""},
		{"delete form from another site", "POST", "/viewer/sessions/" + s + "/delete", url.Values{"csrf": {csrf}}, nil, "https://evil.example"},
		{"cross-site fetch without Origin", "POST", "/viewer/sessions/" + s + "/delete", url.Values{"csrf": {csrf}}, []string{"Sec-Fetch-Site", "cross-site"}, "-"},
		{"API delete without header", "DELETE", "/api/sessions/" + s, nil, nil, ""},
		{"API delete with a wrong header", "DELETE", "/api/sessions/" + s, nil, []string{CSRFHeader, "nope"}, ""},
		{"API token creation without header", "POST", "/api/tokens", nil, nil, ""},
		{"logout without token", "POST", "/viewer/logout", url.Values{}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v.origin = e.ts.URL
			switch c.origin {
			case "-":
				v.origin = ""
			case "":
			default:
				v.origin = c.origin
			}
			resp, body := v.req(c.method, c.path, c.form, c.header...)
			assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
			assert.Contains(t, body, "CSRF")
		})
	}
	v.origin = e.ts.URL
	_, ok, err := e.st.Session(t.Context(), s)
	require.NoError(t, err)
	require.True(t, ok, "no forged request deleted the session")
	assert.Equal(t, 200, mustStatus(v, "GET", "/viewer/"), "and the login still works")

	resp, body := v.req("DELETE", "/api/sessions/"+s, nil, CSRFHeader, csrf)
	require.Equal(t, http.StatusNoContent, resp.StatusCode, body)
	s2 := sid("csrfform")
	e.sendBatch("shop", s2, 0, rec[0])
	resp, body = v.req("GET", "/viewer/sessions/"+s2+"/delete", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, `id="confirm-delete"`, "a GET only asks")
	assert.Contains(t, body, s2, "and names the session")
	_, ok, err = e.st.Session(t.Context(), s2)
	require.NoError(t, err)
	require.True(t, ok, "asking deletes nothing")
	resp, body = v.req("POST", "/viewer/sessions/"+s2+"/delete", url.Values{"csrf": {csrf}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, "Deleted the session of <strong>shop</strong>", "the result says what was deleted")
	assert.Contains(t, body, s2)
	for _, id := range []string{s, s2} {
		_, ok, err = e.st.Session(t.Context(), id)
		require.NoError(t, err)
		assert.False(t, ok, "the real requests deleted %s", id)
	}
}

func mustStatus(v *viewerClient, method, path string) int {
	resp, _ := v.req(method, path, nil)
	return resp.StatusCode
}

func TestViewerPagesAccessControl(t *testing.T) {
	e := newEnv(t)
	e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
	rec := record(t, rules.MaskAll())
	shop, blog := sid("pageshop"), sid("pageblog")
	e.sendBatch("shop", shop, 0, rec[0])
	code, msg := e.send(q("blog", blog, 0), gz(mustEvents(rec[0])), "")
	require.Equal(t, 204, code, msg)

	t.Run("anonymous", func(t *testing.T) {
		v := e.viewer(t)
		for p, login := range map[string]string{"/viewer/": "/viewer/login",
			"/viewer/sessions/" + shop + "?t=3": "/viewer/login?next=%2Fviewer%2Fsessions%2F" + shop + "%3Ft%3D3"} {
			resp, _ := v.req("GET", p, nil)
			assert.Equal(t, http.StatusSeeOther, resp.StatusCode, p)
			assert.Equal(t, login, resp.Header.Get("Location"))
		}
		resp, _ := v.req("POST", "/viewer/sessions/"+shop+"/delete", url.Values{"csrf": {"x"}})
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	})
	cases := []struct {
		role       auth.Role
		apps       []string
		list       int
		listShows  []string
		replayShop int
		replayBlog int
		deleteShop int
		unmaskBox  bool
	}{
		{auth.Replay, []string{"shop"}, 200, []string{shop}, 200, 404, 403, false},
		{auth.ReplayUnmasked, []string{"shop"}, 200, []string{shop}, 200, 404, 403, true},
		{auth.Settings, []string{"*"}, 403, nil, 403, 403, 403, false},
		{auth.Admin, []string{"blog"}, 200, []string{blog}, 404, 200, 404, false},
	}
	for _, c := range cases {
		t.Run(string(c.role)+" of "+strings.Join(c.apps, ","), func(t *testing.T) {
			v := e.viewer(t)
			csrf := ""
			_, page := v.req("GET", "/viewer/login", nil)
			resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {e.token(c.role, c.apps...)}, "csrf": {csrfOf(t, page)}})
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			resp, list := v.req("GET", "/viewer/", nil)
			assert.Equal(t, c.list, resp.StatusCode)
			csrf = csrfOf(t, list)
			for _, id := range []string{shop, blog} {
				assert.Equal(t, contains(c.listShows, id), strings.Contains(list, id), id)
			}
			resp, replay := v.req("GET", "/viewer/sessions/"+shop, nil)
			assert.Equal(t, c.replayShop, resp.StatusCode)
			assert.Equal(t, c.unmaskBox, strings.Contains(replay, `id="unmasked"`))
			assert.Equal(t, c.replayBlog, mustStatus(v, "GET", "/viewer/sessions/"+blog))
			resp, _ = v.req("POST", "/viewer/sessions/"+shop+"/delete", url.Values{"csrf": {csrf}})
			assert.Equal(t, c.deleteShop, resp.StatusCode)
		})
	}
	_, ok, err := e.st.Session(t.Context(), shop)
	require.NoError(t, err)
	assert.True(t, ok, "nobody above may delete the shop session")
}

func TestViewerPageHeaders(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	v.login(e.admin)
	resp, body := v.req("GET", "/viewer/", nil)
	require.Equal(t, 200, resp.StatusCode, body)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'self'")
	assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
}
