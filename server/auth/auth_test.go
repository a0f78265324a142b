package auth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOnlyReplayUnmaskedSeesCaptureLevel(t *testing.T) {
	for _, r := range Roles {
		assert.Equal(t, r == ReplayUnmasked, r.Can(ReplayRaw), string(r))
	}
}

func TestScope(t *testing.T) {
	p := &Principal{Apps: []string{"shop"}}
	assert.True(t, p.InScope("shop"))
	assert.False(t, p.InScope("blog"))
	assert.True(t, p.Covers([]string{"shop"}))
	assert.False(t, p.Covers([]string{"*"}))
	all := &Principal{Apps: []string{"*"}}
	assert.True(t, all.Covers([]string{"*"}))
	assert.True(t, all.InScope("anything"))
}

func TestSecrets(t *testing.T) {
	s1, id1, err := NewSecret()
	require.NoError(t, err)
	s2, id2, err := NewSecret()
	require.NoError(t, err)
	assert.NotEqual(t, s1, s2)
	assert.NotEqual(t, id1, id2)
	assert.NotEqual(t, Hash(s1), Hash(s2))
	assert.NotContains(t, Hash(s1), s1[len(Prefix):])
}

func TestParseApps(t *testing.T) {
	for in, ok := range map[string]bool{"shop": true, "shop,blog": true, "*": true, "": false, "*,shop": false, "Shop": false} {
		_, err := ParseApps(in)
		assert.Equal(t, ok, err == nil, in)
	}
}

func TestMayGrant(t *testing.T) {
	cases := []struct {
		by, grant Role
		want      bool
	}{
		{Admin, Replay, true},
		{Admin, Settings, true},
		{Admin, Admin, true},
		{Admin, ReplayUnmasked, false},
		{ReplayUnmasked, ReplayUnmasked, false}, // cannot manage tokens at all
		{Replay, Replay, false},
		{Settings, Settings, false},
		{Admin, Role("root"), false},
	}
	for _, c := range cases {
		t.Run(string(c.by)+"/"+string(c.grant), func(t *testing.T) {
			assert.Equal(t, c.want, c.by.MayGrant(c.grant))
		})
	}
}
