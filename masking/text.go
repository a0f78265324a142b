package masking

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// whitespace is the one set of code points that masking keeps as they are.
// It is exactly the set for which Go's unicode.IsSpace is true, spelled out
// so that the JavaScript side can copy it byte for byte and both sides agree
// on the length and line structure of masked text.
const whitespace = "\t\n\v\f\r \u0085\u00a0\u1680" +
	"\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" +
	"\u2028\u2029\u202f\u205f\u3000"

// inputMask replaces every masked input value whatever its length, so that
// the mask reveals nothing about what was typed.
const inputMask = "*****"

// maskChar is what every non-whitespace code point becomes.
const maskChar = '*'

// isWhitespace reports whether r belongs to the whitespace set. A switch
// rather than strings.ContainsRune keeps the hot loop of maskText cheap; a
// test checks it against the whitespace constant and unicode.IsSpace.
func isWhitespace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// maskText replaces every code point of s that is not in the whitespace set
// with '*'. The result has as many code points as s and the same whitespace at
// the same positions; each byte of invalid UTF-8 counts as one code point. When
// s is already masked, s itself is returned without allocating, which keeps the
// second masking at playback cheap. Like every masker here it is a pure
// function, safe for concurrent use.
func maskText(s string) string {
	i := firstUnmasked(s)
	if i == len(s) {
		return s
	}
	// Every code point shrinks or keeps its size, so len(s) always suffices.
	b := appendMasked(make([]byte, 0, len(s)), s, i)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is never written again
}

// appendMasked appends maskText(s) to dst, given i = firstUnmasked(s) <
// len(s). It copies s once and masks the copy in place, without a call per
// byte: masking is the engine's work for every text node of a masked page.
// Masking never lengthens, so the write position never passes the read one.
func appendMasked(dst []byte, s string, i int) []byte {
	w := len(dst) + i
	dst = append(dst, s...)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isWhitespace(rune(c)) {
				c = maskChar
			}
			dst[w] = c
			w++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && isWhitespace(r) {
			w += copy(dst[w:], s[i:i+size])
		} else {
			dst[w] = maskChar
			w++
		}
		i += size
	}
	return dst[:w]
}

// firstUnmasked returns the byte offset of the first code point of s that
// masking would change, or len(s) when there is none.
func firstUnmasked(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != maskChar && !isWhitespace(rune(c)) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !isWhitespace(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// isMasked reports whether s consists only of '*' and whitespace, that is,
// whether maskText(s) == s.
func isMasked(s string) bool {
	return firstUnmasked(s) == len(s)
}

// writeByte is strings.Builder.WriteByte behind a call: inlined at each of
// its 20 uses it costs about 2 KiB brotli in the WebAssembly engine.
//
//go:noinline
func writeByte(b *strings.Builder, c byte) { b.WriteByte(c) }

// writeStr is strings.Builder.WriteString behind a call, for the same reason:
// inlined at its 25 uses it cost about 1 KiB brotli.
//
//go:noinline
func writeStr(b *strings.Builder, s string) { b.WriteString(s) }
