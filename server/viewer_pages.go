package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/store"
)

// sessionRow is one session as the viewer's pages show it.
type sessionRow struct {
	ID, App, Start, StartISO, Duration string
	Pages                              int
	PageList                           string
	PageURLs                           []string // the first maxRowPages distinct URLs
	MorePages                          int      // distinct URLs beyond them
	PageViews                          int
	Errors                             int
	Clicks, Rage, Dead                 int
	Device, Viewport                   string
	Consent, RulesVersion              string
}

// maxRowPages is how many page URLs a row of the list shows.
const maxRowPages = 5

func toRow(x store.Session) sessionRow {
	consent := x.Consent
	if consent == "" {
		consent = "unknown"
	}
	if x.ConsentSource != "" {
		consent += " (" + x.ConsentSource + ")"
	}
	rules := x.RulesVersion
	if rules == "" {
		rules = "unknown"
	}
	dur := x.Duration() // first to last event
	if dur == 0 {
		dur = x.LastSeen.Sub(x.FirstSeen) // a session stored before insights
	}
	row := sessionRow{ID: x.ID, App: x.App, Start: x.FirstSeen.UTC().Format("2006-01-02 15:04:05 UTC"),
		StartISO: x.FirstSeen.UTC().Format(time.RFC3339), Duration: dur.Round(time.Second).String(),
		Pages: len(x.Pages), PageList: strings.Join(x.Pages, "\n"), PageURLs: x.Pages, PageViews: x.PageViews,
		Errors: x.Errors, Clicks: x.Clicks, Rage: x.RageClicks, Dead: x.DeadClicks,
		Device: "unknown", Viewport: "unknown", Consent: consent, RulesVersion: rules}
	if len(row.PageURLs) > maxRowPages {
		row.PageURLs, row.MorePages = row.PageURLs[:maxRowPages], len(row.PageURLs)-maxRowPages
	}
	if x.Device != "" {
		row.Device = x.Device + " · " + x.Browser + " · " + x.OS
	}
	if x.Width > 0 {
		row.Viewport = strconv.Itoa(x.Width) + "×" + strconv.Itoa(x.Height)
	}
	return row
}

// listFilter is the session list's filter form, echoed back into it.
type listFilter struct {
	App, From, To, Consent string
	Page                   string
	MinDuration            string // seconds, as typed
	MaxDuration            string
	Errors, Rage, Dead     bool
	Browser, OS, Device    string
	MinWidth, MaxWidth     string
}

// dayParam reads a date filter (YYYY-MM-DD, the date input's format) as the
// start of that day in UTC; to is made inclusive by the caller.
func dayParam(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, v)
	return t, err == nil
}

func (s *Server) sessionsPage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	q := r.URL.Query()
	f := listFilter{App: q.Get("app"), From: q.Get("from"), To: q.Get("to"), Consent: q.Get("consent"),
		Page: q.Get("page"), MinDuration: q.Get("minDuration"), MaxDuration: q.Get("maxDuration"),
		Errors: q.Get("errors") == "1", Rage: q.Get("rage") == "1", Dead: q.Get("dead") == "1",
		Browser: q.Get("browser"), OS: q.Get("os"), Device: q.Get("device"),
		MinWidth: q.Get("minWidth"), MaxWidth: q.Get("maxWidth")}
	ff, msg := parseFindFilter(q)
	if msg != "" {
		s.denied(w, http.StatusBadRequest, pd, "The filter is not valid: "+msg+".")
		return
	}
	sf := store.SessionFilter{App: f.App, Apps: p.Apps}
	from, ok1 := dayParam(f.From)
	to, ok2 := dayParam(f.To)
	if !ok1 || !ok2 {
		s.denied(w, http.StatusBadRequest, pd, "from and to are dates as YYYY-MM-DD.")
		return
	}
	var ok bool
	if sf.After, ok = decodeSessionCursor(q.Get("cursor")); !ok {
		s.denied(w, http.StatusBadRequest, pd, "That page of the list no longer exists; start again from the first page.")
		return
	}
	sf.From = from
	if !to.IsZero() {
		sf.To = to.Add(24*time.Hour - time.Millisecond)
	}
	if badAppFilter(f.App) {
		s.denied(w, http.StatusBadRequest, pd, appFilterError(f.App)+".")
		return
	}
	if f.App != "" && !p.InScope(f.App) {
		s.refused(r, p.TokenID, "session.list", f.App, "", "application outside the token's scope")
		s.denied(w, http.StatusForbidden, pd, "Application "+f.App+" is outside this token's scope.")
		return
	}
	var keep func(store.Session) bool
	if f.Consent != "" {
		keep = func(x store.Session) bool { return toRow(x).Consent == f.Consent }
	}
	list, last, err := s.findSessions(r.Context(), sf, ff, DefaultPageSize, keep)
	if err != nil {
		s.internal(w, "sessions", err)
		return
	}
	next := ""
	if last != nil {
		q.Set("cursor", sessionCursor(*last))
		next = "/viewer/?" + q.Encode()
	}
	rows := []sessionRow{}
	consents := []string{} // those of this page, and the one filtered by
	if f.Consent != "" {
		consents = append(consents, f.Consent)
	}
	for _, x := range list {
		row := toRow(x)
		if !slices.Contains(consents, row.Consent) {
			consents = append(consents, row.Consent)
		}
		rows = append(rows, row)
	}
	slices.Sort(consents)
	apps := []string{}
	for _, n := range s.appNames() {
		if p.InScope(n) {
			apps = append(apps, n)
		}
	}
	slices.Sort(apps)
	pd.Title = "Sessions"
	s.render(w, http.StatusOK, "sessions.html", struct {
		pageData
		Filter                  listFilter
		Apps                    []string
		Consents                []string
		Browsers, OSes, Devices []string
		Sessions                []sessionRow
		CanDelete, CanReplay    bool
		Next                    string // the next page of the list
	}{pd, f, apps, consents, insights.Browsers, insights.OSes, insights.Classes, rows,
		p.Role.Can(auth.DeleteSession), p.Role.Can(auth.ReplayMasked), next})
}

// viewerSession finds the session of the request's path in p's scope; a
// session out of scope is refused (audited) and looks absent. ok is false
// when a page was already written.
func (s *Server) viewerSession(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) (store.Session, bool) {
	id := r.PathValue("id")
	if !validSession(id) {
		s.denied(w, http.StatusBadRequest, pd, sessionIDError(id))
		return store.Session{}, false
	}
	x, ok, err := s.st.Session(r.Context(), id)
	if err != nil {
		s.internal(w, "session", err)
		return x, false
	}
	if ok && !p.InScope(x.App) {
		s.refused(r, p.TokenID, "session.access", x.App, sessionDigest(x.ID), "session outside the token's scope")
	}
	if !ok || !p.InScope(x.App) {
		s.denied(w, http.StatusNotFound, pd, "No such session.")
		return x, false
	}
	return x, true
}

// replayPage is the shell of a replay; viewer.js fetches the events through
// the API with the same cookie, so playback masking and its audit happen in
// exactly one place (sessionEvents).
func (s *Server) replayPage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	x, ok := s.viewerSession(w, r, p, pd)
	if !ok {
		return
	}
	pd.Title = "Replay"
	s.render(w, http.StatusOK, "replay.html", struct {
		pageData
		Session              sessionRow
		CanUnmask, CanDelete bool
	}{pd, toRow(s.shown(x)), p.Role.Can(auth.ReplayRaw), p.Role.Can(auth.DeleteSession)})
}

// deleteData is what the confirmation and the result of a deletion show.
type deleteData struct {
	pageData
	Session sessionRow
}

// confirmDeletePage names the session and asks before anything is deleted:
// the deletion itself is the POST of its form.
func (s *Server) confirmDeletePage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	x, ok := s.viewerSession(w, r, p, pd)
	if !ok {
		return
	}
	pd.Title = "Delete this session?"
	s.render(w, http.StatusOK, "delete.html", deleteData{pd, toRow(s.shown(x))})
}

// deletePage deletes a session (audited by deleteSession) and says what was
// deleted.
func (s *Server) deletePage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	x, ok := s.viewerSession(w, r, p, pd)
	if !ok {
		return
	}
	if err := s.deleteSession(r.Context(), x.ID, x.App, p.TokenID); err != nil {
		s.internal(w, "delete", err)
		return
	}
	pd.Title = "Session deleted"
	s.render(w, http.StatusOK, "deleted.html", deleteData{pd, toRow(s.shown(x))})
}
