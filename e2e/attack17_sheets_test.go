//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// CSS-in-JS filling a site's empty stylesheet <link> after the snapshot:
// the first insertRule made the recorder inline the sheet's text, now the
// script's rules, as the linked sheet's, so the tokens they name (the id
// and classes set next) were structural and went out in clear. A sheet a
// script edited is marked, and its names map as a <style>'s.
func TestAttack17EditedSheets(t *testing.T) {
	b := newBrowser(t)
	for _, mode := range attack17Modes[:2] {
		t.Run(mode.name, func(t *testing.T) {
			s := newSite(t, mode.config)
			openRecorded(t, b, s, "/pages/attack17-sheets.html")
			require.True(t, eval[bool](t, b, `window.late()`))
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eventually(t, "the inlined sheet at the collector", func() bool { return strings.Contains(s.Sent(), "olive") })
			sent := strings.ToLower(s.Sent())
			assert.Zero(t, countLeaks(t, s, sent, "ax-emptyins-07", "ax-mediains-08", "ax-groupins-09"), "secrets at the collector")
			assert.NotContains(t, sent, "data-veil-sheet-edited", "the recorder's mark is not part of the page")
		})
	}
}

// The site's own sheet, inlined in the first snapshot, edited by a script
// (insertRule, a selectorText rewritten): a fresh snapshot (stop and
// start) reads its rules again, and must not send them as the site's.
func TestAttack17EditedSheetsResnapshot(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, attack17Modes[0].config)
	openRecorded(t, b, s, "/pages/attack17-sheets.html")
	require.True(t, eval[bool](t, b, `window.edit()`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	before := strings.Count(s.All(), `"type":2,`)
	eval[bool](t, b, `(veil.stop(), veil.start(), true)`)
	eventually(t, "a fresh full snapshot", func() bool { return strings.Count(s.All(), `"type":2,`) > before })
	require.True(t, eval[bool](t, b, `window.tag()`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the fresh snapshot's sheet", func() bool { return strings.Count(s.Sent(), "maroon") > 0 })
	sent := strings.ToLower(s.Sent())
	assert.Contains(t, sent, "site-wide", "a class the site's own sheet names stays")
	assert.Zero(t, countLeaks(t, s, sent, "ax-siteins-10", "ax-seltext-11"), "secrets at the collector")
}

// A page script edits the site's linked sheets before the recorder loads
// (insertRule, a selectorText rewritten, deleteRule then insertRule), with
// rules named after a person: the recorder's hooks were not there to see
// it, and nothing in the DOM shows it, so the recorder inlined the
// script's rules as the site's sheet and the id and classes they name went
// out in clear, in the sheets and in the markup. The engine's worker
// fetches each sheet again and a sheet naming what its server's text does
// not maps its names as a <style>'s; an unedited one (the same file) still
// keeps its names.
func TestAttack17SheetsEditedBeforeLoad(t *testing.T) {
	b := newBrowser(t)
	for _, mode := range attack17Modes[:2] {
		t.Run(mode.name, func(t *testing.T) {
			s := newSite(t, mode.config)
			openRecorded(t, b, s, "/pages/attack17-pre.html")
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eventually(t, "the four sheets at the collector", func() bool {
				sent := s.Sent()
				return strings.Contains(sent, "olive") && strings.Contains(sent, "teal") && strings.Count(sent, "purple") >= 3
			})
			sent := strings.ToLower(s.Sent())
			assert.Contains(t, sent, "site-one", "a class the site's own sheet names stays")
			assert.NotContains(t, sent, "data-veil-sheet-", "the recorder's marks are not part of the page")
			assert.Zero(t, countLeaks(t, s, sent, "ax-preins-12", "ax-presel-13", "ax-prerepl-14"), "secrets at the collector")
		})
	}
}
