// Package keys holds the collector's encryption keyring: AES-256-GCM keys
// with ids, so that stored blobs name the key that sealed them and keys can
// be rotated by adding one, without rewriting old data at once.
package keys

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// KeySize is the length of every key: AES-256.
const KeySize = 32

// EnvVar names the environment variable that may hold the keyring instead of
// a file, in the same format.
const EnvVar = "VEIL_KEYS"

// Keyring seals with its current key and opens with any of its keys. It is
// immutable after Parse and safe for concurrent use.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
	derive  []byte // keys Derive; from the current key
}

// Parse reads a keyring: one key a line as id:base64key (standard or URL
// base64 of 32 bytes), blank lines and lines starting with # ignored. The
// last key is the current one; ids are 1-32 characters of [A-Za-z0-9_-] and
// must be unique.
func Parse(text string) (*Keyring, error) {
	k := &Keyring{aeads: make(map[string]cipher.AEAD)}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		id, enc, ok := strings.Cut(s, ":")
		if !ok {
			return nil, fmt.Errorf("keys: line %d: expected id:base64key", line)
		}
		if !validID(id) {
			return nil, fmt.Errorf("keys: line %d: key id must be 1-32 characters of A-Z a-z 0-9 _ -", line)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("keys: line %d: duplicate key id %q", line, id)
		}
		key, err := decodeKey(enc)
		if err != nil {
			return nil, fmt.Errorf("keys: line %d: %v", line, err)
		}
		aead, err := newAEAD(key)
		if err != nil {
			return nil, err
		}
		k.aeads[id], k.current = aead, id
		k.derive = hmacSHA256(key, []byte("veil keyring: derive"))
	}
	if k.current == "" {
		return nil, errors.New("keys: no key found")
	}
	return k, nil
}

// Load reads the keyring from file when it is not empty, else from the
// environment variable VEIL_KEYS. It fails when neither holds a key, and
// when the file may be read or written by anyone but its owner (CheckPrivate).
func Load(file string) (*Keyring, error) {
	if file != "" {
		if err := CheckPrivate(file); err != nil {
			return nil, err
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("keys: %w", err)
		}
		return Parse(string(b))
	}
	if env := os.Getenv(EnvVar); env != "" {
		return Parse(env)
	}
	return nil, errors.New("keys: no keyring: pass --keys FILE or set " + EnvVar)
}

// NewLine returns a keyring line with a fresh random key, for key files and
// rotation ("append the line, restart").
func NewLine(id string) (string, error) {
	if !validID(id) {
		return "", errors.New("keys: bad key id")
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return "", err
	}
	return id + ":" + base64.StdEncoding.EncodeToString(key), nil
}

// Derive returns a 32-byte key for label, derived from the current key
// (HMAC-SHA256): collectors sharing a keyring derive the same keys, and
// nothing derived opens sealed data.
func (k *Keyring) Derive(label string) []byte { return hmacSHA256(k.derive, []byte(label)) }

func hmacSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// Current returns the id of the key that Seal uses.
func (k *Keyring) Current() string { return k.current }

// Seal encrypts plain with the current key. ad is authenticated but not
// stored: Open must be given the same ad, which binds a blob to its place
// (so a blob copied to another session does not open). The blob is
// len(id) id nonce ciphertext+tag.
func (k *Keyring) Seal(plain, ad []byte) []byte {
	aead := k.aeads[k.current]
	out := make([]byte, 0, 1+len(k.current)+aead.NonceSize()+len(plain)+aead.Overhead())
	out = append(out, byte(len(k.current)))
	out = append(out, k.current...)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("keys: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	out = append(out, nonce...)
	return aead.Seal(out, nonce, plain, ad)
}

// Open decrypts a blob made by Seal with any key of the ring.
func (k *Keyring) Open(blob, ad []byte) ([]byte, error) {
	if len(blob) < 1 || len(blob) < 1+int(blob[0]) {
		return nil, errors.New("keys: blob too short")
	}
	id := string(blob[1 : 1+blob[0]])
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("keys: blob sealed with key %q, which is not in the keyring", id)
	}
	rest := blob[1+len(id):]
	if len(rest) < aead.NonceSize()+aead.Overhead() {
		return nil, errors.New("keys: blob too short")
	}
	plain, err := aead.Open(nil, rest[:aead.NonceSize()], rest[aead.NonceSize():], ad)
	if err != nil {
		return nil, fmt.Errorf("keys: blob does not open with key %q: %w", id, err)
	}
	return plain, nil
}

// KeyID returns the id of the key that sealed blob, or "" if it is malformed.
func KeyID(blob []byte) string {
	if len(blob) < 1 || len(blob) < 1+int(blob[0]) {
		return ""
	}
	return string(blob[1 : 1+blob[0]])
}

func decodeKey(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("key is %d bytes, want %d (AES-256)", len(b), KeySize)
			}
			return b, nil
		}
	}
	return nil, errors.New("key is not base64")
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func validID(id string) bool {
	if len(id) == 0 || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// FileMode is the mode keyring files must have (or stricter, such as 0400).
const FileMode = 0o600

// CheckPrivate fails when file grants any permission to its group or to
// others: whoever can read the keyring can read every recording, so the
// collector refuses to start with it, and says how to fix it. (Windows has
// no such mode bits; its ACLs are the operator's to set.)
func CheckPrivate(file string) error {
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if runtime.GOOS == "windows" {
		return nil
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("keys: %s has mode %#o: others may read it, and whoever reads it can read every recording; "+
			"fix it with: chmod 600 %s (and make sure it belongs to the user that runs veil serve)", file, perm, file)
	}
	return nil
}

// WriteNew creates file holding a fresh keyring of one key named id, with
// mode FileMode; it never overwrites an existing file. The keyring is
// returned too.
func WriteNew(file, id string) (*Keyring, error) {
	line, err := NewLine(id)
	if err != nil {
		return nil, err
	}
	ring, err := Parse(line)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	// The umask cannot widen FileMode, but an inherited ACL might: say so now.
	if err := f.Chmod(FileMode); err != nil && runtime.GOOS != "windows" {
		f.Close()
		os.Remove(file)
		return nil, fmt.Errorf("keys: %w", err)
	}
	body := "# Veil keyring: id:base64-key, one a line; the last is current.\n" +
		"# Rotate: veil keys add --keys " + file + "; then restart. Keep this file private and backed up.\n" + line + "\n"
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		os.Remove(file)
		return nil, fmt.Errorf("keys: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(file)
		return nil, fmt.Errorf("keys: %w", err)
	}
	return ring, nil
}

// AppendNew adds a fresh key named id to the keyring in file, which must be
// private (CheckPrivate) and must not have id yet; the new key becomes the
// current one at the collector's next start, and older keys stay to open old
// data. The file is rewritten whole through a private temporary file and a
// rename, so a crash leaves the old keyring or the new one, never half.
func AppendNew(file, id string) (*Keyring, error) {
	if err := CheckPrivate(file); err != nil {
		return nil, err
	}
	old, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if _, err := Parse(string(old)); err != nil {
		return nil, err
	}
	line, err := NewLine(id)
	if err != nil {
		return nil, err
	}
	text := string(old)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text += line + "\n"
	ring, err := Parse(text) // refuses a duplicate id
	if err != nil {
		return nil, err
	}
	tmp := file + ".new"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	_, werr := f.WriteString(text)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("keys: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("keys: %w", err)
	}
	return ring, nil
}
