//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// TestPageSheetAttrNotTrusted: the recorder sends a same-origin linked
// sheet's text as the <link>'s _cssText, and the engine keeps the class
// names such a site-wide sheet names in clear. A page that writes that
// attribute itself (in markup, with setAttributeNS, or later with
// setAttribute) made its per-user names look site-wide: in mask-all they
// went out in clear, in the "sheet" and in the markup. The recorder never
// sends a page's attribute of that name.
func TestPageSheetAttrNotTrusted(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}}`)
	openRecorded(t, b, s, "/pages/sheet-attr.html")
	b.do(t, chromedp.Click("#sheet"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	b.do(t, chromedp.Click("#para"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the paragraph added later at the collector", func() bool {
		return strings.Count(s.Sent(), `"tagName":"p"`) >= 3
	})
	assert.Zero(t, countLeaks(t, s, strings.ToLower(s.Sent()), "hannelore", "quist", "jane-doe", "4821", "tremayne", "vasquez"))
}
