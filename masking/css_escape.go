package masking

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// CSS escapes: decoding what the source spells as browsers read it, and
// writing strings back so that they read the same.

// decodeCSS decodes the escapes of CSS source b up to the first unescaped
// end byte (0: to the end), as browsers read string, URL and name contents.
func decodeCSS(b []byte, end byte) string {
	if end == 0 && bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	return string(appendDecodedCSS(make([]byte, 0, len(b)), b, end))
}

// appendDecodedCSS appends to dst what decodeCSS returns.
func appendDecodedCSS(dst, b []byte, end byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == 0:
			// Before the end test: with end 0 (no end byte) a NUL is
			// text, and stopping there hid what follows from the
			// detectors.
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i++
		case c == end:
			return dst
		case c == '\r' || c == '\f':
			dst = append(dst, '\n')
			i++
			if c == '\r' && i < len(b) && b[i] == '\n' {
				i++
			}
		case c != '\\':
			dst = append(dst, c)
			i++
		default:
			dst, i = appendEscape(dst, b, i+1)
		}
	}
	return dst
}

// appendEscape decodes the escape whose backslash precedes b[i], appends it
// to dst and returns the offset after it. An escaped newline is a line
// continuation and yields nothing.
func appendEscape(dst, b []byte, i int) ([]byte, int) {
	if i == len(b) {
		return dst, i
	}
	switch c := b[i]; {
	case c == '\n' || c == '\f':
		return dst, i + 1
	case c == '\r':
		if i+1 < len(b) && b[i+1] == '\n' {
			return dst, i + 2
		}
		return dst, i + 1
	case isHexDigit(c):
		var r rune
		for n := 0; n < 6 && i < len(b) && isHexDigit(b[i]); n, i = n+1, i+1 {
			r = r<<4 | rune(hexValue(b[i]))
		}
		if r == 0 || r > utf8.MaxRune || 0xd800 <= r && r <= 0xdfff {
			r = utf8.RuneError
		}
		if i < len(b) {
			switch b[i] {
			case ' ', '\t', '\n', '\f':
				i++
			case '\r':
				i++
				if i < len(b) && b[i] == '\n' {
					i++
				}
			}
		}
		return utf8.AppendRune(dst, r), i
	}
	_, size := utf8.DecodeRune(b[i:])
	return append(dst, b[i:i+size]...), i + size
}

// encodeCSSString returns s as a CSS string in the given quote.
func encodeCSSString(s string, quote byte) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	writeCSSString(&b, s, quote)
	return b.String()
}

// writeCSSString writes s as a CSS string in the given quote, escaping only
// what cannot stand in a string, so that reading it back yields s.
func writeCSSString(b *strings.Builder, s string, quote byte) {
	writeByte(b, quote)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote || c == '\\':
			writeByte(b, '\\')
			writeByte(b, c)
		case c < 0x20 && c != '\t' || c == 0x7f:
			writeCSSHexEscape(b, c)
		default:
			writeByte(b, c)
		}
	}
	writeByte(b, quote)
}

// writeMaskedCSSString writes, as a CSS string in the given quote, the
// masked text of decoded: what writeCSSString(b, maskText(decoded)) writes,
// without building either string.
func writeMaskedCSSString(b *strings.Builder, decoded []byte, quote byte) {
	writeByte(b, quote)
	for i := 0; i < len(decoded); {
		r, size := utf8.DecodeRune(decoded[i:])
		switch {
		case r == utf8.RuneError || !isWhitespace(r):
			writeByte(b, maskChar)
		case r < 0x20 && r != '\t':
			writeCSSHexEscape(b, byte(r))
		default:
			b.Write(decoded[i : i+size])
		}
		i += size
	}
	writeByte(b, quote)
}

// writeCSSHexEscape writes c as a hex escape. The space that ends it is part
// of the escape, so the next character can never extend it.
func writeCSSHexEscape(b *strings.Builder, c byte) {
	writeByte(b, '\\')
	if c >= 0x10 {
		writeByte(b, hexDigit(c>>4))
	}
	writeByte(b, hexDigit(c&0xf))
	writeByte(b, ' ')
}

func hexDigit(v byte) byte {
	return "0123456789abcdef"[v]
}

// asciiEqualFold compares as CSS compares keywords: ASCII letters without
// regard to case, everything else exactly. The length check is inlined at
// each of its ~90 call sites and decides most comparisons; the loop is not
// (inlined everywhere it cost the engine kilobytes of download).
func asciiEqualFold(a, b string) bool {
	return len(a) == len(b) && equalFoldSameLen(a, b)
}

//go:noinline
func equalFoldSameLen(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
