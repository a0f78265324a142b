package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// Text that CSS draws across rules. An element's ::before and ::after draw
// their content strings side by side, though a sheet writes them in two
// rules (.m::before{content:"mary.major"} .m::after{content:"@example.net"}),
// so one value never holds the whole address. Where the strings of a node
// that is recorded stay in clear, the detectors also read each content
// value's text joined with the next one's in the sheet; a match that neither
// holds alone masks both values whole.

// cssDrawnValue is the text of one content declaration's strings, and where
// its property name starts in the source.
type cssDrawnValue struct {
	start int
	text  string
}

// cssDrawnPII returns, in source order, where the property names of the
// content declarations start whose text reads as PII only together with
// their neighbour's. It lexes src a second time, so it only runs where
// strings stay in clear and src has a string at all; it counts each joined
// match once through scrub.
func cssDrawnPII(src string, scrub func(string) string) []int {
	if scrub == nil || strings.IndexAny(src, `"'`) < 0 {
		return nil
	}
	values := cssDrawnValues(src)
	var marked []int
	for i := 1; i < len(values); i++ {
		a, b := values[i-1].text, values[i].text
		if a == "" || b == "" || !hasPII(a+b) || hasPII(a) || hasPII(b) {
			continue
		}
		scrub(a + b) // counts the match; both values are masked whole
		if len(marked) == 0 || marked[len(marked)-1] != values[i-1].start {
			marked = append(marked, values[i-1].start)
		}
		marked = append(marked, values[i].start)
	}
	return marked
}

// cssDrawnValues reads the strings of every content declaration in src:
// the name content (escapes decoded) at the start of a statement, then ':',
// then everything up to a ';' or a closer at its level.
func cssDrawnValues(src string) []cssDrawnValue {
	buf := make([]byte, len(src), len(src)+1)
	copy(buf, src)
	lexer := css.NewLexer(parse.NewInputBytes(buf))
	var values []cssDrawnValue
	var text []byte
	pos, depth := 0, 0
	stmt := true // a declaration may start here
	name := -1   // where a name "content" at a statement's start begins, until its ':'
	value := -1  // where the name of the value being read begins
	for {
		tt, data := lexer.Next()
		start := pos
		pos += len(data)
		switch tt {
		case css.WhitespaceToken, css.CommentToken:
			continue
		}
		t := cssToken{tt: tt, data: data}
		if value >= 0 {
			switch {
			case tt == css.StringToken || tt == css.BadStringToken:
				text = appendDecodedCSS(text, data[1:], data[0])
				continue
			case cssOpener(t) != 0:
				depth++
				continue
			case depth > 0 && cssCloser(t) != 0:
				depth--
				continue
			case tt != css.ErrorToken && tt != css.SemicolonToken && cssCloser(t) == 0:
				continue
			}
			values = append(values, cssDrawnValue{value, string(text)})
			value, text = -1, text[:0]
		}
		switch {
		case tt == css.ErrorToken:
			return values
		case tt == css.ColonToken && name >= 0:
			value, depth = name, 0
			name = -1
		case stmt && tt == css.IdentToken && asciiEqualFold(decodeCSS(data, 0), "content"):
			name = start
		default:
			name = -1
		}
		stmt = tt == css.SemicolonToken || tt == css.LeftBraceToken || tt == css.RightBraceToken
	}
}

// drawnPII reports whether the declaration whose name starts at offset start
// is one cssDrawnPII marked. Declarations are started in source order.
func (m *cssMasker) drawnPII(start int) bool {
	for len(m.drawn) > 0 && m.drawn[0] < start {
		m.drawn = m.drawn[1:]
	}
	return len(m.drawn) > 0 && m.drawn[0] == start
}
