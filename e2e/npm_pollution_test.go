//go:build !js

package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNPMPrototypePollutionCannotLoosen: the npm package applies the
// options given in code to the collector's configuration (npm-tighten.js)
// and they may only tighten it. It read both as plain objects, so on a
// page whose Object.prototype was polluted with recording: {mode:
// "block-list"} the inherited mode passed for the collector's and was
// written into the configuration: a collector serving mask-all (no mode
// at all) got the page's text in clear.
func TestNPMPrototypePollutionCannotLoosen(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect"}`)
	s.Handle("/npm/", http.StripPrefix("/npm/", http.FileServer(http.Dir("../js-shim/pkg"))))
	s.Handle("/npmpage/", http.StripPrefix("/npmpage/", http.FileServer(http.Dir("testdata/npmpage"))))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/npmpage/polluted.html"))
	b.waitFor(t, `window.npmInit !== undefined`)
	require.Equal(t, "ok", eval[string](t, b, `npmInit`))
	require.Equal(t, "recording", eval[string](t, b, `npmVeil.status().state`))
	eval[bool](t, b, `npmVeil.flush().then(() => true)`)
	eventually(t, "a full snapshot at the collector", func() bool { return strings.Contains(s.All(), `"type":2,`) })

	all := s.All()
	assert.Zero(t, strings.Count(all, "NPM-PAGE-TEXT-6620"), "page text at the collector: mask-all was loosened")
	assert.Contains(t, all, strings.Repeat("*", len("NPM-PAGE-TEXT-6620")), "the page text, masked")
}
