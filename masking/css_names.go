package masking

import (
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2/css"
)

// Names in CSS: identifiers, custom property names, function names,
// at-keywords, hash names and dimension units. Each is kept (through the
// PII detectors), renamed (an attribute name) or masked as a run of escaped
// '*', which is still a name of the same kind.

// cssNameKind says how a name is written back.
type cssNameKind uint8

const (
	cssIdentName cssNameKind = iota // must start like an identifier
	cssHashName                     // after '#': may start with a digit
	cssUnitName                     // a dimension's unit: must not read as an exponent
)

// name handles a token that is a name with, around it, the punctuation of
// its kind (@, #, '(').
func (m *cssMasker) name(t cssToken) {
	raw := m.text(t)
	lo, hi, kind := 0, len(raw), cssIdentName
	switch t.tt {
	case css.AtKeywordToken:
		lo = 1
	case css.HashToken:
		lo, kind = 1, cssHashName
	case css.FunctionToken:
		hi--
	}
	out, ok := m.nameOut(t, raw[lo:hi], kind)
	if !ok {
		m.keep(t)
		return
	}
	if t.tt == css.FunctionToken && strings.HasPrefix(out, "--") {
		// The lexer reads --name( as a custom property name and a '(';
		// the source was a function (\--name( ), so it stays one.
		out = `\` + out
	}
	m.rewrite(t.start, t, raw[:lo]+out+raw[hi:])
}

// nameOut decides one name, spelled text in the source, of token t. It
// returns what replaces it, or ok false to keep it.
func (m *cssMasker) nameOut(t cssToken, text string, kind cssNameKind) (out string, ok bool) {
	escaped := strings.IndexByte(text, '\\') >= 0
	mode := m.valueMode()
	if mode == cssValueClear || mode == cssValueCustom {
		if out, ok := m.dashedName(t, text); ok {
			return out, true
		}
	}
	switch mode {
	case cssValueAttr:
		if m.attrFlag(t, text) {
			return "", false
		}
		decoded := m.decoded(text)
		out, ok := "", false
		if t.tt == css.IdentToken || t.tt == css.CustomPropertyNameToken {
			out, ok = m.attrValueOut(decoded)
		}
		switch {
		case !ok:
			return maskedCSSName(decoded), true
		case out != decoded:
			return encodeCSSName(out, cssIdentName), true
		}
	case cssValueAll:
		return maskedCSSName(m.decoded(text)), true
	case cssValueCustom:
		// A counter style's symbols draw a dashed name as they draw any
		// (symbols: --jane-doe): unless it is var()'s reference, it is
		// masked where dashedName has not mapped it (block-list keeps
		// author names).
		drawnDashed := m.decl.kind == cssDeclSymbols && t.tt == css.CustomPropertyNameToken && !m.varReference(t)
		if !cssCustomNameKept(t.tt, text, kind, escaped) || drawnDashed {
			return maskedCSSName(m.decoded(text)), true
		}
		if t.tt == css.HashToken {
			return "", false // a hex colour: not for the detectors
		}
	default:
		if out, ok := m.authorIdent(t, text); ok {
			return out, true
		}
		if out, ok := m.nsPrefix(t, text); ok {
			return out, true
		}
		if out, decided := m.unknownName(t, text); decided {
			if out != "" {
				return out, true
			}
			return m.scrubName(text, kind)
		}
		if m.isAttrName(t) {
			m.frames[len(m.frames)-1].attrSel = m.decoded(text)
			if m.p.attrName != nil {
				return m.renameAttr(text)
			}
			// Without a renaming, an attribute name is a name like any other.
		}
		if out, ok := m.selectorIdent(t, text); ok {
			return out, true
		}
		if t.tt == css.HashToken && isCSSHexColor(text) {
			return "", false // a colour (#000000), never a name: not for the detectors
		}
		if out, ok := m.typeName(t, text); ok {
			return out, true
		}
		if m.p.masked && escaped && !m.inFont() && cssEscapesHideText(text) {
			return maskedCSSName(m.decoded(text)), true
		}
	}
	return m.scrubName(text, kind)
}

// selectorIdent maps the name of a class selector (.name) or an id
// selector (#name) as p.identName says; ok is false to leave it to the other
// checks. In a declaration's value a class name cannot stand and an id only
// where the source is a selector the lexer read as a declaration
// (a:hover #x): mapped, but never made structural; a hex hash there is a
// colour.
func (m *cssMasker) selectorIdent(t cssToken, text string) (string, bool) {
	if m.p.identName == nil || m.decl.value && m.decl.kind != cssDeclOther {
		return "", false
	}
	ident := t.tt == css.IdentToken || t.tt == css.CustomPropertyNameToken // (.--jane-doe lexes as the latter)
	switch {
	case ident && t.start > 0 && m.src[t.start-1] == '.':
	case t.tt == css.HashToken && !(m.decl.value && isCSSHexColor(text)):
	case ident && m.inPart():
	default:
		return "", false
	}
	// A name spelled with escapes that hide text, in a masked node, names
	// nothing structural: it is mapped, never decided kept.
	named := !m.decl.value && !(m.p.masked && cssEscapesHideText(text))
	decoded := m.decoded(text)
	out := m.p.identName(decoded, named)
	if out == decoded {
		return m.scrubName(text, cssHashNameIf(t.tt == css.HashToken))
	}
	return encodeCSSName(out, cssHashNameIf(t.tt == css.HashToken)), true
}

// cssHashNameIf is the kind of a name after '#' (hash) or of an identifier.
func cssHashNameIf(hash bool) cssNameKind {
	if hash {
		return cssHashName
	}
	return cssIdentName
}

// scrubName runs the PII detectors on a name kept in clear.
func (m *cssMasker) scrubName(text string, kind cssNameKind) (string, bool) {
	if m.p.scrub == nil {
		return "", false
	}
	decoded := m.decoded(text)
	scrubbed := m.p.scrub(decoded)
	if scrubbed == decoded {
		return "", false
	}
	return encodeCSSName(scrubbed, kind), true
}

// typeName renames a name that can be a type selector as p.typeName says,
// telling it where the name stands (typeUse).
func (m *cssMasker) typeName(t cssToken, text string) (string, bool) {
	if m.p.typeName == nil || t.tt != css.IdentToken {
		return "", false
	}
	decoded := m.decoded(text)
	use, ok := m.typeUse(t, decoded)
	if !ok {
		return "", false
	}
	out := m.p.typeName(decoded, use)
	if out == decoded {
		return "", false
	}
	return encodeCSSName(out, cssIdentName), true
}

// propertyName reports whether the name being read, which started a
// declaration, is a property's: what follows its ':' at its own level
// ends at ';', '}' or the enclosing block's closer, where a selector
// (x-card:hover, nested or not) goes on to a '{' (css_statement.go). A property's name
// (min-width) names no element, so it must not decide one kept or hashed.
func (m *cssMasker) propertyName(t cssToken) bool {
	if m.decl.kind == cssDeclNone || m.decl.value || m.decl.depth != len(m.frames) {
		return false
	}
	end := cssStatementStop(m.src, t.end())
	return end < 0 || m.src[end] != '{'
}

// cssSkipped returns the index of the last byte of what starts at src[i]
// and a scan for punctuation passes over whole: an escape, a string (to its
// closing quote, a newline or the end), a comment or an unquoted url(); i
// itself when src[i] starts none of them. closed is false for a comment that never ends.
func cssSkipped(src string, i int) (last int, closed bool) {
	if c := src[i]; (c|0x20 == 'u' || c == '\\') && (i == 0 || !isCSSNameByte(src[i-1])) {
		// url(…) unquoted is one token up to its ')', whatever it holds: a
		// '{' in it ends no statement (and masking drops it, so a second
		// pass would read the statement otherwise)
		if end, ok := unquotedURLAt(src, i); ok {
			return end, true
		}
	}
	switch c := src[i]; c {
	case '\\':
		return cssEscapeEnd(src, i), true
	case '"', '\'':
		// a newline (\n, \r or \f, as CSS reads them) ends a string
		for i++; i < len(src) && src[i] != c && src[i] != '\n' && src[i] != '\r' && src[i] != '\f'; i++ {
			if src[i] == '\\' {
				i = cssEscapeEnd(src, i)
			}
		}
		return i, true
	case '/':
		if i+1 < len(src) && src[i+1] == '*' {
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return len(src), false
			}
			return i + end + 3, true
		}
	}
	return i, true
}

// unquotedURLAt reports whether a url( starts at src[i] (its name spelled
// with escapes or not: u\72l( is one too) that the lexer reads as one
// token, quoted or not, and the index of its ')' (the end of src when there
// is none).
func unquotedURLAt(src string, i int) (end int, ok bool) {
	j, escaped, escapes := i, false, false
	for j < len(src) && j-i < 32 && (isCSSNameByte(src[j]) || escaped && isHTMLSpace(src[j])) {
		escaped = escaped && isHexDigit(src[j])
		if src[j] == '\\' {
			j++
			escaped, escapes = true, true
		}
		j++
	}
	if j >= len(src) || src[j] != '(' {
		return 0, false
	}
	if name := src[i:j]; !asciiEqualFold(name, "url") && (!escapes || !asciiEqualFold(decodeCSS([]byte(name), 0), "url")) {
		return 0, false
	}
	k := j + 1
	for k < len(src) && isHTMLSpace(src[k]) {
		k++
	}
	if k < len(src) && (src[k] == '"' || src[k] == '\'') {
		// url("…"), which the lexer reads as one token too: the string,
		// then its ')' or, when anything else comes first, a bad URL
		// through the next ')' (url(""{ holds its '{')
		q := src[k]
		for k++; k < len(src) && src[k] != q; k++ {
			if c := src[k]; c == '\\' {
				k = cssEscapeEnd(src, k)
			} else if c == '\n' || c == '\r' || c == '\f' {
				break // a bad string: a bad URL
			}
		}
		if k < len(src) && src[k] == q {
			for k++; k < len(src) && isHTMLSpace(src[k]); k++ {
			}
		}
	}
	for ; k < len(src); k++ {
		switch src[k] {
		case '\\':
			k = cssEscapeEnd(src, k)
		case ')':
			return k, true
		}
	}
	return len(src), true
}

// cssEscapeEnd returns the index of the last byte of the escape whose '\'
// is src[i], as the lexer reads it: the byte after the '\', or, when that
// byte starts a UTF-8 sequence, as many bytes as its first one says, valid
// or not (a '\', the byte 0xCC and a '{' are one escape: that '{' ends no
// statement). A hex escape's further digits and space hold nothing a scan
// looks for.
func cssEscapeEnd(src string, i int) int {
	i++
	if i >= len(src) {
		return len(src) - 1
	}
	c, rest := src[i], len(src)-i
	switch {
	case c < 0xC0 || rest < 2:
		return i
	case c < 0xE0 || rest < 3:
		return i + 1
	case c < 0xF0 || rest < 4:
		return i + 2
	}
	return i + 3
}

// isCSSNameByte reports whether c may continue a CSS name (ASCII letters,
// digits, '-', '_', '\\' and any non-ASCII byte).
func isCSSNameByte(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '\\' || c >= 0x80
}

// renamed reports whether typeName renames t, a name in a value.
func (m *cssMasker) renamed(t cssToken) bool {
	_, ok := m.typeName(t, m.text(t))
	return ok
}

// inPart reports whether the innermost open block is ::part()'s, whose
// names are the part= tokens of the elements it styles.
func (m *cssMasker) inPart() bool {
	n := len(m.frames)
	return n > 0 && m.frames[n-1].fn == cssFnPart
}

// isAttrName reports whether t names an element's attribute: in an
// attribute selector, a name directly inside '[' before the operator that is
// not a namespace prefix (ns|name); in attr(), its first name.
func (m *cssMasker) isAttrName(t cssToken) bool {
	n := len(m.frames)
	if n == 0 || (t.tt != css.IdentToken && t.tt != css.CustomPropertyNameToken) {
		return false
	}
	f := &m.frames[n-1]
	selector := f.closer == ']' && f.attr == cssAttrBeforeOp
	if !selector && !(f.attrFn && f.attrSel == "") {
		return false
	}
	next := m.peekSignificant()
	return next.tt != css.DelimToken || next.data[0] != '|'
}

// renameAttr maps an attribute name as p.attrName says. A name spelled with
// escapes is written plainly: the engine emits the attribute under the
// decoded name, which hides nothing.
func (m *cssMasker) renameAttr(text string) (string, bool) {
	decoded := m.decoded(text)
	renamed := m.p.attrName(decoded)
	if renamed == decoded && strings.IndexByte(text, '\\') < 0 {
		return "", false
	}
	out := encodeCSSName(renamed, cssIdentName)
	if m.p.masked && cssEscapesHideText(out) {
		// No attribute name needs a hex escape (a control character, a
		// leading digit): fail closed.
		return maskedCSSName(renamed), true
	}
	return out, true
}

// decoded returns the name spelled text with its escapes decoded; without
// escapes it is text itself.
func (m *cssMasker) decoded(text string) string {
	if strings.IndexByte(text, '\\') < 0 {
		return text
	}
	m.scratch = appendDecodedCSS(m.scratch[:0], []byte(text), 0)
	return string(m.scratch)
}

// cssEscapesHideText reports whether a name's source has an escape that can
// spell a letter, a digit or anything beyond ASCII punctuation and space:
// hex escapes (\4a), escaped letters (\J), non-ASCII and control characters.
// Escaped punctuation (md\:flex) hides nothing a reader would not see.
func cssEscapesHideText(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] != '\\' {
			continue
		}
		i++
		if i == len(text) {
			return true
		}
		c := text[i]
		if c <= ' ' && c != ' ' || c >= 0x7f || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// maskedCSSName is what a masked name becomes: one escaped '*' per code point
// of its decoded text, after a leading "--" that keeps a custom property
// name one (var(--\*\*\*) still refers to --\*\*\*).
func maskedCSSName(decoded string) string {
	var b strings.Builder
	if rest, ok := strings.CutPrefix(decoded, "--"); ok {
		writeStr(&b, "--")
		decoded = rest
	}
	n := utf8.RuneCountInString(decoded)
	b.Grow(2 * n)
	for range n {
		writeStr(&b, `\*`)
	}
	return b.String()
}

// encodeCSSName writes s as a name of the given kind, escaping what cannot
// stand in one, as CSSOM serializes identifiers, so that the lexer reads it
// back as one name whose decoded text is s.
func encodeCSSName(s string, kind cssNameKind) string {
	if s == "" {
		return `\*` // no name is empty; fail closed to a masked one
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := s[i]
		switch {
		case c == 0:
			writeStr(&b, "\ufffd")
		case c < 0x20 || c == 0x7f:
			writeCSSHexEscape(&b, c)
		case c >= utf8.RuneSelf:
			if r == utf8.RuneError && size == 1 {
				writeStr(&b, "\ufffd") // as the lexer would read it
			} else {
				writeStr(&b, s[i:i+size])
			}
		case kind != cssHashName && i == 0 && '0' <= c && c <= '9',
			kind != cssHashName && i == 1 && s[0] == '-' && '0' <= c && c <= '9',
			kind == cssUnitName && i == 0 && (c == 'e' || c == 'E') && readsAsExponent(s[1:]):
			writeCSSHexEscape(&b, c)
		case kind != cssHashName && i == 0 && c == '-' && len(s) == 1:
			writeStr(&b, `\-`)
		case c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			writeByte(&b, c)
		default:
			writeByte(&b, '\\')
			writeByte(&b, c)
		}
		i += size
	}
	return b.String()
}

// readsAsExponent reports whether what follows an 'e' after a number would
// make the lexer read it as the number's exponent: a digit, or a sign and a
// digit.
func readsAsExponent(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && '0' <= s[0] && s[0] <= '9'
}

// varReference reports whether t is var()'s first argument: var(--x).
func (m *cssMasker) varReference(t cssToken) bool {
	i := t.start
	for i > 0 && isCSSSpace(m.src[i-1]) {
		i--
	}
	return i >= 4 && asciiEqualFold(m.src[i-4:i], "var(") && (i == 4 || !isCSSNameByte(m.src[i-5]))
}
