package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// handler is an API endpoint that runs for an authenticated principal.
type handler func(w http.ResponseWriter, r *http.Request, p *auth.Principal)

// principal authenticates a request. It is the one place that knows how: a
// bearer token, or the viewer's session cookie, which then stands for the
// token it logged in with (same role, scope and audit actor).
func (s *Server) principal(w http.ResponseWriter, r *http.Request) (*auth.Principal, int, string) {
	h := r.Header.Get("Authorization")
	if h == "" {
		if s.sessionCookieValue(r) != "" {
			// The Strict cookie comes with a link followed from any origin of
			// the site (the recorded shop on a sibling subdomain): a link
			// there to an API URL would read or view as the viewer. The API
			// is read by the viewer's own script or a URL typed in.
			if site := r.Header.Get("Sec-Fetch-Site"); site == "same-site" || site == "cross-site" {
				return nil, http.StatusForbidden, "a viewer login answers API requests from the viewer's own origin, " +
					"not a link followed from another (Sec-Fetch-Site: " + site + ")"
			}
			p, _, status, msg := s.cookiePrincipal(r, r.Header.Get(CSRFHeader))
			return p, status, msg
		}
	}
	secret, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || secret == "" {
		return nil, http.StatusUnauthorized, "missing Authorization: Bearer <token>"
	}
	return s.bearerPrincipal(w, r, secret)
}

// tokenPrincipal looks up a valid token by the hash of its secret.
func (s *Server) tokenPrincipal(r *http.Request, hash string) (*auth.Principal, int, string) {
	t, found, err := s.st.TokenByHash(r.Context(), hash)
	if err != nil {
		return nil, http.StatusInternalServerError, "token lookup failed"
	}
	if !found || !t.Revoked.IsZero() {
		return nil, http.StatusUnauthorized, "unknown or revoked token"
	}
	return &auth.Principal{TokenID: t.ID, Role: auth.Role(t.Role), Apps: t.Apps, TokenHash: hash}, 0, ""
}

// stillValid looks p's token up again and answers 401 (500 if the store
// fails) and reports false unless it is still valid. A replay or a heatmap
// is read and masked for up to seconds after its token was checked, and an
// export is written for minutes: revoking a token must stop what it was
// about to be shown, not only its next request.
func (s *Server) stillValid(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	ok, err := s.tokenValid(r.Context(), p)
	if err != nil {
		s.internal(w, "token lookup", err)
		return false
	}
	if !ok {
		fail(w, http.StatusUnauthorized, revokedMeanwhile)
	}
	return ok
}

// revokedMeanwhile says why stillValid refused.
const revokedMeanwhile = "the token was revoked while this answer was read; nothing of it is sent"

// tokenValid reports whether p's token is still valid.
func (s *Server) tokenValid(ctx context.Context, p *auth.Principal) (bool, error) {
	t, found, err := s.st.TokenByHash(ctx, p.TokenHash)
	if err != nil {
		return false, err
	}
	return found && t.Revoked.IsZero() && t.ID == p.TokenID, nil
}

// authed wraps h: the request needs a token whose role grants action.
func (s *Server) authed(action auth.Action, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		p, status, msg := s.principal(w, r)
		if p == nil {
			if status == http.StatusUnauthorized {
				w.Header().Set("WWW-Authenticate", `Bearer realm="veil"`)
			}
			fail(w, status, msg)
			return
		}
		if s.tooManyRefusals(w, p.TokenID) {
			return
		}
		if !p.Role.Can(action) {
			s.refused(r, p.TokenID, "api.access", "", "", "role "+string(p.Role)+" may not do this")
			fail(w, http.StatusForbidden, "role "+string(p.Role)+" may not do this")
			return
		}
		h(w, r, p)
	}
}

func (s *Server) apiRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/apps", s.authed(auth.ListApps, s.listApps))
	m.HandleFunc("GET /api/sessions", s.authed(auth.ReadSessions, s.listSessions))
	m.HandleFunc("GET /api/sessions/{id}", s.authed(auth.ReadSessions, s.getSession))
	m.HandleFunc("GET /api/sessions/{id}/events", s.authed(auth.ReplayMasked, s.sessionEvents))
	m.HandleFunc("DELETE /api/sessions/{id}", s.authed(auth.DeleteSession, s.apiDeleteSession))
	m.HandleFunc("GET /api/apps/{app}/settings", s.authed(auth.ReadSettings, s.getSettings))
	m.HandleFunc("PUT /api/apps/{app}/settings", s.authed(auth.WriteSettings, s.putSettings))
	m.HandleFunc("DELETE /api/apps/{app}", s.authed(auth.DeleteApp, s.deleteApp))
	m.HandleFunc("GET /api/settings/export", s.authed(auth.ReadSettings, s.exportSettings))
	m.HandleFunc("POST /api/settings/import", s.authed(auth.WriteSettings, s.importSettings))
	m.HandleFunc("GET /api/tokens", s.authed(auth.ManageTokens, s.listTokens))
	m.HandleFunc("POST /api/tokens", s.authed(auth.ManageTokens, s.createToken))
	m.HandleFunc("DELETE /api/tokens/{id}", s.authed(auth.ManageTokens, s.revokeToken))
	m.HandleFunc("GET /api/audit", s.authed(auth.ReadAudit, s.readAudit))
	m.HandleFunc("GET /api/audit/export", s.authed(auth.ReadAudit, s.exportAudit))
}

type appJSON struct {
	Name     string `json:"name"`
	Sessions int    `json:"sessions"`
}

func (s *Server) listApps(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	names := s.appNames()
	slices.Sort(names)
	var counts map[string]int
	if p.Role.Can(auth.ReadSessions) {
		var err error
		if counts, err = s.st.SessionCounts(r.Context(), p.Apps); err != nil {
			s.internal(w, "apps", err)
			return
		}
	}
	out := []appJSON{}
	for _, n := range names {
		if p.InScope(n) {
			out = append(out, appJSON{Name: n, Sessions: counts[n]})
		}
	}
	writeJSON(w, out)
}

// readJSON decodes a bounded request body strictly into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, MaxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		fail(w, http.StatusBadRequest, "bad request body: "+jsonError(err))
		return false
	}
	return true
}

// jsonError says what is wrong with a request body in the API's terms: a
// member of the wrong type is named by its JSON path, not by the Go type
// that holds it (encoding/json's own message names the collector's structs).
func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := te.Type.Kind().String()
		switch te.Type.Kind() {
		case reflect.Slice, reflect.Array:
			want = "array"
		case reflect.Map, reflect.Struct:
			want = "object"
		}
		return te.Field + ": expected " + want + ", found " + te.Value
	}
	return err.Error()
}

// readAll reads a bounded request body.
func readAll(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxAPIBody+1))
	if err != nil {
		fail(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return nil, false
	}
	if len(b) > MaxAPIBody {
		fail(w, http.StatusRequestEntityTooLarge, "body is over the limit of "+strconv.Itoa(MaxAPIBody)+" bytes")
		return nil, false
	}
	return b, true
}

// timeParam reads a from/to filter: RFC 3339 or milliseconds since the epoch.
func timeParam(w http.ResponseWriter, r *http.Request, name string) (time.Time, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, true
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(n), true
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		fail(w, http.StatusBadRequest, name+": expected RFC 3339 or milliseconds since the epoch")
		return time.Time{}, false
	}
	return t, true
}

// audit appends an entry; a failure to audit fails the request that caused
// it, since an unaudited view must not happen silently.
func (s *Server) audit(r *http.Request, e store.AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = s.opt.Now()
	}
	return s.st.Audit(r.Context(), e)
}

func detail(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
