package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
)

// TestViewerLoginIgnoresPageLoads: a replayed page may name any URL of the
// collector, and the viewer's cookie goes with its image, style and frame
// loads. Such a load (Sec-Fetch-Dest other than empty or document) is not
// the viewer: it views no session (and audits no view) and opens no
// heatmap. The viewer's own fetch and navigations still work, and bearer
// tokens are not concerned.
func TestViewerLoginIgnoresPageLoads(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("pageloads")
	e.sendBatch("shop", s, 0, rec[0])
	v := e.viewer(t)
	v.login(e.admin)
	views := func() int {
		n := 0
		for _, r := range e.auditLog() {
			if r.Action == "session.view" || r.Action == "heatmap.view" {
				n++
			}
		}
		return n
	}
	for _, dest := range []string{"image", "style", "font", "iframe", "object", "embed", "video", "script"} {
		for _, path := range []string{"/api/sessions/" + s + "/events", "/api/audit/export", "/viewer/heatmap?app=shop", "/viewer/sessions/" + s} {
			resp, body := v.req("GET", path, nil, "Sec-Fetch-Dest", dest, "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "no-cors")
			assert.Equal(t, 403, resp.StatusCode, "%s load of %s: %s", dest, path, body)
		}
	}
	resp, body := v.req("GET", "/api/sessions/"+s+"/events", nil, "Sec-Fetch-Dest", "empty", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "no-cors")
	assert.Equal(t, 403, resp.StatusCode, "a prefetch of the page (empty, no-cors): %s", body)
	assert.Zero(t, views(), "no page load viewed anything")

	for _, dest := range []string{"", "empty", "document"} {
		resp, body := v.req("GET", "/api/sessions/"+s+"/events", nil, "Sec-Fetch-Dest", dest)
		require.Equal(t, 200, resp.StatusCode, "Sec-Fetch-Dest %q: %s", dest, body)
	}
	resp, body = v.req("GET", "/viewer/heatmap?app=shop", nil, "Sec-Fetch-Dest", "document")
	require.Equal(t, 200, resp.StatusCode, body)
	assert.Equal(t, 4, views(), "the viewer's own requests are views")

	// Another origin of the same site (the recorded shop on a sibling
	// subdomain) gets the Strict cookie too: its scripts are not the viewer,
	// a link followed from it is.
	for _, mode := range []string{"cors", "no-cors", "same-origin"} {
		resp, body := v.req("GET", "/api/sessions/"+s+"/events", nil, "Sec-Fetch-Dest", "empty", "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", mode)
		assert.Equal(t, 403, resp.StatusCode, "same-site %s fetch: %s", mode, body)
	}
	resp, body = v.req("GET", "/api/sessions/"+s+"/events", nil, "Sec-Fetch-Dest", "empty", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors")
	assert.Equal(t, 403, resp.StatusCode, body)
	assert.Equal(t, 4, views(), "no script of another origin viewed anything")
	for _, site := range []string{"same-site", "cross-site"} {
		resp, body = v.req("GET", "/viewer/sessions/"+s, nil, "Sec-Fetch-Dest", "document", "Sec-Fetch-Site", site, "Sec-Fetch-Mode", "navigate")
		assert.Equal(t, 200, resp.StatusCode, "a link followed from %s: %s", site, body)
	}
	anon := e.viewer(t)
	resp, _ = anon.req("GET", "/viewer/sessions/"+s, nil, "Sec-Fetch-Dest", "image", "Sec-Fetch-Site", "same-origin")
	assert.Equal(t, 303, resp.StatusCode, "without a login, the answer is the way to log in")

	code, body := e.do("GET", "/api/sessions/"+s, e.admin, "")
	assert.Equal(t, 200, code, body)
}
