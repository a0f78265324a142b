package masking

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

type cssCase struct {
	in, masked, recorded string
}

var cssCases = []cssCase{
	// content: strings keep their quote and length, escapes count decoded.
	{`.a::before{content:"Jane"}`, `.a::before{content:"****"}`, `.a::before{content:"Jane"}`},
	{`p{content:"\4a ane"}`, `p{content:"****"}`, `p{content:"\4a ane"}`},
	{`p{content:'Jo\'s'}`, `p{content:'****'}`, `p{content:'Jo\'s'}`},
	{`a{content:"😀 e\301"}`, `a{content:"* **"}`, `a{content:"😀 e\301"}`},
	{`a{content:"Zoë Ünal"}`, `a{content:"*** ****"}`, `a{content:"Zoë Ünal"}`},
	{`a{content:"\a line\D\A"}`, `a{content:"\a ****\d \a "}`, `a{content:"\a line\D\A"}`},
	{"a{content:\"multi\\\nline\"}", `a{content:"*********"}`, "a{content:\"multi\\\nline\"}"},
	{`a{content:"****"}`, `a{content:"****"}`, `a{content:"****"}`},
	{`a{content:""}`, `a{content:""}`, `a{content:""}`},
	// Unterminated and bad strings.
	{`a{content:"unterminated`, `a{content:"************"`, `a{content:"unterminated`},
	{"a{content:\"bad\n}", "a{content:\"\"}", "a{content:\"bad\n}"},
	// Strings in selectors and font names are strings too.
	{`input[value="1234"]{color:red}`, `input[value="****"]{color:red}`, `input[value="1234"]{color:red}`},
	{`a{font-family:"Helvetica Neue",sans-serif;}`, `a{font-family:"********* ****",sans-serif;}`, `a{font-family:"Helvetica Neue",sans-serif;}`},
	// background-image and other url() values.
	{`div{background-image:url(https://x.example/a.png?token=1#f)}`, `div{background-image:url("")}`, `div{background-image:url("https://x.example/a.png?token=")}`},
	{`div{background:URL( "a.png?t=1" ) no-repeat}`, `div{background:url("") no-repeat}`, `div{background:url("a.png?t=") no-repeat}`},
	{`div{background:url(a.png)}`, `div{background:url("")}`, `div{background:url(a.png)}`},
	{`div{background:url(a\29 b.png?x=1)}`, `div{background:url("")}`, `div{background:url("a)b.png?x=")}`},
	{`a{b:url(a b)}`, `a{b:url("")}`, `a{b:url("")}`},
	{`a{b:url("a.png?x=1`, `a{b:url("")`, `a{b:url("a.png?x=")`},
	{`color: red; background: url(data:image/png;base64,AAAA)`, `color: red; background: url("")`, `color: red; background: url("data:image/png;base64,")`},
	// A '(' makes a bad URL that ends at the first ')', as in browsers.
	{`a{b:url(javascript:alert(1))}`, `a{b:url(""))}`, `a{b:url(""))}`},
	{`a{b:url(javascript:x)}`, `a{b:url("")}`, `a{b:url("about:blank")}`},
	// @import in both forms.
	{`@import url("https://fonts.example/css?family=Roboto&key=1") screen;`, `@import url("") screen;`, `@import url("https://fonts.example/css?family=&key=") screen;`},
	{`@import "theme.css?user=jane";`, `@import "";`, `@import "theme.css?user=";`},
	{`@IMPORT 'a.css?x=1' supports(content:"x");a{content:"y?z=1"}`, `@IMPORT '' supports(content:"*");a{content:"*****"}`, `@IMPORT 'a.css?x=' supports(content:"x");a{content:"y?z=1"}`},
	// image-set(), src() and nested functions.
	{`a{background:image-set("a.png?s=1" 1x, url(b.png?s=2) 2x)}`, `a{background:image-set("" 1x, url("") 2x)}`, `a{background:image-set("a.png?s=" 1x, url("b.png?s=") 2x)}`},
	{`a{background:-webkit-image-set("a.png?s=1" 1x)}`, `a{background:-webkit-image-set("" 1x)}`, `a{background:-webkit-image-set("a.png?s=" 1x)}`},
	{`a{b:src("x.png?t=1")}`, `a{b:src("")}`, `a{b:src("x.png?t=")}`},
	{`a{background:image-set(linear-gradient(red,blue) 1x,"b?q=1" 2x)}`, `a{background:image-set(linear-gradient(red,blue) 1x,"" 2x)}`, `a{background:image-set(linear-gradient(red,blue) 1x,"b?q=" 2x)}`},
	{`a{b:calc(var(--x, "Jane") + 1px)}`, `a{b:calc(var(--x, "****") + 1px)}`, `a{b:calc(var(--x, "Jane") + 1px)}`},
	// @font-face src.
	{`@font-face{font-family:"Jane Sans";src:url(f.woff2?k=1) format("woff2")}`, `@font-face{font-family:"**** ****";src:url("") format("*****")}`, `@font-face{font-family:"Jane Sans";src:url("f.woff2?k=") format("woff2")}`},
	// Comments carry anything; an empty one stays only to keep tokens apart.
	{`a/*secret*/b{color:red/* x */}`, `a/**/b{color:red}`, `a/**/b{color:red}`},
	{`/* Jane */a{}/* x */ /* y */`, `a{} `, `a{} `},
	{`a/*1*//*2*/b`, `a/**/b`, `a/**/b`},
	{`a{color:red}/* unterminated`, `a{color:red}`, `a{color:red}`},
	// An escaped url( is still url( to a browser.
	{`a{background:u\72l(https://x.example/?t=1)}`, `a{background:url("")}`, `a{background:url("")}`},
	{`a{background:u\72l("https://x.example/?t=1")}`, `a{background:url("")}`, `a{background:u\72l("https://x.example/?t=")}`},
	// A style attribute's declarations and empty input.
	{`color:red;width:10px`, `color:red;width:10px`, `color:red;width:10px`},
	{``, ``, ``},
}

func TestMaskCSS(t *testing.T) {
	for _, tc := range cssCases {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			assert.Equal(t, tc.masked, maskCSS(tc.in, true, allowUTM), "masked")
			assert.Equal(t, tc.recorded, maskCSS(tc.in, false, allowUTM), "recorded")
		})
	}
}

func TestMaskCSSIsIdempotent(t *testing.T) {
	for _, tc := range cssCases {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			for _, masked := range []bool{true, false} {
				once := maskCSS(tc.in, masked, allowUTM)
				assert.Equal(t, once, maskCSS(once, masked, allowUTM), "masked=%v", masked)
			}
		})
	}
}

func TestMaskCSSKeepsTokenKinds(t *testing.T) {
	for _, tc := range cssCases {
		if hasEscapedURLFunction(tc.in) {
			continue // deliberately turned into one url token
		}
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			want := cssKinds(tc.in)
			assert.Equal(t, want, cssKinds(tc.masked), "masked")
			assert.Equal(t, want, cssKinds(tc.recorded), "recorded")
		})
	}
}

// TestMaskCSSTraps covers the CSS entries of DESIGN.md §5: background-image,
// content: strings and rules inserted through the CSSOM, in a style sheet and
// in a style attribute.
func TestMaskCSSTraps(t *testing.T) {
	secrets := []string{"Jane", "4111", "s3cr3t", "jane@example.com"}
	inputs := []string{
		`.card{background-image:url("https://cdn.example/scan.png?s3cr3t=1&u=jane@example.com")}`,
		`background-image: url(/avatars/x.png?name=Jane&t=s3cr3t)`,
		`.user::after{content:"Jane 4111"}`,
		`.cc::before { content: '\34 111' attr(data-x) }`,
		// What insertRule receives from a CSSOM-inserted rule is rule text.
		`@media screen{.x::before{content:"jane@example.com"}}`,
		`@supports (content:"Jane"){.y{background:url('a.png?tok=s3cr3t')}}`,
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			out := maskCSS(in, true, nil)
			for _, s := range secrets {
				assert.NotContains(t, out, s)
			}
			assertCSSMasked(t, out)
			recorded := maskCSS(in, false, nil)
			assert.NotContains(t, recorded, "s3cr3t=1")
			assert.NotContains(t, recorded, "t=s3cr3t")
			assert.NotContains(t, recorded, "tok=s3cr3t")
		})
	}
}

func TestMaskCSSUnchangedReturnsInput(t *testing.T) {
	in := strings.Repeat(`a{color:red;content:"***"}`, 100)
	allocs := testing.AllocsPerRun(20, func() {
		if maskCSS(in, true, nil) != in {
			t.Fatal("changed")
		}
	})
	// The lexer's own state and one copy of the input; never a second output.
	assert.LessOrEqual(t, allocs, 6.0)
}

func Example_maskCSS() {
	src := `.name::before{content:"Jane"} .hero{background:url(/img/h.png?user=42)}`
	fmt.Println(maskCSS(src, true, nil))
	fmt.Println(maskCSS(src, false, nil))
	// Output:
	// .name::before{content:"****"} .hero{background:url("")}
	// .name::before{content:"Jane"} .hero{background:url("/img/h.png?user=")}
}

func BenchmarkMaskCSS(b *testing.B) {
	rule := `.c-12 > a:hover{background:url(/i/a.png?v=3) no-repeat;content:"Jane Doe";font:12px/1.5 "Helvetica Neue",sans-serif}/* note */` + "\n"
	in := strings.Repeat(rule, 100<<10/len(rule))
	for _, masked := range []bool{true, false} {
		b.Run(fmt.Sprintf("masked=%v", masked), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				maskCSS(in, masked, allowUTM)
			}
		})
	}
}

// cssTokens lexes s with the same lexer the masker uses.
func cssTokens(s string) []cssToken {
	l := css.NewLexer(parse.NewInputString(s))
	var out []cssToken
	for {
		tt, data := l.Next()
		if tt == css.ErrorToken {
			return out
		}
		out = append(out, cssToken{tt: tt, data: append([]byte(nil), data...)})
	}
}

// cssKinds lists the token kinds of s as masking promises to keep them:
// without comments, with runs of whitespace merged, and with bad strings and
// bad URLs counted as the strings and URLs they become.
func cssKinds(s string) []css.TokenType {
	var kinds []css.TokenType
	for _, t := range cssTokens(s) {
		k := t.tt
		switch k {
		case css.CommentToken:
			continue
		case css.BadStringToken:
			k = css.StringToken
		case css.BadURLToken:
			k = css.URLToken
		}
		if k == css.WhitespaceToken && len(kinds) > 0 && kinds[len(kinds)-1] == k {
			continue
		}
		kinds = append(kinds, k)
	}
	return kinds
}

func hasEscapedURLFunction(s string) bool {
	for _, t := range cssTokens(s) {
		if t.tt == css.FunctionToken && asciiEqualFold(decodeCSS(t.data[:len(t.data)-1], 0), "url") {
			return true
		}
	}
	return false
}

// assertCSSMasked checks the promise of masked mode on output: every string
// holds only '*' and whitespace, every URL is url(""), and no comment,
// bad token or url( function is left.
func assertCSSMasked(t testing.TB, out string) {
	t.Helper()
	for _, tok := range cssTokens(out) {
		switch tok.tt {
		case css.StringToken:
			content := decodeCSS(tok.data[1:], tok.data[0])
			assert.True(t, isMasked(content), "string %q survives in %q", content, out)
		case css.URLToken:
			assert.Equal(t, emptyCSSURL, string(tok.data), "in %q", out)
		case css.BadStringToken, css.BadURLToken:
			assert.Fail(t, "bad token survives", "%s %q in %q", tok.tt, tok.data, out)
		case css.CommentToken:
			assert.Equal(t, "/**/", string(tok.data), "in %q", out)
		case css.FunctionToken:
			assert.False(t, asciiEqualFold(decodeCSS(tok.data[:len(tok.data)-1], 0), "url"), "url function in %q", out)
		}
	}
}

func TestDecodeCSS(t *testing.T) {
	tests := []struct{ in, want string }{
		{`abc"`, "abc"},
		{`\4a ane"`, "Jane"},
		{`\00004a\000041`, "JA"},
		{`\0 `, "\ufffd"},
		{`\110000`, "\ufffd"},
		{`\d800`, "\ufffd"},
		{"a\\\r\nb", "ab"},
		{`\"q`, `"q`},
		{`x\`, "x"},
		{"\x00", "\ufffd"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			require.Equal(t, tc.want, decodeCSS([]byte(tc.in), '"'))
		})
	}
}
