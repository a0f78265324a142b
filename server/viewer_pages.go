package server

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// sessionRow is one session as the viewer's pages show it.
type sessionRow struct {
	ID, App, Start, StartISO, Duration string
	Pages                              int
	PageList                           string
	Errors                             int
	Consent, RulesVersion              string
}

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
	return sessionRow{ID: x.ID, App: x.App, Start: x.FirstSeen.UTC().Format("2006-01-02 15:04:05 UTC"),
		StartISO: x.FirstSeen.UTC().Format(time.RFC3339), Duration: x.LastSeen.Sub(x.FirstSeen).Round(time.Second).String(),
		Pages: len(x.Pages), PageList: strings.Join(x.Pages, "\n"), Errors: x.Errors, Consent: consent, RulesVersion: rules}
}

// listFilter is the session list's filter form, echoed back into it.
type listFilter struct {
	App, From, To, Consent string
	Errors                 bool
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
	f := listFilter{App: q.Get("app"), From: q.Get("from"), To: q.Get("to"), Consent: q.Get("consent"), Errors: q.Get("errors") == "1"}
	sf := store.SessionFilter{App: f.App, Apps: p.Apps, Limit: DefaultPageSize + 1}
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
	if f.App != "" && !p.InScope(f.App) {
		s.refused(r, p.TokenID, "session.list", f.App, "", "application outside the token's scope")
		s.denied(w, http.StatusForbidden, pd, "Application "+f.App+" is outside this token's scope.")
		return
	}
	list, err := s.st.Sessions(r.Context(), sf)
	if err != nil {
		s.internal(w, "sessions", err)
		return
	}
	next := ""
	if len(list) > DefaultPageSize {
		list = list[:DefaultPageSize]
		q.Set("cursor", sessionCursor(list[len(list)-1]))
		next = "/viewer/?" + q.Encode()
	}
	rows := []sessionRow{}
	consents := []string{}
	for _, x := range list {
		row := toRow(s.shown(x))
		c := row.Consent
		if !slices.Contains(consents, c) {
			consents = append(consents, c)
		}
		if (f.Errors && x.Errors == 0) || (f.Consent != "" && c != f.Consent) {
			continue
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
		Filter    listFilter
		Apps      []string
		Consents  []string
		Sessions  []sessionRow
		CanDelete bool
		Next      string // the next page of the list (a page is DefaultPageSize sessions before filtering)
	}{pd, f, apps, consents, rows, p.Role.Can(auth.DeleteSession), next})
}

// replayPage is the shell of a replay; viewer.js fetches the events through
// the API with the same cookie, so playback masking and its audit happen in
// exactly one place (sessionEvents).
func (s *Server) replayPage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	x, ok, err := s.st.Session(r.Context(), r.PathValue("id"))
	if err != nil {
		s.internal(w, "session", err)
		return
	}
	if ok && !p.InScope(x.App) {
		s.refused(r, p.TokenID, "session.access", x.App, sessionDigest(x.ID), "session outside the token's scope")
	}
	if !ok || !p.InScope(x.App) {
		s.denied(w, http.StatusNotFound, pd, "No such session.")
		return
	}
	pd.Title = "Replay"
	s.render(w, http.StatusOK, "replay.html", struct {
		pageData
		Session   sessionRow
		CanUnmask bool
	}{pd, toRow(s.shown(x)), p.Role.Can(auth.ReplayRaw)})
}

func (s *Server) deletePage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	x, ok, err := s.st.Session(r.Context(), r.PathValue("id"))
	if err != nil {
		s.internal(w, "session", err)
		return
	}
	if ok && !p.InScope(x.App) {
		s.refused(r, p.TokenID, "session.access", x.App, sessionDigest(x.ID), "session outside the token's scope")
	}
	if !ok || !p.InScope(x.App) {
		s.denied(w, http.StatusNotFound, pd, "No such session.")
		return
	}
	if err := s.deleteSession(r.Context(), x.ID, x.App, p.TokenID); err != nil {
		s.internal(w, "delete", err)
		return
	}
	http.Redirect(w, r, "/viewer/", http.StatusSeeOther)
}
