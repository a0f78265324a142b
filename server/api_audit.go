package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

type auditJSON struct {
	ID     int64           `json:"id"`
	Time   time.Time       `json:"time"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	App    string          `json:"app,omitempty"`
	Target string          `json:"target,omitempty"`
	Detail json.RawMessage `json:"detail"`
}

func (s *Server) auditEntries(w http.ResponseWriter, r *http.Request, p *auth.Principal) ([]auditJSON, bool) {
	f := store.AuditFilter{App: r.URL.Query().Get("app"), Apps: p.Apps}
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
	list, err := s.st.AuditLog(r.Context(), f)
	if err != nil {
		s.internal(w, "audit", err)
		return nil, false
	}
	out := make([]auditJSON, 0, len(list))
	for _, e := range list {
		out = append(out, auditJSON{e.ID, e.Time, e.Actor, e.Action, e.App, e.Target, json.RawMessage(e.Detail)})
	}
	return out, true
}

func (s *Server) readAudit(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if out, ok := s.auditEntries(w, r, p); ok {
		writeJSON(w, out)
	}
}

// exportAudit writes the audit log as JSON lines, one entry a line.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	out, ok := s.auditEntries(w, r, p)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="veil-audit.jsonl"`)
	enc := json.NewEncoder(w)
	for _, e := range out {
		enc.Encode(e)
	}
}
