//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const maskAll = `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}}`

// Everything personal on the page, typed into it or added by script later.
var secrets = []string{
	"SECRET-TITLE-7731", "SECRET-NAME-4409", "SECRET-BALANCE-9152", "SECRET-PLACEHOLDER-2290",
	"SECRET-VALUE-6618", "TYPED-SECRET-5521", "ADDED-SECRET-3307", "SETTER-SECRET-8830",
	"PRESET-SECRET-4471",
}

func TestPrivacySlice(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})

	b.do(t, chromedp.SendKeys("#note", "TYPED-SECRET-5521"))
	eval[bool](t, b, `(() => {
		const p = document.createElement("p");
		p.textContent = "ADDED-SECRET-3307";
		document.getElementById("later").appendChild(p);
		const i = document.createElement("input");
		i.value = "PRESET-SECRET-4471"; // a live value the markup does not show
		document.getElementById("later").appendChild(i);
		document.getElementById("card").value = "SETTER-SECRET-8830";
		return true;
	})()`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	added := strings.Repeat("*", len("ADDED-SECRET-3307"))
	eventually(t, "the added node, masked, at the collector", func() bool {
		return strings.Contains(s.All(), added)
	})

	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	all := s.All()
	for _, secret := range secrets {
		assert.NotContains(t, all, secret)
	}
	assert.NotContains(t, all, "SECRET")
	assert.Contains(t, all, `"type":2,`, "a FullSnapshot")
	assert.Contains(t, all, `"source":5`, "an Input event")
	assert.Contains(t, all, `"*****"`, "masked input values")
	assert.Contains(t, all, strings.Repeat("*", len("SECRET-NAME-4409")), "masked page text keeps its length")
	assert.Zero(t, st.Dropped)
}

type status struct {
	State     string `json:"state"`
	Reason    string `json:"reason"`
	SessionID string `json:"sessionId"`
	Dropped   int    `json:"dropped"`
}
