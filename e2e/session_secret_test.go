//go:build !js

package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSessionSecretAppendsAndDeletes: against the real collector, the
// recorder's batches carry the session's secret, so they are accepted, and
// optOut({deleteRecorded: true}) from the recording tab deletes the session.
func TestSessionSecretAppendsAndDeletes(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(d.URL+"/demo/signup.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	sessions := func() []string {
		code, body := d.api(t, "GET", "/api/sessions?app=demo", d.admin, "")
		require.Equal(t, 200, code, body)
		var list []struct{ ID string }
		require.NoError(t, json.Unmarshal([]byte(body), &list))
		var ids []string
		for _, s := range list {
			ids = append(ids, s.ID)
		}
		return ids
	}
	eventually(t, "the collector to store the session", func() bool { return len(sessions()) == 1 })
	id := sessions()[0]
	secret := eval[string](t, b, `sessionStorage.getItem("veil:secret")`)
	require.Len(t, secret, 22)
	code, body := d.api(t, "GET", "/api/sessions/"+id, d.admin, "")
	require.Equal(t, 200, code)
	assert.NotContains(t, body, secret, "the API never shows the secret")

	st := eval[status](t, b, `veil.optOut({deleteRecorded: true})`)
	assert.Equal(t, "opted-out", st.State)
	eventually(t, "the visitor's deletion", func() bool { return len(sessions()) == 0 })
}

// TestConfigRefetchedWhileOpen: a page re-fetches its configuration
// (every 5 minutes; here sooner) and, when it changed, records afresh under
// it: a new full snapshot whose Meta names the new rules version.
func TestConfigRefetchedWhileOpen(t *testing.T) {
	s := newSite(t, maskAll)
	var conf atomic.Value
	conf.Store(`{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	s.Handle("/refetch/config.json", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, conf.Load().(string))
	}))
	s.Handle("/refetch/page.html", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!DOCTYPE html><html><body><p id="p">REFETCH-TEXT-4471</p>
<script src="/veil/veil.js" data-config="/refetch/config.json"></script></body></html>`)
	}))
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestConfigRefreshMs = 300;`)
	b.do(t, chromedp.Navigate(s.URL+"/refetch/page.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	require.Contains(t, s.All(), "REFETCH-TEXT-4471", "block-list keeps the text")
	snapshots := s.countEvents(t, 2)
	require.Positive(t, snapshots)
	sessionBefore := eval[status](t, b, `veil.status()`).SessionID

	conf.Store(maskAll)
	eventually(t, "a new full snapshot under the new rules", func() bool {
		eval[bool](t, b, `veil.flush().then(() => true)`)
		return s.countEvents(t, 2) > snapshots
	})
	bodies := s.Bodies()
	last := string(bodies[len(bodies)-1])
	for i := len(bodies) - 1; i >= 0 && !strings.Contains(last, `"type":2`); i-- {
		last = string(bodies[i])
	}
	assert.NotContains(t, last, "REFETCH-TEXT-4471", "masked under the new rules")
	assert.Equal(t, sessionBefore, eval[status](t, b, `veil.status()`).SessionID, "the same session")
}
