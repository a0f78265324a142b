package keys

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSealOpenAndRotation(t *testing.T) {
	l1, err := NewLine("k1")
	require.NoError(t, err)
	old, err := Parse(l1)
	require.NoError(t, err)
	blob := old.Seal([]byte("secret event"), []byte("s1"))
	assert.NotContains(t, string(blob), "secret event")
	assert.Equal(t, "k1", KeyID(blob))

	l2, err := NewLine("k2")
	require.NoError(t, err)
	ring, err := Parse("# rotated\n" + l1 + "\n\n" + l2 + "\n")
	require.NoError(t, err)
	assert.Equal(t, "k2", ring.Current(), "the last key is current")
	plain, err := ring.Open(blob, []byte("s1"))
	require.NoError(t, err)
	assert.Equal(t, "secret event", string(plain), "old blobs stay readable")
	assert.Equal(t, "k2", KeyID(ring.Seal([]byte("x"), nil)))

	_, err = ring.Open(blob, []byte("s2"))
	assert.Error(t, err, "a blob moved to another place does not open")
	tampered := append([]byte{}, blob...)
	tampered[len(tampered)-1] ^= 1
	_, err = ring.Open(tampered, []byte("s1"))
	assert.Error(t, err)
	only2, err := Parse(l2)
	require.NoError(t, err)
	_, err = only2.Open(blob, []byte("s1"))
	assert.ErrorContains(t, err, `"k1"`)
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"":                         "no key",
		"k1":                       "expected id:base64key",
		"k1:notbase64!!":           "not base64",
		"k1:AAAA":                  "want 32",
		"bad id!:AAAA":             "key id",
		"k:" + b32 + "\nk:" + b32:  "duplicate",
		"k1:" + b32 + "\nk2:short": "line 2",
	}
	for in, msg := range cases {
		t.Run(in, func(t *testing.T) {
			_, err := Parse(in)
			assert.ErrorContains(t, err, msg)
		})
	}
}

const b32 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

func TestLoadFromEnv(t *testing.T) {
	t.Setenv(EnvVar, "env:"+b32)
	k, err := Load("")
	require.NoError(t, err)
	assert.Equal(t, "env", k.Current())
	t.Setenv(EnvVar, "")
	_, err = Load("")
	assert.ErrorContains(t, err, "no keyring")
}
