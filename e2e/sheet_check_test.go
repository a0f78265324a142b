//go:build !js

package e2e

import (
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The linked sheets are checked against their servers' text by the
// engine's worker, not on the page's main thread: the page sees no
// document made to parse them and no fetch of them in its own resource
// timing. The worker's fetch goes to the sheet's own URL, from the HTTP cache when it may, and sends
// no referrer (the page's URL may hold what was typed).
func TestSheetChecksOffTheMainThread(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, attack17Modes[0].config)
	var mu sync.Mutex
	var fetches []http.Header // requests of the sheet other than the <link>'s own
	s.Handle("/pages/attack17-pre.css", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-Fetch-Dest") != "style" {
			mu.Lock()
			fetches = append(fetches, r.Header.Clone())
			mu.Unlock()
		}
		w.Header().Set("Cache-Control", "no-store") // so that the worker's fetch reaches the server
		http.ServeFile(w, r, filepath.Join(pagesDir, "attack17-pre.css"))
	}))
	openRecorded(t, b, s, "/pages/attack17-pre.html?q=AX-PREREF-15")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	assert.Zero(t, eval[int](t, b, `window.parses`), "documents made on the main thread")
	assert.Zero(t, eval[int](t, b, `performance.getEntriesByType('resource').filter((e) => e.name.includes('attack17-pre.css') && e.initiatorType !== 'link').length`),
		"fetches of the sheets on the main thread")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, fetches, 4, "one check of each sheet's URL")
	for _, h := range fetches {
		assert.Empty(t, h.Get("Referer"), "the referrer of a sheet's check")
		assert.Equal(t, "same-origin", h.Get("Sec-Fetch-Site"))
	}
	assert.False(t, strings.Contains(s.Sent(), "AX-PREREF-15"))
}

// A check that fails or takes too long never trusts the sheet: the site's
// own, unedited sheet then maps its names as a <style>'s, and the class it
// names is hashed in the sheet and in the markup.
func TestSheetCheckFailsClosed(t *testing.T) {
	b := newBrowser(t)
	for _, c := range []struct {
		name   string
		answer func(w http.ResponseWriter) (done bool)
	}{
		{"refused", func(w http.ResponseWriter) bool { http.Error(w, "no", http.StatusForbidden); return true }},
		{"slow", func(http.ResponseWriter) bool { time.Sleep(time.Second); return false }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSite(t, attack17Modes[0].config)
			s.Handle("/pages/attack17-pre.css", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Cache-Control", "no-store")
				if r.Header.Get("Sec-Fetch-Dest") != "style" && c.answer(w) {
					return
				}
				http.ServeFile(w, r, filepath.Join(pagesDir, "attack17-pre.css"))
			}))
			openRecorded(t, b, s, "/pages/attack17-pre.html")
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eventually(t, "the sheets at the collector", func() bool { return strings.Contains(s.Sent(), "navy") })
			sent := strings.ToLower(s.Sent())
			assert.NotContains(t, sent, "site-one", "a class named by a sheet not checked")
			assert.Zero(t, countLeaks(t, s, sent, "ax-preins-12", "ax-presel-13", "ax-prerepl-14"), "secrets at the collector")
		})
	}
}
