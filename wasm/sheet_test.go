package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// The browser's engine trusts a linked sheet's names only once the worker
// handed it the sheet's text as its server sent it (veilEngine.sheet): the
// page's script may have edited the sheet before the recorder loaded.
func TestOpenSessionChecksLinkedSheets(t *testing.T) {
	const page = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/site.css"` +
		` data-veil-sheet-url="https://shop.test/site.css" _cssText="#user-hannelore-quist { color: red; }">` +
		`</head><body><p id="user-hannelore-quist">Hi</p></body></html>`
	for _, c := range []struct {
		name   string
		answer func(e *engine)
		kept   bool
	}{
		{"source holds the name", func(e *engine) { e.Sheet("https://shop.test/site.css", "#user-hannelore-quist{color:red}", true) }, true},
		{"source lacks the name", func(e *engine) { e.Sheet("https://shop.test/site.css", ".site{color:red}", true) }, false},
		{"fetch failed", func(e *engine) { e.Sheet("https://shop.test/site.css", "", false) }, false},
		{"no answer", func(*engine) {}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEngine()
			require.Empty(t, e.Init([]byte(`{"application":"a","endpoint":"/c"}`), noConsent))
			c.answer(e)
			batch, err := capture.FromHTML(strings.NewReader(page), "https://shop.test/", 1700000000000)
			require.NoError(t, err)
			r := e.Write(batch)
			require.Empty(t, r.Err)
			assert.Equal(t, c.kept, strings.Contains(string(r.Events), "hannelore"), string(r.Events))
			assert.NotContains(t, string(r.Events), "data-veil-sheet-url")
		})
	}
}

// An answer reaches a live session only.
func TestSheetNeedsALiveSession(t *testing.T) {
	s := &fakeSession{}
	e := engineWith(s, nil)
	e.Sheet("https://shop.test/early.css", "", false)
	require.Empty(t, e.Init(nil, noConsent))
	e.Sheet("https://shop.test/site.css", ".a{}", true)
	e.kill("boom")
	e.Sheet("https://shop.test/late.css", ".b{}", true)
	assert.Equal(t, []sheetAnswer{{"https://shop.test/site.css", ".a{}", true}}, s.sheets)
}
