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
	// Font names are not personal: they stay, and so do font files.
	{`a{font-family:"Helvetica Neue",sans-serif;}`, `a{font-family:"Helvetica Neue",sans-serif;}`, `a{font-family:"Helvetica Neue",sans-serif;}`},
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
	{`@font-face{font-family:"Jane Sans";src:url(f.woff2?k=1) format("woff2")}`, `@font-face{font-family:"Jane Sans";src:url("f.woff2?k=") format("woff2")}`, `@font-face{font-family:"Jane Sans";src:url("f.woff2?k=") format("woff2")}`},
	// Comments carry anything; an empty one stays only to keep tokens apart.
	{`a/*secret*/b{color:red/* x */}`, `a/**/b{color:red}`, `a/**/b{color:red}`},
	{`/* Jane */a{}/* x */ /* y */`, `a{} `, `a{} `},
	{`a/*1*//*2*/b`, `a/**/b`, `a/**/b`},
	{`a{color:red}/* unterminated`, `a{color:red}`, `a{color:red}`},
	// An escaped url( is still url( to a browser.
	{`a{background:u\72l(https://x.example/?t=1)}`, `a{background:url("")}`, `a{background:url("")}`},
	{`a{background:u\72l("https://x.example/?t=1")}`, `a{background:url("")}`, `a{background:u\72l("https://x.example/?t=")}`},
	// Custom properties, attribute selectors and escaped names, without
	// detectors or renaming.
	{`a{--user:Jane;--gap:2px}`, `a{--user:\*\*\*\*;--gap:2px}`, `a{--user:Jane;--gap:2px}`},
	{`[\4a ane=x],[title=Jane]`, `[\*\*\*\*=\*],[title=\*\*\*\*]`, `[\4a ane=x],[title=Jane]`},
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

// cssPolicies pairs each case table with the policy it is masked under.
var cssPolicies = []struct {
	name   string
	cases  []cssCase
	policy func(masked bool) cssPolicy
}{
	{"maskCSS", cssCases, func(masked bool) cssPolicy { return cssPolicy{masked: masked, allowParam: allowUTM} }},
	{"maskCSSWith", cssPolicyCases, testCSSPolicy},
}

func TestMaskCSSIsIdempotent(t *testing.T) {
	for _, p := range cssPolicies {
		for _, tc := range p.cases {
			t.Run(fmt.Sprintf("%s/%q", p.name, tc.in), func(t *testing.T) {
				for _, masked := range []bool{true, false} {
					once := maskCSSWith(tc.in, p.policy(masked))
					assert.Equal(t, once, maskCSSWith(once, p.policy(masked)), "masked=%v", masked)
				}
			})
		}
	}
}

// TestMaskCSSKeepsTokenKinds checks that what masking writes lexes into the
// tokens the input had: masked names stay names, masked numbers numbers.
func TestMaskCSSKeepsTokenKinds(t *testing.T) {
	for _, p := range cssPolicies {
		for _, tc := range p.cases {
			if hasEscapedURLFunction(tc.in) {
				continue // deliberately turned into one url token
			}
			t.Run(fmt.Sprintf("%s/%q", p.name, tc.in), func(t *testing.T) {
				want := cssKinds(tc.in)
				assert.Equal(t, want, cssKinds(tc.masked), "masked")
				assert.Equal(t, want, cssKinds(tc.recorded), "recorded")
			})
		}
	}
}

// TestMaskCSSWithHidesSecrets runs the attack vectors and checks that no
// secret is left, spelled as it is or with CSS escapes: none in a masked
// node, and none of what the detectors find when recorded.
func TestMaskCSSWithHidesSecrets(t *testing.T) {
	maskedSecrets := []string{"Jane", "Doe", "4111111111111111", "123456", "s3cr3t", "jane@example.com", "token=1"}
	recordedSecrets := []string{"4111111111111111", "123456", "jane@example.com", "5551234567", "token=1", "u=s3cr3t"}
	inputs := []string{
		`:root{--user: Jane Doe; --card: 4111111111111111; --mail: "jane@example.com"}`,
		`--user:Jane;--id:123456;background:url(/a.png?token=1)`,
		`a{--x:{Jane:Doe};--y:var(--z, Jane)}`,
		`[data-user=JaneDoe],[title="Jane Doe"],[data-id=4111111111111111],[data-x=jane@example.com]`,
		`:is([title~=Jane]):not([data-u^='s3cr3t' i])`,
		`.\4a ane,#\31 23456,.\44 oe,.\Jane{color:red}`,
		`@namespace u url(https://x.example/ns?u=s3cr3t);@import "https://x.example/jane@example.com.css";`,
		`.user-4111111111111111::after{content:"Jane Doe, call 5551234567"}`,
		`@supports (--u:Jane){.x{background:url('https://x.example/s3cr3t.png?token=1')}}`,
		`a{--bg:url(/u/123456/avatar.png);--mail:jane@example.com}`,
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			masked := maskCSSWith(in, testCSSPolicy(true))
			assertCSSMasked(t, masked)
			for _, s := range maskedSecrets {
				assertNoCSSSecret(t, masked, s)
			}
			recorded := maskCSSWith(in, testCSSPolicy(false))
			for _, s := range recordedSecrets {
				assertNoCSSSecret(t, recorded, s)
			}
		})
	}
}

// TestMaskCSSWithCountsMatchesOnce checks that a match of the detectors is
// reported once, although values are read whole and token by token.
func TestMaskCSSWithCountsMatchesOnce(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{`a{--x:jane@example.com 123456 var(--y)}`, 1},
		{`a{--x:1 123456;--y:"jane@example.com"}`, 2},
		{`[data-x=jane@example.com 123456]`, 1},
		{`a{--x:jane@example.com url(/a/123456.png)}`, 1},
		{`.user-4111111111111111{content:"call 5551234567"}`, 2},
		{`a{--font-sans:"Inter";color:red}`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			for _, masked := range []bool{true, false} {
				p := testCSSPolicy(masked)
				calls := 0
				p.scrub = func(s string) string {
					out := testCSSScrub(s)
					if out != s {
						calls++
					}
					return out
				}
				maskCSSWith(tc.in, p)
				if masked {
					assert.LessOrEqual(t, calls, tc.want, "masked")
				} else {
					assert.Equal(t, tc.want, calls, "recorded")
				}
			}
		})
	}
}

// assertNoCSSSecret checks that secret appears in out neither as written nor
// once CSS escapes are decoded.
func assertNoCSSSecret(t *testing.T, out, secret string) {
	t.Helper()
	assert.NotContains(t, out, secret)
	assert.NotContains(t, decodeCSS([]byte(out), 0), secret, "decoded, in %q", out)
}

// TestMaskCSSWithKeepsDesign checks fidelity in a masked node: fonts,
// selectors, colours, lengths and design tokens survive as they are.
func TestMaskCSSWithKeepsDesign(t *testing.T) {
	tests := []struct {
		in   string
		keep []string
	}{
		{`a{font-family:"Helvetica Neue",Arial,sans-serif}`, []string{`"Helvetica Neue"`, "Arial", "sans-serif"}},
		{`a{font:600 1rem/1.5 'Brand Sans',serif}`, []string{`'Brand Sans'`, "600 1rem/1.5"}},
		{`@font-face{font-family:"Brand";src:url(/fonts/brand.woff2?v=3) format("woff2"),local("Brand Regular")}`, []string{`"Brand"`, `url("/fonts/brand.woff2?v=")`, `format("woff2")`, `local("Brand Regular")`}},
		{`.nav > li:nth-child(2n+1) a:hover::before{color:#333;margin:0 auto;width:calc(100% - 2rem)}`, []string{`.nav > li:nth-child(2n+1) a:hover::before{color:#333;margin:0 auto;width:calc(100% - 2rem)}`}},
		{`:root{--bs-blue:#0d6efd;--radius:.375rem;--shadow:0 1px 2px rgba(0,0,0,.05);--c:var(--bs-blue)}`, []string{`--bs-blue:#0d6efd;--radius:.375rem;--shadow:0 1px 2px rgba(0,0,0,.05);--c:var(--bs-blue)`}},
		{`input[type=checkbox]:checked+label,[hidden],[aria-expanded]`, []string{`input[type=checkbox]:checked+label,[hidden],[aria-expanded]`}},
		{`.md\:flex,.hover\:bg-blue:hover{display:flex}`, []string{`.md\:flex,.hover\:bg-blue:hover`}},
		{`@namespace svg url(http://www.w3.org/2000/svg);svg|rect{fill:red}`, []string{`url(http://www.w3.org/2000/svg)`, `svg|rect`}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			out := maskCSSWith(tc.in, testCSSPolicy(true))
			for _, k := range tc.keep {
				assert.Contains(t, out, k)
			}
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

func Example_maskCSSWith() {
	src := `:root{--user:Jane;--gap:8px}[data-user=Jane]{font-family:"Brand Sans"}.\4a ane::after{content:"Jane"}`
	fmt.Println(maskCSSWith(src, cssPolicy{masked: true}))
	// Output:
	// :root{--user:\*\*\*\*;--gap:8px}[data-user=\*\*\*\*]{font-family:"Brand Sans"}.\*\*\*\*::after{content:"****"}
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

// BenchmarkMaskCSSWith masks a style sheet of design-system CSS (custom
// properties, attribute selectors, utility classes, fonts) with the PII
// detectors on, as the engine does.
func BenchmarkMaskCSSWith(b *testing.B) {
	rule := `:root{--bs-blue:#0d6efd;--bs-font-sans-serif:system-ui,"Segoe UI",Roboto;--user:Jane Doe}` +
		`.md\:flex,input[type=checkbox]:checked+label,[data-user="jane"]{display:flex;margin:0 auto;color:var(--bs-blue)}` +
		`.c-12::after{content:"Jane Doe";background:url(/i/a.png?v=3);font:12px/1.5 "Helvetica Neue",sans-serif}` + "\n"
	in := strings.Repeat(rule, 100<<10/len(rule))
	scrub := func(s string) string { out, _ := scrubPII(s); return out }
	for _, masked := range []bool{true, false} {
		b.Run(fmt.Sprintf("masked=%v", masked), func(b *testing.B) {
			p := cssPolicy{masked: masked, allowParam: allowUTM, scrub: scrub}
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				maskCSSWith(in, p)
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
// without comments, with runs of whitespace merged, with bad strings and bad
// URLs counted as the strings and URLs they become, and custom property names
// as identifiers.
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
		case css.CustomPropertyNameToken:
			k = css.IdentToken // one ident-token to CSS; the lexer tells "--" names apart
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

// assertCSSMasked checks the promise of masked mode on output (see
// cssMaskViolations).
func assertCSSMasked(t testing.TB, out string) {
	t.Helper()
	for _, v := range cssMaskViolations(out) {
		assert.Fail(t, "not masked", "%s in %q", v, out)
	}
}

// cssMaskViolations lists what breaks the promise of masked mode in CSS
// output: every string holds only '*' and whitespace and every URL is empty
// or masked, except font names and font files and well-known namespaces; no
// name is spelled with escapes that can hide text, except font names; no
// comment other than an empty one, no bad token and no url( function (but
// for a font file) is left.
func cssMaskViolations(out string) []string {
	var found []string
	toks := cssTokens(out)
	fonts := cssFontContexts(toks)
	for i, tok := range toks {
		switch tok.tt {
		case css.StringToken:
			content := decodeCSS(tok.data[1:], tok.data[0])
			if !isMasked(content) && !isWellKnownCSSNamespace(content) && !fonts[i] {
				found = append(found, fmt.Sprintf("string %q", content))
			}
		case css.URLToken:
			value := urlTokenValue(tok.data)
			if !isMasked(value) && !isWellKnownCSSNamespace(value) && !fonts[i] {
				found = append(found, fmt.Sprintf("URL %q", value))
			}
		case css.BadStringToken, css.BadURLToken:
			found = append(found, fmt.Sprintf("bad token %s %q", tok.tt, tok.data))
		case css.CommentToken:
			if string(tok.data) != "/**/" {
				found = append(found, fmt.Sprintf("comment %q", tok.data))
			}
		case css.FunctionToken:
			if asciiEqualFold(decodeCSS(tok.data[:len(tok.data)-1], 0), "url") && !fonts[i] {
				found = append(found, fmt.Sprintf("url function %q", tok.data))
			}
		}
		switch tok.tt {
		case css.IdentToken, css.CustomPropertyNameToken, css.FunctionToken, css.AtKeywordToken, css.HashToken, css.DimensionToken:
			if cssEscapesHideText(string(tok.data)) && !fonts[i] {
				found = append(found, fmt.Sprintf("name %q", tok.data))
			}
		}
	}
	return found
}

// cssFontContexts reports, for each of toks, whether it is in the value of a
// declaration that names fonts (font-family, font, src, or a custom property
// whose name holds "font") at its level or one around it; out of a {…}
// block only a custom property's value goes on. Written apart from the
// masker's own tracking (a statement starts at the start, after ';', after
// a closed '}' and after any opener; a closer that does not close the
// innermost block is an ordinary token), and looser (src anywhere), it
// finds only what must never survive.
func cssFontContexts(toks []cssToken) []bool {
	type level struct {
		opener css.TokenType
		start  int // first token of the current statement
	}
	levels := []level{{opener: css.ErrorToken}}
	closes := map[css.TokenType]css.TokenType{
		css.RightParenthesisToken: css.LeftParenthesisToken,
		css.RightBracketToken:     css.LeftBracketToken,
		css.RightBraceToken:       css.LeftBraceToken,
	}
	in := make([]bool, len(toks))
	for i, tok := range toks {
		customOnly := false
		for l := len(levels) - 1; l >= 0 && !in[i]; l-- {
			in[i] = fontDeclarationAt(toks, levels[l].start, customOnly)
			customOnly = customOnly || levels[l].opener == css.LeftBraceToken
		}
		top := &levels[len(levels)-1]
		switch tok.tt {
		case css.LeftParenthesisToken, css.LeftBracketToken, css.LeftBraceToken:
			levels = append(levels, level{tok.tt, i + 1})
		case css.FunctionToken:
			levels = append(levels, level{css.LeftParenthesisToken, i + 1})
		case css.RightParenthesisToken, css.RightBracketToken, css.RightBraceToken:
			if top.opener == closes[tok.tt] {
				levels = levels[:len(levels)-1]
				if tok.tt == css.RightBraceToken {
					levels[len(levels)-1].start = i + 1
				}
			}
		case css.SemicolonToken:
			top.start = i + 1
		}
	}
	return in
}

// fontDeclarationAt reports whether the tokens from k on read "name :" for a
// name that names fonts (only a custom property's name if customOnly).
func fontDeclarationAt(toks []cssToken, k int, customOnly bool) bool {
	skip := func() {
		for k < len(toks) && (toks[k].tt == css.WhitespaceToken || toks[k].tt == css.CommentToken) {
			k++
		}
	}
	skip()
	if k >= len(toks) || (toks[k].tt != css.IdentToken && toks[k].tt != css.CustomPropertyNameToken) {
		return false
	}
	name := strings.ToLower(decodeCSS(toks[k].data, 0))
	k++
	skip()
	if k >= len(toks) || toks[k].tt != css.ColonToken {
		return false
	}
	if strings.HasPrefix(name, "--") {
		return strings.Contains(name, "font")
	}
	return !customOnly && (name == "font-family" || name == "font" || name == "src")
}

func TestCSSMaskViolations(t *testing.T) {
	tests := []struct {
		css  string
		want int
	}{
		{`.a{color:red;content:"** *"}`, 0},
		{`.a{background:url("")}.b{background:url(***)}`, 0},
		{`a{font-family:"Inter";src:url(/f.woff2)}`, 0},
		{`@namespace url(http://www.w3.org/2000/svg);`, 0},
		{`.a::after{content:"Jane"}`, 1},
		{`.a{background:url(/img.png)}`, 1},
		{`.a{background:URL('/img.png')}`, 1},
		{`.a{background:url(/unterminated.png}`, 1},
		{`.\4a ane{}`, 1},
		{`a{content:"Jane"}/* Jane */`, 2},
	}
	for _, tc := range tests {
		t.Run(tc.css, func(t *testing.T) {
			assert.Len(t, cssMaskViolations(tc.css), tc.want)
		})
	}
}

func TestCSSFontContexts(t *testing.T) {
	tests := []struct {
		css  string
		want bool // for the last string token
	}{
		{`a{font-family:"X"}`, true},
		{`font: 12px "X"`, true},
		{`@font-face{font-family:x;src:local("X")}`, true},
		{`a{--font-x:{a:b;c:"X"}}`, true},
		{`@supports (font-family:"X"){}`, true},
		{`a{font-family:x;content:"X"}`, false},
		{`a{content:"X"}`, false},
		{`font-family:x{content:"X"}`, false},
		{`a{font-family:x}b{content:"X"}`, false},
		{`a{font-family:x;b{content:"X"}}`, false},
		{`a{--font:x;b{content:"X"}}`, false},
		{`"X"`, false},
		{`@font-face{src:)"X"`, true},
		{`a{font-family:x)}b{content:"X"}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.css, func(t *testing.T) {
			toks := cssTokens(tc.css)
			last := -1
			for i, tok := range toks {
				if tok.tt == css.StringToken {
					last = i
				}
			}
			require.GreaterOrEqual(t, last, 0)
			assert.Equal(t, tc.want, cssFontContexts(toks)[last])
		})
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

// TestCSSNULHidesNothing: a NUL is text (U+FFFD) wherever CSS is decoded,
// also where decoding runs to the end of a span (end byte 0): it used to end
// the span there, so the detectors never saw what followed it.
func TestCSSNULHidesNothing(t *testing.T) {
	assert.Equal(t, "A\ufffdb 4111", decodeCSS([]byte("\\41\x00b 4111"), 0))
	scrub := func(s string) string { out, _ := scrubPII(s); return out }
	p := cssPolicy{masked: false, allowParam: allowUTM, scrub: scrub}
	for _, src := range []string{
		"[title=x\\0\x00 4111 1111 1111 1111] a{}",
		"[title=\"x\\0\x00 4111 1111 1111 1111\"] a{}",
		"[title=\"\\0\x000\"0",
	} {
		t.Run(fmt.Sprintf("%q", src), func(t *testing.T) {
			out := maskCSSWith(src, p)
			assert.NotContains(t, out, "4111 1111")
			assert.Equal(t, out, maskCSSWith(out, p), "idempotent")
		})
	}
}

// testCSSScrub stands in for the PII detectors: it masks every run of 6 or
// more digits and every word that holds an '@'.
func testCSSScrub(s string) string {
	b := []byte(s)
	mask := func(from, to int) {
		for i := from; i < to; i++ {
			b[i] = '*'
		}
	}
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && '0' <= b[j] && b[j] <= '9' {
			j++
		}
		if j-i >= 6 {
			mask(i, j)
		}
		if j == i {
			j++
		}
		i = j
	}
	const sep = " \t\n/?&=,;()\"'"
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && strings.IndexByte(sep, b[j]) < 0 {
			j++
		}
		if strings.IndexByte(string(b[i:j]), '@') >= 0 {
			mask(i, j)
		}
		i = j + 1
	}
	if string(b) == s {
		return s
	}
	return string(b)
}

// testAttrName renames the attribute names that hold "jane", as the engine
// renames PII-bearing attribute names.
func testAttrName(name string) string {
	if strings.Contains(strings.ToLower(name), "jane") {
		return "data-veil-a1"
	}
	return name
}

// testKeepAttrValue keeps the values of type that the engine records in
// clear.
func testKeepAttrValue(attr string, _ byte, value string) (string, bool) {
	return value, asciiEqualFold(attr, "type") && (value == "checkbox" || value == "radio")
}

func testCSSPolicy(masked bool) cssPolicy {
	p := cssPolicy{masked: masked, allowParam: allowUTM, scrub: testCSSScrub, attrName: testAttrName}
	if masked {
		p.attrValue = testKeepAttrValue
	}
	return p
}

// cssPolicyCases are the attack vectors against the CSS masker, masked with
// testCSSPolicy(true) and recorded with testCSSPolicy(false).
var cssPolicyCases = []cssCase{
	// Custom properties: the value is masked, numbers, colours and var()
	// references stay; the name goes through the detectors.
	{`:root{--user: Jane Doe}`, `:root{--user: \*\*\*\* \*\*\*}`, `:root{--user: Jane Doe}`},
	{`--user: Jane Doe; color: red`, `--user: \*\*\*\* \*\*\*; color: red`, `--user: Jane Doe; color: red`},
	{`a{--name:"Jane";content:var(--name)}`, `a{--name:"****";content:var(--name)}`, `a{--name:"Jane";content:var(--name)}`},
	{`a{--card: 4111111111111111}`, `a{--card: 0000000000000000}`, `a{--card: 0000000000000000}`},
	{`a{--id: 1234567}`, `a{--id: 0000000}`, `a{--id: 0000000}`},
	// The detectors read a custom property's value whole: an e-mail address
	// is three tokens.
	{`a{--mail:jane@example.com;--n:1}`, `a{--mail:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*;--n:1}`, `a{--mail:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*;--n:1}`},
	{`a{--x:jane@example.com 123456 var(--y)}`, `a{--x:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\* 000000 \*\*\*(--\*)}`, `a{--x:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\* 000000 \*\*\*(--\*)}`},
	{`a{--x:jane@example.com url(/a.png)}`, `a{--x:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\* url("")}`, `a{--x:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\* url("")}`},
	// Font names are kept word by word, but the detectors read a font
	// declaration whole: an unquoted number is a token of its own.
	{`a{font-family: Mary Major 078051120; color: red}`, `a{font-family: \*\*\*\* \*\*\*\*\* 000000000; color: red}`, `a{font-family: \*\*\*\* \*\*\*\*\* 000000000; color: red}`},
	{`a{font:12px Jane 4111111111111111,serif}`, `a{font:00\*\* \*\*\*\* 0000000000000000,\*\*\*\*\*}`, `a{font:00\*\* \*\*\*\* 0000000000000000,\*\*\*\*\*}`},
	{`a{font-family: "Source Sans 3", serif}`, `a{font-family: "Source Sans 3", serif}`, `a{font-family: "Source Sans 3", serif}`},
	{`a{--brand:#112233;--ring:0 0 0 1px #aabbcc,#123456}`, `a{--brand:#112233;--ring:0 0 0 1px #aabbcc,#123456}`, `a{--brand:#112233;--ring:0 0 0 1px #aabbcc,#123456}`},
	{`a{--font-x:jane@example.com}`, `a{--font-x:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*}`, `a{--font-x:\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*}`},
	{`a{--brand:#0d6efd;--gap:1.5rem;--w:calc(100% - var(--gap));--o:.5 !important}`, `a{--brand:#0d6efd;--gap:1.5rem;--w:calc(100% - var(--gap));--o:.5 !important}`, `a{--brand:#0d6efd;--gap:1.5rem;--w:calc(100% - var(--gap));--o:.5 !important}`},
	{`a{--c:RED;--s:0 1px 3px rgb(0 0 0 / .1);--x:var(--y, Jane)}`, `a{--c:RED;--s:0 1px 3px rgb(0 0 0 / .1);--x:var(--y, \*\*\*\*)}`, `a{--c:RED;--s:0 1px 3px rgb(0 0 0 / .1);--x:var(--y, Jane)}`},
	{`a{--x:#Jane;--y:10Jane;--z:Jane(1);--u:10px}`, `a{--x:#\*\*\*\*;--y:10\*\*\*\*;--z:\*\*\*\*(1);--u:10px}`, `a{--x:#Jane;--y:10Jane;--z:Jane(1);--u:10px}`},
	{`a{--x:{Jane:Doe};color:red}`, `a{--x:{\*\*\*\*:\*\*\*};color:red}`, `a{--x:{Jane:Doe};color:red}`},
	{`a{--x/**/: Jane}`, `a{--x/**/: \*\*\*\*}`, `a{--x/**/: Jane}`},
	{`a{--bg:url(/u/jane.png?t=1)}`, `a{--bg:url("")}`, `a{--bg:url("/u/jane.png?t=")}`},
	{`a{--user-4111111111111111:1}`, `a{--user-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*:1}`, `a{--user-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*:1}`},
	{`@supports (--user: Jane){a{color:red}}`, `@supports (--user: \*\*\*\*){a{color:red}}`, `@supports (--user: Jane){a{color:red}}`},
	{`a{--bs-font-sans-serif:system-ui,"Segoe UI",Roboto}`, `a{--bs-font-sans-serif:system-ui,"Segoe UI",Roboto}`, `a{--bs-font-sans-serif:system-ui,"Segoe UI",Roboto}`},
	// Attribute selectors: the value is masked whatever its form, the name
	// follows the engine's renaming, the case flag stays.
	{`[data-user=JaneDoe]{color:red}`, `[data-user=\*\*\*\*\*\*\*]{color:red}`, `[data-user=JaneDoe]{color:red}`},
	{`a[title="Jane" i],a[title|='Jo' s]`, `a[title="****" i],a[title|='**' s]`, `a[title="Jane" i],a[title|='Jo' s]`},
	{`[title=Jane Doe]`, `[title=\*\*\*\* \*\*\*]`, `[title=Jane Doe]`},
	{`[data-id=4111111111111111]`, `[data-id=0000000000000000]`, `[data-id=0000000000000000]`},
	{`[data-x="jane@example.com"]`, `[data-x="****************"]`, `[data-x="****************"]`},
	{`[data-x=jane@example.com i]`, `[data-x=\*\*\*\*@\*\*\*\*\*\*\*.\*\*\* i]`, `[data-x=\*\*\*\*@\*\*\*\*\*\*\*.\*\*\* i]`},
	{`a:hover[data-user=Jane]:is([title~=Doe]){color:red}`, `a:hover[data-user=\*\*\*\*]:is([title~=\*\*\*]){color:red}`, `a:hover[data-user=Jane]:is([title~=Doe]){color:red}`},
	{`[data-jane-doe=x],[data-jane-doe]`, `[data-veil-a1=\*],[data-veil-a1]`, `[data-veil-a1=x],[data-veil-a1]`},
	{`[\64 ata-jane=x],[t\69 tle=x]`, `[data-veil-a1=\*],[title=\*]`, `[data-veil-a1=x],[title=x]`},
	{`[ns|data-jane=x],[*|title]`, `[ns|data-veil-a1=\*],[*|title]`, `[ns|data-veil-a1=x],[*|title]`},
	{`input[type=checkbox],input[type="radio"],input[type=Jane]`, `input[type=checkbox],input[type="radio"],input[type=\*\*\*\*]`, `input[type=checkbox],input[type="radio"],input[type=Jane]`},
	{`a::after{content:attr(data-jane-doe) attr(title)}`, `a::after{content:attr(data-veil-a1) attr(title)}`, `a::after{content:attr(data-veil-a1) attr(title)}`},
	{`a{grid-template-columns:[full-start] 1fr [full-end]}`, `a{grid-template-columns:[full-start] 1fr [full-end]}`, `a{grid-template-columns:[full-start] 1fr [full-end]}`},
	// Names spelled with escapes that can hide text are masked; escaped
	// punctuation (utility classes) is not.
	{`.\4a ane{color:red}`, `.\*\*\*\*{color:red}`, `.\4a ane{color:red}`},
	{`.\Jane,#\31 23456{}`, `.\*\*\*\*,#\*\*\*\*\*\*{}`, `.\Jane,#\*\*\*\*\*\*{}`},
	{`.md\:flex,.w-1\/2{display:flex}`, `.md\:flex,.w-1\/2{display:flex}`, `.md\:flex,.w-1\/2{display:flex}`},
	{`a{--\4a ane:1;b:var(--\4a ane)}`, `a{--\*\*\*\*:1;b:var(--\*\*\*\*)}`, `a{--\4a ane:1;b:var(--\4a ane)}`},
	{`a{width:10\70 x}`, `a{width:10\*\*}`, `a{width:10\70 x}`},
	// A function whose name starts with "--" (spelled \--) stays a function.
	{`\--jane4111111111111111(1){}`, `\--jane\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(1){}`, `\--jane\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(1){}`},
	// In a value the detectors' match masks the whole value.
	{`a{b:\--jane4111111111111111(1)}`, `a{b:\--\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(0)}`, `a{b:\--\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(0)}`},
	// A rewrite must not join the tokens beside it (css_seams.go): masking
	// cuts a run of more than six hex digits after u+ (or after u+hex-)
	// short, which would read as a unicode range and a name, so an empty
	// comment goes at the nearest boundary that keeps them apart.
	{`u+a4111111111111111{}`, `u+/**/a\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`, `u+/**/a\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`},
	{`a{x:u+a4111111111111111}`, `a{x:\*+\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`, `a{x:\*+\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`},
	{`U+00Ab4111111111111111(1){}`, `U/**/+00Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(1){}`, `U/**/+00Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(1){}`},
	{`a{x:U+00Ab4111111111111111(1)}`, `a{x:\*+00\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(0)}`, `a{x:\*+00\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*(0)}`},
	{`u+0-000Ab4111111111111111{}`, `u/**/+0-000Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`, `u/**/+0-000Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`},
	{`a{x:u+0-000Ab4111111111111111}`, `a{x:\*+0-000\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`, `a{x:\*+0-000\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`},
	{`a{x:U+0\4a ane}`, `a{x:U+0\*\*\*\*}`, `a{x:U+0\4a ane}`},
	{`[\U+0]`, `[U/**/+0]`, `[U/**/+0]`},
	{`[--jane(]`, `[data-veil-a1/**/(]`, `[data-veil-a1/**/(]`},
	{`[U+-jane]`, `[U+/**/data-veil-a1]`, `[U+/**/data-veil-a1]`},
	{`a{b:<!-\-4111111111111111}`, `a{b:<!/**/--\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`, `a{b:<!/**/--\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`},
	{`[\-\->`, `[--/**/>`, `[--/**/>`},
	// A space closing an escape is part of the name: the comment after it
	// still separates.
	{`a{b:\ /**/4111111111111111}`, `a{b:\ /**/9999999999999999}`, `a{b:\ /**/9999999999999999}`},
	{"a{b:x\\0/**/ y}", "a{b:\\*\\*/**/ y}", "a{b:x\\0/**/ y}"},
	{`a{b:x\(/**/4111111111111111}`, `a{b:x\(/**/9999999999999999}`, `a{b:x\(/**/9999999999999999}`},
	{`a{b:\41 /**/4111111111111111}`, `a{b:\*/**/9999999999999999}`, `a{b:\41 /**/9999999999999999}`},
	{"a{b:x\\\\0/* c */ y}", "a{b:x\\\\0 y}", "a{b:x\\\\0 y}"},
	{`u+0\-4111111111111111{}`, `u+0/**/-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`, `u+0/**/-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`},
	{`a{x:u+0\-4111111111111111}`, `a{x:u+0\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`, `a{x:u+0\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`},
	// Fuzz finds of the general seam check: a bad string written whole, an
	// escape of a byte that is no character, whitespace split by comments,
	// a number before a u+ run.
	{"[=0\"\f1", "[=0\"\"0", "[=0\"\f1"},
	{"\\\xc8 /**/0", "\\*\\*/**/0", "\\\xc8 /**/0"},
	{"u+A000000\"0", "u+/**/A\\*\\*\\*\\*\\*\\*\"*\"", "u+/**/A\\*\\*\\*\\*\\*\\*\"0"},
	{` /**/ /**/0`, ` /**/ /**/0`, ` /**/ /**/0`},
	// An empty comment a rewrite put in stays when the output is masked again.
	{`[\U+A\1`, `[U/**/+\*\*`, `[U/**/+A\1 `},
	// (a statement no browser keeps: a masked node's numbers there are zeroed)
	{"0000001 u+0-0000A000000", "0000000 u/**/+0-0000A\\*\\*\\*\\*\\*\\*", "9999999 u/**/+0-0000A\\*\\*\\*\\*\\*\\*"},
	// A property or at-rule spelled with escapes that hide text is written
	// masked in a masked node, so it names no font (nor any at-rule).
	{"a{fo\\nt:\"Jane\"}", "a{\\*\\*\\*\\*:\"****\"}", "a{fo\\nt:\"Jane\"}"},
	{"@fo\\nt-face{src:\"Jane\"}", "@\\*\\*\\*\\*\\*\\*\\*\\*\\*{src:\"****\"}", "@fo\\nt-face{src:\"Jane\"}"},
	// counter() draws a counter's value: the numbers that set it are zeroed.
	{`h2{counter-reset:bal 52341 sec;counter-set:x -7;counter-increment:sec 2}`, `h2{counter-reset:bal 00000 sec;counter-set:x -0;counter-increment:sec 0}`, `h2{counter-reset:bal 52341 sec;counter-set:x -7;counter-increment:sec 2}`},
	// A counter style's symbols are drawn: its names are masked.
	{`@counter-style x{system:cyclic;symbols:Jane url(a.png);prefix:Doe}ol{list-style:x}`, `@counter-style x{system:cyclic;symbols:\*\*\*\* url("");prefix:\*\*\*}ol{list-style:x}`, `@counter-style x{system:cyclic;symbols:Jane url(a.png);prefix:Doe}ol{list-style:x}`},
	{`@counter-st\79le x{symbols:Jane}`, `@\*\*\*\*\*\*\*\*\*\*\*\*\* x{symbols:Jane}`, `@counter-st\79le x{symbols:Jane}`},
	// A stray '}' starts no declaration: the string is no font name.
	{`}font:"Jane Doe"`, `}font:"**** ***"`, `}font:"Jane Doe"`},
	{`menu+00Ab4111111111111111{}`, `menu+00Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`, `menu+00Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`},
	{`a{x:menu+00Ab4111111111111111}`, `a{x:\*\*\*\*+00\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`, `a{x:\*\*\*\*+00\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`},
	{`u+00Ab4111111111111111{}`, `u/**/+00Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`, `u/**/+00Ab\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*{}`},
	{`a{x:u+00Ab4111111111111111}`, `a{x:\*+00\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`, `a{x:\*+00\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*}`},
	{`@\4a ane;`, `@\*\*\*\*;`, `@\4a ane;`},
	{`a{font-family:Helvetica\ Neue,\4a ane}`, `a{font-family:Helvetica\ Neue,\4a ane}`, `a{font-family:Helvetica\ Neue,\4a ane}`},
	// Plain names are kept, through the detectors.
	{`.user-4111111111111111 .Jane{}`, `.user-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\* .Jane{}`, `.user-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\* .Jane{}`},
	// @namespace and @import URLs.
	{`@namespace svg url(http://www.w3.org/2000/svg);svg|a{}`, `@namespace svg url(http://www.w3.org/2000/svg);svg|a{}`, `@namespace svg url(http://www.w3.org/2000/svg);svg|a{}`},
	{`@namespace "http://www.w3.org/1999/xhtml";`, `@namespace "http://www.w3.org/1999/xhtml";`, `@namespace "http://www.w3.org/1999/xhtml";`},
	{`@namespace url(https://x.example/ns?u=jane);`, `@namespace url("");`, `@namespace url("https://x.example/ns?u=");`},
	{`@namespace u "https://x.example/ns#jane";`, `@namespace u "";`, `@namespace u "https://x.example/ns";`},
	{`@import url(/css/jane@example.com/a.css?t=1);`, `@import url("");`, `@import url("/css/****************/a.css?t=");`},
	// Fonts stay, through the detectors; content: strings do not.
	{`a{font:italic 12px/1.5 "Jane Sans",serif;content:"Jane"}`, `a{font:italic 12px/1.5 "Jane Sans",serif;content:"****"}`, `a{font:italic 12px/1.5 "Jane Sans",serif;content:"Jane"}`},
	{`font-family: "Segoe UI"; content: "Jane"`, `font-family: "Segoe UI"; content: "****"`, `font-family: "Segoe UI"; content: "Jane"`},
	{`a{font-family:"jane@example.com"}`, `a{font-family:"****************"}`, `a{font-family:"****************"}`},
	{`@font-face{font-family:X;src:local("Jane Sans"),url(/f/j.woff2?k=s3cr3t#x) format("woff2") tech(variations)}`, `@font-face{font-family:X;src:local("Jane Sans"),url("/f/j.woff2?k=") format("woff2") tech(variations)}`, `@font-face{font-family:X;src:local("Jane Sans"),url("/f/j.woff2?k=") format("woff2") tech(variations)}`},
	{`@font-face{src:u\72l("/f.woff?t=s3cr3t")}`, `@font-face{src:u\72l("/f.woff?t=")}`, `@font-face{src:u\72l("/f.woff?t=")}`},
	{`@media print{@font-face{src:url("https://fonts.example/a.woff?token=s3cr3t")}}`, `@media print{@font-face{src:url("https://fonts.example/a.woff?token=")}}`, `@media print{@font-face{src:url("https://fonts.example/a.woff?token=")}}`},
	{`a{src:url(x.woff?t=1)}`, `a{src:url("")}`, `a{src:url("x.woff?t=")}`},
	// Page text in clear goes through the detectors; a match masks the
	// whole value.
	{`a::after{content:"call 5551234567"}`, `a::after{content:"**** **********"}`, `a::after{content:"**** **********"}`},
}

func TestMaskCSSWith(t *testing.T) {
	for _, tc := range cssPolicyCases {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			assert.Equal(t, tc.masked, maskCSSWith(tc.in, testCSSPolicy(true)), "masked")
			assert.Equal(t, tc.recorded, maskCSSWith(tc.in, testCSSPolicy(false)), "recorded")
		})
	}
}
