package masking

import (
	"unicode"
	"unicode/utf8"
)

// The detectors read ASCII. What a browser shows as the same digits,
// separators or '@' without being ASCII — full-width and other Unicode
// digits, no-break and other Unicode spaces, Unicode dashes, full-width
// forms, percent-escapes in URLs and identifiers — would let a card number
// or an address through ("4111&nbsp;1111&nbsp;1111&nbsp;1111",
// "jane%40example.com"). The view below is a second, ASCII-normalized
// reading of a string; the detectors run on it as well as on the string as
// written, and a match in either is masked, so normalizing can only add
// masking, never remove it.

// piiView is s with every unit a detector may misread replaced by one ASCII
// byte: off[j] is the offset in s where view byte j's unit starts, and
// off[len(view)] == len(s). Bytes of s that need no change map to
// themselves.
type piiView struct {
	view string
	off  []int32
}

// needsPIIView reports whether the view of s would differ from s: s holds
// a percent-escape of a printable ASCII byte or a rune piiASCII maps. It
// never allocates, so text in any script that has neither costs one pass.
func needsPIIView(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%':
			if i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				if d := hexValue(s[i+1])<<4 | hexValue(s[i+2]); d >= ' ' && d < utf8.RuneSelf {
					return true
				}
			}
			i++
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if _, ok := piiASCII(r); ok {
				return true
			}
			i += size
		}
	}
	return false
}

// newPIIView builds the view of s; ok is false when it would equal s. The
// view is never longer than s: every unit becomes one byte or stays as it is.
func newPIIView(s string) (v piiView, ok bool) {
	b := make([]byte, len(s))
	off := make([]int32, len(s)+1)
	j, changed := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) &&
			hexValue(s[i+1])<<4|hexValue(s[i+2]) >= ' ' && hexValue(s[i+1]) < 8:
			b[j], off[j] = hexValue(s[i+1])<<4|hexValue(s[i+2]), int32(i)
			j, i, changed = j+1, i+3, true
		case c < utf8.RuneSelf:
			b[j], off[j] = c, int32(i)
			j, i = j+1, i+1
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if a, ok := piiASCII(r); ok {
				b[j], off[j] = a, int32(i)
				j, changed = j+1, true
			} else {
				for k := 0; k < size; k++ {
					b[j+k], off[j+k] = s[i+k], int32(i+k)
				}
				j += size
			}
			i += size
		}
	}
	off[j] = int32(len(s))
	return piiView{view: string(b[:j]), off: off[:j+1]}, changed
}

// piiASCII maps a non-ASCII rune to the ASCII byte a reader takes it for,
// as far as the detectors care: a decimal digit of any script, a space, a
// dash, a full-width form of an ASCII character.
func piiASCII(r rune) (byte, bool) {
	// Most text is letters of some script: rule them out before the
	// Unicode tables. U+00A1–U+0589 and U+3100–U+A61F (Bopomofo, CJK) hold
	// no decimal digit, space separator or dash (checked by
	// TestPIIASCIIFastRanges); U+00B7 is mapped below.
	switch {
	case r > 0xA0 && r < 0x58A && r != 0xB7, r >= 0x3100 && r < 0xA620:
		return 0, false
	}
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width forms of '!'…'~'
		return byte(r - 0xFEE0), true
	case unicode.Is(unicode.Nd, r):
		return byte('0' + digitValue(r)), true
	case unicode.Is(unicode.Zs, r):
		return ' ', true
	case unicode.Is(unicode.Pd, r) || r == '\u2212': // dashes and the minus sign
		return '-', true
	case r == '\u00B7' || r == '\u2027' || r == '\u30FB': // middle dots
		return '.', true
	}
	return 0, false
}

// digitValue is the value of a Unicode decimal digit: each script's digits
// are a run of ten code points starting at its zero, and the Nd table's
// ranges start at a zero.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return int(r-lo) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return int(r-lo) % 10
		}
	}
	return 0
}
