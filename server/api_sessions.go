package server

import (
	"net/http"
	"time"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

type sessionJSON struct {
	ID            string    `json:"id"`
	App           string    `json:"app"`
	FirstSeen     time.Time `json:"firstSeen"`
	LastSeen      time.Time `json:"lastSeen"`
	Pages         []string  `json:"pages"`
	Errors        int       `json:"errors"`
	RulesVersion  string    `json:"rulesVersion"`
	Consent       string    `json:"consent"`
	ConsentSource string    `json:"consentSource"`
	Batches       int       `json:"batches"`
	Pending       int       `json:"pending"`
	Dropped       int       `json:"dropped"`
	Gaps          int       `json:"gaps"`
	Remasked      int       `json:"remasked"`
	Bytes         int64     `json:"bytes"`
	insightsJSON
}

// insightsJSON are a session's insights (store.Insights) as the API shows
// them: counts, a duration, a viewport and coarse device labels.
type insightsJSON struct {
	PageViews  int    `json:"pageViews"`
	Clicks     int    `json:"clicks"`
	RageClicks int    `json:"rageClicks"`
	DeadClicks int    `json:"deadClicks"`
	DurationMS int64  `json:"durationMs"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	Browser    string `json:"browser"`
	OS         string `json:"os"`
	Device     string `json:"device"`
}

func toSessionJSON(x store.Session) sessionJSON {
	if x.Pages == nil {
		x.Pages = []string{}
	}
	in := x.Insights
	return sessionJSON{x.ID, x.App, x.FirstSeen, x.LastSeen, x.Pages, x.Errors, x.RulesVersion, x.Consent,
		x.ConsentSource, x.Batches, x.Pending, x.Dropped, x.Gaps, x.Remasked, x.Bytes,
		insightsJSON{in.PageViews, in.Clicks, in.RageClicks, in.DeadClicks, in.Duration().Milliseconds(),
			in.Width, in.Height, in.Browser, in.OS, in.Device}}
}

// shown is x as it may be shown to a person: its page URLs scrubbed again
// with the application's playback rules (which may allow fewer query
// parameters than the recording rules did; no application, no parameter),
// and consent and rules-version labels kept only when they are labels
// (masking.ValidConsent, masking.ValidRulesVersion), since a page's script
// could otherwise put anything there.
func (s *Server) shown(x store.Session) store.Session {
	var set *rules.Set
	if app := s.app(x.App); app != nil {
		set = app.PlaybackSet()
	}
	pages := make([]string, 0, len(x.Pages))
	for _, p := range x.Pages {
		pages = append(pages, masking.ScrubURL(set, p))
	}
	x.Pages = pages
	if !masking.ValidConsent(x.Consent, x.ConsentSource) {
		x.Consent, x.ConsentSource = "", ""
	}
	if !masking.ValidRulesVersion(x.RulesVersion) {
		x.RulesVersion = ""
	}
	return x
}

func (s *Server) listSessions(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	f := store.SessionFilter{App: r.URL.Query().Get("app"), Apps: p.Apps}
	var ok bool
	if f.From, ok = timeParam(w, r, "from"); !ok {
		return
	}
	if f.To, ok = timeParam(w, r, "to"); !ok {
		return
	}
	if f.Limit, ok = limitParam(w, r); !ok {
		return
	}
	if f.After, ok = parseSessionCursor(w, r); !ok {
		return
	}
	ff, msg := parseFindFilter(r.URL.Query())
	if msg != "" {
		fail(w, http.StatusBadRequest, msg)
		return
	}
	if badAppFilter(f.App) {
		fail(w, http.StatusBadRequest, appFilterError(f.App))
		return
	}
	if f.App != "" && !p.InScope(f.App) {
		s.refused(r, p.TokenID, "session.list", f.App, "", "application outside the token's scope")
		fail(w, http.StatusForbidden, "application "+f.App+" is outside this token's scope")
		return
	}
	list, next, err := s.findSessions(r.Context(), f, ff, f.Limit, nil)
	if err != nil {
		s.internal(w, "sessions", err)
		return
	}
	if next != nil {
		setNext(w, r, sessionCursor(*next))
	}
	out := make([]sessionJSON, 0, len(list))
	for _, x := range list {
		out = append(out, toSessionJSON(x))
	}
	writeJSON(w, out)
}

// session finds a session in p's scope; out of scope looks like absent.
func (s *Server) session(w http.ResponseWriter, r *http.Request, p *auth.Principal) (store.Session, bool) {
	id := r.PathValue("id")
	if !validSession(id) {
		fail(w, http.StatusBadRequest, sessionIDError(id))
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
		fail(w, http.StatusNotFound, "no such session")
		return x, false
	}
	return x, true
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if x, ok := s.session(w, r, p); ok {
		writeJSON(w, toSessionJSON(s.shown(x)))
	}
}

// sessionEvents returns the recording as a JSON array of rrweb events,
// masked again with the application's current playback rules, or, for
// replay-unmasked tokens that ask ?unmasked=1, as stored. Every view is
// audited before anything is sent.
func (s *Server) sessionEvents(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if refuseHead(w, r) {
		return
	}
	unmasked := r.URL.Query().Get("unmasked") == "1"
	x, ok := s.session(w, r, p)
	if !ok {
		return
	}
	if unmasked && !p.Role.Can(auth.ReplayRaw) {
		s.refused(r, p.TokenID, "session.view", x.App, sessionDigest(x.ID), "unmasked replay needs the replay-unmasked role, not "+string(p.Role))
		fail(w, http.StatusForbidden, "role "+string(p.Role)+" may not replay unmasked; that needs replay-unmasked")
		return
	}
	app := s.app(x.App)
	if app == nil {
		fail(w, http.StatusNotFound, "the application of this session has no settings")
		return
	}
	if !s.takeView(w, p.TokenID) {
		return
	}
	viewed := false
	defer func() {
		if !viewed {
			s.views.refund(p.TokenID, s.opt.Now())
		}
	}()
	release, status, msg := s.replays.reserve(r.Context(), x.PlainBytes)
	if status != 0 {
		if status == http.StatusServiceUnavailable {
			busy(w, status, msg)
		} else {
			fail(w, status, msg)
		}
		return
	}
	defer func() { release() }()
	if !s.takeAnswerShare(w, p.TokenID, x.PlainBytes) {
		return
	}
	held := x.PlainBytes
	defer func() { s.answers.give(p.TokenID, held) }()
	events, err := s.storedEvents(r.Context(), x)
	if err != nil {
		s.internal(w, "events", err)
		return
	}
	if !unmasked {
		if events, err = masking.ReplayRecorded(app.PlaybackSet(), app.RecordingSet(), events); err != nil {
			s.internal(w, "playback masking", err) // fail closed: nothing partial is sent
			return
		}
	}
	if !s.stillValid(w, r, p) {
		return
	}
	if err := s.audit(r, store.AuditEntry{Actor: p.TokenID, Action: "session.view", App: x.App, Target: sessionDigest(x.ID),
		Detail: detail(map[string]any{"masked": !unmasked, "role": p.Role})}); err != nil {
		s.internal(w, "audit", err)
		return
	}
	viewed = true
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	out := capture.AppendEvents(nil, events)
	if n := int64(len(out)); n > held { // larger than its estimate: counted all the same
		s.answers.take(p.TokenID, n-held, true)
		held = n
	}
	release = s.replays.keepOnly(x.PlainBytes, int64(len(out)))
	w.Write(out)
}

func (s *Server) apiDeleteSession(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	x, ok := s.session(w, r, p)
	if !ok {
		return
	}
	if err := s.deleteSession(r.Context(), x.ID, x.App, p.TokenID); err != nil {
		s.internal(w, "delete", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
