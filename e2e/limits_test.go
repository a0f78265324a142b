//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A page with strings over capture.MaxStringBytes and far more than one
// batch of data records anyway: strings are cut at a code point (and
// counted), batches split, and the session never fails.
func TestHugeStringsAreTruncatedNotFatal(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-huge.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	st := eval[truncStatus](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	assert.Zero(t, st.Dropped)
	assert.Equal(t, 3, st.Truncated, "the 2 MiB text, the 3 MiB attribute and the text with astral characters")

	all := s.All()
	require.Contains(t, all, `"type":2,`)
	limit := strings.Repeat("*", 1<<20)
	assert.Contains(t, all, limit, "a text cut at the limit, masked with its length")
	assert.NotContains(t, all, limit+"*", "nothing longer than the limit")
	assert.NotContains(t, all, "xxxx")

	// And again through the mutation path.
	eval[bool](t, b, `(() => {
		document.getElementById("later").textContent = "w".repeat(3 << 20);
		return veil.flush().then(() => true);
	})()`)
	st = eval[truncStatus](t, b, `veil.status()`)
	assert.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	assert.Equal(t, 4, st.Truncated)
	assert.Zero(t, st.Dropped)
}

type truncStatus struct {
	status
	Truncated int `json:"truncated"`
}
