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
// byte; everything else is copied as it is. shifts records, in order, each
// replaced unit longer than one byte: at is the view offset just after it,
// and cum how many bytes longer than the view s is up to there, so a view
// offset x is s offset x + cum of the last shift with at <= x.
type piiView struct {
	view   string
	shifts []piiShift
}

type piiShift struct{ at, cum int }

// src maps a view offset (a start, or an exclusive end) to an offset in s.
func (v *piiView) src(x int) int {
	lo, hi := 0, len(v.shifts) // the first shift with at > x
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if v.shifts[m].at <= x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return x
	}
	return x + v.shifts[lo-1].cum
}

// piiUnit reads the unit at s[i]: the ASCII byte it stands for and its
// length, with ok false when it is not replaced.
func piiUnit(s string, i int) (a byte, size int, ok bool) {
	c := s[i]
	if c == '%' {
		if i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			if d := hexValue(s[i+1])<<4 | hexValue(s[i+2]); d >= ' ' && d < utf8.RuneSelf {
				return d, 3, true
			}
		}
		return 0, 1, false
	}
	if c < utf8.RuneSelf {
		return 0, 1, false
	}
	// Letters of most scripts are skipped by their lead byte, without
	// decoding: U+00C0–U+063F (lead C3–D8 but D6, which holds U+058A and
	// U+05BE) and U+4000–U+9FFF (lead E4–E9) hold nothing piiASCII maps.
	switch {
	case c >= 0xC3 && c <= 0xD8 && c != 0xD6 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
		return 0, 2, false
	case c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
		return 0, 3, false
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	a, ok = piiASCII(r)
	return a, size, ok
}

// newPIIView builds the view of s; ok is false, and nothing is allocated,
// when the view would equal s.
func newPIIView(s string) (v piiView, ok bool) {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && s[i] != '%' {
		i++
	}
	var b []byte
	cum := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && c != '%' {
			i++
			continue
		}
		a, size, mapped := piiUnit(s, i)
		if !mapped {
			i += size
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[len(b)+cum:i]...) // the unchanged bytes since the last unit
		b = append(b, a)
		if size > 1 {
			cum += size - 1
			v.shifts = append(v.shifts, piiShift{at: len(b), cum: cum})
		}
		i += size
	}
	if b == nil {
		return piiView{}, false
	}
	b = append(b, s[len(b)+cum:]...)
	v.view = string(b)
	return v, true
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
	case r >= 0x3000 && r < 0x3100: // CJK punctuation, kana: no digits
		switch r {
		case 0x3000:
			return ' ', true
		case 0x301C, 0x3030, 0x30A0:
			return '-', true
		case 0x30FB:
			return '.', true
		}
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
