package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

type tokenJSON struct {
	ID      string     `json:"id"`
	Role    string     `json:"role"`
	Apps    []string   `json:"apps"`
	Note    string     `json:"note"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked,omitempty"`
	// Secret is set only in the answer that creates the token.
	Secret string `json:"secret,omitempty"`
}

func toTokenJSON(t store.Token) tokenJSON {
	out := tokenJSON{ID: t.ID, Role: t.Role, Apps: t.Apps, Note: t.Note, Created: t.Created}
	if !t.Revoked.IsZero() {
		r := t.Revoked
		out.Revoked = &r
	}
	return out
}

// CreateToken makes a token, stores its hash and audits it; the secret is
// returned once and never stored. The CLI and the API share it.
func CreateToken(ctx context.Context, st store.Store, actor string, role auth.Role, apps []string, note string, now time.Time) (secret string, t store.Token, err error) {
	if err := auth.ValidateApps(apps); err != nil {
		return "", t, err
	}
	secret, id, err := auth.NewSecret()
	if err != nil {
		return "", t, err
	}
	t = store.Token{ID: id, Hash: auth.Hash(secret), Role: string(role), Apps: apps, Note: note, Created: now}
	err = st.AddToken(ctx, t, store.AuditEntry{Time: now, Actor: actor, Action: "token.create", Target: id,
		Detail: detail(map[string]any{"role": role, "apps": apps, "note": note})})
	return secret, t, err
}

// RevokeToken revokes a token and audits it; found is false when there is
// no valid token id.
func RevokeToken(ctx context.Context, st store.Store, actor, id string, now time.Time) (bool, error) {
	return st.RevokeToken(ctx, id, now, store.AuditEntry{Time: now, Actor: actor, Action: "token.revoke", Target: id})
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	list, err := s.st.Tokens(r.Context())
	if err != nil {
		s.internal(w, "tokens", err)
		return
	}
	out := []tokenJSON{}
	for _, t := range list {
		if p.Covers(t.Apps) {
			out = append(out, toTokenJSON(t))
		}
	}
	writeJSON(w, out)
}

type createRequest struct {
	Role string   `json:"role"`
	Apps []string `json:"apps"`
	Note string   `json:"note"`
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var req createRequest
	if !readJSON(w, r, &req) {
		return
	}
	if len(req.Note) > MaxTokenNote {
		fail(w, http.StatusBadRequest, "note: "+strconv.Itoa(len(req.Note))+" bytes, over the limit of "+strconv.Itoa(MaxTokenNote))
		return
	}
	// Stored as text (PostgreSQL refuses a NUL) and printed by `veil token
	// list`, where a line break or an escape sequence would forge output.
	if strings.ContainsFunc(req.Note, unicode.IsControl) {
		fail(w, http.StatusBadRequest, "note "+quoteStart(req.Note)+": holds a control character")
		return
	}
	role, err := auth.ParseRole(req.Role)
	if err != nil {
		fail(w, http.StatusBadRequest, "role: "+err.Error())
		return
	}
	if err := auth.ValidateApps(req.Apps); err != nil {
		fail(w, http.StatusBadRequest, "apps: "+err.Error())
		return
	}
	if !p.Role.MayGrant(role) {
		s.refused(r, p.TokenID, "token.create", "", "", "role "+string(p.Role)+" may not grant role "+string(role))
		fail(w, http.StatusForbidden, "role "+string(p.Role)+" may not create a "+string(role)+
			" token: a token never hands out more than it may do itself; replay-unmasked tokens come only from `veil token create` on the collector's machine")
		return
	}
	if !p.Covers(req.Apps) {
		s.refused(r, p.TokenID, "token.create", "", "", "applications outside the token's scope")
		fail(w, http.StatusForbidden, "a token can only be given applications in the creating token's scope")
		return
	}
	if !s.takeTokenCreation(w) {
		return
	}
	secret, t, err := CreateToken(r.Context(), s.st, p.TokenID, role, req.Apps, req.Note, s.opt.Now())
	if err != nil {
		s.tokenCreations.refund("", s.opt.Now()) // nothing was created
		s.internal(w, "tokens", err)
		return
	}
	out := toTokenJSON(t)
	out.Secret = secret
	writeJSONStatus(w, http.StatusCreated, out)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	list, err := s.st.Tokens(r.Context())
	if err != nil {
		s.internal(w, "tokens", err)
		return
	}
	for _, t := range list {
		if t.ID != id {
			continue
		}
		if !p.Covers(t.Apps) {
			// Answered as a missing token (no probing), audited as the attempt it is.
			s.refused(r, p.TokenID, "token.revoke", "", id, "token outside the revoking token's scope")
			break
		}
		found, err := RevokeToken(r.Context(), s.st, p.TokenID, id, s.opt.Now())
		if err != nil {
			s.internal(w, "tokens", err)
			return
		}
		if found {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	fail(w, http.StatusNotFound, "no such valid token")
}
