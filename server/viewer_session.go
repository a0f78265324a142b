package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/veil-replay/veil/server/auth"
)

// Cookie names of the viewer. The session cookie holds a random handle of a
// server-side login, never the token: a stolen cookie dies with logout or
// with the server, and the token's hash is checked again on every request,
// so revoking the token ends its logins at once.
const (
	SessionCookie = "veil_session"
	loginCookie   = "veil_login"
	// CSRFHeader carries the login's CSRF token on state-changing API
	// requests authenticated by the session cookie.
	CSRFHeader = "X-Veil-CSRF"
	// ViewerLoginTTL is how long a viewer login lasts.
	ViewerLoginTTL = 8 * time.Hour
)

// viewerLogin is one logged-in viewer.
type viewerLogin struct {
	tokenHash string
	csrf      string
	expires   time.Time
}

// viewerLogins keeps logins in memory by the hash of their cookie value. It
// is safe for concurrent use. A restart logs everyone out, which is the
// safe direction.
type viewerLogins struct {
	mu sync.Mutex
	m  map[string]viewerLogin
}

func newViewerLogins() *viewerLogins { return &viewerLogins{m: map[string]viewerLogin{}} }

// randomString returns n random bytes as base64url.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("veil: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// add creates a login for a token and returns the cookie value.
func (v *viewerLogins) add(tokenHash string, now time.Time) (cookie string, l viewerLogin) {
	cookie = randomString(32)
	l = viewerLogin{tokenHash: tokenHash, csrf: randomString(24), expires: now.Add(ViewerLoginTTL)}
	v.mu.Lock()
	defer v.mu.Unlock()
	for k, old := range v.m { // expired logins go whenever a new one comes
		if now.After(old.expires) {
			delete(v.m, k)
		}
	}
	v.m[auth.Hash(cookie)] = l
	return cookie, l
}

func (v *viewerLogins) get(cookie string, now time.Time) (viewerLogin, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	l, ok := v.m[auth.Hash(cookie)]
	if ok && now.After(l.expires) {
		delete(v.m, auth.Hash(cookie))
		return l, false
	}
	return l, ok
}

func (v *viewerLogins) remove(cookie string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.m, auth.Hash(cookie))
}

// sessionCookie is the Set-Cookie of a login (or, with value "", of its end).
func sessionCookie(r *http.Request, value string) *http.Cookie {
	c := &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.MaxAge = int(ViewerLoginTTL / time.Second)
	}
	return c
}

// safeMethod: requests that change nothing need no CSRF token.
func safeMethod(m string) bool { return m == "GET" || m == "HEAD" || m == "OPTIONS" }

// sameOriginRequest is the Origin half of the CSRF defence: a browser names
// the origin of every cross-site POST, so a foreign Origin, or a
// Sec-Fetch-Site that is neither same-origin nor a typed URL, is refused.
func sameOriginRequest(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		return sameOrigin(r, o)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}

func equalSecret(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// cookieLogin finds the login of r's session cookie; ok is false without one.
func (s *Server) cookieLogin(r *http.Request) (cookie string, l viewerLogin, ok bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return "", l, false
	}
	l, ok = s.logins.get(c.Value, s.opt.Now())
	return c.Value, l, ok
}

// cookiePrincipal authenticates r by its session cookie. A state-changing
// request must also carry the login's CSRF token (in csrf, taken from the
// CSRFHeader or a form field by the caller) and come from this origin.
func (s *Server) cookiePrincipal(r *http.Request, csrf string) (*auth.Principal, viewerLogin, int, string) {
	_, l, ok := s.cookieLogin(r)
	if !ok {
		return nil, l, http.StatusUnauthorized, "not logged in (or the login expired)"
	}
	if !safeMethod(r.Method) && (!sameOriginRequest(r) || !equalSecret(csrf, l.csrf)) {
		return nil, l, http.StatusForbidden, "CSRF check failed: reload the page and try again"
	}
	p, status, msg := s.tokenPrincipal(r, l.tokenHash)
	return p, l, status, msg
}
