package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// What the PII detectors read of a value as a whole. Token by token they
// never see an e-mail address (jane.doe@example.com is five tokens), a phone
// number written as numbers (415-555-2671 is three), a local() font name of
// several words, or a text the page draws from strings side by side
// (content:"jane.doe" "@" "example.com" draws one address). So the masker
// reads each declaration's value, and each attribute selector's value, once
// before it writes it, as a browser would show it: escapes decoded, strings
// without their quotes and joined when only whitespace stands between them,
// comments as nothing. A match masks the whole value (cssValueAll).

// cssReadingEnd says where a value ends besides the first closer of an
// enclosing block and the end of the source.
type cssReadingEnd struct {
	semicolon bool // a ';' at the value's level (a declaration)
	brace     bool // a '{' anywhere: the "declaration" was a selector (a:hover{…})
}

// valueHasPII reports whether the PII detectors find something in what
// follows the tokens handled so far, up to the end of the current value. In
// a data value (custom properties, font names, counters, attribute-selector
// values) and in a var() fallback, wherever it stands, plain numbers are
// read as written: a card is four of them. Other numbers are a length, an
// order, a percentage or a colour's channel, never text: the detectors read
// their digits as letters, so that rgb(255 255 255) or 222.2 47.4% 11.2%
// (shadcn/ui's colours) is no digit run, while a number inside an e-mail
// address (john.1990@example.com) still keeps it one; such numbers keep at
// most 6 integer digits anyway. Hex colours and URLs are not read (URLs are
// scrubbed on their own): they end the piece read before them. The tokens it
// reads stay to be read again.
func (m *cssMasker) valueHasPII(dataValue bool, end cssReadingEnd) bool {
	buf, open, nums := m.reading[:0], m.readingOpen[:0], m.readingNums[:0]
	found := false
	// The value ends at the closer of the block it stands in; a closer that
	// closes nothing is an ordinary token, as the masker reads it.
	var outer byte
	if n := len(m.frames); n > 0 {
		outer = m.frames[n-1].closer
	}
	skipFrom := 0 // > 0: the depth of a URL function whose tokens are not read
	varFrom := 0  // > 0: the depth of the outermost var(), whose numbers are data
	// > 0: the depth of a colour function whose numbers are channels;
	// < 0: minus the depth of one whose numbers are not
	colourFrom := 0
	space, afterString, afterNumber := false, false, false
	for i := m.head; ; i++ {
		if i == len(m.pending) {
			m.pending = append(m.pending, m.read())
		}
		t := m.pending[i]
		switch t.tt {
		case css.WhitespaceToken:
			space = true
			continue
		case css.CommentToken:
			continue // dropped: what stands around it is read together
		}
		closer := cssCloser(t)
		depth := len(open)
		if t.tt == css.LeftBraceToken && end.brace {
			// No declaration but a selector (a:not(.x){…}): its names are
			// masked in place, as the page's class names are, so that it
			// still matches.
			m.reading, m.readingOpen = buf[:0], open[:0]
			return false
		}
		if t.tt == css.ErrorToken || depth == 0 && closer != 0 && closer == outer ||
			depth == 0 && t.tt == css.SemicolonToken && end.semicolon {
			m.reading, m.readingOpen, m.readingNums = buf[:0], open[:0], nums[:0]
			return found || m.pieceHasPII(buf) || numbersSpellCard(nums)
		}
		if closer != 0 && depth > 0 && open[depth-1] == closer {
			open = open[:depth-1]
			if depth == skipFrom {
				skipFrom = 0
			}
			if depth == varFrom {
				varFrom = 0
			}
			if depth == colourFrom || depth == -colourFrom {
				colourFrom = 0
			}
		}
		if skipFrom > 0 {
			if c := cssOpener(t); c != 0 {
				open = append(open, c)
			}
			continue
		}
		isString := t.tt == css.StringToken || t.tt == css.BadStringToken
		isNumber := t.tt == css.NumberToken || t.tt == css.PercentageToken || t.tt == css.DimensionToken
		// Numbers written one against the other are one number to a reader:
		// 078-05-1120 is three tokens, 415.555.0123 two.
		glued := isNumber && (afterNumber && !space || m.numberFollows(i))
		if space && !(isString && afterString) {
			buf = append(buf, ' ')
			nums = append(nums, ' ')
		}
		space, afterString, afterNumber = false, isString, isNumber
		data, ends := t.data, false // ends: the piece read so far
		switch t.tt {
		case css.NumberToken:
		case css.DelimToken, css.CommaToken:
			nums = append(nums, data[0])
		default:
			nums = append(nums, 'x')
		}
		switch t.tt {
		case css.URLToken, css.BadURLToken:
			ends = true
		case css.HashToken:
			ends = isCSSHexColor(m.src[t.start+1 : t.end()])
			// its digits and the next colours' may spell a card, even
			// over declarations (color:#41111111;fill:#11111111): the first
			// is masked, which breaks it
			found = found || ends && hexCardAt(m.src, t.start)
		case css.IdentToken:
			// A name the masker renames (an animation or container name
			// holding an address) leaves as its placeholder, not as read.
			ends = m.decl.value && m.decl.kind == cssDeclOther && m.renamed(t)
		case css.FunctionToken:
			open = append(open, ')')
			name := m.decoded(m.src[t.start : t.end()-1])
			if isURLFunction(name) {
				ends, skipFrom = true, len(open)
			}
			if varFrom == 0 && asciiEqualFold(name, "var") {
				varFrom = len(open)
			}
			// Inside a colour function that is not one, no other is read
			// again (rgb(rgb(rgb(… would cost the product of their lengths).
			if colourFrom == 0 && isCSSColourFunction(name) {
				if colourFrom = len(open); !m.colourChannels(i) {
					colourFrom = -colourFrom
				}
			}
		case css.LeftParenthesisToken, css.LeftBracketToken, css.LeftBraceToken:
			open = append(open, cssOpener(t))
		case css.StringToken, css.BadStringToken:
			buf = appendDecodedCSS(buf, data[1:], data[0])
			continue
		case css.NumberToken, css.PercentageToken, css.DimensionToken:
			if (!dataValue && varFrom == 0 || colourFrom > 0 || t.tt != css.NumberToken) && !glued {
				n := cssNumberLen(m.text(t))
				if t.tt == css.NumberToken && colourFrom <= 0 && n > maxIntDigits {
					// as it goes out (a 9s cap may spell a card with the
					// next number: read so, masking it once is enough)
					nums = append(nums, cssCapDigits(string(data[:n]))...)
				} else if t.tt == css.NumberToken && colourFrom <= 0 {
					nums = append(nums, data[:n]...)
				}
				for _, c := range data[:n] {
					if isASCIIDigit(c) {
						c = 'n'
					}
					buf = append(buf, c)
				}
				data = data[n:]
			}
		}
		if ends {
			found = found || m.pieceHasPII(buf)
			buf = buf[:0]
			continue
		}
		buf = appendDecodedCSS(buf, data, 0)
	}
}

// numbersSpellCard reports whether the plain numbers of a value, as written
// with the marks between them (nums: any other token read as a letter),
// spell a card number or an SSN: grid-area: 4111 / 1111 / 1111 / 1111.
// Other digit runs are left to lengths and orders (stroke-dasharray: 100 200).
func numbersSpellCard(nums []byte) bool {
	digits := 0
	for _, c := range nums {
		if isASCIIDigit(c) {
			digits++
		}
	}
	if digits < 9 { // an SSN's 9, a card's 13 or more
		return false
	}
	s := string(nums)
	for i := 0; i < len(s); {
		m, next := nextDigitRun(s, i)
		// One number alone is no matter here: cssCapDigits caps its digits.
		if m.kind == piiCard || m.kind == piiSSN {
			for _, c := range []byte(s[m.start:m.end]) {
				if !isASCIIDigit(c) {
					return true
				}
			}
		}
		if m.kind == 0 {
			break
		}
		i = next
	}
	m, _ := nextGroupedCard(s, 0)
	return m.kind != 0
}

// numberFollows reports whether a number token directly follows
// pending[i], with nothing between them.
func (m *cssMasker) numberFollows(i int) bool {
	if i+1 == len(m.pending) {
		m.pending = append(m.pending, m.read())
	}
	switch m.pending[i+1].tt {
	case css.NumberToken, css.PercentageToken, css.DimensionToken:
		return true
	}
	return false
}

// pieceHasPII reports whether the detectors find something in a piece of a
// value's reading. What piiPossible rules out they never match: most values
// are read without a copy.
func (m *cssMasker) pieceHasPII(b []byte) bool {
	if !piiPossibleBytes(b) {
		return false
	}
	s := string(b)
	return m.p.scrub(s) != s
}

// isCSSColourFunction reports whether name is a function whose numbers are
// a colour's channels.
func isCSSColourFunction(name string) bool {
	return grInWords("rgb rgba hsl hsla hwb lab lch oklab oklch color", name, false)
}

// colourChannels reports whether the colour function pending[i] opens holds
// only numbers of at most 3 integer digits up to its ')': channels (rgb(59
// 130 246 / .5)), never a card, phone or date, whose groups are longer.
func (m *cssMasker) colourChannels(i int) bool {
	var stackBuf [8]byte
	open := append(stackBuf[:0], ')')
	for {
		if i++; i == len(m.pending) {
			m.pending = append(m.pending, m.read())
		}
		t := m.pending[i]
		switch t.tt {
		case css.ErrorToken:
			return false
		case css.NumberToken, css.PercentageToken, css.DimensionToken:
			text := m.text(t)
			num := strings.TrimLeft(text[:cssNumberLen(text)], "+-")
			if dot := strings.IndexByte(num, '.'); dot >= 0 {
				num = num[:dot]
			}
			if len(num) > 3 {
				return false
			}
		}
		if c := cssOpener(t); c != 0 {
			open = append(open, c)
		} else if c := cssCloser(t); c != 0 && c == open[len(open)-1] {
			// A closer that closes nothing is an ordinary token.
			if open = open[:len(open)-1]; len(open) == 0 {
				return true
			}
		}
	}
}

// cssOpener returns the closer that ends the block t opens, or 0.
func cssOpener(t cssToken) byte {
	switch t.tt {
	case css.FunctionToken, css.LeftParenthesisToken:
		return ')'
	case css.LeftBracketToken:
		return ']'
	case css.LeftBraceToken:
		return '}'
	}
	return 0
}

// cssCloser returns the closer t is, or 0.
func cssCloser(t cssToken) byte {
	switch t.tt {
	case css.RightParenthesisToken, css.RightBracketToken, css.RightBraceToken:
		return t.data[0]
	}
	return 0
}
