package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
)

// SecretParam is the query parameter that carries a session's secret beside
// session=. Beacons cannot set headers and the body stays a JSON array, so
// the secret travels in the URL; the collector never logs request URLs.
const SecretParam = "key"

// A session's secret is drawn by the recording browser and kept next to the
// session id in sessionStorage: 22-64 characters of base64url (at least 128
// random bits). The collector stores only its hash, bound to the session at
// its first accepted batch; appending and deleting need it, so the session
// ids shown in the API and the viewer cannot be used for either.
func validSecret(s string) bool {
	return len(s) >= 22 && validSession(s)
}

// secretHash is what the store keeps of a session's secret, bound to the
// session id so that equal secrets of two sessions hash apart.
func secretHash(session, secret string) []byte {
	h := sha256.Sum256([]byte("veil-session-secret\x00" + session + "\x00" + secret))
	return h[:]
}

// secretMatches compares in constant time; an unbound (empty) hash matches
// nothing.
func secretMatches(stored, given []byte) bool {
	return len(stored) > 0 && subtle.ConstantTimeCompare(stored, given) == 1
}

// sessionDigest names a deleted session in the audit log: the id itself must
// leave no trace in the files, yet whoever knows an id can find its deletion.
func sessionDigest(id string) string {
	h := sha256.Sum256([]byte("veil-session-id\x00" + id))
	return "sha256:" + hex.EncodeToString(h[:16])
}
