package masking

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// maskCSS masks style sheet text, a CSSOM rule's text or the declarations of
// a style attribute (the lexer reads all three alike). It keeps the token
// structure (identifiers, numbers, punctuation, whitespace) byte for byte
// and drops comments, which may carry anything.
//
// When masked is true, every string keeps its quote and its length in code
// points but its content is masked like text (`content:"Jane"` becomes
// `content:"****"`); strings that name a resource (in @import, image-set(),
// image(), src()) become empty, and every url() becomes url(""), which an
// empty URL makes invalid, so a replayer fetches nothing. When masked is
// false, strings are kept and every URL is passed through scrubURL.
//
// It never panics, the result lexes into the same kinds of tokens (bad strings
// and bad URLs become valid empty ones; an escaped u\72l( call becomes one
// url("")) and masking it again changes nothing. It is safe for concurrent
// use if allowParam is.
func maskCSS(src string, masked bool, allowParam func(string) bool) string {
	if src == "" {
		return ""
	}
	// One copy with room for the lexer's terminating NUL spares it a second.
	buf := make([]byte, len(src), len(src)+1)
	copy(buf, src)
	m := cssMasker{
		lexer:  css.NewLexer(parse.NewInputBytes(buf)),
		src:    src,
		masked: masked,
		allow:  allowParam,
		imp:    -1,
	}
	m.run()
	if !m.changed {
		return src
	}
	m.out.WriteString(src[m.flushed:])
	return m.out.String()
}

// cssToken is a token and its offset in the source.
type cssToken struct {
	tt    css.TokenType
	data  []byte
	start int
}

func (t cssToken) end() int { return t.start + len(t.data) }

// cssMasker holds the state of one maskCSS call. Output is built lazily: the
// source is copied up to each replaced token, so CSS that needs no change
// costs no second copy.
type cssMasker struct {
	lexer   *css.Lexer
	pending []cssToken // tokens read ahead and not yet handled
	src     string
	pos     int // offset in src after the last token read
	masked  bool
	allow   func(string) bool

	out     strings.Builder
	flushed int  // offset in src up to which out holds the output
	changed bool // whether out is in use
	last    byte // last byte of the output so far, 0 at the start
	// emptyComment is set while the output ends with an empty comment kept
	// to separate two tokens.
	emptyComment bool

	// closers holds the byte that closes each open block; urlFrame says
	// whether that block is a function whose strings are URLs.
	closers  []byte
	urlFrame []bool
	// imp is the block depth of an @import prelude being read, or -1.
	imp int
	// scratch is reused to decode strings.
	scratch []byte
}

func (m *cssMasker) read() cssToken {
	tt, data := m.lexer.Next()
	t := cssToken{tt, data, m.pos}
	m.pos += len(data)
	return t
}

func (m *cssMasker) next() cssToken {
	if len(m.pending) > 0 {
		t := m.pending[0]
		m.pending = m.pending[1:]
		return t
	}
	return m.read()
}

// peekPastSpace returns the first token that is not whitespace, leaving it
// and any whitespace before it to be read again.
func (m *cssMasker) peekPastSpace() cssToken {
	for i := 0; ; i++ {
		if i == len(m.pending) {
			m.pending = append(m.pending, m.read())
		}
		if t := m.pending[i]; t.tt != css.WhitespaceToken {
			return t
		}
	}
}

// keep leaves a token as the source spells it.
func (m *cssMasker) keep(t cssToken) {
	if len(t.data) > 0 {
		m.last = t.data[len(t.data)-1]
		m.emptyComment = false
	}
}

// replace puts s in place of the source from start to end.
func (m *cssMasker) replace(start, end int, s string) {
	if !m.changed {
		m.changed = true
		m.out.Grow(len(m.src))
	}
	m.out.WriteString(m.src[m.flushed:start])
	m.out.WriteString(s)
	m.flushed = end
	if s != "" {
		m.last = s[len(s)-1]
		m.emptyComment = false
	}
}

func (m *cssMasker) run() {
	for {
		t := m.next()
		switch t.tt {
		case css.ErrorToken:
			return
		case css.CommentToken:
			m.dropComment(t)
			continue
		case css.StringToken, css.BadStringToken:
			m.string(t)
			continue
		case css.URLToken, css.BadURLToken:
			m.urlToken(t)
			continue
		case css.FunctionToken:
			name := decodeCSS(t.data[:len(t.data)-1], 0)
			if asciiEqualFold(name, "url") && !m.urlFunction(t) {
				continue
			}
			m.open(')', isURLFunction(name))
		case css.LeftParenthesisToken:
			m.open(')', false)
		case css.LeftBracketToken:
			m.open(']', false)
		case css.LeftBraceToken:
			m.endImport()
			m.open('}', false)
		case css.RightParenthesisToken, css.RightBracketToken, css.RightBraceToken:
			m.endImport()
			m.close(t.data[0])
		case css.SemicolonToken:
			m.endImport()
		case css.AtKeywordToken:
			if asciiEqualFold(decodeCSS(t.data[1:], 0), "import") {
				m.imp = len(m.closers)
			}
		}
		m.keep(t)
	}
}

func (m *cssMasker) open(closer byte, url bool) {
	m.closers = append(m.closers, closer)
	m.urlFrame = append(m.urlFrame, url)
}

// close ends the innermost block if c closes it; a stray closer is an
// ordinary token inside a block, as in browsers.
func (m *cssMasker) close(c byte) {
	if n := len(m.closers); n > 0 && m.closers[n-1] == c {
		m.closers = m.closers[:n-1]
		m.urlFrame = m.urlFrame[:n-1]
	}
}

// endImport ends an @import prelude at a ';', '{' or '}' of its own level.
func (m *cssMasker) endImport() {
	if m.imp >= len(m.closers) {
		m.imp = -1
	}
}

// inURL reports whether a string read now names a resource.
func (m *cssMasker) inURL() bool {
	n := len(m.closers)
	return m.imp == n || n > 0 && m.urlFrame[n-1]
}

// isURLFunction reports whether the strings directly inside function name
// are URLs.
func isURLFunction(name string) bool {
	for _, f := range [...]string{"url", "src", "image-set", "-webkit-image-set", "image"} {
		if asciiEqualFold(name, f) {
			return true
		}
	}
	return false
}

// dropComment drops a comment, leaving an empty one only where the tokens on
// either side would otherwise run together (a/**/b, or / and * forming a new
// comment). One empty comment is enough for a run of comments.
func (m *cssMasker) dropComment(t cssToken) {
	next := m.nextSignificant()
	if m.emptyComment || m.last == 0 || next == 0 || isCSSSeparator(m.last) || (next != '(' && isCSSSeparator(next)) {
		m.replace(t.start, t.end(), "")
		return
	}
	if string(t.data) != "/**/" {
		m.replace(t.start, t.end(), "/**/")
	} else {
		m.keep(t)
	}
	m.emptyComment = true
}

// nextSignificant returns the first byte after the token just read that does
// not belong to a comment, or 0 at the end.
func (m *cssMasker) nextSignificant() byte {
	if len(m.pending) > 0 {
		if d := m.pending[0].data; len(d) > 0 {
			return d[0]
		}
		return 0
	}
	rest := m.src[m.pos:]
	for strings.HasPrefix(rest, "/*") {
		end := strings.Index(rest[2:], "*/")
		if end < 0 {
			return 0
		}
		rest = rest[end+4:]
	}
	if rest == "" {
		return 0
	}
	return rest[0]
}

// isCSSSeparator reports whether c is whitespace or a one-byte token that
// never joins with what is next to it ('(' joins an identifier before it).
func isCSSSeparator(c byte) bool {
	return strings.IndexByte(" \t\n\r\f;:,(){}[]", c) >= 0
}

func (m *cssMasker) string(t cssToken) {
	quote := t.data[0]
	empty := `""`
	if quote == '\'' {
		empty = "''"
	}
	switch {
	case t.tt == css.BadStringToken:
		if m.masked || m.inURL() {
			m.replace(t.start, t.end(), empty)
			return
		}
	case m.inURL():
		if m.masked {
			if len(t.data) != 2 || t.data[1] != quote {
				m.replace(t.start, t.end(), empty)
				return
			}
			break
		}
		value := decodeCSS(t.data[1:], quote)
		if scrubbed := scrubURL(value, m.allow); scrubbed != value {
			m.replace(t.start, t.end(), encodeCSSString(scrubbed, quote))
			return
		}
	case m.masked && !plainMaskedString(t.data):
		m.scratch = appendDecodedCSS(m.scratch[:0], t.data[1:], quote)
		m.replace(t.start, t.end(), "")
		writeMaskedCSSString(&m.out, m.scratch, quote)
		m.last, m.emptyComment = quote, false
		return
	}
	m.keep(t)
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

func (m *cssMasker) urlToken(t cssToken) {
	if m.masked || t.tt == css.BadURLToken {
		if string(t.data) != emptyCSSURL {
			m.replace(t.start, t.end(), emptyCSSURL)
		} else {
			m.keep(t)
		}
		return
	}
	value := urlTokenValue(t.data)
	if scrubbed := scrubURL(value, m.allow); scrubbed != value {
		m.replace(t.start, t.end(), "url("+encodeCSSString(scrubbed, '"')+")")
		return
	}
	m.keep(t)
}

// emptyCSSURL is what every masked URL becomes: an empty url() is invalid by
// specification, so nothing is fetched.
const emptyCSSURL = `url("")`

// urlFunction handles a url( that the lexer saw as the function fn because
// its name is escaped (u\72l( ), though browsers read it as url(. A quoted
// argument in a recorded area is handled as a string in a URL function
// (it returns true); otherwise the whole call up to its ')' becomes url("").
func (m *cssMasker) urlFunction(fn cssToken) bool {
	if !m.masked {
		if t := m.peekPastSpace(); t.tt == css.StringToken {
			return true
		}
	}
	for {
		t := m.next()
		if t.tt == css.ErrorToken || t.tt == css.RightParenthesisToken {
			m.replace(fn.start, t.end(), emptyCSSURL)
			return false
		}
	}
}

// urlTokenValue returns the URL inside a url token, with escapes decoded.
func urlTokenValue(data []byte) string {
	body := data[bytes.IndexByte(data, '(')+1:]
	body = bytes.TrimLeft(body, " \t\n\r\f")
	if len(body) > 0 && (body[0] == '"' || body[0] == '\'') {
		return decodeCSS(body[1:], body[0])
	}
	return strings.TrimRight(decodeCSS(body, ')'), " \t\n\r\f")
}

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
		case c == end:
			return dst
		case c == 0:
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i++
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
// regard to case, everything else exactly.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
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
