package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/store"
)

// Bounds of a heatmap. A heatmap is aggregated when it is asked for, from
// the application's most recent sessions masked again with its current
// playback rules, so that it never shows more than a replay would under
// today's rules (a heatmap kept from ingest would keep what stricter rules
// hide since); these bound the work of one request.
const (
	// MaxHeatmapSessions is how many of the newest sessions a heatmap reads.
	MaxHeatmapSessions = 100
	// MaxHeatmapBytes bounds the sealed bytes a heatmap reads; sessions past
	// it are left out.
	MaxHeatmapBytes = 64 << 20
	// maxHeatmapPages is how many pages the heatmap page lists.
	maxHeatmapPages = 200
)

// heatmap is the clicks of an application's recent sessions, by page and
// element, under the playback rules.
type heatmap struct {
	insights.Heatmap
	Sessions int  // sessions read
	Partial  bool // sessions left out by MaxHeatmapBytes
	// snapshots names, per page, the newest session with a click there and
	// the moment of its first one (ms from the session's first event): the
	// page as a visitor saw it when clicking.
	snapshots map[string]snapshotAt
	pages     []string // in order of first click
}

type snapshotAt struct {
	Session string
	At      int64
}

// heatmapOf aggregates the clicks of the newest sessions of app (at most
// MaxHeatmapSessions, MaxHeatmapBytes) masked with set. Every event passes
// through masking.ReplayRecorded first: a click on an element whose interactions set
// hides is gone, a click inside an element set blocks is not attributed,
// and page URLs are scrubbed by set.
func (s *Server) heatmapOf(ctx context.Context, set *rules.Set, app string) (*heatmap, error) {
	list, err := s.st.Sessions(ctx, store.SessionFilter{App: app, Limit: MaxHeatmapSessions})
	if err != nil {
		return nil, err
	}
	var recording *rules.Set // the rules sessions were recorded under, if they still are
	if a := s.app(app); a != nil {
		recording = a.RecordingSet()
	}
	h := &heatmap{snapshots: map[string]snapshotAt{}}
	var read int64
	for _, x := range list {
		if x.Clicks == 0 && x.EventStart != 0 {
			continue // ingest saw no click in it
		}
		if read+x.PlainBytes > MaxHeatmapBytes {
			h.Partial = true
			continue
		}
		release, status, _ := s.replays.reserve(ctx, x.PlainBytes)
		if status == http.StatusRequestEntityTooLarge {
			h.Partial = true // over MaxReplayBytes: a replay of it is refused too
			continue
		} else if status != 0 {
			return nil, errReplayBusy
		}
		read += x.PlainBytes
		events, err := s.storedEvents(ctx, x)
		if err == nil && len(events) > 0 {
			events, err = masking.ReplayRecorded(set, recording, events) // an error fails closed: nothing of a session the rules cannot mask
		}
		release()
		if err != nil {
			return nil, err
		}
		if len(events) == 0 {
			continue
		}
		h.Sessions++
		tr := insights.NewTracker()
		tr.Feed(events)
		clicks := append(tr.Take(), tr.Rest()...)
		// A page URL may be as long as a recorded string (1 MiB): the
		// clicks of pages over store.MaxPageBytes are left out, so that
		// what the heatmap keeps across sessions (held outside any one
		// session's replay memory) and lists stays small.
		clicks = slices.DeleteFunc(clicks, func(c insights.Click) bool { return len(c.Page) > store.MaxPageBytes })
		h.Add(clicks)
		start := events[0].Timestamp
		for _, c := range clicks {
			if _, ok := h.snapshots[c.Page]; !ok {
				h.snapshots[c.Page] = snapshotAt{Session: x.ID, At: c.Time - start}
				h.pages = append(h.pages, c.Page)
			}
		}
	}
	return h, nil
}

// storedEvents opens and parses the stored batches of a session, whose
// replay memory the caller reserved for x.PlainBytes: batches that inflate
// to more than that (a row that does not match its batches) are an error.
func (s *Server) storedEvents(ctx context.Context, x store.Session) ([]capture.Event, error) {
	batches, err := s.st.StoredBatches(ctx, x.ID)
	if err != nil {
		return nil, err
	}
	var events []capture.Event
	left := x.PlainBytes
	for _, b := range batches {
		plain, err := s.openBatch(ctx, x.ID, b, left)
		if err != nil {
			return nil, err
		}
		left -= int64(len(plain))
		evs, err := capture.ParseEvents(plain)
		if err != nil {
			return nil, err
		}
		events = append(events, evs...)
	}
	return events, nil
}

// heatCell is one element of the heatmap page.
type heatCell struct {
	Rank  int    `json:"rank"` // 1 for the most clicked
	Path  string `json:"path"`
	Click int    `json:"clicks"`
	Rage  int    `json:"rage"`
	Dead  int    `json:"dead"`
}

// heatPage is one page the heatmap page lists.
type heatPage struct {
	URL    string
	Clicks int
	Link   string
}

// heatmapPage shows the click heatmap of one page of an application over a
// playback-masked snapshot of it (viewer.js replays the snapshot session's
// events through the API, which masks and audits them as a replay does),
// and lists the pages that have clicks.
func (s *Server) heatmapPage(w http.ResponseWriter, r *http.Request, p *auth.Principal, pd pageData) {
	if refuseHead(w, r) {
		return
	}
	q := r.URL.Query()
	app, page := q.Get("app"), q.Get("page")
	apps := []string{}
	for _, n := range s.appNames() {
		if p.InScope(n) {
			apps = append(apps, n)
		}
	}
	slices.Sort(apps)
	if app == "" && len(apps) == 1 {
		app = apps[0]
	}
	data := struct {
		pageData
		Apps                []string
		App, Page           string
		Pages               []heatPage
		Cells               []heatCell
		CellsJSON           string
		Session             string
		At                  int64
		Sessions, Clicks    int
		Partial, NoSuchPage bool
		MaxSessions         int
	}{pageData: pd, Apps: apps, App: app, Page: page, MaxSessions: MaxHeatmapSessions}
	data.Title = "Click heatmap"
	if app == "" {
		s.render(w, http.StatusOK, "heatmap.html", data)
		return
	}
	if badAppFilter(app) {
		s.denied(w, http.StatusBadRequest, pd, appFilterError(app)+".")
		return
	}
	if !p.InScope(app) {
		s.refused(r, p.TokenID, "heatmap.view", app, "", "application outside the token's scope")
		s.denied(w, http.StatusForbidden, pd, "Application "+app+" is outside this token's scope.")
		return
	}
	a := s.app(app)
	if a == nil {
		s.denied(w, http.StatusNotFound, pd, "Application "+app+" has no settings.")
		return
	}
	// taken before the heatmap is read, as a replay's view (takeView)
	if !s.views.take(p.TokenID, s.opt.Now()) {
		_, after := s.views.blocked(p.TokenID, s.opt.Now())
		w.Header().Set("Retry-After", strconv.Itoa(max(1, after)))
		s.denied(w, http.StatusTooManyRequests, pd, "Too many views with this token; retry in "+strconv.Itoa(max(1, after))+" s.")
		return
	}
	viewed := false
	defer func() {
		if !viewed {
			s.views.refund(p.TokenID, s.opt.Now())
		}
	}()
	h, err := s.heatmapOf(r.Context(), a.PlaybackSet(), app)
	if errors.Is(err, errReplayBusy) {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
		s.denied(w, http.StatusServiceUnavailable, pd, "The collector is busy replaying other sessions; retry in a moment.")
		return
	}
	if err != nil {
		s.internal(w, "heatmap", err)
		return
	}
	if ok, err := s.tokenValid(r.Context(), p); err != nil { // see stillValid
		s.internal(w, "token lookup", err)
		return
	} else if !ok {
		s.denied(w, http.StatusUnauthorized, pd, "The token was revoked while the heatmap was read; nothing of it is shown.")
		return
	}
	if err := s.audit(r, store.AuditEntry{Actor: p.TokenID, Action: "heatmap.view", App: app,
		Detail: detail(map[string]any{"sessions": h.Sessions, "role": p.Role})}); err != nil {
		s.internal(w, "audit", err)
		return
	}
	viewed = true
	data.Sessions, data.Partial = h.Sessions, h.Partial
	for _, u := range h.pages {
		if len(data.Pages) == maxHeatmapPages {
			break
		}
		n := 0
		for _, c := range h.Page(u) {
			n += c.Clicks
		}
		data.Pages = append(data.Pages, heatPage{URL: u, Clicks: n, Link: "/viewer/heatmap?" + url.Values{"app": {app}, "page": {u}}.Encode()})
	}
	if page != "" {
		snap, ok := h.snapshots[page]
		data.NoSuchPage = !ok
		data.Session, data.At = snap.Session, snap.At
		for _, c := range h.Page(page) {
			data.Cells = append(data.Cells, heatCell{Path: c.Path, Click: c.Clicks, Rage: c.Rage, Dead: c.Dead})
			data.Clicks += c.Clicks
		}
		slices.SortStableFunc(data.Cells, func(a, b heatCell) int { return b.Click - a.Click })
		for i := range data.Cells {
			data.Cells[i].Rank = i + 1
		}
	}
	cells := data.Cells
	if cells == nil {
		cells = []heatCell{}
	}
	b, _ := json.Marshal(cells)
	data.CellsJSON = string(b)
	s.render(w, http.StatusOK, "heatmap.html", data)
}
