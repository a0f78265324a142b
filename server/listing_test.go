package server

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

func sessionIDs(t *testing.T, body string) []string {
	t.Helper()
	var list []struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(body), &list), body)
	ids := make([]string, 0, len(list))
	for _, x := range list {
		ids = append(ids, x.ID)
	}
	return ids
}

func TestSessionListPages(t *testing.T) {
	e := newEnv(t)
	n := DefaultPageSize + 5
	base := e.clock.Now()
	for i := range n {
		// Pairs share a time, so the cursor must order by id as well.
		e.addSession("shop", sid("s"+strconv.Itoa(1000+i)), base.Add(time.Duration(i/2)*time.Second), store.Delta{})
	}
	limits := []struct {
		query string
		want  int
		page  int
	}{
		{"", 200, DefaultPageSize},
		{"?limit=1", 200, 1},
		{"?limit=" + strconv.Itoa(MaxPageSize), 200, n},
		{"?limit=" + strconv.Itoa(MaxPageSize+1), 400, 0},
		{"?limit=0", 400, 0},
		{"?limit=-1", 400, 0},
		{"?limit=ten", 400, 0},
		{"?cursor=garbage!", 400, 0},
	}
	for _, c := range limits {
		t.Run("limit "+c.query, func(t *testing.T) {
			code, body := e.do("GET", "/api/sessions"+c.query, e.admin, "")
			require.Equal(t, c.want, code, body)
			if code == 200 {
				assert.Len(t, sessionIDs(t, body), c.page)
			}
		})
	}

	t.Run("cursor walks every session once, newest first", func(t *testing.T) {
		var all []string
		path := "/api/sessions?app=shop&limit=7"
		for pages := 0; path != ""; pages++ {
			require.Less(t, pages, 100)
			resp, body := rawReq(t, e, "GET", path, nil, nil, "Authorization", "Bearer "+e.admin)
			require.Equal(t, 200, resp.StatusCode, body)
			all = append(all, sessionIDs(t, body)...)
			path = ""
			if next := resp.Header.Get(NextCursorHeader); next != "" {
				path = "/api/sessions?app=shop&limit=7&cursor=" + next
				assert.Contains(t, resp.Header.Get("Link"), `rel="next"`)
			}
		}
		require.Len(t, all, n)
		seen := map[string]bool{}
		for _, id := range all {
			assert.False(t, seen[id], "once: "+id)
			seen[id] = true
		}
		assert.Equal(t, sid("s"+strconv.Itoa(1000+n-1)), all[0], "newest first")
	})

	t.Run("a page that ends the listing has no cursor", func(t *testing.T) {
		resp, _ := rawReq(t, e, "GET", "/api/sessions?limit="+strconv.Itoa(n), nil, nil, "Authorization", "Bearer "+e.admin)
		assert.Empty(t, resp.Header.Get(NextCursorHeader))
	})
}

func TestAuditListPages(t *testing.T) {
	e := newEnv(t)
	for range DefaultPageSize + 3 {
		e.do("GET", "/api/sessions?app=blog", e.token(auth.Replay, "shop"), "") // each one a refusal and a token
	}
	resp, body := rawReq(t, e, "GET", "/api/audit", nil, nil, "Authorization", "Bearer "+e.admin)
	require.Equal(t, 200, resp.StatusCode)
	var page []struct{ ID int64 }
	require.NoError(t, json.Unmarshal([]byte(body), &page))
	require.Len(t, page, DefaultPageSize)
	next := resp.Header.Get(NextCursorHeader)
	require.Equal(t, strconv.FormatInt(page[len(page)-1].ID, 10), next)
	_, body = rawReq(t, e, "GET", "/api/audit?limit="+strconv.Itoa(MaxPageSize)+"&cursor="+next, nil, nil, "Authorization", "Bearer "+e.admin)
	var rest []struct{ ID int64 }
	require.NoError(t, json.Unmarshal([]byte(body), &rest))
	require.NotEmpty(t, rest)
	assert.Greater(t, rest[0].ID, page[len(page)-1].ID)

	code, export := e.do("GET", "/api/audit/export", e.admin, "")
	require.Equal(t, 200, code)
	assert.Equal(t, len(page)+len(rest), strings.Count(export, "\n"), "the export is not paged")
	code, _ = e.do("GET", "/api/audit?limit="+strconv.Itoa(MaxPageSize+1), e.admin, "")
	assert.Equal(t, 400, code)
}

func TestApplicationCounts(t *testing.T) {
	e := newEnv(t)
	e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
	for i := range 3 {
		e.addSession("shop", sid("shop"+strconv.Itoa(i)), e.clock.Now(), store.Delta{})
	}
	e.addSession("blog", sid("blog0"), e.clock.Now(), store.Delta{})
	cases := []struct {
		name, token string
		want        map[string]int
	}{
		{"admin of all", e.admin, map[string]int{"blog": 1, "shop": 3}},
		{"replay of shop", e.token(auth.Replay, "shop"), map[string]int{"shop": 3}},
		{"settings sees no counts", e.token(auth.Settings, "*"), map[string]int{"blog": 0, "shop": 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := e.do("GET", "/api/apps", c.token, "")
			require.Equal(t, 200, code, body)
			var apps []struct {
				Name     string
				Sessions int
			}
			require.NoError(t, json.Unmarshal([]byte(body), &apps))
			got := map[string]int{}
			for _, a := range apps {
				got[a.Name] = a.Sessions
			}
			assert.Equal(t, c.want, got)
		})
	}
}

// The page list was scrubbed with the recording rules when stored; it is
// shown scrubbed with the playback rules, which may allow fewer parameters.
func TestListedPagesFollowPlaybackRules(t *testing.T) {
	e := newEnv(t)
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/veil/ingest",
		"recording":{"mode":"block-list","allowParams":["page","lang"]}},
		"playback":{"mode":"block-list","allowParams":["page"]},"allowedOrigins":["https://shop.example"]}`)
	id := sid("pagesrescrubbed")
	e.addSession("shop", id, e.clock.Now(), store.Delta{Pages: []string{"https://shop.example/list?page=2&lang=de"},
		Consent: "granted", ConsentSource: "optIn", RulesVersion: "0123456789ab"})
	want := "https://shop.example/list?page=2&lang="
	for _, path := range []string{"/api/sessions", "/api/sessions/" + id} {
		t.Run(path, func(t *testing.T) {
			code, body := e.do("GET", path, e.admin, "")
			require.Equal(t, 200, code, body)
			if !strings.HasPrefix(body, "[") {
				body = "[" + body + "]"
			}
			var list []struct{ Pages []string }
			require.NoError(t, json.Unmarshal([]byte(body), &list))
			require.Len(t, list, 1)
			assert.Equal(t, []string{want}, list[0].Pages)
		})
	}
	t.Run("viewer", func(t *testing.T) {
		v := e.viewer(t)
		v.login(e.admin)
		for _, path := range []string{"/viewer/", "/viewer/sessions/" + id} {
			resp, body := v.req("GET", path, nil)
			require.Equal(t, 200, resp.StatusCode)
			assert.NotContains(t, body, "lang=de", path)
		}
	})
}

func TestShownMetaIsValidated(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name                           string
		consent, source, rules         string
		wantConsent, wantSource, wantV string
	}{
		{"labels kept", "granted", "optIn", "0123456789ab", "granted", "optIn", "0123456789ab"},
		{"free text consent blanked", "jane@roe.example", "optIn", "0123456789ab", "", "", "0123456789ab"},
		{"free text source blanked", "granted", "Jane Roe clicked", "v1", "", "", "v1"},
		{"long rules version blanked", "granted", "optIn", strings.Repeat("a", 33), "granted", "optIn", ""},
		{"rules version with spaces blanked", "granted", "optIn", "for Jane", "granted", "optIn", ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := sid("meta" + strconv.Itoa(i))
			e.addSession("shop", id, e.clock.Now(), store.Delta{Consent: c.consent, ConsentSource: c.source, RulesVersion: c.rules})
			code, body := e.do("GET", "/api/sessions/"+id, e.admin, "")
			require.Equal(t, http.StatusOK, code, body)
			var got struct{ Consent, ConsentSource, RulesVersion string }
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			assert.Equal(t, c.wantConsent, got.Consent)
			assert.Equal(t, c.wantSource, got.ConsentSource)
			assert.Equal(t, c.wantV, got.RulesVersion)
		})
	}
}

func TestViewerListPages(t *testing.T) {
	e := newEnv(t)
	n := DefaultPageSize + 2
	for i := range n {
		e.addSession("shop", sid("v"+strconv.Itoa(1000+i)), e.clock.Now().Add(time.Duration(i)*time.Second), store.Delta{})
	}
	v := e.viewer(t)
	v.login(e.admin)
	next := regexp.MustCompile(`class="next" href="([^"]+)"`)
	seen := map[string]bool{}
	path := "/viewer/?app=shop"
	for pages := 0; path != ""; pages++ {
		require.Less(t, pages, 10)
		resp, body := v.req("GET", path, nil)
		require.Equal(t, 200, resp.StatusCode)
		rows := regexp.MustCompile(`data-id="([^"]+)"`).FindAllStringSubmatch(body, -1)
		assert.LessOrEqual(t, len(rows), DefaultPageSize)
		for _, m := range rows {
			assert.False(t, seen[m[1]], "once: "+m[1])
			seen[m[1]] = true
		}
		path = ""
		if m := next.FindStringSubmatch(body); m != nil {
			path = html.UnescapeString(m[1])
			assert.Contains(t, path, "app=shop", "the filter is kept")
		}
	}
	assert.Len(t, seen, n)
	resp, _ := v.req("GET", "/viewer/?cursor=nonsense!", nil)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
