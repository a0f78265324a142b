package server

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/store"
)

// findEnv holds four sessions with known insights; the recording rules
// allow the query parameters page and q, the playback rules only page.
func findEnv(t *testing.T) *env {
	e := newEnv(t)
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/veil/ingest",
		"recording":{"mode":"block-list","allowParams":["page","q"]}},
		"playback":{"mode":"block-list","allowParams":["page"]},"allowedOrigins":["https://shop.example"]}`)
	base := e.clock.Now()
	ms := func(d time.Duration) int64 { return base.Add(d).UnixMilli() }
	for i, s := range []struct {
		name  string
		pages []string
		in    store.Insights
		errs  int
	}{
		{"desk", []string{"https://shop.example/cart", "https://shop.example/checkout?page=2"},
			store.Insights{PageViews: 3, EventStart: ms(0), EventEnd: ms(40 * time.Second), Width: 1366, Height: 900,
				RageClicks: 1, DeadClicks: 2, Browser: "chrome", OS: "linux", Device: "desktop"}, 0},
		{"phone", []string{"https://shop.example/search?q=tumbleweed"},
			store.Insights{PageViews: 1, EventStart: ms(0), EventEnd: ms(5 * time.Second), Width: 390, Height: 844,
				Browser: "safari", OS: "ios", Device: "mobile"}, 2},
		{"tablet", []string{"https://shop.example/"},
			store.Insights{PageViews: 1, EventStart: ms(0), EventEnd: ms(2 * time.Minute), Width: 820, Height: 1180,
				DeadClicks: 1, Browser: "chrome", OS: "android", Device: "tablet"}, 0},
		{"old", []string{"https://shop.example/cart"}, store.Insights{}, 0},
	} {
		e.addSession("shop", sid(s.name), base.Add(time.Duration(i)*time.Second),
			store.Delta{Pages: s.pages, Insights: s.in, Errors: s.errs})
	}
	return e
}

func names(t *testing.T, body string) []string {
	t.Helper()
	out := []string{}
	for _, id := range sessionIDs(t, body) {
		out = append(out, strings.TrimRight(id, "x"))
	}
	return out
}

func TestSessionsAPIFilters(t *testing.T) {
	e := findEnv(t)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{"old", "tablet", "phone", "desk"}},
		{"page=CHECKOUT", []string{"desk"}},
		{"page=/cart", []string{"old", "desk"}},
		{"page=search%3Fq%3D", []string{"phone"}},
		// q is allowed by the recording rules only: its value is stored but
		// playback hides it, so no filter can probe it
		{"page=tumbleweed", []string{}},
		{"minDuration=30", []string{"tablet", "desk"}},
		{"maxDuration=60", []string{"old", "phone", "desk"}},
		{"minDuration=10&maxDuration=60", []string{"desk"}},
		{"errors=1", []string{"phone"}},
		{"rage=1", []string{"desk"}},
		{"dead=1", []string{"tablet", "desk"}},
		{"device=desktop", []string{"desk"}},
		{"device=mobile", []string{"phone"}},
		{"browser=chrome", []string{"tablet", "desk"}},
		{"os=ios", []string{"phone"}},
		{"minWidth=400&maxWidth=1024", []string{"tablet"}},
		{"maxWidth=500", []string{"phone"}},
		{"page=shop.example&device=tablet&dead=1", []string{"tablet"}},
	} {
		t.Run(c.query, func(t *testing.T) {
			code, body := e.do("GET", "/api/sessions?"+c.query, e.admin, "")
			require.Equal(t, 200, code, body)
			assert.Equal(t, c.want, names(t, body))
		})
	}
}

func TestSessionsAPIFilterRefusals(t *testing.T) {
	e := findEnv(t)
	for _, c := range []struct{ query, msg string }{
		{"device=fridge", `device: expected one of desktop, tablet, mobile, bot, unknown, not "fridge"`},
		{"browser=Chrome", `browser: expected one of chrome, edge, firefox, safari, opera, samsung, other, not "Chrome"`},
		{"os=beos", `os: expected one of`},
		{"minDuration=-1", `minDuration: expected whole seconds from 0 to 604800, not "-1"`},
		{"maxDuration=1h", `maxDuration: expected whole seconds from 0 to 604800, not "1h"`},
		{"minDuration=10000000000", `minDuration: expected whole seconds from 0 to 604800, not "10000000000"`},
		{"maxDuration=18446744074", `maxDuration: expected whole seconds from 0 to 604800, not "18446744074"`},
		{"maxDuration=604801", `maxDuration: expected whole seconds from 0 to 604800, not "604801"`},
		{"minWidth=wide", `minWidth: expected whole pixels from 0 to 100000, not "wide"`},
		{"rage=yes", `rage: expected 1 or 0, not "yes"`},
		{"page=" + strings.Repeat("a", MaxPageFilter+1), "page: at most 500 bytes, not 501"},
	} {
		t.Run(c.query[:min(len(c.query), 20)], func(t *testing.T) {
			code, body := e.do("GET", "/api/sessions?"+c.query, e.admin, "")
			require.Equal(t, 400, code, body)
			var got struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			assert.Contains(t, got.Error, c.msg)
		})
	}
	// at the limit: accepted
	code, body := e.do("GET", "/api/sessions?page="+strings.Repeat("a", MaxPageFilter), e.admin, "")
	require.Equal(t, 200, code, body)
	code, body = e.do("GET", "/api/sessions?maxDuration=604800", e.admin, "")
	require.Equal(t, 200, code, body)
}

func TestSessionsAPIShowsInsights(t *testing.T) {
	e := findEnv(t)
	code, body := e.do("GET", "/api/sessions/"+sid("desk"), e.admin, "")
	require.Equal(t, 200, code, body)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	for k, want := range map[string]any{"pageViews": 3.0, "rageClicks": 1.0, "deadClicks": 2.0, "durationMs": 40000.0,
		"width": 1366.0, "height": 900.0, "browser": "chrome", "os": "linux", "device": "desktop"} {
		assert.Equal(t, want, got[k], k)
	}
}

// A page URL filter runs on URLs scrubbed with the playback rules, in Go:
// past MaxFindScan sessions read the page ends early and its cursor goes on,
// so every match is found once, in order.
func TestSessionsAPIPageFilterPaging(t *testing.T) {
	e := newEnv(t)
	base := e.clock.Now()
	n := MaxFindScan + 30
	for i := range n {
		page := "https://shop.example/other"
		if i%1000 == 7 {
			page = "https://shop.example/needle"
		}
		e.addSession("shop", sid("p"+strconv.Itoa(100000+i)), base.Add(time.Duration(i)*time.Millisecond), store.Delta{Pages: []string{page}})
	}
	var all []string
	path := "/api/sessions?page=needle&limit=2"
	pages := 0
	for ; path != ""; pages++ {
		require.Less(t, pages, 20)
		resp, body := rawReq(t, e, "GET", path, nil, nil, "Authorization", "Bearer "+e.admin)
		require.Equal(t, 200, resp.StatusCode, body)
		all = append(all, names(t, body)...)
		path = ""
		if next := resp.Header.Get(NextCursorHeader); next != "" {
			path = "/api/sessions?page=needle&limit=2&cursor=" + next
		}
	}
	assert.Equal(t, []string{"p105007", "p104007", "p103007", "p102007", "p101007", "p100007"}, all)
	assert.GreaterOrEqual(t, pages, 3)
}

func TestViewerListFiltersAndRows(t *testing.T) {
	e := findEnv(t)
	v := e.viewer(t)
	v.login(e.admin)
	_, body := v.req("GET", "/viewer/?device=desktop&minDuration=30", nil)
	assert.Equal(t, 1, strings.Count(body, `<tr class="session"`), body)
	assert.Contains(t, body, `data-id="`+sid("desk")+`"`)
	assert.Contains(t, body, `<span class="page-views">3</span>`)
	assert.Contains(t, body, "<li>https://shop.example/checkout?page=2</li>", "URLs shown in the row")
	assert.Contains(t, body, "desktop · chrome · linux")
	assert.Contains(t, body, "1366×900")
	assert.Contains(t, body, ">40s<", "duration from first to last event")
	assert.Contains(t, body, `<option value="desktop" selected>`, "the filter is echoed")

	_, body = v.req("GET", "/viewer/?page=tumbleweed", nil)
	assert.NotContains(t, body, `<tr class="session"`)
	_, body = v.req("GET", "/viewer/?page=search", nil)
	assert.Contains(t, body, `data-id="`+sid("phone")+`"`)
	assert.NotContains(t, body, "tumbleweed", "shown scrubbed with the playback rules")

	resp, body := v.req("GET", "/viewer/?device=fridge", nil)
	assert.Equal(t, 400, resp.StatusCode)
	assert.Contains(t, body, "fridge")
}
