package rules

import (
	"strings"
	"unicode/utf8"
)

// The selector parser's token readers (An+B, names, escapes, strings; CSS Syntax). Parsing is
// cold: its helpers here and in selector_semantics_parse.go are go:noinline (−3 KB brotli).

// anPlusB parses the An+B microsyntax of :nth-*() arguments, in the forms
// CSS Syntax allows (odd, even, 3, -n+2, 2n- 1, 2n + 1, …).
func (p *selParser) anPlusB() (a, b int, err error) {
	bad := selError("invalid :nth-*() argument: expected an+b, odd or even")
	// The An+B part ends at ')' or at " of " (the selector list may hold
	// escapes).
	arg := p.s[p.i:]
	for i := 0; i < len(arg); i++ {
		if arg[i] == ')' || isSpace(arg[i]) && i+3 < len(arg) && arg[i+1:i+3] == "of" && isSpace(arg[i+3]) {
			arg = arg[:i]
			break
		}
	}
	if strings.IndexByte(arg, '\\') >= 0 {
		return 0, 0, selError("escapes inside :nth-*() arguments are not accepted; write n, odd or even plainly")
	}
	if p.identStart() && p.peek() != '-' && p.peek() != 'n' && p.peek() != 'N' {
		save := p.i
		switch lowerASCII(p.ident()) {
		case "odd":
			return 2, 1, nil
		case "even":
			return 2, 0, nil
		}
		p.i = save
		return 0, 0, bad
	}
	sign := 1
	switch p.peek() {
	case '+':
		p.i++
	case '-':
		sign = -1
		p.i++
	}
	digits := p.digits()
	if p.peek() != 'n' && p.peek() != 'N' {
		if digits == "" {
			return 0, 0, bad
		}
		if p.nameCharHere() {
			return 0, 0, bad
		}
		return 0, sign * atoiClamp(digits), nil
	}
	p.i++ // n
	a = sign
	if digits != "" {
		a = sign * atoiClamp(digits)
	}
	// "n-1" is one identifier token: the dash and digits follow at once.
	// Chromium reads those digits as an int and rejects an overflow.
	if p.peek() == '-' && p.i+1 < len(p.s) && isDigit(p.s[p.i+1]) {
		p.i++
		b = -atoiClamp(p.digits())
		if p.nameCharHere() || b < -1<<31 {
			return 0, 0, bad
		}
		return a, b, nil
	}
	if p.peek() == '-' {
		// "n- 1": the dash ends the identifier, a signless integer follows.
		p.i++
		p.skipSpace()
		d := p.digits()
		if d == "" || p.nameCharHere() {
			return 0, 0, bad
		}
		return a, -atoiClamp(d), nil
	}
	if p.nameCharHere() {
		return 0, 0, bad
	}
	save := p.i
	p.skipSpace()
	if c := p.peek(); c == '+' || c == '-' {
		p.i++
		p.skipSpace() // "2n + 1" and "2n +1" are both valid
		d := p.digits()
		if d == "" || p.nameCharHere() {
			return 0, 0, bad
		}
		b = atoiClamp(d)
		if c == '-' {
			b = -b
		}
		return a, b, nil
	}
	p.i = save
	return a, 0, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

//go:noinline
func (p *selParser) digits() string {
	start := p.i
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// atoiClamp reads decimal digits, clamped above int32 (2^31+1 stands for
// any larger value).
func atoiClamp(d string) int {
	const limit = 1<<31 + 1
	v := 0
	for i := 0; i < len(d); i++ {
		v = v*10 + int(d[i]-'0')
		if v > limit {
			return limit
		}
	}
	return v
}

// nameCharHere reports whether an identifier character (or escape) follows,
// which would make the preceding token something else.
//
//go:noinline
func (p *selParser) nameCharHere() bool {
	if p.eof() {
		return false
	}
	c := p.s[p.i]
	return isNameChar(c) || c == '\\'
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isNameChar(c byte) bool { return isNameStart(c) || isDigit(c) || c == '-' }

// validEscape reports whether a backslash at i starts an escape (it is not
// followed by a newline; at the end it stands for U+FFFD, as in Chromium).
//
//go:noinline
func (p *selParser) validEscape(i int) bool {
	return i < len(p.s) && p.s[i] == '\\' && (i+1 == len(p.s) || p.s[i+1] != '\n' && p.s[i+1] != '\r' && p.s[i+1] != '\f')
}

// identStart reports whether an identifier starts here (CSS Syntax, "would
// start an ident sequence").
//
//go:noinline
func (p *selParser) identStart() bool {
	if p.eof() {
		return false
	}
	c := p.s[p.i]
	switch {
	case isNameStart(c):
		return true
	case c == '\\':
		return p.validEscape(p.i)
	case c == '-':
		if p.i+1 >= len(p.s) {
			return false
		}
		d := p.s[p.i+1]
		return isNameStart(d) || d == '-' || p.validEscape(p.i+1)
	}
	return false
}

// ident consumes an identifier and returns it with escapes resolved. The
// caller has checked identStart.
//
//go:noinline
func (p *selParser) ident() string {
	var b textWriter
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case isNameChar(c):
			b.byte(c)
			p.i++
		case p.validEscape(p.i):
			p.escape(&b)
		default:
			return string(b.b)
		}
	}
	return string(b.b)
}

// escape consumes a backslash escape at p.i (CSS Syntax, "consume an escaped
// code point").
func (p *selParser) escape(b *textWriter) {
	p.i++ // backslash
	if p.eof() {
		b.rune(utf8.RuneError)
		return
	}
	if !isHex(p.s[p.i]) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		b.rune(r)
		p.i += size
		return
	}
	var r rune
	for n := 0; n < 6 && p.i < len(p.s) && isHex(p.s[p.i]); n++ {
		r = r<<4 | rune(hexVal(p.s[p.i]))
		p.i++
	}
	if p.i < len(p.s) && isSpace(p.s[p.i]) {
		if p.s[p.i] == '\r' && p.i+1 < len(p.s) && p.s[p.i+1] == '\n' {
			p.i++
		}
		p.i++
	}
	if r == 0 || r > utf8.MaxRune || (r >= 0xd800 && r <= 0xdfff) {
		r = utf8.RuneError
	}
	b.rune(r)
}

// str consumes a quoted string.
//
//go:noinline
func (p *selParser) str() (string, error) {
	quote := p.s[p.i]
	p.i++
	var b textWriter
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == quote:
			p.i++
			return string(b.b), nil
		case c == '\n' || c == '\r' || c == '\f':
			return "", selError("newline in a string")
		case c == '\\':
			if p.i+1 >= len(p.s) {
				p.i++
				continue
			}
			if n := p.s[p.i+1]; n == '\n' || n == '\r' || n == '\f' {
				p.i += 2
				if n == '\r' && p.i < len(p.s) && p.s[p.i] == '\n' {
					p.i++
				}
				continue
			}
			p.escape(&b)
		default:
			b.byte(c)
			p.i++
		}
	}
	p.unclosed = true
	return "", selError("unterminated string")
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func hexVal(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
