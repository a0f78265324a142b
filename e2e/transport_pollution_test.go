//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTransportSecretNotInherited: the session's secret (the key the
// collector binds to the session at its first batch, needed to append to
// it or delete it) was read from the transport's options, which never
// name it: on a page whose Object.prototype was polluted with a secret,
// the session was bound to a key the attacker chose, and the visitor's own
// deletion request (optOut({deleteRecorded: true})) carried it too. Every
// request must carry the tab's own secret.
func TestTransportSecretNotInherited(t *testing.T) {
	const chosen = "AttackerChosenKey0123456789abcdef"
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `Object.prototype.secret = '`+chosen+`';`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eval[bool](t, b, `veil.optOut({deleteRecorded: true}).then(() => true, () => true)`)
	own := eval[string](t, b, `sessionStorage.getItem('veil:ended') || ''`)
	require.NotEmpty(t, own, "the tab keeps the ended session's id and secret")
	reqs := s.Requests()
	require.NotEmpty(t, reqs)
	inherited := 0
	for _, r := range reqs {
		key := r.Query.Get("key")
		if key == chosen {
			inherited++
		}
		assert.True(t, strings.HasSuffix(own, " "+key), "request key %q is not the tab's secret", key)
	}
	assert.Zero(t, inherited, "requests carrying the inherited secret")
}
