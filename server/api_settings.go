package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

type putAnswer struct {
	Settings json.RawMessage `json:"settings"`
	Notes    []string        `json:"notes"`
}

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	name := r.PathValue("app")
	app := s.app(name)
	if app != nil && !p.InScope(name) {
		s.refused(r, p.TokenID, "settings.get", name, "", "application outside the token's scope")
	}
	if app == nil || !p.InScope(name) {
		fail(w, http.StatusNotFound, "no such application")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(app.AppendJSON(nil))
}

// settingsAudit is the audit entry of one settings change.
func (s *Server) settingsAudit(actor, action, name string, after *settings.App, notes []string) store.AuditEntry {
	var before json.RawMessage = []byte("null")
	if old := s.app(name); old != nil {
		before = old.AppendJSON(nil)
	}
	if notes == nil {
		notes = []string{}
	}
	return store.AuditEntry{Time: s.opt.Now(), Actor: actor, Action: action, App: name,
		Detail: detail(map[string]any{"before": before, "after": json.RawMessage(after.AppendJSON(nil)), "notes": notes})}
}

// pathApp returns the application the request's path names when it is a
// valid name within p's scope; else it answers 400 or 403 (the refusal
// audited as action) and returns false.
func (s *Server) pathApp(w http.ResponseWriter, r *http.Request, p *auth.Principal, action string) (string, bool) {
	name := r.PathValue("app")
	if !auth.ValidApp(name) {
		fail(w, http.StatusBadRequest, "bad application name: 1-64 characters of a-z 0-9 - _")
		return "", false
	}
	if !p.InScope(name) {
		s.refused(r, p.TokenID, action, name, "", "application outside the token's scope")
		fail(w, http.StatusForbidden, "application "+name+" is outside this token's scope")
		return "", false
	}
	return name, true
}

// putSettings creates or replaces one application's settings.
func (s *Server) putSettings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	name, ok := s.pathApp(w, r, p, "settings.put")
	if !ok {
		return
	}
	if s.tooManySettingsWrites(w, p.TokenID) {
		return
	}
	body, ok := readAll(w, r)
	if !ok {
		return
	}
	app, notes, err := settings.Parse(name, body)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	data := app.AppendJSON(nil)
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	if s.tooManySettingsWrites(w, p.TokenID) { // again: see tooManySettingsWrites
		return
	}
	if status, msg := s.settingsFit(map[string][]byte{name: data}); status != 0 {
		fail(w, status, msg)
		return
	}
	entry := s.settingsAudit(p.TokenID, "settings.put", name, app, notes)
	if err := s.st.PutSettings(r.Context(), map[string][]byte{name: data}, []store.AuditEntry{entry}); err != nil {
		s.internal(w, "settings", err)
		return
	}
	s.setApps(map[string]*settings.App{name: app})
	s.settingsWrites.chargeN(p.TokenID, s.opt.Now(), float64(len(entry.Detail)))
	if notes == nil {
		notes = []string{}
	}
	writeJSON(w, putAnswer{Settings: data, Notes: notes})
}

// exportDoc is the export and import format: every application's settings.
type exportDoc struct {
	Apps map[string]json.RawMessage `json:"apps"`
}

func (s *Server) exportSettings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	out := exportDoc{Apps: map[string]json.RawMessage{}}
	for _, name := range s.appNames() {
		if p.InScope(name) {
			out.Apps[name] = s.app(name).AppendJSON(nil)
		}
	}
	writeJSON(w, out)
}

type importAnswer struct {
	Imported []string            `json:"imported"`
	Notes    map[string][]string `json:"notes"`
}

// importSettings applies an export: every application is validated first,
// then all are stored in one transaction, each change audited.
func (s *Server) importSettings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if s.tooManySettingsWrites(w, p.TokenID) {
		return
	}
	sent, err := readImport(r.Body)
	if err != nil {
		fail(w, http.StatusBadRequest, "bad request body: "+jsonError(err))
		return
	}
	maxApps, _ := s.settingsLimits()
	doc, err := importedApps(sent.Apps, maxApps)
	if err != nil {
		var over *tooManyApps
		if errors.As(err, &over) {
			fail(w, http.StatusConflict, err.Error())
		} else {
			fail(w, http.StatusBadRequest, "bad request body: apps: "+err.Error())
		}
		return
	}
	if len(doc.Apps) == 0 {
		fail(w, http.StatusBadRequest, "apps: no application to import")
		return
	}
	parsed := map[string]*settings.App{}
	puts := map[string][]byte{}
	var entries []store.AuditEntry
	ans := importAnswer{Imported: []string{}, Notes: map[string][]string{}}
	names := make([]string, 0, len(doc.Apps))
	for name := range doc.Apps {
		names = append(names, name)
	}
	slices.Sort(names)
	// The bounds are checked on the documents as sent before any is
	// compiled (compiling costs 25 to 50 times their bytes), and again on
	// the canonical settings before they are stored.
	raw := map[string][]byte{}
	for _, name := range names {
		raw[name] = bytes.TrimSpace(doc.Apps[name])
	}
	if status, msg := s.settingsFit(raw); status != 0 {
		fail(w, status, msg)
		return
	}
	for _, name := range names {
		if !auth.ValidApp(name) {
			fail(w, http.StatusBadRequest, "apps: bad application name "+name)
			return
		}
		if !p.InScope(name) {
			s.refused(r, p.TokenID, "settings.import", name, "", "application outside the token's scope")
			fail(w, http.StatusForbidden, "application "+name+" is outside this token's scope")
			return
		}
		app, notes, err := settings.Parse(name, bytes.TrimSpace(doc.Apps[name]))
		if err != nil {
			fail(w, http.StatusBadRequest, "apps."+name+": "+err.Error())
			return
		}
		parsed[name], puts[name] = app, app.AppendJSON(nil)
		ans.Imported = append(ans.Imported, name)
		if notes != nil {
			ans.Notes[name] = notes
		}
	}
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	if s.tooManySettingsWrites(w, p.TokenID) { // again: see tooManySettingsWrites
		return
	}
	if status, msg := s.settingsFit(puts); status != 0 {
		fail(w, status, msg)
		return
	}
	// Under the lock, so that "before" is what this import replaces, not
	// what a change stored meanwhile replaced.
	for _, name := range names {
		entries = append(entries, s.settingsAudit(p.TokenID, "settings.import", name, parsed[name], ans.Notes[name]))
	}
	if err := s.st.PutSettings(r.Context(), puts, entries); err != nil {
		s.internal(w, "import", err)
		return
	}
	s.setApps(parsed)
	audited := 0
	for _, e := range entries {
		audited += len(e.Detail)
	}
	s.settingsWrites.chargeN(p.TokenID, s.opt.Now(), float64(audited))
	writeJSON(w, ans)
}
