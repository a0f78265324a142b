package keys

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"syscall"
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

func TestLoadRefusesSharedKeyring(t *testing.T) {
	line, err := NewLine("k1")
	require.NoError(t, err)
	cases := []struct {
		mode os.FileMode
		ok   bool
	}{
		{0o600, true},
		{0o400, true},
		{0o640, false},
		{0o604, false},
		{0o644, false},
		{0o620, false},
		{0o666, false},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "veil.keys")
			require.NoError(t, os.WriteFile(p, []byte(line+"\n"), 0o600))
			require.NoError(t, os.Chmod(p, c.mode))
			ring, err := Load(p)
			if c.ok {
				require.NoError(t, err)
				assert.Equal(t, "k1", ring.Current())
				return
			}
			require.Error(t, err)
			assert.Nil(t, ring)
			assert.Contains(t, err.Error(), "chmod 600 "+p, "the message says how to fix it")
			assert.NotContains(t, err.Error(), line[3:], "the key is not echoed")
		})
	}
}

func TestWriteNew(t *testing.T) {
	old := syscall.Umask(0) // the file is private even when the umask is not
	defer syscall.Umask(old)
	p := filepath.Join(t.TempDir(), "veil.keys")
	ring, err := WriteNew(p, "first")
	require.NoError(t, err)
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(FileMode), st.Mode().Perm())
	loaded, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "first", loaded.Current())
	plain, err := loaded.Open(ring.Seal([]byte("x"), nil), nil)
	require.NoError(t, err, "the written key is the returned one")
	assert.Equal(t, "x", string(plain))

	_, err = WriteNew(p, "second")
	require.Error(t, err, "never overwrites")
	again, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "first", again.Current())
	_, err = WriteNew(filepath.Join(t.TempDir(), "bad.keys"), "bad id!")
	assert.Error(t, err)
}

func TestAppendNew(t *testing.T) {
	p := filepath.Join(t.TempDir(), "veil.keys")
	first, err := WriteNew(p, "k1")
	require.NoError(t, err)
	blob := first.Seal([]byte("old data"), []byte("ad"))
	ring, err := AppendNew(p, "k2")
	require.NoError(t, err)
	assert.Equal(t, "k2", ring.Current())
	loaded, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "k2", loaded.Current(), "the new key is current")
	plain, err := loaded.Open(blob, []byte("ad"))
	require.NoError(t, err, "old data stays readable")
	assert.Equal(t, "old data", string(plain))
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(FileMode), st.Mode().Perm())

	_, err = AppendNew(p, "k2")
	assert.Error(t, err, "ids are unique")
	require.NoError(t, os.Chmod(p, 0o644))
	_, err = AppendNew(p, "k3")
	assert.ErrorContains(t, err, "chmod 600")
}

func TestDerive(t *testing.T) {
	a1, err := Parse("a:" + base64.StdEncoding.EncodeToString(make([]byte, 32)))
	require.NoError(t, err)
	a2, err := Parse("a:" + base64.StdEncoding.EncodeToString(make([]byte, 32)))
	require.NoError(t, err)
	other := make([]byte, 32)
	other[0] = 1
	b, err := Parse("a:" + base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\nb:" + base64.StdEncoding.EncodeToString(other))
	require.NoError(t, err)
	assert.Len(t, a1.Derive("x"), 32)
	assert.Equal(t, a1.Derive("x"), a2.Derive("x"), "same keyring, same key: collectors agree")
	assert.NotEqual(t, a1.Derive("x"), a1.Derive("y"), "per label")
	assert.NotEqual(t, a1.Derive("x"), b.Derive("x"), "from the current key")
}
