package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/veil-replay/veil/rules"
)

// base is a minimal valid configuration; cases splice members into it.
const base = `{"application":"shop","endpoint":"/veil/ingest"`

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`[1]`, `config: top level: expected an object, got array`},
		{`{"application":"shop","application":"x"}`, `config: json: duplicate key "application"`},
		{`{"application":"shop"`, `config: json: expected object key to be a quoted string on line 1 and column 22`},
		{`{"endpoint":"/veil/ingest"}`, `config: application: required`},
		{`{"application":"shop"}`, `config: endpoint: required`},
		{base + `,"colour":"red"}`, `config: "colour": unknown key`},
		{base + `,"playback":{"mode":"block-list"}}`, `config: playback: playback rules live on the server only; a recorder configuration is sent to browsers`},
		{`{"application":"","endpoint":"/x"}`, `config: application: required`},
		{`{"application":"Shop","endpoint":"/x"}`, `config: application "Shop": expected 1 to 64 characters from a-z, 0-9, - and _`},
		{`{"application":"` + strings.Repeat("a", 65) + `","endpoint":"/x"}`, `config: application "` + strings.Repeat("a", 65) + `": expected 1 to 64 characters from a-z, 0-9, - and _`},
		{`{"application":7,"endpoint":"/x"}`, `config: application: expected a string, got number`},
		{`{"application":"shop","endpoint":"veil/ingest"}`, `config: endpoint "veil/ingest": expected an absolute http(s) URL or a path starting with /`},
		{`{"application":"shop","endpoint":"ftp://collector.example/x"}`, `config: endpoint "ftp://collector.example/x": expected an absolute http(s) URL or a path starting with /`},
		{`{"application":"shop","endpoint":"https:///x"}`, `config: endpoint "https:///x": expected an absolute http(s) URL or a path starting with /`},
		{`{"application":"shop","endpoint":"//collector.example/x"}`, `config: endpoint "//collector.example/x": starts like a URL without a scheme; write https://host/path or a path on this site`},
		{`{"application":"shop","endpoint":"https://u:p@collector.example/x"}`, `config: endpoint "https://u:p@collector.example/x": must not contain credentials`},
		{`{"application":"shop","endpoint":"https://collector.example/x#y"}`, `config: endpoint "https://collector.example/x#y": must not contain a fragment`},
		{`{"application":"shop","endpoint":"/veil ingest"}`, `config: endpoint "/veil ingest": must not contain spaces or control characters`},
		{base + `,"optIn":"yes"}`, `config: optIn: expected true or false, got string`},
		{base + `,"samplePercent":101}`, `config: samplePercent: expected a whole number from 0 to 100, got 101`},
		{base + `,"samplePercent":12.5}`, `config: samplePercent: expected a whole number from 0 to 100, got 12.5`},
		{base + `,"privacySignals":"off"}`, `config: privacySignals "off": expected honor or ignore`},
		{base + `,"excludeUrls":["^https://shop\\.example/account/","("]}`, "config: excludeUrls[1] \"(\": missing closing ): `(`"},
		{base + `,"excludeUrls":["/\\p{Greek}/"]}`, "config: excludeUrls[0] \"/\\\\p{Greek}/\": Unicode classes are not supported in URL patterns (use explicit ranges): `\\p{Greek}`"},
		{base + `,"excludeUrls":[""]}`, `config: excludeUrls[0] "": an empty pattern matches every URL; use samplePercent 0 to record nothing`},
		{base + `,"excludeUrls":"x"}`, `config: excludeUrls: expected an array of strings, got string`},
		{base + `,"consent":{"tcf":{"vendorId":-1}}}`, `config: consent.tcf.vendorId: expected a whole number from 0 to 2147483647, got -1`},
		{base + `,"consent":{"tcf":{"purposes":[1,12]}}}`, `config: consent.tcf.purposes[1]: expected a whole number from 1 to 11, got 12`},
		{base + `,"consent":{"tcf":{"purposes":[]}}}`, `config: consent.tcf.purposes: list at least one purpose (1 to 11)`},
		{base + `,"consent":{"tcf":{"purposes":[1,3,1]}}}`, `config: consent.tcf.purposes[2]: purpose 1 is listed twice`},
		{base + `,"consent":{"tcf":{"purposes":1}}}`, `config: consent.tcf.purposes: expected an array of numbers, got number`},
		{base + `,"consent":{"tcf":{"vendor":1}}}`, `config: "consent.tcf.vendor": unknown key`},
		{base + `,"consent":{"gcm":true}}`, `config: "consent.gcm": unknown key`},
		{base + `,"consent":{"googleConsentMode":1}}`, `config: consent.googleConsentMode: expected true or false, got number`},
		{base + `,"errorOnly":{"enabled":true,"windowSeconds":0}}`, `config: errorOnly.windowSeconds: expected a whole number from 1 to 300, got 0`},
		{base + `,"errorOnly":{"window":30}}`, `config: "errorOnly.window": unknown key`},
		{base + `,"recording":{"mask":["form >"]}}`, `config: recording.mask[0] "form >": expected selector, found EOF instead`},
		{base + `,"recording":{"mode":"block-list","block":[".a","a:hover"]}}`, `config: recording.block[1] "a:hover": :hover depends on live browser state the engine cannot see`},
		{base + `,"recording":{"allow":[".a"]}}`, `config: recording.allow: mask-all cannot be loosened; use mode allow-list (or block-list) to allow content`},
		{base + `,"recording":{"attributes":{"x":[]}}}`, `config: "recording.attributes.x": unknown key`},
		{base + `,"recording":"mask-all"}`, `config: recording: expected an object, got string`},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := Parse([]byte(c.in))
			require.EqualError(t, err, c.want)
			assert.Nil(t, got)
			var ce *Error
			require.ErrorAs(t, err, &ce)
		})
	}
}

func TestCompileValidatesHandBuilt(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Recorder)
		want   string
	}{
		{"zero sample window", func(r *Recorder) { r.ErrorOnly.WindowSeconds = 0 }, `config: errorOnly.windowSeconds: expected a whole number from 1 to 300, got 0`},
		{"negative sample", func(r *Recorder) { r.SamplePercent = -1 }, `config: samplePercent: expected a whole number from 0 to 100, got -1`},
		{"bad signals", func(r *Recorder) { r.PrivacySignals = 7 }, `config: privacySignals: expected honor or ignore`},
		{"empty purposes", func(r *Recorder) { r.Consent.TCF = &TCF{} }, `config: consent.tcf.purposes: list at least one purpose (1 to 11)`},
		{"bad rules mode", func(r *Recorder) { r.Recording.Mode = 9 }, `config: recording.mode 9: not a mode`},
		{"bad rules selector", func(r *Recorder) { r.Recording = rules.Rules{Mode: rules.ModeBlockList, Mask: []string{"p::after"}} },
			`config: recording.mask[0] "p::after": ::after is a pseudo-element; the mirror has none, so the rule would never match`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := New("shop", "/veil/ingest")
			_, err := r.Compile()
			require.NoError(t, err)
			c.change(r)
			_, err = r.Compile()
			require.EqualError(t, err, c.want)
		})
	}
	_, err := (&Recorder{}).Compile()
	require.EqualError(t, err, `config: application: required`)
}

func TestDefaults(t *testing.T) {
	for _, in := range []string{
		base + `}`,
		base + `,"consent":null,"errorOnly":null,"recording":null,"excludeUrls":[]}`,
		base + `,"consent":{},"errorOnly":{},"recording":{}}`,
	} {
		t.Run(in, func(t *testing.T) {
			c, err := Parse([]byte(in))
			require.NoError(t, err)
			assert.Equal(t, New("shop", "/veil/ingest"), c)
			assert.False(t, c.OptIn)
			assert.Equal(t, 100, c.SamplePercent)
			assert.Equal(t, HonorSignals, c.PrivacySignals)
			assert.Equal(t, 30, c.ErrorOnly.WindowSeconds)
			assert.Equal(t, rules.ModeMaskAll, c.Recording.Mode)
			assert.Nil(t, c.ExcludeURLs)
			assert.Nil(t, c.Consent.TCF)
		})
	}
	c, err := Parse([]byte(base + `,"consent":{"tcf":{}}}`))
	require.NoError(t, err)
	assert.Equal(t, &TCF{VendorID: 0, Purposes: []int{1}}, c.Consent.TCF)
}

func TestRoundTrip(t *testing.T) {
	full := `{"application":"shop-eu_2","endpoint":"https://collector.example:8443/veil/ingest","optIn":true,` +
		`"samplePercent":0,"privacySignals":"ignore","excludeUrls":["^https://shop\\.example/account/","\\?token="],` +
		`"consent":{"tcf":{"vendorId":755,"purposes":[1,7]},"googleConsentMode":true},` +
		`"errorOnly":{"enabled":true,"windowSeconds":300},` +
		`"recording":{"mode":"allow-list","allow":[".public"],"mask":[".account"],"attributes":{"allow":["alt"]},"allowParams":["page"]}}`
	for _, in := range []string{full, base + `}`, base + `,"consent":{"googleConsentMode":true}}`} {
		t.Run(in, func(t *testing.T) {
			c, err := Parse([]byte(in))
			require.NoError(t, err)
			js := c.AppendJSON(nil)
			back, err := Parse(js)
			require.NoError(t, err, "%s", js)
			assert.Equal(t, c, back)
			assert.Equal(t, string(js), string(back.AppendJSON(nil)))
		})
	}
	c, err := Parse([]byte(full))
	require.NoError(t, err)
	assert.Equal(t, full, string(c.AppendJSON(nil)), "full is already canonical")
	assert.Equal(t, `{"application":"shop","endpoint":"/veil/ingest","optIn":false,"samplePercent":100,`+
		`"privacySignals":"honor","errorOnly":{"enabled":false,"windowSeconds":30},"recording":{"mode":"mask-all"}}`,
		string(New("shop", "/veil/ingest").AppendJSON(nil)))
}

func TestExcluded(t *testing.T) {
	c, err := Parse([]byte(base + `,"excludeUrls":["^https://shop\\.example/account/","[?&]preview=1(&|$)"]}`))
	require.NoError(t, err)
	compiled, err := c.Compile()
	require.NoError(t, err)
	cases := []struct {
		url  string
		want bool
	}{
		{"https://shop.example/account/", true},
		{"https://shop.example/account/orders?id=1", true},
		{"https://shop.example/accounts", false},
		{"https://shopxexample/account/", false},
		{"https://evil.example/?u=https://shop.example/account/", false},
		{"https://shop.example/p?preview=1", true},
		{"https://shop.example/p?a=2&preview=1&b=3", true},
		{"https://shop.example/p?preview=10", false},
		{"", false},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) { assert.Equal(t, c.want, compiled.Excluded(c.url)) })
	}
	none, err := New("shop", "/x").Compile()
	require.NoError(t, err)
	assert.False(t, none.Excluded("https://shop.example/account/"))
}

func TestCompiledIsIndependent(t *testing.T) {
	c, err := Parse([]byte(base + `,"excludeUrls":["^https://a/"],"recording":{"mode":"block-list","mask":[".x"]}}`))
	require.NoError(t, err)
	compiled, err := c.Compile()
	require.NoError(t, err)
	version := compiled.RecordingSet().Version()
	c.ExcludeURLs[0] = "^https://b/"
	c.Recording.Mask[0] = ".y"
	assert.Equal(t, []string{"^https://a/"}, compiled.Config().ExcludeURLs)
	assert.Equal(t, []string{".x"}, compiled.Config().Recording.Mask)
	assert.Equal(t, version, compiled.RecordingSet().Version())
	assert.Equal(t, rules.ModeBlockList, compiled.RecordingSet().Mode())
}
