package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() {
	contract = append(contract,
		contractCase{"AddBatch merges insights", contractInsightsMerge},
		contractCase{"Sessions filter by insights", contractInsightsFilter})
}

// ms of t0 plus d, as event times are kept.
func at(d time.Duration) int64 { return t0.Add(d).UnixMilli() }

func addInsights(t *testing.T, s Store, id string, seq int, in Insights) {
	t.Helper()
	_, err := s.AddBatch(bg, Batch{App: "shop", Session: id, Seq: seq, State: Stored, Data: []byte("x"), Received: t0},
		Delta{Seen: t0, SecretHash: []byte("s-" + id), Insights: in})
	require.NoError(t, err)
}

func contractInsightsMerge(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	addInsights(t, s, "a", 1, Insights{PageViews: 1, Clicks: 4, RageClicks: 1, DeadClicks: 2,
		EventStart: at(time.Second), EventEnd: at(3 * time.Second), Width: 1366, Height: 900,
		Browser: "chrome", OS: "linux", Device: "desktop"})
	// counts add up; an earlier start and a later end widen the times; the
	// last viewport wins; the device of the first batch stays
	addInsights(t, s, "a", 2, Insights{PageViews: 2, Clicks: 1, DeadClicks: 1,
		EventStart: at(0), EventEnd: at(9 * time.Second), Width: 800, Height: 600,
		Browser: "firefox", OS: "windows", Device: "mobile"})
	// zero values change nothing
	addInsights(t, s, "a", 3, Insights{})
	x, _, err := s.Session(bg, "a")
	require.NoError(t, err)
	assert.Equal(t, Insights{PageViews: 3, Clicks: 5, RageClicks: 1, DeadClicks: 3,
		EventStart: at(0), EventEnd: at(9 * time.Second), Width: 800, Height: 600,
		Browser: "chrome", OS: "linux", Device: "desktop"}, x.Insights)
	assert.Equal(t, 9*time.Second, x.Duration())

	// a session whose first batches carry no device gets it from a later one
	newSession(t, s, "shop", "b", t0)
	addInsights(t, s, "b", 1, Insights{Browser: "safari", OS: "ios", Device: "mobile"})
	y, _, err := s.Session(bg, "b")
	require.NoError(t, err)
	assert.Equal(t, [3]string{"safari", "ios", "mobile"}, [3]string{y.Browser, y.OS, y.Device})
	assert.Zero(t, y.Duration())
}

func contractInsightsFilter(t *testing.T, f fixture) {
	s := f.s
	for i, in := range []Insights{
		{EventStart: at(0), EventEnd: at(5 * time.Second), Width: 1366, Browser: "chrome", OS: "linux", Device: "desktop"},
		{EventStart: at(0), EventEnd: at(90 * time.Second), Width: 390, RageClicks: 1, Browser: "safari", OS: "ios", Device: "mobile"},
		{EventStart: at(0), EventEnd: at(30 * time.Second), Width: 820, DeadClicks: 2, Browser: "chrome", OS: "android", Device: "tablet"},
		{}, // nothing known yet
	} {
		id := string(rune('a' + i))
		newSession(t, s, "shop", id, t0.Add(time.Duration(i)*time.Minute))
		addInsights(t, s, id, 1, in)
	}
	_, err := s.AddBatch(bg, Batch{App: "shop", Session: "c", Seq: 2, State: Stored, Data: []byte("x"), Received: t0},
		Delta{Seen: t0, SecretHash: []byte("s-c"), Errors: 1})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		f    InsightFilter
		want []string
	}{
		{"none", InsightFilter{}, []string{"d", "c", "b", "a"}},
		{"min duration", InsightFilter{MinDuration: 10 * time.Second}, []string{"c", "b"}},
		{"max duration", InsightFilter{MaxDuration: 30 * time.Second}, []string{"d", "c", "a"}},
		{"duration range", InsightFilter{MinDuration: 10 * time.Second, MaxDuration: 60 * time.Second}, []string{"c"}},
		{"errors", InsightFilter{Errors: true}, []string{"c"}},
		{"rage", InsightFilter{Rage: true}, []string{"b"}},
		{"dead", InsightFilter{Dead: true}, []string{"c"}},
		{"browser", InsightFilter{Browser: "chrome"}, []string{"c", "a"}},
		{"os", InsightFilter{OS: "ios"}, []string{"b"}},
		{"device", InsightFilter{Device: "desktop"}, []string{"a"}},
		{"device and browser", InsightFilter{Device: "tablet", Browser: "safari"}, []string{}},
		{"width range", InsightFilter{MinWidth: 400, MaxWidth: 1024}, []string{"c"}},
		{"narrow", InsightFilter{MaxWidth: 500}, []string{"b"}},
	} {
		list, err := s.Sessions(bg, SessionFilter{Insights: tc.f})
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, ids(list), tc.name)
		// InsightFilter.Match, which listings apply in Go, agrees.
		all, err := s.Sessions(bg, SessionFilter{})
		require.NoError(t, err)
		matched := []Session{}
		for _, x := range all {
			if tc.f.Match(x) {
				matched = append(matched, x)
			}
		}
		assert.Equal(t, tc.want, ids(matched), "Match: "+tc.name)
	}
	// the filter composes with the cursor
	first, err := s.Sessions(bg, SessionFilter{Insights: InsightFilter{Browser: "chrome"}, Limit: 1})
	require.NoError(t, err)
	require.Equal(t, []string{"c"}, ids(first))
	rest, err := s.Sessions(bg, SessionFilter{Insights: InsightFilter{Browser: "chrome"},
		After: &SessionCursor{LastSeen: first[0].LastSeen, ID: first[0].ID}})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, ids(rest))
}
