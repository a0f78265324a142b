package jsonx

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/json"
)

// lexerCases cover every branch of the lexer: each grammar, each error
// message, numbers cut short, NUL bytes, and positions after every kind of
// line break and after multi-byte characters.
var lexerCases = []string{
	``, ` `, `null`, `true`, `false`, `nul`, `tru`, `nullx`, `0`, `-0`, `-`, `01`, `1.`, `1.5`, `1.e5`,
	`1e`, `1e+`, `1E-7`, `-12.5e+3`, `.5`, `+1`, `"a"`, `"a\"b"`, `"a\\"`, `"a\\\"b"`, `"unterminated`,
	`"a` + "\x00" + `b"`, "\x00", `[]`, `[1,2]`, `[1,]`, `[,1]`, `[1 2]`, `[1,,2]`, `]`, `}`, `[}`, `{]`,
	`{}`, `{"a":1}`, `{"a" : [true, {"b": null}]}`, `{,}`, `{"a"}`, `{"a":}`, `{1:2}`, `{"a":1,}`,
	`{"a":1 "b":2}`, `{"a":1,"b"`, `{"application":"shop"`, `1 2`, `1,2`, `[1]]`, `{}}`, `x`, `@`,
	"é", "[\"é\", é]", "[1,\n2,\r\n3,\r4,\u2028 5,\u2029 x]", "{\r\n\"a\"\r\n:\r\n}", "\t[\n\t\"ü\" x]",
	"[\"\u2028\"\n, ?]", `[[[[]]]`, `{"a":{"b":{"c":[1,{"d":"e"}]}}}`, `[1,` + strings.Repeat(" ", 70) + `?]`,
	"[\x0b]", "[\x7f]", `"\u00e9"`, `[1e5x]`, `[-x]`,
}

func TestLexerMatchesTdewolff(t *testing.T) {
	for _, in := range lexerCases {
		t.Run(in, func(t *testing.T) { compareLexers(t, []byte(in)) })
	}
}

func FuzzLexerMatchesTdewolff(f *testing.F) {
	for _, in := range lexerCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if utf8.Valid(data) { // Parse and Check refuse anything else before lexing
			compareLexers(t, data)
		}
	})
}

// compareLexers reads data with both lexers and fails at the first token,
// boundary or error message (its first line: jsonx never shows the
// excerpt tdewolff adds) on which they differ.
func compareLexers(t *testing.T, data []byte) {
	t.Helper()
	theirs := json.NewParser(parse.NewInputBytes(append([]byte(nil), data...)))
	ours := newLexer(data)
	for i := 0; i < 10000; i++ {
		wantGT, wantTok := theirs.Next()
		gotGT, gotTok := ours.Next()
		if gotGT != wantGT || string(gotTok) != string(wantTok) {
			t.Fatalf("token %d of %q: got %v %q, want %v %q", i, data, gotGT, gotTok, wantGT, wantTok)
		}
		if gotGT != json.ErrorGrammar {
			continue
		}
		var want, got string
		if err := theirs.Err(); err != nil {
			want, _, _ = strings.Cut(err.Error(), "\n")
		}
		if err := ours.Err(); err != nil {
			got = err.Error()
		}
		if got != want {
			t.Fatalf("error after token %d of %q: got %q, want %q", i, data, got, want)
		}
		return
	}
}
