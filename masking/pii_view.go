package masking

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The detectors read ASCII. What a browser shows as the same digits,
// separators or '@' without being ASCII — full-width and other Unicode
// digits, no-break and other Unicode spaces, line separators, Unicode
// dashes, other full stops, full-width forms, percent-escapes in URLs and
// identifiers — would let a card number or an address through
// ("4111&nbsp;1111&nbsp;1111&nbsp;1111", "jane%40example.com",
// "dave@example。jp"). The view below is an ASCII-normalized reading of a
// string (two, when it holds hidden text); the detectors run on it as well
// as on the string as written, and a match in any is masked, so normalizing
// can only add masking, never remove it.

// piiView is s with every unit a detector may misread replaced by one ASCII
// byte, or left out when it shows nothing; everything else is copied as it
// is. shifts records, in order, each unit that leaves bytes out: at is the
// view offset just after it, and cum how many bytes longer than the view s
// is up to there, so a view offset x is s offset x + cum of the last shift
// with at <= x.
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

// piiUnit reads the unit at s[i]: the ASCII byte it stands for (piiHidden
// for a character of hidden text) and its length, with ok false when it is
// not replaced.
func piiUnit(s string, i int) (a byte, size int, ok bool) {
	c := s[i]
	if piiDropped(c) {
		return 0, 1, true
	}
	if c == '\v' { // not HTML whitespace, but a browser shows a gap or nothing
		return ' ', 1, true
	}
	if c == '#' && (i == 0 || s[i-1] != ' ' || i+1 < len(s) && s[i+1] == ' ') {
		// "jane#example.com", an '@' spelled against harvesters; after a
		// space and before none it is a hashtag or a fragment ("see
		// #main.com"), which "jane @example.com" would read as an address.
		return '@', 1, true
	}
	if c == '%' {
		if i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			// An escape escaped again ("%2540", "%252540": a URL encoded
			// twice, which a server decodes twice) reads as the escape.
			n := i + 1
			for s[n] == '2' && s[n+1] == '5' && n+3 < len(s) && isHexDigit(s[n+2]) && isHexDigit(s[n+3]) {
				n += 2
			}
			if n > i+1 {
				if d := hexValue(s[n])<<4 | hexValue(s[n+1]); d >= ' ' && d < utf8.RuneSelf {
					return d, n + 2 - i, true
				}
			}
			if d := hexValue(s[i+1])<<4 | hexValue(s[i+2]); d >= ' ' && d < utf8.RuneSelf {
				return d, 3, true
			} else if d >= utf8.RuneSelf {
				return piiEscapedRune(s, i)
			}
		}
		return 0, 1, false
	}
	if c < utf8.RuneSelf {
		return 0, 1, false
	}
	// Letters of most scripts are skipped by their lead byte, without
	// decoding: U+00C0–U+02FF, U+0380–U+047F and U+04C0–U+057F (lead C3–CB,
	// CE–D1, D3–D5; the leads left out hold combining marks, U+058A or
	// U+05BE) and U+4000–U+9FFF (lead E4–E9) hold nothing piiASCII maps.
	switch {
	case (c >= 0xC3 && c <= 0xCB || c >= 0xCE && c <= 0xD1 || c >= 0xD3 && c <= 0xD5) && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
		return 0, 2, false
	case c == 0xE8 && strings.HasPrefix(s[i:], "艾特"): // "at" spelled in Chinese
		return '@', 6, true
	case c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
		d := hanDigit(rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F))
		return d, 3, d != 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	a, ok = piiASCII(r)
	return a, size, ok
}

// piiEscapedRune reads a percent-escaped UTF-8 sequence at s[i] ("%EF%BC%94"
// is a full-width 4, "%E2%80%8B" a zero-width space) as piiASCII reads the
// rune it spells.
func piiEscapedRune(s string, i int) (a byte, size int, ok bool) {
	var enc [utf8.UTFMax]byte
	n := 0
	for j := i; n < len(enc) && j+2 < len(s) && s[j] == '%' && isHexDigit(s[j+1]) && isHexDigit(s[j+2]); j += 3 {
		enc[n] = hexValue(s[j+1])<<4 | hexValue(s[j+2])
		n++
	}
	r, w := utf8.DecodeRune(enc[:n])
	if r == utf8.RuneError {
		return 0, 1, false
	}
	a, ok = piiASCII(r)
	return a, 3 * w, ok
}

// piiHidden is what piiASCII reads a character of hidden text as (zero-width
// and tag characters), for newPIIView to read as its reading says; it
// stands for no other unit (C0 controls are left out).
const piiHidden = 0x01

// The view has two readings, which differ only in hidden text. Read as
// digits (hiddenAsDigits), six or more hidden characters in a row are a
// digit run and masked (a watermark, smuggled text); left out, they cannot
// split what a reader sees as one address or number
// ("jane@example.\u200bcom"). A string without hidden text has one view.

// newPIIView builds the view of s in the given reading; ok is false, and
// nothing is allocated, when the view would equal s. hidden reports whether
// s holds hidden text, so that the other reading differs.
func newPIIView(s string, hiddenAsDigits bool) (v piiView, ok, hidden bool) {
	i := 0
	for i < len(s) && piiPlain[s[i]] {
		i++
	}
	var b []byte
	cum := 0
	for i < len(s) {
		if piiPlain[s[i]] {
			i++
			continue
		}
		a, size, mapped := piiUnit(s, i)
		if !mapped {
			i += size
			continue
		}
		if a == piiHidden {
			hidden = true
			if a = 0; hiddenAsDigits {
				a = '0'
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[len(b)+cum:i]...) // the unchanged bytes since the last unit
		left := size                      // bytes of s the view leaves out here
		if a != 0 {
			b = append(b, a)
			left--
		}
		if left > 0 {
			cum += left
			v.shifts = append(v.shifts, piiShift{at: len(b), cum: cum})
		}
		i += size
	}
	if b == nil {
		return piiView{}, false, false
	}
	b = append(b, s[len(b)+cum:]...)
	v.view = string(b)
	return v, true, hidden
}

// piiPlain marks the bytes the view copies as they are: ASCII but '%', '#',
// the vertical tab and the controls piiDropped leaves out. One load a byte keeps
// the common, ASCII-only scan as fast as it was before controls were read.
var piiPlain = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c != '%' && c != '\v' && c != '#' && !piiDropped(byte(c))
	}
	return t
}()

// piiDropped reports whether the ASCII byte c is a control character other
// than whitespace: a browser shows nothing for it, so the view leaves it out
// ("4111\x001111…" reads as one number).
func piiDropped(c byte) bool {
	return c < ' ' && (c < '\t' || c > '\r') || c == 0x7F
}

// piiASCII maps a non-ASCII rune to the ASCII byte a reader takes it for,
// as far as the detectors care: a decimal digit of any script, a space (line
// and paragraph separators and NEL too: a browser breaks the line or shows a
// gap, and a reader still reads one number), a dash, a full stop or '@' of
// another form, a full-width form of an ASCII character. Zero-width
// characters and tag characters read as piiHidden (below). Any other rune
// that shows nothing of its own — a control, a format character (soft
// hyphen, direction marks) or a combining or enclosing mark (accents,
// variation selectors, the keycap of "4️⃣") — maps to 0 with ok true: the
// view leaves it out, so "415\u00ad555\u00ad2671" and "4\u0301 1\u0301…" read as
// the digits a reader sees.
func piiASCII(r rune) (byte, bool) {
	// Most text is letters of some script: rule them out before the
	// Unicode tables. U+00A1–U+0589 and U+3100–U+A61F (Bopomofo, CJK) hold
	// no decimal digit, space separator, dash, format character or mark
	// but those caught first (checked by TestPIIASCIIFastRanges); U+00B7
	// is mapped below.
	switch {
	case r == 0x85: // NEL, a line break
		return ' ', true
	case r < 0xA0: // the other C1 controls
		return 0, true
	case r == 0xAD || r >= 0x300 && r < 0x370 || r >= 0x483 && r < 0x48A:
		return 0, true
	case r == 0xB2 || r == 0xB3:
		return byte('0' + r - 0xB0), true
	case r == 0xB9:
		return '1', true
	case r >= 0x4000 && r < 0xA000:
		d := hanDigit(r)
		return d, d != 0
	case r > 0xA0 && r < 0x58A && r != 0xB7, r >= 0x3100 && r < 0xA620 && r != 0x318D:
		return 0, false
	case r >= 0x3000 && r < 0x3100: // CJK punctuation, kana: no digits
		switch r {
		case 0x302A, 0x302B, 0x302C, 0x302D, 0x302E, 0x302F, 0x3099, 0x309A:
			return 0, true
		case 0x3000:
			return ' ', true
		case 0x3007: // 〇, the ideographic zero
			return '0', true
		case 0x301C, 0x3030, 0x30A0:
			return '-', true
		case 0x3002, 0x30FB: // a full stop and a middle dot (piiDotLike)
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
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return ' ', true
	case piiDotLike(r):
		return '.', true
	case r == 0xFE6B || r == 0x2605 || r == 0x2606:
		// small commercial at ('＠' is a full-width form, above); the stars
		// Japanese pages write for '@' against harvesters ("info★example.jp")
		return '@', true
	case (r >= 0x2070 && r < 0x2800 || r >= 0x1F100 && r <= 0x1F10A) && styledDigit(r) != 0:
		return styledDigit(r), true
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF,
		r >= 0xE0020 && r <= 0xE007E:
		// The alphabets of hidden text: zero-width steganography and
		// Unicode tag characters (invisible ASCII). Read as a digit, six or
		// more in a row are a digit run and masked; one alone (a joiner in
		// an emoji, a tag flag's five letters) is not. The second reading
		// leaves them out (newPIIView).
		return piiHidden, true
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0, true
	}
	return 0, false
}

// hanDigit is the ASCII digit a Han numeral stands for, or 0: the numerals
// of Chinese and Japanese (一二三…九, 零) and the financial forms that
// cheques and contracts write (壹贰叁…, traditional 貳參陸). Phone, card and ID
// numbers are written with them digit by digit ("四一五五五五二六七一"); six
// or more in a row is as rare in prose as six Arabic digits are short.
//
//go:noinline
func hanDigit(r rune) byte {
	lo, hi := 0, len(hanRunes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rune(hanRunes[m]) < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(hanRunes) && rune(hanRunes[lo]) == r {
		return hanValues[lo]
	}
	return 0
}

// hanRunes are the Han numerals in code point order
// (一七三九二五伍八六叁參四壹捌柒点玖肆貳贰陆陸零點), hanValues their digits.
var hanRunes = [...]uint16{0x4E00, 0x4E03, 0x4E09, 0x4E5D, 0x4E8C, 0x4E94, 0x4F0D, 0x516B, 0x516D, 0x53C1, 0x53C3, 0x56DB, 0x58F9, 0x634C, 0x67D2, 0x70B9, 0x7396, 0x8086, 0x8CB3, 0x8D30, 0x9646, 0x9678, 0x96F6, 0x9EDE}

// hanValues: 点 and 點 ("dot", as Chinese pages spell an address's dots:
// "jane艾特example点com") read as '.'.
const hanValues = "173925586334187.9422660."

// piiDotLike reports whether r reads as a dot between the labels of a domain
// or the groups of a number: the full stops a browser's URL parser takes for
// '.' (ideographic, half-width; the full-width one is a full-width form), the
// forms Unicode folds to '.' (one dot leader, small and vertical full stops)
// and middle dots and full stops of other scripts ("jane@example。jp",
// "heidi@example․com", "jane@example۔com").
func piiDotLike(r rune) bool {
	switch r {
	case 0x00B7, 0x2024, 0x2027, 0x2219, 0x22C5, 0x3002, 0x30FB, 0xFE12, 0xFE52, 0xFF61, 0xFF65,
		0x06D4, 0x16EB, 0x2E31, 0x2E33, 0x318D: // Arabic full stop; runic, Hangul and other middle dots
		return true
	}
	return false
}

// styledDigits lists the runs of digits that Unicode does not count as
// decimal (No, not Nd) but a reader reads as one: superscripts, subscripts,
// circled, parenthesized, "digit full stop" and dingbat digits ("⁴¹⁵…",
// "④①⑤…"). Each run is lo, its length, and the value of lo.
var styledDigits = [...]struct {
	lo     uint32
	n, val uint8
}{
	{0x2070, 1, 0}, {0x2074, 6, 4}, {0x2080, 10, 0}, {0x2460, 9, 1}, {0x2474, 9, 1},
	{0x2488, 9, 1}, {0x24EA, 1, 0}, {0x24F5, 9, 1}, {0x24FF, 1, 0}, {0x2776, 9, 1},
	{0x2780, 9, 1}, {0x278A, 9, 1}, {0x1F100, 2, 0}, {0x1F102, 9, 1},
}

// styledDigit is the ASCII digit r shows when it is in styledDigits, else 0.
func styledDigit(r rune) byte {
	for _, d := range styledDigits {
		if off := uint32(r) - d.lo; off < uint32(d.n) {
			return '0' + d.val + byte(off)
		}
	}
	return 0
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
