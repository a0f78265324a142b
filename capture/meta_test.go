package capture

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The veil object of a Meta event (rules version, consent) survives a round
// trip, so a stored recording still says under what terms it was made.
func TestMetaVeilRoundTrip(t *testing.T) {
	in := []Event{{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x.example/", Width: 3, Height: 4,
		RulesVersion: "abc123", Consent: "granted", ConsentSource: "optIn"}}}
	js := AppendEvents(nil, in)
	require.Contains(t, string(js), `"veil":{"rulesVersion":"abc123","consent":"granted","consentSource":"optIn"}`)
	out, err := ParseEvents(js)
	require.NoError(t, err)
	require.Equal(t, in, out)

	plain := []Event{{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x.example/"}}}
	require.NotContains(t, string(AppendEvents(nil, plain)), "veil", "no veil object without a rules version")
}
