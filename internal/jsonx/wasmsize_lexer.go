package jsonx

import (
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2/json"
)

// lexer splits a JSON document into the tokens Parse and Check read, with
// the grammar, token boundaries and error messages of tdewolff's
// json.Parser, which it replaces. That parser reports errors through
// parse.NewError, which calls fmt.Sprintf: linking it kept fmt and reflect
// (about 50 KiB brotli) in the WebAssembly engine. TestLexerMatchesTdewolff
// and FuzzLexerMatchesTdewolff hold the two to the same tokens and messages.
//
// Like that parser, it accepts "[1,]", "[,1]" and "{,}" (the decoder rejects
// them by looking for the comma) and leaves strings and numbers to the
// decoder to check. A lexer is used by one goroutine; its tokens are slices
// of the document.
type lexer struct {
	data      []byte
	pos       int
	states    []lexState
	needComma bool // a value or a closing bracket came last
	err       error
}

// lexState is what the innermost open container expects next.
type lexState uint8

const (
	lexValue       lexState = iota // the top level
	lexObjectKey                   // a key or '}'
	lexObjectValue                 // the value after a key's ':'
	lexArray                       // an item or ']'
)

func newLexer(data []byte) *lexer {
	return &lexer{data: data, states: []lexState{lexValue}}
}

// Err is the syntax error that made Next return json.ErrorGrammar, io.EOF
// once the whole document has been read, or nil.
func (l *lexer) Err() error {
	if l.err != nil {
		return l.err
	}
	if l.pos >= len(l.data) {
		return io.EOF
	}
	return nil
}

// at is the byte i ahead of the position; 0 past the end, as a NUL byte in
// the document reads too (Err tells them apart).
func (l *lexer) at(i int) byte {
	if l.pos+i < len(l.data) {
		return l.data[l.pos+i]
	}
	return 0
}

// Next returns the next token; json.ErrorGrammar with a nil token at the end
// of the document or at a syntax error.
func (l *lexer) Next() (json.GrammarType, []byte) {
	l.skipSpace()
	c := l.at(0)
	top := &l.states[len(l.states)-1]
	if c == ',' {
		if *top != lexArray && *top != lexObjectKey {
			return l.fail("unexpected comma character")
		}
		l.pos++
		l.skipSpace()
		l.needComma = false
		c = l.at(0)
	}
	start := l.pos
	if l.needComma && c != '}' && c != ']' && c != 0 {
		return l.fail("expected comma character or an array or object ending")
	}
	switch {
	case c == '{' || c == '[':
		if c == '{' {
			l.states = append(l.states, lexObjectKey)
		} else {
			l.states = append(l.states, lexArray)
		}
		l.pos++
		if c == '{' {
			return json.StartObjectGrammar, l.data[start:l.pos:l.pos]
		}
		return json.StartArrayGrammar, l.data[start:l.pos:l.pos]
	case c == '}' || c == ']':
		if c == ']' {
			l.needComma = true // set before the check, as the replaced parser does
		}
		if c == '}' && *top != lexObjectKey {
			return l.fail("unexpected right brace character")
		}
		if c == ']' && *top != lexArray {
			return l.fail("unexpected right bracket character")
		}
		l.needComma = true
		l.states = l.states[:len(l.states)-1]
		if outer := &l.states[len(l.states)-1]; *outer == lexObjectValue {
			*outer = lexObjectKey
		}
		l.pos++
		if c == '}' {
			return json.EndObjectGrammar, l.data[start:l.pos:l.pos]
		}
		return json.EndArrayGrammar, l.data[start:l.pos:l.pos]
	case *top == lexObjectKey:
		if c != '"' || !l.skipString() {
			return l.fail("expected object key to be a quoted string")
		}
		end := l.pos
		l.skipSpace()
		if l.at(0) != ':' {
			return l.fail("expected colon character after object key")
		}
		l.pos++
		*top = lexObjectValue
		return json.StringGrammar, l.data[start:end:end]
	}
	l.needComma = true
	if *top == lexObjectValue {
		*top = lexObjectKey
	}
	switch {
	case c == '"' && l.skipString():
		return json.StringGrammar, l.data[start:l.pos:l.pos]
	case l.skipNumber():
		return json.NumberGrammar, l.data[start:l.pos:l.pos]
	case l.skipLiteral():
		return json.LiteralGrammar, l.data[start:l.pos:l.pos]
	}
	if l.at(0) == 0 {
		if l.pos < len(l.data) {
			return l.fail("unexpected NULL character")
		}
		return json.ErrorGrammar, nil // the end of the document
	}
	return l.fail("unexpected character '" + string(rune(c)) + "'")
}

func (l *lexer) skipSpace() {
	for {
		switch l.at(0) {
		case ' ', '\n', '\r', '\t':
			l.pos++
		default:
			return
		}
	}
}

// skipString moves past a string that starts at the position, reporting
// false at a NUL byte or the end of the document. Escapes are only skipped;
// Unquote checks them.
func (l *lexer) skipString() bool {
	for l.pos++; ; l.pos++ {
		switch l.at(0) {
		case 0:
			return false
		case '"':
			backslashes := 0
			for i := l.pos - 1; i >= 0 && l.data[i] == '\\'; i-- {
				backslashes++
			}
			if backslashes%2 == 0 {
				l.pos++
				return true
			}
		}
	}
}

// skipNumber moves past a number's longest valid prefix: "1." reads as "1"
// and "1e" as "1", leaving the rest to fail as the next token.
func (l *lexer) skipNumber() bool {
	start := l.pos
	if l.at(0) == '-' {
		l.pos++
	}
	switch c := l.at(0); {
	case c == '0':
		l.pos++
	case c >= '1' && c <= '9':
		l.skipDigits()
	default:
		l.pos = start
		return false
	}
	if l.at(0) == '.' && isDigit(l.at(1)) {
		l.pos++
		l.skipDigits()
	}
	if c := l.at(0); c == 'e' || c == 'E' {
		sign := 0
		if c := l.at(1); c == '+' || c == '-' {
			sign = 1
		}
		if isDigit(l.at(1 + sign)) {
			l.pos += 1 + sign
			l.skipDigits()
		}
	}
	return true
}

func (l *lexer) skipDigits() {
	for isDigit(l.at(0)) {
		l.pos++
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (l *lexer) skipLiteral() bool {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(l.data)-l.pos >= len(lit) && string(l.data[l.pos:l.pos+len(lit)]) == lit {
			l.pos += len(lit)
			return true
		}
	}
	return false
}

func (l *lexer) fail(msg string) (json.GrammarType, []byte) {
	line, col := l.position()
	l.err = &lexError{msg + " on line " + strconv.Itoa(line) + " and column " + strconv.Itoa(col)}
	return json.ErrorGrammar, nil
}

// position is the line and column (both from 1, the column in code points)
// of the current position. Lines end at "\n", "\r\n", "\r", U+2028 and
// U+2029, as the replaced parser counts them.
func (l *lexer) position() (line, col int) {
	line, lineStart := 1, 0
	i := 0
	for i < l.pos {
		n, newline := 1, false
		switch c := l.data[i]; {
		case c == '\n':
			newline = true
		case c == '\r':
			newline = true
			if i+1 < len(l.data) && l.data[i+1] == '\n' {
				n = 2
			}
		case c >= utf8.RuneSelf:
			var r rune
			r, n = utf8.DecodeRune(l.data[i:])
			newline = r == '\u2028' || r == '\u2029'
		}
		if i+n > l.pos {
			break // the position falls inside this "\r\n" or character
		}
		i += n
		if newline {
			line++
			lineStart = i
		}
	}
	return line, utf8.RuneCount(l.data[lineStart:i]) + 1
}

// lexError is a syntax error: what was expected, and where.
type lexError struct{ msg string }

func (e *lexError) Error() string { return e.msg }
