package store

import (
	"strings"
	"time"
)

// Insights are the privacy-safe facts of a session, derived at ingest from
// its masked events (package insights) and the coarse device of its first
// batch: counts, times, a viewport size and short fixed labels. Nothing here
// is text of the page, the raw User-Agent or an address.
type Insights struct {
	PageViews  int
	Clicks     int
	RageClicks int // bursts
	DeadClicks int
	// EventStart and EventEnd are the first and last event time (ms since
	// the epoch); zero while unknown.
	EventStart, EventEnd int64
	// Width and Height are the last viewport the page reported; zero while
	// unknown.
	Width, Height int
	// Browser, OS and Device are insights.Device's families and class.
	Browser, OS, Device string
}

// Duration is the time from the first event to the last.
func (i Insights) Duration() time.Duration {
	if i.EventStart == 0 || i.EventEnd < i.EventStart {
		return 0
	}
	return time.Duration(i.EventEnd-i.EventStart) * time.Millisecond
}

// How a Delta's Insights merge into its session row: counts add up,
// EventStart keeps the smallest nonzero value and EventEnd the largest, a
// nonzero viewport replaces the one stored, and the device labels are set
// once (the session's first batch that carries them) and never replaced.

// insightCols are the columns of Insights, in Session scan order.
const insightCols = `page_views, clicks, rage_clicks, dead_clicks, event_start, event_end, width, height, browser, os, device`

func (i *Insights) scanDest() []any {
	return []any{&i.PageViews, &i.Clicks, &i.RageClicks, &i.DeadClicks, &i.EventStart, &i.EventEnd,
		&i.Width, &i.Height, &i.Browser, &i.OS, &i.Device}
}

// insightSet is the SET clause that merges a Delta's Insights into a session
// row, with arg naming each placeholder in turn (SQLite "?", PostgreSQL "$n");
// minFn and maxFn are the backend's two-argument min and max.
func insightSet(d Insights, arg func(v any) string, minFn, maxFn string) string {
	big := func(v int64) string { return "CAST(" + arg(v) + " AS bigint)" }
	integer := func(v int) string { return "CAST(" + arg(v) + " AS integer)" }
	text := func(v string) string { return "CAST(" + arg(v) + " AS text)" }
	return strings.Join([]string{
		"page_views = page_views + " + integer(d.PageViews),
		"clicks = clicks + " + integer(d.Clicks),
		"rage_clicks = rage_clicks + " + integer(d.RageClicks),
		"dead_clicks = dead_clicks + " + integer(d.DeadClicks),
		"event_start = CASE WHEN " + big(d.EventStart) + " = 0 THEN event_start WHEN event_start = 0 THEN " + big(d.EventStart) +
			" ELSE " + minFn + "(event_start, " + big(d.EventStart) + ") END",
		"event_end = " + maxFn + "(event_end, " + big(d.EventEnd) + ")",
		"width = CASE WHEN " + integer(d.Width) + " = 0 THEN width ELSE " + integer(d.Width) + " END",
		"height = CASE WHEN " + integer(d.Width) + " = 0 THEN height ELSE " + integer(d.Height) + " END",
		"browser = CASE WHEN device = '' THEN " + text(d.Browser) + " ELSE browser END",
		"os = CASE WHEN device = '' THEN " + text(d.OS) + " ELSE os END",
		"device = CASE WHEN device = '' THEN " + text(d.Device) + " ELSE device END",
	}, ", ")
}

// InsightFilter selects sessions by their Insights; zero fields do not
// filter.
type InsightFilter struct {
	MinDuration, MaxDuration time.Duration
	Errors                   bool // at least one error
	Rage, Dead               bool // at least one rage (dead) click
	Browser, OS, Device      string
	MinWidth, MaxWidth       int // viewport width, inclusive
}

// Match reports whether session x passes f, as insightWhere selects in SQL
// (a listing applies it in Go to a bounded window of sessions: see
// server.findSessions).
func (f InsightFilter) Match(x Session) bool {
	dur := x.EventEnd - x.EventStart
	switch {
	case f.MinDuration > 0 && !(x.EventStart > 0 && dur >= f.MinDuration.Milliseconds()),
		f.MaxDuration > 0 && dur > f.MaxDuration.Milliseconds(),
		f.Errors && x.Errors <= 0,
		f.Rage && x.RageClicks <= 0,
		f.Dead && x.DeadClicks <= 0,
		f.Browser != "" && x.Browser != f.Browser,
		f.OS != "" && x.OS != f.OS,
		f.Device != "" && x.Device != f.Device,
		f.MinWidth > 0 && x.Width < f.MinWidth,
		f.MaxWidth > 0 && !(x.Width > 0 && x.Width <= f.MaxWidth):
		return false
	}
	return true
}

// insightWhere is the SQL condition of f ("" when it selects everything),
// with arg naming each placeholder in turn.
func insightWhere(f InsightFilter, arg func(v any) string) string {
	var w []string
	dur := "(event_end - event_start)"
	if f.MinDuration > 0 {
		w = append(w, "event_start > 0 AND "+dur+" >= "+arg(f.MinDuration.Milliseconds()))
	}
	if f.MaxDuration > 0 {
		w = append(w, dur+" <= "+arg(f.MaxDuration.Milliseconds()))
	}
	if f.Errors {
		w = append(w, "errors > 0")
	}
	if f.Rage {
		w = append(w, "rage_clicks > 0")
	}
	if f.Dead {
		w = append(w, "dead_clicks > 0")
	}
	for _, c := range [][2]string{{"browser", f.Browser}, {"os", f.OS}, {"device", f.Device}} {
		if c[1] != "" {
			w = append(w, c[0]+" = "+arg(c[1]))
		}
	}
	if f.MinWidth > 0 {
		w = append(w, "width >= "+arg(f.MinWidth))
	}
	if f.MaxWidth > 0 {
		w = append(w, "width > 0 AND width <= "+arg(f.MaxWidth))
	}
	return strings.Join(w, " AND ")
}
