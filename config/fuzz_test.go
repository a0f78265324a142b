package config

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{"application":"shop","endpoint":"/veil/ingest"}`,
		`{"application":"a","endpoint":"https://c.example/i","optIn":true,"samplePercent":5,"privacySignals":"ignore",` +
			`"excludeUrls":["^https://a/","x+"],"consent":{"tcf":{"vendorId":1,"purposes":[1,2]},"googleConsentMode":true},` +
			`"errorOnly":{"enabled":true,"windowSeconds":9},"recording":{"mode":"block-list","mask":[".a"]}}`,
		`{"application":"a","endpoint":"/x","playback":{}}`,
		`{"application":"a","endpoint":"/x","excludeUrls":["("]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			require.Nil(t, c)
			return
		}
		compiled, err := c.Compile()
		require.NoError(t, err, "Parse accepted what Compile rejects")
		require.NotNil(t, compiled.RecordingSet())
		compiled.Excluded(string(data))
		js := c.AppendJSON(nil)
		back, err := Parse(js)
		require.NoError(t, err, "%s", js)
		require.Equal(t, c, back)
		require.Equal(t, string(js), string(back.AppendJSON(nil)))
	})
}
