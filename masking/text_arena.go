package masking

import "unsafe"

// textArena makes the masked text of a Session's text nodes without an
// allocation per node: each masked string is appended to a shared chunk and
// handed out as a string over its bytes. Bytes once handed out are never
// written again (later strings go after them, or into a new chunk), so the
// strings are as immutable as any other; a chunk lives as long as any of
// its strings (the events being written), no longer. Not safe for
// concurrent use (one per Session).
type textArena struct{ buf []byte }

const (
	arenaChunk     = 16 << 10 // below the collector's large-object size
	arenaMaxString = 1 << 10  // longer texts get an allocation of their own
)

// mask is maskText(s).
func (a *textArena) mask(s string) string {
	i := firstUnmasked(s)
	if i == len(s) {
		return s
	}
	if len(s) > arenaMaxString {
		return maskText(s)
	}
	if cap(a.buf)-len(a.buf) < len(s) { // appendMasked needs len(s)
		a.buf = make([]byte, 0, arenaChunk)
	}
	start := len(a.buf)
	a.buf = appendMasked(a.buf, s, i)
	out := a.buf[start:]
	return unsafe.String(unsafe.SliceData(out), len(out))
}
