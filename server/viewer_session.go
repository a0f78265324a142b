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
	// SecureSessionCookie is the session cookie's name when the client
	// reached us over TLS: the __Host- prefix makes the browser refuse it
	// unless it is Secure, host-only and Path=/, so no other host of the
	// site (the recorded shop on a sibling subdomain, say) can set one.
	SecureSessionCookie = "__Host-" + SessionCookie
	loginCookie         = "veil_login"
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

// sessionCookieName is the session cookie's name for a client that
// reached us over TLS (secure) or not.
func sessionCookieName(secure bool) string {
	if secure {
		return SecureSessionCookie
	}
	return SessionCookie
}

// sessionCookie is the Set-Cookie of a login (or, with value "", of its
// end); secure, and named SecureSessionCookie, when the client reached us
// over TLS (secureRequest).
func sessionCookie(value string, secure bool) *http.Cookie {
	c := &http.Cookie{Name: sessionCookieName(secure), Value: value, Path: "/", HttpOnly: true,
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

// sessionCookieValue is the value of r's session cookie, "" without one.
// Over TLS only the __Host- cookie counts: a plain one there may have been
// set by another host of the site (cookie tossing), to log the viewer in
// as someone else.
func (s *Server) sessionCookieValue(r *http.Request) string {
	c, err := r.Cookie(sessionCookieName(s.secureRequest(r)))
	if err != nil {
		return ""
	}
	return c.Value
}

// cookieLogin finds the login of r's session cookie; ok is false without one.
func (s *Server) cookieLogin(r *http.Request) (cookie string, l viewerLogin, ok bool, err error) {
	c := s.sessionCookieValue(r)
	if c == "" {
		return "", l, false, nil
	}
	l, ok, err = s.logins.get(r.Context(), c, s.opt.Now())
	return c, l, ok, err
}

// notTheViewer says why r, though it carries the viewer's cookie, was not
// made by the viewer itself; "" when it may have been. Two cases:
//
//   - A load of an image, style, font, frame, media, object, … (the
//     Sec-Fetch-Dest of anything but the viewer's script's fetch, "empty",
//     or a navigation, "document"). A replayed page may name any URL of the
//     collector, and its loads carry the cookie: without this every
//     <img src=/api/sessions/ID/events> of a hostile recording would view
//     (and audit a view of) a session as the viewer, once per element.
//   - A no-cors request (Sec-Fetch-Mode): a prefetch of the page, whose
//     destination is "empty" like a fetch's.
//   - A script's request from another origin (Sec-Fetch-Site same-site or
//     cross-site, and not a navigation): SameSite=Strict sends the cookie
//     to the collector from every subdomain of its site, the recorded shop
//     included. Following a link (a navigation) still works.
//
// Browsers that send no Sec-Fetch-* headers are let through.
func notTheViewer(r *http.Request) string {
	switch dest := r.Header.Get("Sec-Fetch-Dest"); dest {
	case "", "empty", "document":
	default:
		return "a viewer login answers the viewer's own pages and script, not a page's " + dest +
			" load (Sec-Fetch-Dest: " + dest + ")"
	}
	if r.Header.Get("Sec-Fetch-Mode") == "no-cors" {
		// A prefetch or beacon (destination "empty" too): never the viewer's
		// script, whose fetches are cors.
		return "a viewer login answers the viewer's own pages and script, not a no-cors load (Sec-Fetch-Mode: no-cors)"
	}
	switch site := r.Header.Get("Sec-Fetch-Site"); {
	case (site == "cross-site" || site == "same-site") && r.Header.Get("Sec-Fetch-Mode") != "navigate":
		return "CSRF check failed: a viewer login answers requests from the viewer's own origin, not from another " +
			"origin of its site (Sec-Fetch-Site: " + site + ")"
	}
	return ""
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
	if why := notTheViewer(r); why != "" {
		return nil, l, http.StatusForbidden, why
	}
	if !safeMethod(r.Method) && (!s.sameOriginRequest(r) || !equalSecret(csrf, l.csrf)) {
		return nil, l, http.StatusForbidden, "CSRF check failed: reload the page and try again"
	}
	p, status, msg := s.tokenPrincipal(r, l.tokenHash)
	return p, l, status, msg
}
