//go:build js

package masking

import "math/rand/v2"

// fillKey fills the session's name key in the browser's worker. crypto/rand
// would add ~100 KiB (brotli) to the engine; the runtime's generator that
// math/rand/v2 draws from is ChaCha8, seeded from crypto.getRandomValues when
// the engine starts, so the key is as unpredictable and never leaves the
// worker.
func fillKey(key []byte) {
	for i := 0; i < len(key); i += 8 {
		v := rand.Uint64()
		for j := 0; j < 8 && i+j < len(key); j++ {
			key[i+j] = byte(v >> (8 * j))
		}
	}
}
