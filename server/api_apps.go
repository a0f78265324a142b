package server

import (
	"encoding/json"
	"math"
	"net/http"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

// deletedApp is the answer of DELETE /api/apps/{app}.
type deletedApp struct {
	App      string `json:"app"`
	Sessions int    `json:"sessions"`
}

// deleteApp deletes an application: its settings (so its ingest and
// configuration answer 404 and its name no longer counts against MaxApps),
// every session of it with its data key, and its stored-bytes count, in one
// transaction with its audit entry (app.delete: the settings before, the
// number of sessions). An application without settings whose sessions are
// still stored can be deleted too. Admin only, within the token's scope.
func (s *Server) deleteApp(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	name, ok := s.pathApp(w, r, p, "app.delete")
	if !ok {
		return
	}
	// Its audit entry holds the settings deleted (up to settings.MaxBytes):
	// counted with the token's settings changes, else creating and deleting
	// an application in turn wrote half of what it wrote uncounted.
	if s.tooManySettingsWrites(w, p.TokenID) {
		return
	}
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	if s.tooManySettingsWrites(w, p.TokenID) { // again: see tooManySettingsWrites
		return
	}
	before := s.app(name)
	if before == nil {
		counts, err := s.st.SessionCounts(r.Context(), []string{name})
		if err != nil {
			s.internal(w, "apps", err)
			return
		}
		if counts[name] == 0 {
			fail(w, http.StatusNotFound, "no such application")
			return
		}
	}
	// Forgotten first, so that no new batch of it is taken meanwhile; a
	// batch already past that check may still store a session, which
	// retention then deletes (35 days for an application without settings).
	s.dropApp(name)
	s.live.expire(name, time.UnixMilli(math.MaxInt64))
	var was json.RawMessage = []byte("null")
	if before != nil {
		was = before.AppendJSON(nil)
	}
	audited := 0
	n, err := s.st.DeleteApp(r.Context(), name, func(n int) store.AuditEntry {
		e := store.AuditEntry{Time: s.opt.Now(), Actor: p.TokenID, Action: "app.delete", App: name,
			Detail: detail(map[string]any{"sessions": n, "settings": was})}
		audited = len(e.Detail)
		return e
	})
	if err != nil {
		if before != nil {
			s.setApps(map[string]*settings.App{name: before}) // nothing was deleted
		}
		s.internal(w, "apps", err)
		return
	}
	s.settingsWrites.chargeN(p.TokenID, s.opt.Now(), float64(audited))
	writeJSON(w, deletedApp{App: name, Sessions: n})
}
