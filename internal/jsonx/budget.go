package jsonx

import (
	"errors"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2/json"
)

// Budget bounds what Parse would build from a document, so that a caller can
// refuse a document before building it: a value tree costs about 90 bytes per
// token whatever the token's size, so a small body of "[0,0,0,…]" would
// otherwise cost a hundred times its size. A zero field means no bound.
type Budget struct {
	// Tokens bounds the scalars, object keys and array/object openings.
	Tokens int
	// Depth bounds the nesting of arrays and objects (at most MaxDepth).
	Depth int
	// StringBytes bounds the bytes of every string and key token together.
	StringBytes int
}

// BudgetError reports which bound of a Budget a document exceeds.
type BudgetError struct {
	What  string // "tokens", "depth" or "string bytes"
	Limit int
}

func (e *BudgetError) Error() string {
	return "json: more " + e.What + " than the limit of " + strconv.Itoa(e.Limit)
}

// Usage is what Check counted in a document.
type Usage struct {
	Tokens, Depth, StringBytes int
}

// Check streams data with the lexer, building nothing, and returns a
// *BudgetError as soon as a bound of b is exceeded: its cost is the bytes
// read up to that point and a nesting stack, never a tree. Other problems
// (invalid JSON, invalid UTF-8) are ordinary errors; Parse reports the
// details. Check is safe for concurrent use.
func Check(data []byte, b Budget) (Usage, error) {
	var u Usage
	if !utf8.Valid(data) {
		return u, errors.New("json: invalid UTF-8")
	}
	maxDepth := MaxDepth
	if b.Depth > 0 && b.Depth < maxDepth {
		maxDepth = b.Depth
	}
	p := newLexer(data)
	depth := 0
	for {
		gt, tok := p.Next()
		switch gt {
		case json.ErrorGrammar:
			if err := p.Err(); err != nil && err != io.EOF {
				return u, errors.New("json: invalid document")
			}
			if depth != 0 {
				return u, errors.New("json: unexpected end of input")
			}
			return u, nil
		case json.EndArrayGrammar, json.EndObjectGrammar:
			depth--
			continue
		case json.StartArrayGrammar, json.StartObjectGrammar:
			depth++
			if depth > maxDepth {
				return u, &BudgetError{What: "depth", Limit: maxDepth}
			}
			u.Depth = max(u.Depth, depth)
		case json.StringGrammar:
			u.StringBytes += len(tok)
			if b.StringBytes > 0 && u.StringBytes > b.StringBytes {
				return u, &BudgetError{What: "string bytes", Limit: b.StringBytes}
			}
		}
		u.Tokens++
		if b.Tokens > 0 && u.Tokens > b.Tokens {
			return u, &BudgetError{What: "tokens", Limit: b.Tokens}
		}
	}
}
