package server

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/store"
)

// Limits of the session finder's filters.
const (
	// MaxPageFilter is the longest "page URL contains" a filter may hold.
	MaxPageFilter = 500
	// MaxFilterDuration is the longest duration a filter may name.
	MaxFilterDuration = 7 * 24 * time.Hour
	// MaxFilterWidth is the widest viewport a filter may name, in px.
	MaxFilterWidth = 100_000
	// MaxFindScan bounds the sessions one request reads to match a filter:
	// a page URL filter runs in Go on URLs scrubbed with the current
	// playback rules (the store holds them scrubbed with the recording
	// rules, which may allow more), and so do the insight filters (in SQL,
	// a filter that matched nothing read every session of the store: 1 s a
	// request at 1,000,000 sessions): past it the page ends early and its
	// next cursor continues the search.
	MaxFindScan = 5000
	findChunk   = 500
)

// findFilter is what the session list and /api/sessions filter by beyond
// application and time.
type findFilter struct {
	store.InsightFilter
	// Page matches sessions with a page URL, scrubbed with the playback
	// rules, that contains it (case-insensitive).
	Page string
}

func (f findFilter) empty() bool { return f == findFilter{} }

// parseFindFilter reads the filter query parameters; the error quotes the
// value it refuses.
func parseFindFilter(q url.Values) (findFilter, string) {
	var f findFilter
	f.Page = strings.TrimSpace(q.Get("page"))
	if len(f.Page) > MaxPageFilter {
		return f, "page: at most " + strconv.Itoa(MaxPageFilter) + " bytes, not " + strconv.Itoa(len(f.Page))
	}
	var msg string
	seconds := func(name string) time.Duration {
		v := q.Get(name)
		if v == "" || msg != "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		// compared in seconds: n*time.Second overflows int64 from about
		// 9.2e9 s, and wrapped past the check (10000000000 s was taken as
		// a negative duration, no filter at all)
		if err != nil || n < 0 || n > int(MaxFilterDuration/time.Second) {
			msg = name + ": expected whole seconds from 0 to " + strconv.Itoa(int(MaxFilterDuration/time.Second)) + ", not " + strconv.Quote(v)
		}
		return time.Duration(n) * time.Second
	}
	pixels := func(name string) int {
		v := q.Get(name)
		if v == "" || msg != "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxFilterWidth {
			msg = name + ": expected whole pixels from 0 to " + strconv.Itoa(MaxFilterWidth) + ", not " + strconv.Quote(v)
		}
		return n
	}
	oneOf := func(name string, allowed []string) string {
		v := q.Get(name)
		if v == "" || msg != "" {
			return ""
		}
		if !slices.Contains(allowed, v) {
			msg = name + ": expected one of " + strings.Join(allowed, ", ") + ", not " + strconv.Quote(v)
		}
		return v
	}
	flag := func(name string) bool {
		v := q.Get(name)
		if v != "" && v != "1" && v != "0" && msg == "" {
			msg = name + ": expected 1 or 0, not " + strconv.Quote(v)
		}
		return v == "1"
	}
	f.MinDuration, f.MaxDuration = seconds("minDuration"), seconds("maxDuration")
	f.MinWidth, f.MaxWidth = pixels("minWidth"), pixels("maxWidth")
	f.Browser = oneOf("browser", insights.Browsers)
	f.OS = oneOf("os", insights.OSes)
	f.Device = oneOf("device", insights.Classes)
	f.Errors, f.Rage, f.Dead = flag("errors"), flag("rage"), flag("dead")
	return f, msg
}

// findSessions lists up to limit sessions of sf (its Limit and After are
// set here) that match f and keep, as shown to a person (s.shown), newest
// first. next, when not nil, is the last session read: the listing
// continues after it. Without a filter or keep, one store query answers;
// with one, sessions are read findChunk at a time in the listing's order
// (an index) up to MaxFindScan and matched here, so a page may hold fewer
// than limit sessions while more follow.
func (s *Server) findSessions(ctx context.Context, sf store.SessionFilter, f findFilter, limit int,
	keep func(store.Session) bool) (out []store.Session, next *store.Session, err error) {
	sf.Insights = store.InsightFilter{} // matched here, on at most MaxFindScan sessions
	if f.empty() && keep == nil {
		sf.Limit = limit + 1
		list, err := s.st.Sessions(ctx, sf)
		if err != nil {
			return nil, nil, err
		}
		for _, x := range list {
			out = append(out, s.shown(x))
		}
		if len(out) > limit {
			out = out[:limit]
			next = &out[limit-1]
		}
		return out, next, nil
	}
	needle := strings.ToLower(f.Page)
	sf.Limit = findChunk
	for scanned := 0; ; {
		list, err := s.st.Sessions(ctx, sf)
		if err != nil {
			return nil, nil, err
		}
		for _, x := range list {
			x = s.shown(x)
			if f.InsightFilter.Match(x) &&
				(needle == "" || slices.ContainsFunc(x.Pages, func(p string) bool { return strings.Contains(strings.ToLower(p), needle) })) &&
				(keep == nil || keep(x)) {
				if len(out) == limit {
					return out, &out[limit-1], nil
				}
				out = append(out, x)
			}
			if scanned++; scanned == MaxFindScan {
				return out, &x, nil // the next page goes on from here (it may be empty)
			}
		}
		if len(list) < findChunk {
			return out, nil, nil
		}
		last := list[len(list)-1]
		sf.After = &store.SessionCursor{LastSeen: last.LastSeen, ID: last.ID}
	}
}
