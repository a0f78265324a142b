package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// Cookie names of the viewer. The session cookie holds a random handle of a
// login kept in the store, never the token: a stolen cookie dies with logout
// or expiry, and the token's hash is checked again on every request, so
// revoking the token ends its logins at once.
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

// viewerLogins keeps logins in the store, by the hash of their cookie value,
// so that a restart (or another collector behind the same load balancer)
// keeps people logged in, and a copy of the database holds no usable cookie.
// It is safe for concurrent use.
type viewerLogins struct{ st store.Store }

func newViewerLogins(st store.Store) *viewerLogins { return &viewerLogins{st: st} }

// randomString returns n random bytes as base64url.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("veil: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// add creates a login for a token and returns the cookie value.
func (v *viewerLogins) add(ctx context.Context, tokenHash string, now time.Time) (cookie string, l viewerLogin, err error) {
	cookie = randomString(32)
	l = viewerLogin{tokenHash: tokenHash, csrf: randomString(24), expires: now.Add(ViewerLoginTTL)}
	err = v.st.AddLogin(ctx, store.Login{Handle: auth.Hash(cookie), TokenHash: l.tokenHash, CSRF: l.csrf, Expires: l.expires}, now)
	return cookie, l, err
}

// get finds the unexpired login of a cookie value.
func (v *viewerLogins) get(ctx context.Context, cookie string, now time.Time) (viewerLogin, bool, error) {
	sl, ok, err := v.st.Login(ctx, auth.Hash(cookie), now)
	if !ok || err != nil {
		return viewerLogin{}, false, err
	}
	return viewerLogin{tokenHash: sl.TokenHash, csrf: sl.CSRF, expires: sl.Expires}, true, nil
}

func (v *viewerLogins) remove(ctx context.Context, cookie string) error {
	return v.st.DeleteLogin(ctx, auth.Hash(cookie))
}

// sessionCookie is the Set-Cookie of a login (or, with value "", of its
// end); secure when the client reached us over TLS (secureRequest).
func sessionCookie(value string, secure bool) *http.Cookie {
	c := &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secure}
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
// The origin compared is the one the client asked for (requestOrigin), which
// behind a trusted TLS-terminating proxy is https://, not our http://.
func (s *Server) sameOriginRequest(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		return o == s.requestOrigin(r)
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
func (s *Server) cookieLogin(r *http.Request) (cookie string, l viewerLogin, ok bool, err error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return "", l, false, nil
	}
	l, ok, err = s.logins.get(r.Context(), c.Value, s.opt.Now())
	return c.Value, l, ok, err
}

// cookiePrincipal authenticates r by its session cookie. A state-changing
// request must also carry the login's CSRF token (in csrf, taken from the
// CSRFHeader or a form field by the caller) and come from this origin.
func (s *Server) cookiePrincipal(r *http.Request, csrf string) (*auth.Principal, viewerLogin, int, string) {
	_, l, ok, err := s.cookieLogin(r)
	if err != nil {
		s.log.Printf("veil: login lookup: %v", err)
		return nil, l, http.StatusInternalServerError, "login lookup failed"
	}
	if !ok {
		return nil, l, http.StatusUnauthorized, "not logged in (or the login expired)"
	}
	if !safeMethod(r.Method) && (!s.sameOriginRequest(r) || !equalSecret(csrf, l.csrf)) {
		return nil, l, http.StatusForbidden, "CSRF check failed: reload the page and try again"
	}
	p, status, msg := s.tokenPrincipal(r, l.tokenHash)
	return p, l, status, msg
}
