package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// TestEveryViewerPageCarriesItsHeaders: each page of the viewer — the login
// form, the list, a replay, the heatmap, a deletion to confirm, a refusal
// and a missing session — is unframeable, uncached, never sniffed, sends no
// Referer elsewhere, and its CSP (which the replay iframe inherits) loads
// no plugin, sets no base and posts forms only here.
func TestEveryViewerPageCarriesItsHeaders(t *testing.T) {
	e := newEnv(t)
	s := sid("pageheaders")
	e.addSession("shop", s, e.clock.Now(), store.Delta{})
	admin := e.viewer(t)
	admin.login(e.admin)
	settings := e.viewer(t)
	settings.login(e.token(auth.Settings, "shop"))
	anon := e.viewer(t)
	for _, c := range []struct {
		name   string
		v      *viewerClient
		path   string
		status int
	}{
		{"login form", anon, "/viewer/login", 200},
		{"list", admin, "/viewer/", 200},
		{"replay", admin, "/viewer/sessions/" + s, 200},
		{"heatmap", admin, "/viewer/heatmap?app=shop", 200},
		{"confirm deletion", admin, "/viewer/sessions/" + s + "/delete", 200},
		{"refused", settings, "/viewer/sessions/" + s, 403},
		{"missing session", admin, "/viewer/sessions/" + sid("nosuch"), 404},
	} {
		resp, body := c.v.req("GET", c.path, nil)
		require.Equal(t, c.status, resp.StatusCode, "%s: %s", c.name, body)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, d := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "script-src 'self'"} {
			assert.Contains(t, csp, d, c.name)
		}
		assert.NotContains(t, csp, "unsafe-eval", c.name)
		assert.Equal(t, "DENY", h.Get("X-Frame-Options"), c.name)
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), c.name)
		assert.Equal(t, "no-store", h.Get("Cache-Control"), c.name)
		assert.Equal(t, "same-origin", h.Get("Referrer-Policy"), c.name)
		assert.Equal(t, "off", h.Get("X-DNS-Prefetch-Control"), c.name)
		assert.Equal(t, "same-origin", h.Get("Cross-Origin-Opener-Policy"), c.name)
		assert.Equal(t, "text/html; charset=utf-8", h.Get("Content-Type"), c.name)
	}
}
