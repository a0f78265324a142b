package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
)

// blockListShop records page text (block-list) and, until changed, plays
// it back with the same rules.
const blockListShop = `{"recorder":{"application":"shop","endpoint":"/x","recording":{"mode":"block-list"}},
	"allowedOrigins":["https://shop.example"]}`

// recordBlockList stores a block-list recording of the test page.
func recordBlockList(t *testing.T, e *env, name string) string {
	t.Helper()
	e.putSettings("shop", blockListShop)
	s := sid(name)
	for i, b := range record(t, rules.Rules{Mode: rules.ModeBlockList}) {
		e.sendBatch("shop", s, i, b)
	}
	return s
}

func TestPlaybackByRole(t *testing.T) {
	e := newEnv(t)
	s := recordBlockList(t, e, "byrole")
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/x","recording":{"mode":"block-list"}},
		"playback":{"mode":"block-list","mask":["#msg"]},"allowedOrigins":["https://shop.example"]}`)
	cases := []struct {
		role     auth.Role
		unmasked bool
		want     int
		clear    bool // the answer holds what playback masks
	}{
		{auth.Replay, false, 200, false},
		{auth.Replay, true, 403, false},
		{auth.ReplayUnmasked, false, 200, false},
		{auth.ReplayUnmasked, true, 200, true},
		{auth.Admin, false, 200, false},
		{auth.Admin, true, 403, false},
		{auth.Settings, false, 403, false},
	}
	for _, c := range cases {
		path := "/api/sessions/" + s + "/events"
		if c.unmasked {
			path += "?unmasked=1"
		}
		token := e.token(c.role, "shop")
		check := func(t *testing.T, code int, body string) {
			assert.Equal(t, c.want, code, body)
			assert.Equal(t, c.clear, strings.Contains(body, "Jane Roe ordered twice"), "playback-masked text")
			if code == 200 {
				assert.True(t, strings.Contains(body, "3 items for Jane"), "text playback leaves alone stays")
			}
		}
		t.Run(string(c.role)+" bearer "+path, func(t *testing.T) {
			code, body := e.do("GET", path, token, "")
			check(t, code, body)
		})
		t.Run(string(c.role)+" cookie "+path, func(t *testing.T) {
			v := e.viewer(t)
			_, page := v.req("GET", "/viewer/login", nil)
			resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {token}, "csrf": {csrfOf(t, page)}})
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			resp, body := v.req("GET", path, nil)
			check(t, resp.StatusCode, body)
		})
	}
	views := map[string]int{}
	for _, r := range e.auditLog() {
		if r.Action == "session.view" {
			views[r.Outcome]++
			assert.Equal(t, sessionDigest(s), r.Target)
			assert.NotEmpty(t, r.Actor)
		}
	}
	assert.Equal(t, map[string]int{"done": 2 * 4, "refused": 2 * 2}, views,
		"every answered view is audited, by bearer and by cookie alike, and so is every refused unmasked view")
}

func TestStricterPlaybackAppliesToOldRecordings(t *testing.T) {
	e := newEnv(t)
	s := recordBlockList(t, e, "oldrecording")
	viewer := e.token(auth.Replay, "shop")
	code, before := e.do("GET", "/api/sessions/"+s+"/events", viewer, "")
	require.Equal(t, 200, code, before)
	require.True(t, strings.Contains(before, "Jane Roe ordered twice"), "the recording rules allowed page text")
	require.True(t, strings.Contains(before, "Jane's basket"), "and the title attribute")

	e.clock.Advance(24 * 3600e9)
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/x","recording":{"mode":"block-list"}},
		"playback":{"mode":"block-list","mask":["#msg"],"block":[".added-zq9x"]},"allowedOrigins":["https://shop.example"]}`)
	code, after := e.do("GET", "/api/sessions/"+s+"/events", viewer, "")
	require.Equal(t, 200, code, after)
	assert.False(t, strings.Contains(after, "Jane Roe ordered twice"), "masked by the new playback rules")
	assert.False(t, strings.Contains(after, "Jane's basket"), "blocked by the new playback rules")
	assert.True(t, strings.Contains(after, `"needBlock":true`), "the blocked element is a placeholder")
	assert.True(t, strings.Contains(after, "cart-zq9x-secretclass"), "structure stays")

	code, raw := e.do("GET", "/api/sessions/"+s+"/events?unmasked=1", e.token(auth.ReplayUnmasked, "shop"), "")
	require.Equal(t, 200, code, raw)
	assert.True(t, strings.Contains(raw, "Jane Roe ordered twice"), "the stored recording is unchanged: only playback is stricter")

	var masked []bool
	for _, r := range e.auditLog() {
		if r.Action == "session.view" && r.Target == sessionDigest(s) {
			masked = append(masked, r.Detail["masked"] == true)
		}
	}
	assert.Equal(t, []bool{true, true, false}, masked)
}
