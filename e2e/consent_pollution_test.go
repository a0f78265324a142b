//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// TestConsentPrototypePollution: a page with a prototype-pollution bug (a
// query-string or deep-merge helper that takes __proto__) gives every
// object properties it never had. The recorder read its configuration,
// the CMP's TCF answer and gtag's consent entries as plain objects, so an
// inherited privacySignals "ignore" recorded a visitor who sends Do Not
// Track, an inherited purpose or vendor consent (Object.prototype[1] = true)
// or gdprApplies false counted as the TCF consent the CMP did not give, and an inherited
// analytics_storage "granted" as Google Consent Mode's. Each must send
// zero bytes. A page without the pollution still records under the same
// signals once they allow it (the consent tests), and here the TCF page
// records once its CMP grants purpose 1: the test can see a recording.
func TestConsentPrototypePollution(t *testing.T) {
	const noConsent = `tcfSet({eventStatus: 'useractioncomplete', gdprApplies: true, purpose: {consents: {}}, vendor: {consents: {}}})`
	for _, tc := range []struct {
		name, page, pollute, config, act string
		want                             string
	}{
		{"privacySignals under DNT", "basic.html", dntOn + `Object.prototype.privacySignals = 'ignore';`, ``, ``, "privacy-signal"},
		{"TCF purpose", "tcf.html", `Object.prototype[1] = true;`, `"consent": {"tcf": {"purposes": [1]}}`, noConsent, "waiting-for-consent"},
		{"TCF vendor", "tcf.html", `Object.prototype[755] = true;`, `"consent": {"tcf": {"vendorId": 755, "purposes": [1]}}`,
			`tcfSet({eventStatus: 'useractioncomplete', gdprApplies: true, purpose: {consents: {1: true}}, vendor: {consents: {}}})`, "waiting-for-consent"},
		// A CMP that has not found out yet whether GDPR applies leaves it out.
		{"TCF gdprApplies", "tcf.html", `Object.prototype.gdprApplies = false;`, `"consent": {"tcf": {"purposes": [1]}}`,
			`tcfSet({eventStatus: 'tcloaded', purpose: {consents: {}}, vendor: {consents: {}}})`, "waiting-for-consent"},
		// The banner grants ads only; analytics_storage stays denied.
		{"Google Consent Mode", "gcm.html", `Object.prototype.analytics_storage = 'granted';`, `"consent": {"googleConsentMode": true}`,
			`gtag('consent', 'update', {ad_storage: 'granted'})`, "waiting-for-consent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newConsentSite(t, configWith(tc.config))
			b := newBrowser(t)
			b.beforeLoad(t, tc.pollute)
			b.do(t, chromedp.Navigate(s.URL+"/consent/"+tc.page))
			b.waitFor(t, `window.veil && veil.__veil && veil.status().state !== "loading"`)
			if tc.act != "" {
				eval[bool](t, b, `(`+tc.act+`, true)`)
			}
			time.Sleep(300 * time.Millisecond)
			st := ctl(t, b, `veil.status()`)
			assert.Equal(t, tc.want, st.State, "reason: %s", st.Reason)
			assertNothingMore(t, s, b, "UNDER-POLLUTION")
			assert.Zero(t, s.Received(), "requests to the collector")
			if tc.page == "tcf.html" {
				// The CMP's own consent still starts the recording.
				eval[bool](t, b, `(tcfSet({eventStatus: 'useractioncomplete', gdprApplies: true, purpose: {consents: {1: true}}, vendor: {consents: {755: true}}}), true)`)
				b.waitState(t, "recording")
				flushed(t, b)
				assert.Positive(t, s.sentBytes())
			}
		})
	}
}
