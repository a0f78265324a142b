//go:build !js

package masking

import "crypto/rand"

// fillKey fills the session's name key from the operating system's
// randomness.
func fillKey(key []byte) {
	if _, err := rand.Read(key); err != nil {
		// crypto/rand does not fail on supported platforms; a fixed key would
		// make placeholders linkable, so refuse to go on.
		panic("masking: no randomness for the name key: " + err.Error())
	}
}
