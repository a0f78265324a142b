package keys

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDataKeyRoundTrip(t *testing.T) {
	ring, err := Parse("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
	require.NoError(t, err)
	dk, wrapped, err := ring.NewDataKey("session-aaaaaaaaaaa")
	require.NoError(t, err)
	blob := dk.Seal([]byte("clear text"), []byte("ad"))
	assert.True(t, IsDataKeyBlob(blob))
	assert.False(t, IsDataKeyBlob(ring.Seal([]byte("x"), nil)), "a keyring blob is not a data-key blob")
	assert.NotContains(t, string(blob), "clear text")

	again, err := ring.UnwrapDataKey("session-aaaaaaaaaaa", wrapped)
	require.NoError(t, err)
	plain, err := again.Open(blob, []byte("ad"))
	require.NoError(t, err)
	assert.Equal(t, "clear text", string(plain))

	cases := []struct {
		name string
		open func() error
	}{
		{"other ad", func() error { _, err := again.Open(blob, []byte("other")); return err }},
		{"wrapped key of another session", func() error { _, err := ring.UnwrapDataKey("session-bbbbbbbbbbb", wrapped); return err }},
		{"another session's key", func() error {
			other, _, err := ring.NewDataKey("session-aaaaaaaaaaa")
			require.NoError(t, err)
			_, err = other.Open(blob, []byte("ad"))
			return err
		}},
		{"keyring blob", func() error { _, err := again.Open(ring.Seal([]byte("x"), []byte("ad")), []byte("ad")); return err }},
		{"truncated", func() error { _, err := again.Open(blob[:10], []byte("ad")); return err }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Error(t, c.open()) })
	}
}
