//go:build !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tcfConfig = `"consent": {"tcf": {"vendorId": 755, "purposes": [1, 8]}}`

// tcfAnswer is a TCData object of the stub CMP in tcf.html.
func tcfAnswer(status string, gdpr bool, purposes string, vendor bool) string {
	v := "{}"
	if vendor {
		v = "{755: true}"
	}
	g := "true"
	if !gdpr {
		g = "false"
	}
	return `({eventStatus: "` + status + `", gdprApplies: ` + g + `, purpose: {consents: ` + purposes + `}, vendor: {consents: ` + v + `}})`
}

// A stub CMP in the page denies, grants, then revokes consent.
func TestConsentTCF(t *testing.T) {
	s := newConsentSite(t, configWith(tcfConfig))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/tcf.html"))
	b.waitState(t, "waiting-for-consent")

	// Denied: one purpose or the vendor is missing.
	for _, answer := range []string{
		tcfAnswer("useractioncomplete", true, "{1: true}", true),
		tcfAnswer("useractioncomplete", true, "{1: true, 8: true}", false),
		tcfAnswer("cmpuishown", true, "{1: true, 8: true}", true), // the banner is still up
	} {
		eval[bool](t, b, `(tcfSet(`+answer+`), true)`)
		assert.Equal(t, "waiting-for-consent", ctl(t, b, `veil.status()`).State, answer)
	}
	assertNothingMore(t, s, b, "BEFORE-TCF-CONSENT")
	require.Zero(t, s.Received())

	eval[bool](t, b, `(tcfSet(`+tcfAnswer("useractioncomplete", true, "{1: true, 8: true}", true)+`), true)`)
	b.waitState(t, "recording")
	st := ctl(t, b, `veil.status()`)
	assert.Equal(t, "granted", st.Consent)
	assert.Equal(t, "tcf", st.ConsentSource)
	flushed(t, b)
	require.Positive(t, s.sentBytes())
	assert.Contains(t, s.All(), `"consentSource":"tcf"`)

	// Revoked: recording stops like optOut, without deleting anything.
	eval[bool](t, b, `(tcfSet(`+tcfAnswer("useractioncomplete", true, "{1: true}", true)+`), true)`)
	st = ctl(t, b, `veil.status()`)
	assert.Equal(t, "waiting-for-consent", st.State)
	assert.Contains(t, st.Reason, "purpose 8")
	assertNothingMore(t, s, b, "AFTER-TCF-REVOKE")
	for _, r := range s.Requests() {
		assert.Empty(t, r.Query.Get("delete"))
	}

	// Where GDPR does not apply, no consent is needed.
	eval[bool](t, b, `(tcfSet(`+tcfAnswer("tcloaded", false, "{}", false)+`), true)`)
	b.waitState(t, "recording")
	st = ctl(t, b, `veil.status()`)
	assert.Equal(t, "not-required", st.Consent)
	assert.Equal(t, "tcf", st.ConsentSource)

	// optOut removes the CMP listener.
	ctl(t, b, `veil.optOut()`)
	assert.Zero(t, eval[int](t, b, `tcfListeners()`))
}

// Google Consent Mode: default denied, then updates granted and denied.
func TestConsentGoogleConsentMode(t *testing.T) {
	s := newConsentSite(t, configWith(`"consent": {"googleConsentMode": true}`))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/gcm.html"))
	b.waitState(t, "waiting-for-consent")
	assert.Contains(t, ctl(t, b, `veil.status()`).Reason, "analytics_storage denied")
	eval[bool](t, b, `(gtag('consent', 'update', {ad_storage: 'granted'}), true)`)
	assertNothingMore(t, s, b, "BEFORE-GCM-CONSENT")
	require.Zero(t, s.Received())

	eval[bool](t, b, `(gtag('consent', 'update', {analytics_storage: 'granted'}), true)`)
	b.waitState(t, "recording")
	st := ctl(t, b, `veil.status()`)
	assert.Equal(t, "granted", st.Consent)
	assert.Equal(t, "google-consent-mode", st.ConsentSource)
	flushed(t, b)
	require.Positive(t, s.sentBytes())

	eval[bool](t, b, `(gtag('consent', 'update', {analytics_storage: 'denied'}), true)`)
	assert.Equal(t, "waiting-for-consent", ctl(t, b, `veil.status()`).State)
	assertNothingMore(t, s, b, "AFTER-GCM-DENIED")

	// A later page whose banner already granted (default then update) records at once.
	b.do(t, chromedp.Navigate(s.URL+"/consent/gcm.html"))
	b.waitFor(t, `window.veil && veil.__veil && (gtag('consent', 'update', {analytics_storage: 'granted'}), true)`)
	b.waitState(t, "recording")

	// optOut restores dataLayer.push.
	ctl(t, b, `veil.optOut()`)
	assert.True(t, eval[bool](t, b, `dataLayer.push === Array.prototype.push`))
}
