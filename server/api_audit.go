package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// Outcomes of audited attempts. Every entry has one: what was done, or what
// was tried and refused (refusals carry their reason in detail.reason).
const (
	outcomeDone    = "done"
	outcomeRefused = "refused"
)

type auditJSON struct {
	ID      int64           `json:"id"`
	Time    time.Time       `json:"time"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Outcome string          `json:"outcome"`
	App     string          `json:"app,omitempty"`
	Target  string          `json:"target,omitempty"`
	Detail  json.RawMessage `json:"detail"`
}

// outcomeOf reads detail.outcome; entries written before refusals were
// audited, and every entry of a thing done, have none and were done.
func outcomeOf(detail string) string {
	var d struct {
		Outcome string `json:"outcome"`
	}
	if json.Unmarshal([]byte(detail), &d) == nil && d.Outcome == outcomeRefused {
		return outcomeRefused
	}
	return outcomeDone
}

// refused audits an attempt that the collector turned down: who (a token id,
// or "anonymous" for a login with an unknown token), what, on which
// application and target, and why. The request is refused whatever happens
// here, so a failure to audit is logged rather than answered.
func (s *Server) refused(r *http.Request, actor, action, app, target, reason string) {
	if actor == "" {
		actor = "anonymous"
		if !s.anonRefusals.take(r.Context(), actor, s.opt.Now()) {
			s.unitemizedRefusals.add(action + "\x00" + reason) // audited together (anonRefusals)
			return
		}
	} else {
		s.refusals.charge(actor, s.opt.Now())
	}
	d := map[string]any{"outcome": outcomeRefused, "reason": reason, "request": r.Method + " " + r.Pattern}
	err := s.audit(r, store.AuditEntry{Actor: actor, Action: action, App: app, Target: target, Detail: detail(d)})
	if err != nil {
		s.log.Printf("veil: audit of a refused %s by %s: %v", action, actor, err)
	}
}

func (s *Server) auditEntries(w http.ResponseWriter, r *http.Request, p *auth.Principal) ([]auditJSON, bool) {
	f := store.AuditFilter{App: r.URL.Query().Get("app"), Apps: p.Apps}
	if badAppFilter(f.App) {
		fail(w, http.StatusBadRequest, appFilterError(f.App))
		return nil, false
	}
	var ok bool
	if f.From, ok = timeParam(w, r, "from"); !ok {
		return nil, false
	}
	if f.To, ok = timeParam(w, r, "to"); !ok {
		return nil, false
	}
	if f.Limit, ok = limitParam(w, r); !ok {
		return nil, false
	}
	if f.AfterID, ok = parseAuditCursor(w, r); !ok {
		return nil, false
	}
	limit := f.Limit
	f.Limit++ // one more tells whether there is a next page
	list, err := s.st.AuditLog(r.Context(), f)
	if err != nil {
		s.internal(w, "audit", err)
		return nil, false
	}
	if len(list) > limit {
		list = list[:limit]
		setNext(w, r, strconv.FormatInt(list[limit-1].ID, 10))
	}
	return toAuditJSON(list), true
}

func toAuditJSON(list []store.AuditEntry) []auditJSON {
	out := make([]auditJSON, 0, len(list))
	for _, e := range list {
		out = append(out, auditJSON{e.ID, e.Time, e.Actor, e.Action, outcomeOf(e.Detail), e.App, e.Target, json.RawMessage(e.Detail)})
	}
	return out
}

func (s *Server) readAudit(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if out, ok := s.auditEntries(w, r, p); ok {
		writeJSON(w, out)
	}
}

// exportAudit writes the whole audit log in the filter as JSON lines, one
// entry a line, each with its outcome ("done" or "refused"), so refused
// attempts stand out. It reads the log a page at a time, so memory stays
// bounded however long the log is.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if refuseHead(w, r) {
		return
	}
	f := store.AuditFilter{App: r.URL.Query().Get("app"), Apps: p.Apps, Limit: MaxPageSize}
	if badAppFilter(f.App) {
		fail(w, http.StatusBadRequest, appFilterError(f.App))
		return
	}
	var ok bool
	if f.From, ok = timeParam(w, r, "from"); !ok {
		return
	}
	if f.To, ok = timeParam(w, r, "to"); !ok {
		return
	}
	list, err := s.st.AuditLog(r.Context(), f)
	if err != nil {
		s.internal(w, "audit", err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="veil-audit.jsonl"`)
	enc := json.NewEncoder(w)
	for len(list) > 0 {
		for _, e := range toAuditJSON(list) {
			if enc.Encode(e) != nil {
				return // the client went away
			}
		}
		if len(list) < f.Limit {
			return
		}
		f.AfterID = list[len(list)-1].ID
		if list, err = s.st.AuditLog(r.Context(), f); err != nil {
			// Headers are sent: the truncated export ends with an error line.
			s.log.Printf("veil: audit export: %v", err)
			enc.Encode(map[string]string{"error": "export truncated; see the collector's log"})
			return
		}
		// An export is written for as long as the client reads (up to the
		// write timeout): each next page is sent only if the token still
		// holds once it is read.
		if ok, err := s.tokenValid(r.Context(), p); err != nil {
			s.log.Printf("veil: audit export: token lookup: %v", err)
			enc.Encode(map[string]string{"error": "export truncated; see the collector's log"})
			return
		} else if !ok {
			enc.Encode(map[string]string{"error": "export truncated: " + revokedMeanwhile})
			return
		}
	}
}
