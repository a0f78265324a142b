package server

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
)

// TestAppFilterThatIsNoNameIsRefusedUnaudited: an app filter that cannot be
// an application name (here 4 KiB of markup) is a 400 that quotes its start,
// on the API, the session list and the heatmap; it never reaches the scope
// check, so the audit log holds nothing the caller wrote. A valid name out
// of scope is still refused and audited.
func TestAppFilterThatIsNoNameIsRefusedUnaudited(t *testing.T) {
	e := newEnv(t)
	junk := "<img src=x onerror=alert(1)>" + strings.Repeat("A", 4096)
	shopReplay := e.token(auth.Replay, "shop")
	code, body := e.do("GET", "/api/sessions?app="+url.QueryEscape(junk), shopReplay, "")
	require.Equal(t, 400, code, body)
	assert.Contains(t, body, `app \"\u003cimg src=x`)
	assert.Less(t, len(body), 400, "the error quotes the start of the name only")

	v := e.viewer(t)
	v.login(shopReplay)
	for _, path := range []string{"/viewer/?app=", "/viewer/heatmap?app="} {
		resp, page := v.req("GET", path+url.QueryEscape(junk), nil)
		require.Equal(t, 400, resp.StatusCode, path)
		assert.NotContains(t, page, "<img src=x", "%s: the page escapes what it quotes", path)
		assert.Contains(t, page, "not an application name", path)
	}
	for _, rows := range e.refusals() {
		for _, r := range rows {
			assert.NotContains(t, r.App, "img", "a refusal stored the caller's junk: %s", r.Action)
		}
	}

	code, body = e.do("GET", "/api/sessions?app=blog", shopReplay, "")
	require.Equal(t, 403, code, body)
	require.NotEmpty(t, e.refusals()["session.list"], "an out-of-scope name is still audited")
}
