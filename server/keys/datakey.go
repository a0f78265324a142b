package keys

import (
	"crypto/cipher"
	"crypto/rand"
	"errors"
)

// DataKey is one session's own AES-256-GCM key. Its blobs start with a zero
// byte, which no keyring blob does (those start with their key id's length,
// 1 to 32), so a reader can tell which key a blob needs. Destroying the
// wrapped key (deleting its row) makes every copy of the session's blobs
// unreadable, wherever they went. A DataKey is safe for concurrent use.
type DataKey struct {
	aead cipher.AEAD
}

// dataKeyAD binds a wrapped data key to its session.
func dataKeyAD(session string) []byte { return []byte("veil-data-key\x00" + session) }

// NewDataKey returns a fresh random data key for session and the same key
// wrapped (sealed) by the keyring's current key, to be stored.
func (k *Keyring) NewDataKey(session string) (*DataKey, []byte, error) {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, nil, err
	}
	aead, err := newAEAD(raw)
	if err != nil {
		return nil, nil, err
	}
	wrapped := k.Seal(raw, dataKeyAD(session))
	clear(raw)
	return &DataKey{aead}, wrapped, nil
}

// UnwrapDataKey opens a data key wrapped by NewDataKey for session.
func (k *Keyring) UnwrapDataKey(session string, wrapped []byte) (*DataKey, error) {
	raw, err := k.Open(wrapped, dataKeyAD(session))
	if err != nil {
		return nil, err
	}
	defer clear(raw)
	if len(raw) != KeySize {
		return nil, errors.New("keys: a wrapped data key of the wrong size")
	}
	aead, err := newAEAD(raw)
	if err != nil {
		return nil, err
	}
	return &DataKey{aead}, nil
}

// IsDataKeyBlob reports whether blob was sealed by a DataKey.
func IsDataKeyBlob(blob []byte) bool { return len(blob) > 0 && blob[0] == 0 }

// Seal encrypts plain; ad is authenticated, not stored, as for Keyring.Seal.
// The blob is 0 nonce ciphertext+tag.
func (d *DataKey) Seal(plain, ad []byte) []byte {
	out := make([]byte, 1+d.aead.NonceSize(), 1+d.aead.NonceSize()+len(plain)+d.aead.Overhead())
	if _, err := rand.Read(out[1:]); err != nil {
		panic("keys: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return d.aead.Seal(out, out[1:], plain, ad)
}

// Open decrypts a blob made by Seal with the same ad.
func (d *DataKey) Open(blob, ad []byte) ([]byte, error) {
	n := d.aead.NonceSize()
	if !IsDataKeyBlob(blob) || len(blob) < 1+n+d.aead.Overhead() {
		return nil, errors.New("keys: not a data-key blob")
	}
	plain, err := d.aead.Open(nil, blob[1:1+n], blob[1+n:], ad)
	if err != nil {
		return nil, errors.New("keys: blob does not open with the session's data key")
	}
	return plain, nil
}
