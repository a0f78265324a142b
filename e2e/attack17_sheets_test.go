//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A stylesheet <link> the page's script made from a blob: or data: URL is
// same-origin, so the recorder inlines its rules as a linked sheet's, whose
// selectors keep the class and id tokens they name in clear: a script that
// writes #user-<name> {…} into such a sheet had the token kept in the sheet
// and in the markup. In mask-all and in allow-list (revealing a heading
// only) none of them may reach the collector.
func TestAttack17PageMadeSheets(t *testing.T) {
	b := newBrowser(t)
	for _, mode := range attack17Modes[:2] {
		t.Run(mode.name, func(t *testing.T) {
			s := newSite(t, mode.config)
			openRecorded(t, b, s, "/pages/attack17-sheets.html")
			eval[bool](t, b, `veil.flush().then(() => true)`)
			sent := strings.ToLower(s.Sent())
			assert.Contains(t, sent, "site-wide", "a class the site's own sheet names stays")
			assert.Zero(t, countLeaks(t, s, sent, "ax-blob-04", "ax-data-05"), "secrets at the collector")
		})
	}
}
