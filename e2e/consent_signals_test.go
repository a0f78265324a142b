//go:build !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dntOn = `Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1', configurable: true});`

// Do Not Track and Global Privacy Control win over optIn() unless the site
// says privacySignals "ignore".
func TestConsentPrivacySignals(t *testing.T) {
	for _, tc := range []struct {
		name, page, before, config, want string
	}{
		{"DNT", "basic.html", dntOn, `"optIn": true`, "privacy-signal"},
		{"GPC", "gpc.html", "", `"optIn": true`, "privacy-signal"},
		{"DNT without optIn mode", "basic.html", dntOn, ``, "privacy-signal"},
		{"DNT ignored", "basic.html", dntOn, `"optIn": true, "privacySignals": "ignore"`, "recording"},
		{"GPC ignored", "gpc.html", "", `"optIn": true, "privacySignals": "ignore"`, "recording"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newConsentSite(t, configWith(tc.config))
			b := newBrowser(t)
			if tc.before != "" {
				b.beforeLoad(t, tc.before)
			}
			b.do(t, chromedp.Navigate(s.URL+"/consent/"+tc.page))
			b.waitFor(t, `window.veil && veil.__veil && veil.status().state !== "loading"`)
			st := ctl(t, b, `veil.optIn()`)
			assert.Equal(t, tc.want, st.State)
			if tc.want == "privacy-signal" {
				assert.NotEmpty(t, st.Reason)
				assert.Equal(t, "privacy-signal", ctl(t, b, `veil.start({ignoreSampling: true})`).State)
				assertNothingMore(t, s, b, "UNDER-PRIVACY-SIGNAL")
				assert.Zero(t, s.Received())
				return
			}
			flushed(t, b)
			assert.Positive(t, s.sentBytes())
		})
	}
}

// Browsers fire no event when a signal changes: start() reads them again.
func TestConsentPrivacySignalOnStart(t *testing.T) {
	s := newConsentSite(t, configWith(``))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	flushed(t, b)
	require.Positive(t, s.Received())
	eval[bool](t, b, `(veil.stop(), Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true, configurable: true}), true)`)
	st := ctl(t, b, `veil.start()`)
	assert.Equal(t, "privacy-signal", st.State)
	assert.Equal(t, "Global Privacy Control", st.Reason)
	assertNothingMore(t, s, b, "AFTER-GPC")
}

// samplePercent decides once per session; start({ignoreSampling}) overrides
// it for the session.
func TestConsentSampling(t *testing.T) {
	t.Run("0", func(t *testing.T) {
		s := newConsentSite(t, configWith(`"samplePercent": 0`))
		b := newBrowser(t)
		b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
		b.waitState(t, "not-sampled")
		assertNothingMore(t, s, b, "NOT-SAMPLED")
		require.Zero(t, s.Received())

		assert.Equal(t, "recording", ctl(t, b, `veil.start({ignoreSampling: true})`).State)
		flushed(t, b)
		assert.Positive(t, s.Received())
		b.do(t, chromedp.Reload())
		b.waitState(t, "recording")
	})
	t.Run("100", func(t *testing.T) {
		s := newConsentSite(t, configWith(`"samplePercent": 100`))
		b := newBrowser(t)
		b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
		b.waitState(t, "recording")
		flushed(t, b)
		assert.Positive(t, s.Received())
	})
	t.Run("50 is kept across reloads", func(t *testing.T) {
		s := newConsentSite(t, configWith(`"samplePercent": 50`))
		b := newBrowser(t)
		b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
		b.waitFor(t, `window.veil && veil.__veil && ["recording", "not-sampled"].includes(veil.status().state)`)
		first := ctl(t, b, `veil.status()`).State
		// Decided per page load, four loads would agree one time in eight.
		for range 3 {
			b.do(t, chromedp.Reload())
			b.waitFor(t, `window.veil && veil.__veil && ["recording", "not-sampled"].includes(veil.status().state)`)
			assert.Equal(t, first, ctl(t, b, `veil.status()`).State)
		}
	})
}
