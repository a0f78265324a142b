//go:build !js

package e2e

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

const consentDir = "testdata/consent"

// ctlStatus is veil.status() with the fields the consent tests read.
type ctlStatus struct {
	State         string `json:"state"`
	Reason        string `json:"reason"`
	SessionID     string `json:"sessionId"`
	Consent       string `json:"consent"`
	ConsentSource string `json:"consentSource"`
	Buffered      int    `json:"buffered"`
}

// newConsentSite is newSite with the pages of testdata/consent under
// /consent/, and basic.html also at /consent/private/page.html (a URL the
// exclusion tests exclude).
func newConsentSite(t *testing.T, config string) *site {
	t.Helper()
	s := newSite(t, config)
	s.Handle("/consent/", http.StripPrefix("/consent/", http.FileServer(http.Dir(consentDir))))
	s.Handle("/consent/private/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(consentDir, "basic.html"))
	}))
	return s
}

// sentBytes is the size of every body the collector got, decompressed.
func (s *site) sentBytes() int {
	n := 0
	for _, b := range s.Bodies() {
		n += len(b)
	}
	return n
}

func ctl(t *testing.T, b *browser, expr string) ctlStatus {
	t.Helper()
	return eval[ctlStatus](t, b, expr)
}

// waitState polls until veil.status().state is state.
func (b *browser) waitState(t *testing.T, state string) {
	t.Helper()
	b.waitFor(t, `window.veil && window.veil.__veil && veil.status().state === `+jsString(state))
}

// assertNothingMore changes the page, gives a recorder that wrongly went on
// time to mask and send it, and checks that the collector got no more
// requests and no more bytes than before.
func assertNothingMore(t *testing.T, s *site, b *browser, text string) {
	t.Helper()
	// What was recorded before the exclusion may still be on its way (a
	// batch masked just before the URL changed): it is counted first.
	flushed(t, b)
	reqs, bytes := s.Received(), s.sentBytes()
	eval[bool](t, b, `(() => {
		const d = document.createElement("p");
		d.textContent = `+jsString(text)+`;
		document.getElementById("later").append(d);
		window.scrollTo(0, 5);
		return veil.flush().then(() => new Promise(r => setTimeout(() => r(true), 1200)));
	})()`)
	assert.Equal(t, reqs, s.Received(), "requests to the collector")
	assert.Equal(t, bytes, s.sentBytes(), "bytes sent")
}

// flushed waits until everything recorded so far reached the collector.
func flushed(t *testing.T, b *browser) {
	t.Helper()
	eval[bool](t, b, `veil.flush().then(() => true)`)
}

// sleepy pauses for what a recorder would need to send something it should not.
func sleepy() { time.Sleep(700 * time.Millisecond) }

func configWith(extra string) string {
	c := `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}`
	if extra = strings.TrimSpace(extra); extra != "" {
		c += ", " + extra
	}
	return c + "}"
}
