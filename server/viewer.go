package server

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// The viewer's pages are rendered here; its script, /veil/viewer.js, is
// built from webui/js by esbuild into the static directory (dist/).
//
//	GET  /viewer/login                     login form
//	POST /viewer/login                     token → session cookie
//	POST /viewer/logout                    ends the login
//	GET  /viewer/                          session list with filters
//	GET  /viewer/sessions/{id}             replay of one session
//	GET  /viewer/heatmap?app=A&page=URL    click heatmap of a page over a playback-masked snapshot
//	GET  /viewer/sessions/{id}/delete      asks to confirm a deletion (admin)
//	POST /viewer/sessions/{id}/delete      data-subject deletion (admin), then says what went
//
// Every POST needs the page's CSRF token and a same-origin request.

//go:embed webui/*.html webui/viewer.css
var webui embed.FS

var pages = template.Must(template.ParseFS(webui, "webui/*.html"))

// pageData is what every page template sees.
type pageData struct {
	Title    string
	LoggedIn bool
	TokenID  string
	Role     auth.Role
	CSRF     string
}

func (s *Server) viewerRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/viewer/", http.StatusSeeOther)
	})
	m.HandleFunc("GET /viewer/viewer.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		http.ServeFileFS(w, r, webui, "webui/viewer.css")
	})
	m.HandleFunc("GET /viewer/login", s.loginPage)
	m.HandleFunc("POST /viewer/login", s.login)
	m.HandleFunc("POST /viewer/logout", s.logout)
	m.HandleFunc("GET /viewer/{$}", s.viewerPage(auth.ReadSessions, s.sessionsPage))
	m.HandleFunc("GET /viewer/sessions/{id}", s.viewerPage(auth.ReplayMasked, s.replayPage))
	m.HandleFunc("GET /viewer/heatmap", s.viewerPage(auth.ReplayMasked, s.heatmapPage))
	m.HandleFunc("GET /viewer/sessions/{id}/delete", s.viewerPage(auth.DeleteSession, s.confirmDeletePage))
	m.HandleFunc("POST /viewer/sessions/{id}/delete", s.viewerPage(auth.DeleteSession, s.deletePage))
}

// pageHeaders keep the viewer's pages to themselves: no framing, no
// referrer, no third-party loads (a replay's images and fonts included, so
// that watching a recording never calls out to the recorded site). The
// replay iframe is about:blank and inherits this CSP. Resource hints
// (preconnect, dns-prefetch) escape every CSP in Chromium: the viewer's
// script strips them from replays (webui/js/prepare.js), and DNS
// prefetching is off as well.
func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data: blob:; font-src 'self' data:; frame-src 'self' about:; object-src 'none'; "+
		"frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-DNS-Prefetch-Control", "off")
	// A page that opens the viewer in a window keeps no handle on it.
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin") // no-referrer would make browsers send Origin: null on our own POSTs
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	pageHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, name, data); err != nil {
		s.log.Printf("veil: viewer page %s: %v", name, err)
	}
}

// viewerPage wraps a page handler: the request needs a cookie login whose
// token grants action; POSTs need its CSRF token in the form field csrf.
// Without a login, a GET goes to the login page.
func (s *Server) viewerPage(action auth.Action, h func(http.ResponseWriter, *http.Request, *auth.Principal, pageData)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		csrf := ""
		if !safeMethod(r.Method) {
			r.Body = http.MaxBytesReader(w, r.Body, 4096)
			csrf = r.PostFormValue("csrf")
		}
		p, l, status, msg := s.cookiePrincipal(r, csrf)
		if p == nil && status == http.StatusUnauthorized && safeMethod(r.Method) {
			http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
			return
		}
		if p == nil {
			s.denied(w, status, pageData{Title: "Not allowed"}, msg)
			return
		}
		if s.tooManyRefusals(w, p.TokenID) {
			return
		}
		pd := pageData{LoggedIn: true, TokenID: p.TokenID, Role: p.Role, CSRF: l.csrf}
		if !p.Role.Can(action) {
			s.refused(r, p.TokenID, "viewer.access", "", "", "role "+string(p.Role)+" may not do this")
			s.denied(w, http.StatusForbidden, pd, "Role "+string(p.Role)+" may not do this.")
			return
		}
		h(w, r, p, pd)
	}
}

func (s *Server) denied(w http.ResponseWriter, status int, pd pageData, msg string) {
	pd.Title = "Not allowed"
	s.render(w, status, "denied.html", struct {
		pageData
		Message string
	}{pd, msg})
}

type loginData struct {
	pageData
	Error string
	Next  string // where a successful login goes (afterLogin)
}

// loginURL sends a request that needs a login to the login page, naming
// the page it asked for (a shared link to a moment of a replay) so that the
// login can go on there.
func loginURL(r *http.Request) string {
	if next := afterLogin(r.URL.RequestURI()); next != "/viewer/" {
		return "/viewer/login?" + url.Values{"next": {next}}.Encode()
	}
	return "/viewer/login"
}

// afterLogin is where a login goes on to: next when it is a viewer page of
// this server (a path under /viewer/, never another host, scheme or the
// login itself), else the session list.
func afterLogin(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(next, "/viewer/") || strings.HasPrefix(u.Path, "/viewer/login") ||
		strings.ContainsAny(next, "\\\r\n\t") || len(next) > 2048 || !cleanPath(u.Path) {
		return "/viewer/"
	}
	return u.RequestURI()
}

// cleanPath reports whether p (decoded, so %2e%2e and %2f count as what
// browsers read them as) holds no dot segment and no empty one: the prefix
// check above means nothing once "/viewer/../api/tokens" is resolved, by
// the redirect or by the browser.
func cleanPath(p string) bool {
	for _, seg := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// loginPage sets a one-off CSRF cookie that the form must echo: before a
// login there is no session to hold the token (double submit).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	csrf := randomString(24)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: csrf, Path: "/viewer/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secureRequest(r), MaxAge: 3600})
	s.render(w, http.StatusOK, "login.html", loginData{pageData{Title: "Log in", CSRF: csrf}, "", afterLogin(r.URL.Query().Get("next"))})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	// A post from another origin (a page on any site the viewer, or anyone
	// behind the same address, visits) is refused before it counts against
	// the address's login attempts: otherwise one page posting a dozen forms
	// locked every viewer behind an office address out for minutes.
	if !s.sameOriginRequest(r) {
		s.refused(r, "", "viewer.login", "", "", "CSRF check failed")
		s.loginPageWith(w, r, http.StatusForbidden, "CSRF check failed: open the login page again and retry.")
		return
	}
	if ok, err := s.loginLimit.allowClient(r.Context(), s.clientAddr(r), s.opt.Now()); err != nil || !ok {
		if err != nil {
			s.internal(w, "login rate limit", err)
			return
		}
		w.Header().Set("Retry-After", "60")
		s.loginPageWith(w, r, http.StatusTooManyRequests, "Too many login attempts from here: wait a minute and retry.")
		return
	}
	c, err := r.Cookie(loginCookie)
	if err != nil || !equalSecret(r.PostFormValue("csrf"), c.Value) {
		s.refused(r, "", "viewer.login", "", "", "CSRF check failed")
		s.loginPageWith(w, r, http.StatusForbidden, "CSRF check failed: open the login page again and retry.")
		return
	}
	hash := auth.Hash(strings.TrimSpace(r.PostFormValue("token")))
	p, status, msg := s.tokenPrincipal(r, hash)
	if p == nil {
		if status == http.StatusUnauthorized {
			msg = "Unknown or revoked token."
			s.refused(r, "", "viewer.login", "", "", "unknown or revoked token")
		}
		s.loginPageWith(w, r, status, msg)
		return
	}
	// A login replaces the one this browser had (if any): switching tokens
	// leaves no earlier login valid behind the new cookie.
	if old, _, had, err := s.cookieLogin(r); err == nil && had {
		if err := s.logins.remove(r.Context(), old); err != nil {
			s.internal(w, "login", err)
			return
		}
	}
	cookie, _, err := s.logins.add(r.Context(), hash, s.opt.Now())
	if err != nil {
		s.internal(w, "login", err)
		return
	}
	if err := s.audit(r, store.AuditEntry{Actor: p.TokenID, Action: "viewer.login",
		Detail: detail(map[string]any{"role": p.Role})}); err != nil {
		s.logins.remove(r.Context(), cookie)
		s.internal(w, "audit", err)
		return
	}
	http.SetCookie(w, sessionCookie(cookie, s.secureRequest(r)))
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Path: "/viewer/login", MaxAge: -1})
	http.Redirect(w, r, afterLogin(r.PostFormValue("next")), http.StatusSeeOther)
}

// loginPageWith shows the form again with a message and a fresh CSRF token.
func (s *Server) loginPageWith(w http.ResponseWriter, r *http.Request, status int, msg string) {
	csrf := randomString(24)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: csrf, Path: "/viewer/login", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.secureRequest(r), MaxAge: 3600})
	s.render(w, status, "login.html", loginData{pageData{Title: "Log in", CSRF: csrf}, msg, afterLogin(r.PostFormValue("next"))})
}

// logout ends the login of the request's cookie: its row in the store and
// the cookie. It needs the login's CSRF token, but not a valid token behind
// it: a login whose token was revoked meanwhile can still be ended. Without
// a login there is nothing to protect; the cookie is cleared all the same.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	cookie, l, ok, err := s.cookieLogin(r)
	if err != nil {
		s.internal(w, "logout", err)
		return
	}
	if ok && (!s.sameOriginRequest(r) || !equalSecret(r.PostFormValue("csrf"), l.csrf)) {
		s.denied(w, http.StatusForbidden, pageData{}, "CSRF check failed: reload the page and try again")
		return
	}
	if ok {
		if err := s.logins.remove(r.Context(), cookie); err != nil {
			s.internal(w, "logout", err)
			return
		}
	}
	http.SetCookie(w, sessionCookie("", s.secureRequest(r)))
	if ok {
		actor := "anonymous"
		if t, found, err := s.st.TokenByHash(r.Context(), l.tokenHash); err == nil && found {
			actor = t.ID // also when revoked: the audit names whose login ended
		}
		if err := s.audit(r, store.AuditEntry{Actor: actor, Action: "viewer.logout"}); err != nil {
			s.internal(w, "audit", err)
			return
		}
	}
	http.Redirect(w, r, "/viewer/login", http.StatusSeeOther)
}
