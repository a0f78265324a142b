package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// Telling a selector from a declaration. A statement that starts with a
// name and a ':' (a:hover, color:red) is a style rule's selector list when
// a '{' comes before the statement ends, a declaration otherwise. A ';' or
// '}' inside brackets ends nothing: hannelore:is(jane;doe) { … } and
// hannelore[a=;] { … } are rules whose names are type selectors, as
// color: if(style(--x): red; else: blue) is one declaration. At a style
// sheet's top level there are no declarations at all: quixote:hover;{ … }
// is one invalid rule, which browsers drop (droppedRule). A statement
// the scan misreads the other way only loses fidelity: its names are
// mapped as a selector's, which masks every one of them (fail closed).

// cssStatementStop returns the offset of what ends, for that purpose, the
// statement or name starting at src[i]: the first '{' at any depth, or the
// first ';' or '}' outside brackets, or a ')' or ']' closing a block the
// statement started in; -1 at the end of src or in a comment that never
// ends.
//
// Each statement is scanned once up to where the next one may start: a
// '{' opens a block for the masker too, and a ';' or '}' outside brackets
// ends its statement; a ';' or '}' inside brackets starts no statement
// there either, since the masker closes a block only with its own closer
// while the scan counts every closer.
func cssStatementStop(src string, i int) int {
	depth := 0
	for ; i < len(src); i++ {
		j, closed := cssSkipped(src, i)
		if !closed {
			return -1
		}
		if j != i {
			i = j
			continue
		}
		switch src[i] {
		case '(', '[':
			depth++
		case ')', ']':
			if depth == 0 {
				return i
			}
			depth--
		case ';', '}':
			if depth == 0 {
				return i
			}
		case '{':
			return i
		}
	}
	return -1
}

// braceAfter reports whether a '{' outside strings and comments comes
// after src[i]: then the text is a style sheet, not a style attribute's
// declarations. A brace in a custom property's value (--x: {a}), which a
// style attribute may hold, does not count.
func (m *cssMasker) braceAfter(i int) bool {
	if !m.braceScanned {
		m.braceScanned, m.lastBrace = true, lastRuleBrace(m.src)
	}
	return i < m.lastBrace
}

// lastRuleBrace returns the offset of the last '{' of src outside strings,
// comments and the statements, at depth 0, that start with "--"; -1 when
// there is none.
func lastRuleBrace(src string) int {
	last, depth, start, custom := -1, 0, true, false
	for k := 0; k < len(src); k++ {
		j, closed := cssSkipped(src, k)
		if !closed {
			break
		}
		c := src[k]
		if j == k && isHTMLSpace(c) {
			continue
		}
		if start {
			start, custom = false, cssStartsDashed(src[k:])
		}
		if j != k {
			k = j
			continue
		}
		switch c {
		case '{':
			if !custom {
				last = k
			}
			depth++
		case '(', '[':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
			start = c == '}' && depth == 0
		case ';':
			start = depth == 0
		}
	}
	return last
}

// droppedRule reports whether the statement t starts at a style sheet's top
// level is a rule a browser drops whole, prelude and block. A qualified
// rule's prelude runs to its '{' (CSS Syntax 3: a ';' or a stray '}' there
// ends nothing), so hannelore; .a { … } is one rule whose selector list is
// invalid, and one whose prelude starts as a custom property's declaration
// (--x: hannelore; .a { … }) is none either. Its names are then no
// selector's: none becomes structural, and its words go as a stray
// statement's (strayStatement) in every mode.
func (m *cssMasker) droppedRule(t cssToken) bool {
	if len(m.frames) != 0 || t.tt == css.AtKeywordToken {
		return false
	}
	end := cssStatementStop(m.src, t.start)
	if end < 0 || !m.braceAfter(end) {
		return false // no rule follows: a style attribute's declarations, or a stray statement
	}
	return m.src[end] != '{' || m.dashedIdent(t) && m.peekSignificant().tt == css.ColonToken
}

// cssStartsDashed reports whether s starts with two '-' once its escapes
// are decoded: "--x", and "\--x" or "\2d \2d x", whose values are "--x"
// too (the lexer reads those as plain idents).
func cssStartsDashed(s string) bool {
	if strings.HasPrefix(s, "--") {
		return true
	}
	if s == "" || (s[0] != '\\' && s[0] != '-') {
		return false
	}
	var buf [32]byte
	n := min(len(s), 2*cssMaxEscape)
	return strings.HasPrefix(string(appendDecodedCSS(buf[:0], []byte(s[:n]), 0)), "--")
}

// cssMaxEscape is the longest escape: '\\', six hex digits and a space
// (CRLF counts as one).
const cssMaxEscape = 9

// dashedIdent reports whether t is an ident whose value starts with "--",
// as CSS Syntax 3 tests a prelude: spelled so, or with escapes (\--x,
// whose value is "--x" too, lexes as a plain ident).
func (m *cssMasker) dashedIdent(t cssToken) bool {
	if t.tt == css.CustomPropertyNameToken {
		return true
	}
	return t.tt == css.IdentToken && strings.HasPrefix(m.decoded(m.text(t)), "--")
}

// cssMixedBlock reports whether the value starting at src[i], a custom
// property's, holds a {}-block beside other tokens (--x: {a} hannelore):
// CSS takes a {}-block only as a property's whole value, so whatever such
// a value fills in through var() is invalid, and it styles nothing.
func cssMixedBlock(src string, i int) bool {
	depth, block, other := 0, false, false
	for ; i < len(src); i++ {
		j, closed := cssSkipped(src, i)
		if !closed {
			break
		}
		c := src[i]
		switch {
		case depth == 0 && (c == ';' || c == '}' || c == ')' || c == ']' || c == '!'):
			return block && other
		case c == '{':
			block = block || depth == 0
			depth++
		case c == '(' || c == '[':
			other = other || depth == 0
			depth++
		case c == '}' || c == ')' || c == ']':
			depth--
		case depth == 0 && !isCSSSpace(c) && !(j != i && c == '/'):
			other = true
		}
		i = j
	}
	return block && other
}
