package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
)

func TestMetaScrubURL(t *testing.T) {
	recording, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, AllowParams: []string{"page", "lang"}})
	require.NoError(t, err)
	playback, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, AllowParams: []string{"page"}})
	require.NoError(t, err)
	cases := []struct {
		name string
		set  *rules.Set
		raw  string
		want string
	}{
		{"nil set keeps no value", nil, "https://a.example/p?page=2&token=x#frag", "https://a.example/p?page=&token="},
		{"playback drops what recording allowed", playback, "https://a.example/p?page=2&lang=de", "https://a.example/p?page=2&lang="},
		{"recording keeps both", recording, "https://a.example/p?page=2&lang=de", "https://a.example/p?page=2&lang=de"},
		{"credentials go", playback, "https://jane:pw@a.example/p", "https://a.example/p"},
		{"script URL", playback, "javascript:alert(1)", "about:blank"},
		{"card number in the path", playback, "https://a.example/u/4111111111111111/o", "https://a.example/u/****************/o"},
		{"e-mail in an allowed parameter", playback, "https://a.example/p?page=jane@example.com", "https://a.example/p?page=****************"},
		{"reset token in the path", playback, "https://a.example/reset/Xk9fQ2mZ7pL4vT8wR3yN?page=2", "https://a.example/reset/********************?page=2"},
		{"five digits stay", playback, "https://a.example/o/12345?page=2", "https://a.example/o/12345?page=2"},
		{"host digits stay", nil, "https://10.0.0.123456.example/", "https://10.0.0.123456.example/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ScrubURL(c.set, c.raw)
			assert.Equal(t, c.want, got)
			assert.Equal(t, got, ScrubURL(c.set, got), "stable")
		})
	}
}

func TestMetaValidLabels(t *testing.T) {
	cases := []struct {
		v    string
		want bool
	}{
		{"granted", true},
		{"not-required", true},
		{"0123456789ab", true},
		{strings.Repeat("a", 32), true},
		{strings.Repeat("a", 33), false},
		{"", false},
		{"jane@roe.example", false},
		{"granted ", false},
		{"gr\u00e4nted", false},
		{"a_b", false},
		{"a/b", false},
	}
	for _, c := range cases {
		t.Run(c.v, func(t *testing.T) {
			assert.Equal(t, c.want, ValidRulesVersion(c.v))
			assert.Equal(t, c.want, ValidConsent(c.v, "optIn"))
			assert.Equal(t, c.want, ValidConsent("granted", c.v))
		})
	}
}
