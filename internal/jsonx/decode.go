// Package jsonx reads and writes JSON without reflection.
//
// Veil's configuration and rrweb events are decoded here with a small lexer
// (the grammar of tdewolff/parse's JSON parser, without its fmt-based errors)
// instead of encoding/json, whose reflection would add about 105 KiB to the
// WebAssembly engine; fmt is kept out for the same reason. Parse builds a small value tree; Object gives strict
// access to it (unknown and duplicate keys are errors that name their path).
// All functions are safe for concurrent use.
package jsonx

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/tdewolff/parse/v2/json"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON kinds. The zero Kind is Null.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// Value is one decoded JSON value.
type Value struct {
	Kind    Kind
	Bool    bool
	Num     float64
	Str     string
	Items   []Value  // Array
	Members []Member // Object, in document order
}

// Member is one key and value of an object.
type Member struct {
	Key string
	Val Value
}

// MaxDepth is the deepest nesting of arrays and objects Parse accepts. rrweb
// events nest two levels per DOM level, and the mirror tree allows 1024 levels.
const MaxDepth = 2200

// Parse decodes exactly one JSON value from data. Trailing content other than
// whitespace, nesting deeper than MaxDepth, duplicate object keys, invalid
// escapes and invalid UTF-8 are errors.
func Parse(data []byte) (Value, error) {
	if !utf8.Valid(data) {
		return Value{}, errors.New("json: invalid UTF-8")
	}
	d := decoder{p: newLexer(data), buf: data}
	gt, tok := d.p.Next()
	v, err := d.value(gt, tok, 0)
	if err != nil {
		return Value{}, err
	}
	if gt, _ := d.p.Next(); gt != json.ErrorGrammar || d.p.Err() != io.EOF {
		return Value{}, errors.New("json: unexpected content after the value")
	}
	return v, nil
}

type decoder struct {
	p   *lexer
	buf []byte // the lexer's input; its tokens are slices of it
}

func (d *decoder) fail() error {
	if err := d.p.Err(); err != nil && err != io.EOF {
		msg, _, _ := strings.Cut(err.Error(), "\n") // the lexer adds a multi-line excerpt
		return errors.New("json: " + msg)
	}
	return errors.New("json: unexpected end of input")
}

// trailingComma reports whether a comma stands right before tok; the lexer
// accepts "[1,]" and "[,1]", strict JSON does not.
func (d *decoder) trailingComma(tok []byte) bool {
	end := int(uintptr(unsafe.Pointer(unsafe.SliceData(tok))) - uintptr(unsafe.Pointer(unsafe.SliceData(d.buf))))
	for i := end - 1; i >= 0 && i < len(d.buf); i-- {
		switch d.buf[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case ',':
			return true
		}
		return false
	}
	return false
}

func (d *decoder) value(gt json.GrammarType, tok []byte, depth int) (Value, error) {
	switch gt {
	case json.LiteralGrammar:
		switch string(tok) {
		case "true":
			return Value{Kind: Bool, Bool: true}, nil
		case "false":
			return Value{Kind: Bool}, nil
		}
		return Value{Kind: Null}, nil
	case json.NumberGrammar:
		f, ok := parseNumber(tok)
		if !ok {
			return Value{}, errors.New("json: number " + strconv.Quote(string(tok)) +
				" is out of range (at most 100 significant digits, magnitude 1e-307 to 1.8e308)")
		}
		return Value{Kind: Number, Num: f}, nil
	case json.StringGrammar:
		s, err := Unquote(tok)
		if err != nil {
			return Value{}, err
		}
		return Value{Kind: String, Str: s}, nil
	case json.StartArrayGrammar:
		if depth >= MaxDepth {
			return Value{}, errors.New("json: nesting deeper than " + strconv.Itoa(MaxDepth))
		}
		v := Value{Kind: Array}
		for {
			gt, tok := d.p.Next()
			if gt == json.EndArrayGrammar {
				if d.trailingComma(tok) {
					return Value{}, errors.New("json: trailing comma")
				}
				return v, nil
			}
			if len(v.Items) == 0 && d.trailingComma(tok) {
				return Value{}, errors.New("json: leading comma")
			}
			item, err := d.value(gt, tok, depth+1)
			if err != nil {
				return Value{}, err
			}
			v.Items = append(v.Items, item)
		}
	case json.StartObjectGrammar:
		if depth >= MaxDepth {
			return Value{}, errors.New("json: nesting deeper than " + strconv.Itoa(MaxDepth))
		}
		v := Value{Kind: Object}
		for {
			gt, tok := d.p.Next()
			if gt == json.EndObjectGrammar {
				if d.trailingComma(tok) {
					return Value{}, errors.New("json: trailing comma")
				}
				return v, nil
			}
			if gt != json.StringGrammar {
				return Value{}, d.fail()
			}
			if len(v.Members) == 0 && d.trailingComma(tok) {
				return Value{}, errors.New("json: leading comma")
			}
			key, err := Unquote(tok)
			if err != nil {
				return Value{}, err
			}
			for _, m := range v.Members {
				if m.Key == key {
					return Value{}, errors.New("json: duplicate key " + strconv.Quote(key))
				}
			}
			gt, tok = d.p.Next()
			item, err := d.value(gt, tok, depth+1)
			if err != nil {
				return Value{}, err
			}
			v.Members = append(v.Members, Member{Key: key, Val: item})
		}
	}
	return Value{}, d.fail()
}

// Unquote decodes a JSON string token, quotes included.
func Unquote(tok []byte) (string, error) {
	if len(tok) < 2 || tok[0] != '"' || tok[len(tok)-1] != '"' {
		return "", errors.New("json: bad string " + strconv.Quote(string(tok)))
	}
	tok = tok[1 : len(tok)-1]
	plain := true
	for _, c := range tok {
		if c == '\\' || c < 0x20 {
			plain = false
			break
		}
	}
	if plain {
		return string(tok), nil
	}
	out := make([]byte, 0, len(tok))
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c < 0x20 {
			return "", errors.New("json: control character in string")
		}
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(tok) {
			return "", errors.New("json: bad escape at end of string")
		}
		switch tok[i] {
		case '"', '\\', '/':
			out = append(out, tok[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(tok[i+1:])
			if !ok {
				return "", errors.New("json: bad \\u escape")
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(-1), false
				if i+2 < len(tok) && tok[i+1] == '\\' && tok[i+2] == 'u' {
					r2, ok2 = hex4(tok[i+3:])
				}
				if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", errors.New("json: bad escape \\" + string(rune(tok[i])))
		}
	}
	return string(out), nil
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
