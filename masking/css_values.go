package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// Strings and numbers in CSS, and the values masked as a whole:
// custom-property values and attribute-selector values in a masked node, and
// any value in which the detectors find something (css_reading.go).

// cssValueMode says which masking applies to the token being read.
type cssValueMode uint8

const (
	cssValueClear  cssValueMode = iota // the ordinary decisions
	cssValueAttr                       // an attribute selector's value: all masked but a kept value and the case flag
	cssValueCustom                     // a custom property's value in a masked node
	cssValueAll                        // a value the detectors flagged as a whole: all masked
)

func (m *cssMasker) valueMode() cssValueMode {
	switch {
	case m.decl.value && m.decl.pii:
		// The detectors counted the match once; nothing in the value goes
		// to them again, and nothing in it is kept, brackets included (a
		// "[=v i]" there is no attribute selector whose case flag stays).
		return cssValueAll
	case m.attrDepth > 0 && (m.p.masked || m.attrPII || m.p.attrValue != nil):
		// A page's sheet may hold one user's values ([data-owner=jane]):
		// where p.attrValue is set they are read as a masked node's are.
		return cssValueAttr
	case (m.decl.kind == cssDeclCustom || m.decl.kind == cssDeclSymbols) && m.decl.value && m.p.masked:
		// A counter style's symbols are drawn: its names are masked as a
		// custom property's are.
		return cssValueCustom
	}
	return cssValueClear
}

// isCSSAttrOperator reports whether t may be the operator of an attribute
// selector: = ~= |= ^= $= *=.
func isCSSAttrOperator(t cssToken) bool {
	switch t.tt {
	case css.IncludeMatchToken, css.DashMatchToken, css.PrefixMatchToken, css.SuffixMatchToken, css.SubstringMatchToken:
		return true
	case css.DelimToken:
		return t.data[0] == '='
	}
	return false
}

// attrOperator starts an attribute selector's value when the operator just
// read is directly inside '['. Whatever follows up to its ']' is value, so
// that a value the grammar does not allow ([id=4111 1111]) is masked too.
func (m *cssMasker) attrOperator(op cssToken) {
	n := len(m.frames)
	if n == 0 || m.frames[n-1].closer != ']' {
		return
	}
	m.frames[n-1].attr = cssAttrValue
	m.frames[n-1].attrOp = op.data[0]
	if m.attrDepth == 0 {
		m.attrDepth = n
		m.attrPII = !m.p.masked && m.p.scrub != nil && m.valueHasPII(true, cssReadingEnd{})
	}
}

// attrFlag reports whether t is the case flag (i or s) after an attribute
// selector's value.
func (m *cssMasker) attrFlag(t cssToken, text string) bool {
	if t.tt != css.IdentToken || m.attrDepth == 0 || len(m.frames) != m.attrDepth || len(text) != 1 {
		return false
	}
	c := text[0] | 0x20
	return m.frames[m.attrDepth-1].attrVals > 0 && (c == 'i' || c == 's')
}

// attrValueOut is what value, the first token of an attribute selector's
// value, decoded, becomes by p.attrValue; ok false masks it.
func (m *cssMasker) attrValueOut(value string) (string, bool) {
	if m.p.attrValue == nil || m.attrPII || m.attrDepth == 0 || len(m.frames) != m.attrDepth {
		return "", false
	}
	f := &m.frames[m.attrDepth-1]
	if f.attrVals != 0 {
		return "", false
	}
	return m.p.attrValue(f.attrSel, f.attrOp, value)
}

func (m *cssMasker) string(t cssToken) {
	quote := t.data[0]
	switch {
	case m.inURL():
		m.urlString(t)
	case m.authorString(t):
		// names of grid areas or font families, mapped
	case m.unknownString(t):
		// font families in @font-feature-values' prelude, mapped
	case t.tt == css.BadStringToken && m.p.masked:
		m.rewrite(t.start, t, emptyCSSString(quote))
	case m.attrString(t):
	case m.clearString(t):
		m.scrubString(t)
	case plainMaskedString(t.data):
		m.keep(t)
	default:
		m.scratch = appendDecodedCSS(m.scratch[:0], t.data[1:], quote)
		m.replace(t.start, t.end(), "")
		writeMaskedCSSString(&m.out, m.scratch, quote)
		// A string cannot join its neighbours; a bad one is now whole.
		m.recent[m.nRecent-1].tt = css.StringToken
	}
}

// attrString writes a string that is an attribute selector's value as
// p.attrValue decides, when it keeps or maps it.
func (m *cssMasker) attrString(t cssToken) bool {
	if t.tt != css.StringToken || m.valueMode() != cssValueAttr {
		return false
	}
	quote := t.data[0]
	decoded := decodeCSS(t.data[1:], quote)
	out, ok := m.attrValueOut(decoded)
	switch {
	case !ok:
		return false
	case out == decoded:
		m.scrubString(t)
	case m.p.scrub != nil:
		m.rewrite(t.start, t, encodeCSSString(m.p.scrub(out), quote))
	default:
		m.rewrite(t.start, t, encodeCSSString(out, quote))
	}
	return true
}

// clearString reports whether a string that names no resource stays in
// clear.
func (m *cssMasker) clearString(t cssToken) bool {
	switch m.valueMode() {
	case cssValueAttr:
		return false // attrString
	case cssValueCustom, cssValueAll:
		return false
	}
	return !m.p.masked && !(m.decl.drawn && m.contentHidden() && drawsText(t)) || m.inFont()
}

// scrubString runs the PII detectors on a string kept in clear.
func (m *cssMasker) scrubString(t cssToken) {
	if m.p.scrub == nil {
		m.keep(t)
		return
	}
	quote := t.data[0]
	decoded := decodeCSS(t.data[1:], quote)
	scrubbed := m.p.scrub(decoded)
	if scrubbed == decoded {
		m.keep(t)
		return
	}
	m.rewrite(t.start, t, encodeCSSString(scrubbed, quote))
}

func emptyCSSString(quote byte) string {
	if quote == '\'' {
		return "''"
	}
	return `""`
}

// plainMaskedString reports whether a string token is closed and holds only
// '*', spaces and tabs, so that masking would write it unchanged. It spares
// the decoding of strings masked before, as at playback.
func plainMaskedString(data []byte) bool {
	quote := data[0]
	if len(data) < 2 || data[len(data)-1] != quote {
		return false
	}
	for _, c := range data[1 : len(data)-1] {
		if c != maskChar && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// number handles a number or a percentage.
func (m *cssMasker) number(t cssToken) {
	text := m.text(t)
	num := strings.TrimSuffix(text, "%")
	if out := m.numberOut(num); out != num {
		m.rewrite(t.start, t, out+text[len(num):])
		return
	}
	m.keep(t)
}

// dimension handles a number with a unit; the unit is a name.
func (m *cssMasker) dimension(t cssToken) {
	text := m.text(t)
	n := cssNumberLen(text)
	num, unit := text[:n], text[n:]
	numOut := m.numberOut(num)
	unitOut, changed := m.nameOut(t, unit, cssUnitName)
	if !changed {
		unitOut = unit
	}
	if numOut == num && !changed {
		m.keep(t)
		return
	}
	m.rewrite(t.start, t, numOut+unitOut)
}

// numberOut returns what the number num becomes: itself, or, in a masked
// value or where the PII detectors find something, the same number with its
// digits zeroed (still a number, so the structure stays).
func (m *cssMasker) numberOut(num string) string {
	switch m.valueMode() {
	case cssValueAttr, cssValueAll:
		return cssZeroDigits(num)
	case cssValueCustom:
		if !m.plainNumber(num) {
			return cssZeroDigits(num)
		}
	default:
		if m.p.masked && m.decl.kind == cssDeclCounters && m.decl.value {
			return cssZeroDigits(num) // counter(x) draws it: text in a masked node
		}
		if m.p.masked && m.stray {
			return cssZeroDigits(num) // no layout's: the browser drops it (strayStatement)
		}
		// Kept in clear, the numbers of custom-property and attribute-selector
		// values may still be data (--account: 4111…): the detectors see them.
		data := m.attrDepth > 0 || m.decl.custom && m.decl.value
		if data && m.p.scrub != nil && m.p.scrub(num) != num {
			return cssZeroDigits(num)
		}
		return cssCapDigits(num)
	}
	return num
}

// cssCapDigits bounds the digits a number kept in clear can carry: an
// integer part of more than maxIntDigits digits is spelled as that many 9s
// (no length, order or z-index needs seven digits, but a card or phone
// number written as a width does; the 9s keep what such a value does on a
// page: z-index: 2147483647 stays on top), and fraction digits after the
// sixth become 0 (a millionth of a pixel shows nowhere, a card number
// written after "0." would). The exponent is left as it is.
func cssCapDigits(num string) string {
	var b []byte
	run, frac, zeros := 0, false, true // digits in the current part; in the fraction; only 0s so far
	for i := 0; i <= len(num); i++ {
		if i < len(num) && isASCIIDigit(num[i]) {
			run++
			zeros = zeros && num[i] == '0'
			if frac && run > cssFracDigits && num[i] != '0' {
				if b == nil {
					b = []byte(num)
				}
				b[i] = '0'
			}
			continue
		}
		if !frac && run > maxIntDigits && !zeros && strings.Trim(num[i-run:i], "9") != "" {
			if b == nil {
				b = []byte(num)
			}
			copy(b[i-run:i], strings.Repeat("9", run))
		}
		if i == len(num) || num[i] != '.' {
			if !frac && i < len(num) && num[i] != '+' && num[i] != '-' {
				break // the exponent is left as it is
			}
			if frac {
				break
			}
		}
		frac, run, zeros = i < len(num) && num[i] == '.', 0, true
	}
	if b == nil {
		return num
	}
	return string(b)
}

// cssFracDigits is how many fraction digits of a CSS number kept in clear stay
// as written.
const cssFracDigits = 6

// plainNumber reports whether a number in a custom property's value is one
// a design system writes (at most 6 integer digits, 10 fraction digits and a
// 2-digit exponent) rather than an identifier or a card number, and holds
// nothing the PII detectors find.
func (m *cssMasker) plainNumber(num string) bool {
	var digits [3]int // integer, fraction, exponent
	part := 0
	for i := 0; i < len(num); i++ {
		switch c := num[i]; {
		case '0' <= c && c <= '9':
			digits[part]++
		case c == '.':
			part = 1
		case c == 'e' || c == 'E':
			part = 2
		}
	}
	if digits[0] > 6 || digits[1] > 10 || digits[2] > 2 {
		return false
	}
	return m.p.scrub == nil || m.p.scrub(num) == num
}

// cssZeroDigits replaces every digit of a number with 0.
func cssZeroDigits(num string) string {
	if strings.IndexAny(num, "123456789") < 0 {
		return num
	}
	b := []byte(num)
	for i, c := range b {
		if '1' <= c && c <= '9' {
			b[i] = '0'
		}
	}
	return string(b)
}

// cssNumberLen returns the length of the number a dimension token starts with,
// read as the lexer reads it: an 'e' is an exponent only before a digit.
func cssNumberLen(s string) int {
	digits := func(i int) int {
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	i = digits(i)
	if i+1 < len(s) && s[i] == '.' && '0' <= s[i+1] && s[i+1] <= '9' {
		i = digits(i + 1)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && '0' <= s[j] && s[j] <= '9' {
			i = digits(j)
		}
	}
	return i
}
