//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

func TestFailClosed(t *testing.T) {
	for _, config := range []string{
		`{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "record-everything"}}`,
		`{"application": "e2e", "endpoint": "/veil/collect", "unknownOption": true}`,
		`{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all", "allow": [".x"]}}`,
		`{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mask": [":hover"]}}`,
		`{"endpoint": "/veil/collect"}`,
		`{"application": "e2e", "endpoint": "/veil/collect", `,
		`{"application": "e2e", "recording": {"mode": "mask-all"}}`,
	} {
		t.Run(config, func(t *testing.T) {
			s := newSite(t, config)
			b := newBrowser(t)
			b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
			b.waitFor(t, `window.veil && veil.status().state !== "loading"`)
			// Give a recorder that wrongly went on time to send something.
			eval[bool](t, b, `veil.flush().then(() => new Promise(r => setTimeout(() => r(true), 1500)))`)
			st := eval[status](t, b, `veil.status()`)
			assert.Equal(t, "failed", st.State)
			assert.NotEmpty(t, st.Reason)
			assert.Zero(t, s.Received(), "requests to the collector")
			time.Sleep(100 * time.Millisecond)
			assert.Zero(t, s.Received(), "requests to the collector")
		})
	}
}
