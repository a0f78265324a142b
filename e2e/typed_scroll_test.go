//go:build !js

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTypedScrollNotRecorded: a text field scrolls its own text as what is
// typed outgrows it, so its scrollLeft is the width of the value (a
// password's length, keystroke by keystroke); a textarea's scrollTop counts
// the lines typed; a listbox scrolls to what is chosen. Their values go out
// as a fixed "*****", yet each scroll event carried the position. No
// scroll of a control may reach the collector; a scrolling box that is no
// control still records its scroll (the replay needs it).
func TestTypedScrollNotRecorded(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect"}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/typed-scroll.html")

	b.do(t, chromedp.Focus("#pw"), chromedp.KeyEvent("hunter2hunter2hunter2"))
	b.do(t, chromedp.Focus("#card"), chromedp.KeyEvent("4111111111111111 jane"))
	b.do(t, chromedp.Focus("#note"), chromedp.KeyEvent("line1\rline2\rline3\rline4"))
	eval[bool](t, b, `(() => {
		const $ = (id) => document.getElementById(id);
		$('pick').options[5].selected = true;
		$('pick').scrollTop = 40;
		$('list').scrollTop = 77;
		return true;
	})()`)
	eval[bool](t, b, `new Promise((r) => setTimeout(r, 250)).then(() => veil.flush()).then(() => true)`)
	require.True(t, eval[bool](t, b, `['pw', 'card', 'note', 'pick', 'list'].every((id) => scrolled[id] > 0)`),
		"the controls did not scroll (%v): the test types too little", eval[map[string]int](t, b, `scrolled`))

	var scrolls []incremental
	eventually(t, "the scroll of the plain box at the collector", func() bool {
		scrolls = scrolls[:0]
		for _, e := range collectedEvents(t, s) {
			var d incremental
			if e.Type == evIncremental && json.Unmarshal(e.Data, &d) == nil && d.Source == srcScroll {
				scrolls = append(scrolls, d)
			}
		}
		for _, d := range scrolls {
			if d.Y == 77 {
				return true
			}
		}
		return false
	})
	leaked := 0
	for _, d := range scrolls {
		if d.Y != 77 || d.X != 0 {
			leaked++
			t.Logf("a control's scroll position reached the collector: %+v", d)
		}
	}
	assert.Zero(t, leaked, "scroll positions of controls at the collector")
	assert.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
}
