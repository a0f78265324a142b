package masking

import (
	"strings"
	"testing"
)

type grammarCase struct {
	in   string
	want bool
}

func runGrammar(t *testing.T, name string, f func(string) bool, cases []grammarCase) {
	t.Helper()
	for _, tc := range cases {
		label := tc.in
		if len(label) > 40 {
			label = label[:20] + "…" + label[len(label)-10:]
		}
		t.Run(name+"/"+label, func(t *testing.T) {
			if got := f(tc.in); got != tc.want {
				t.Errorf("%s(%q, %d bytes) = %v, want %v", name, label, len(tc.in), got, tc.want)
			}
		})
	}
}

func TestGrammarIdent(t *testing.T) {
	runGrammar(t, "validIdent", validIdent, []grammarCase{
		{"main", true},
		{"main-nav_2", true},
		{"ns:name", true},
		{"a.b", true},
		{"café", true},
		{"日本語", true},
		{"नमस्ते", true}, // combining marks
		{strings.Repeat("a", maxIdentLen), true},
		{strings.Repeat("a", maxIdentLen+1), false},
		{"", false},
		{"a b", false},
		{" a", false},
		{"a@b", false},
		{"a/b", false},
		{"a?b", false},
		{"a=b", false},
		{`a"b`, false},
		{"a'b", false},
		{"a#b", false},
		{"a%40b", false},
		{"a\u00a0b", false}, // NBSP is not an identifier character
		{"a＠b", false},      // fullwidth @
		{"a\u200bb", false}, // zero-width space
		{"a\xffb", false},
		{"a٤b", false}, // Arabic-Indic digit
		{"a４b", false}, // fullwidth digit
		{"item-12345", true},
		{"user_4111_1111_1111_1111", false}, // digit groups the detectors do not join
		{"a1:b2:c3:d4:e5:f6", false},
		{"r1:2:3:4:5", true},
	})
	runGrammar(t, "validIdentList", func(v string) bool { return validIdentList(v, false) }, []grammarCase{
		{"a b  c", true},
		{" a\tb\n", true},
		{"a w-1/2", false},
		{strings.Repeat("a ", maxIdentsLen/2), true},
		{strings.Repeat("a ", maxIdentsLen/2) + "a", false},
	})
	runGrammar(t, "classNames", func(v string) bool { return validIdentList(v, true) }, []grammarCase{
		{"btn btn-primary", true},
		{"u_4111_1111_1111_1111 col-6", true}, // class names: the detectors mask in place
		{"w-1/2 hover:bg-[#fff] !mt-0 [&>*]:p-4 grid-cols-(--x)", true},
		{"a//b", false},
		{"bg-[url(https://x)]", false},
		{"content-['x']", false},
		{"w-[50%] from-10% @container @md:flex", true},
		{"w-[50%40]", false},
		{"jane%40example.com", false},
		{"a@b", false},
		{"@@b", false},
		{"a?b", false},
		{"a=b", false},
	})
	runGrammar(t, "validFragmentIdent", validFragmentIdent, []grammarCase{
		{"icon-home", true},
		{"a:b", false},
		{"", false},
	})
}

func TestGrammarNumber(t *testing.T) {
	runGrammar(t, "validNumber", validNumber, []grammarCase{
		{"0", true},
		{"-1", true},
		{"+2", true},
		{"1.5", true},
		{".5", true},
		{"1.", true},
		{"1e3", true},
		{"1E-3", true},
		{"2em", true},
		{"1ex", true},
		{"100%", true},
		{"10PX", true},
		{"45deg", true},
		{" 12 ", true},
		{"999999", true},
		{"9999999", false}, // one past maxIntDigits
		{"4111111111111111", false},
		{"0." + strings.Repeat("1", maxFracDigits), true},
		{"0." + strings.Repeat("1", maxFracDigits+1), false},
		{"1e999", true},
		{"1e1000", false},
		{"", false},
		{" ", false},
		{"-", false},
		{".", false},
		{"1 2", false},
		{"10jane", false},
		{"1,5", false},
		{"1-2", false},
		{"0x10", false},
		{"NaN", false},
		{strings.Repeat(" ", maxNumberLen-1) + "1", true},
		{strings.Repeat(" ", maxNumberLen) + "1", false},
	})
	runGrammar(t, "validNumberList", validNumberList, []grammarCase{
		{"5, 10", true},
		{"5 10 15", true},
		{"0;0.5;1", true},
		{"1px 2em", true},
		{"2024-01-01", false},
		{"1 2 jane", false},
		{",", false},
		{"", false},
		{strings.Repeat("1 ", maxNumbersLen/2), true},
		{strings.Repeat("1 ", maxNumbersLen/2) + "1", false},
	})
	runGrammar(t, "validNumberPair", validNumberPair, []grammarCase{
		{"2", true},
		{"2 1", true},
		{" 2,1 ", true},
		{"0.5 0.25", true},
		{"1414 2135 6237", false},
		{"1 2 3", false},
		{"2 jane", false},
		{"", false},
	})
}

func TestGrammarGeometry(t *testing.T) {
	long := "M0 0" + strings.Repeat(" L10.123456 20.5", 1000)
	runGrammar(t, "validPath", validPath, []grammarCase{
		{"M10.123456 20 L30 40Z", true},
		{"M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm-2 15l-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z", true},
		{"M0,0.30000000000000004L1e-7,2", true},
		{"m0,0l10-5h1v1c1 2 3 4 5 6s1 2 3 4q1 2 3 4t1 2a5 5 0 0 1 10 10z", true},
		{"M0.5.5", true},
		{"M1e-5 2E3", true},
		{long, true},
		{"none", true},
		{" M 1 2 ", true},
		{"L10 10", false},
		{"M10 10 jane", false},
		{"M1 2 X3", false},
		{"M1234567 0", false},
		{"M1 2?", false},
		{"M1 2 @", false},
		{"", false},
		{"M" + strings.Repeat(" ", maxGeometryLen-2) + "0", true},
		{"M" + strings.Repeat(" ", maxGeometryLen-1) + "0", false},
	})
	runGrammar(t, "validPoints", validPoints, []grammarCase{
		{"0,0 10,10 20,0", true},
		{"1 2 3 4", true},
		{"1,2 3", true},
		{"1,2 jane", false},
		{"", false},
		{"1px 2", false},
		{strings.Repeat(" ", maxGeometryLen-1) + "0", true},
		{strings.Repeat(" ", maxGeometryLen) + "0", false},
	})
	runGrammar(t, "validViewBox", validViewBox, []grammarCase{
		{"0 0 24 24", true},
		{"0,0,100,50.5", true},
		{"-1 -1 2 2", true},
		{"0 0 24", false},
		{"0 0 24 24 24", false},
		{"0 0 24px 24", false},
		{"none", false},
		{strings.Repeat(" ", maxNumbersLen-7) + "0 0 1 1", true},
		{strings.Repeat(" ", maxNumbersLen-6) + "0 0 1 1", false},
	})
	runGrammar(t, "validTransform", validTransform, []grammarCase{
		{"translate(10,20)", true},
		{"translate(10 20) rotate(45)", true},
		{"matrix(1 0 0 1 0 0)", true},
		{"rotate(45deg) scale(1.5)", true},
		{"skewX(10), skewY(5)", true},
		{"none", true},
		{"translate(jane)", false},
		{"url(#x)", false},
		{"translate(1", false},
		{"translate", false},
		{"", false},
		{"evil(1)", false},
		{strings.Repeat("scale(1)", maxTransform/8), true},
		{strings.Repeat("scale(1)", maxTransform/8) + " ", false},
	})
	runGrammar(t, "validAspect", validAspect, []grammarCase{
		{"xMidYMid meet", true},
		{"none", true},
		{"defer xMinYMax slice", true},
		{"xMaxYMin", true},
		{"xmidymid", true},
		{"meet", false},
		{"xMidYMid meet slice", false},
		{"xMidYMed", false},
		{"", false},
		{"xMidYMid" + strings.Repeat(" ", 64-8), true},
		{"xMidYMid" + strings.Repeat(" ", 64-7), false},
	})
}

func TestGrammarColor(t *testing.T) {
	runGrammar(t, "validColor", validColor, []grammarCase{
		{"#fff", true},
		{"#ffff", true},
		{"#a0b1c2", true},
		{"#a0b1c2d3", true},
		{"#ff", false},
		{"#fffff", false},
		{"#ggg", false},
		{"red", true},
		{"RebeccaPurple", true},
		{"currentColor", true},
		{"transparent", true},
		{"none", true},
		{"context-stroke", true},
		{"rgb(1, 2, 3)", true},
		{"rgba(1,2,3,.5)", true},
		{"rgb(1 2 3 / 50%)", true},
		{"hsl(120deg 50% 50%)", true},
		{"oklch(70% 0.1 120)", true},
		{"color(display-p3 1 0 0)", true},
		{"color-mix(in srgb, red 50%, blue)", true},
		{"rgb(from red r g b / 50%)", true},
		{"light-dark(#fff, #000)", true},
		{" red ", true},
		{"jane", false},
		{"rgb(jane)", false},
		{"rgb(1,2,3", false},
		{"rgB(//0)", false}, // "//" starts a URL: one alpha separator only
		{"rgb(1 2 / 3 / 4)", false},
		{"rgb(1% 2% 3%)", true},
		{"url(#a)", false},
		{"red blue", false},
		{"rgb(calc(1 + 2) 0 0)", false},
		{"", false},
		{"rgb(" + strings.Repeat("rgb(", maxNesting) + "1" + strings.Repeat(")", maxNesting+1), false},
		{"rgb(" + strings.Repeat("rgb(", maxNesting-2) + "1" + strings.Repeat(")", maxNesting-1), true},
		{"red" + strings.Repeat(" ", maxColorLen-3), true},
		{"red" + strings.Repeat(" ", maxColorLen-2), false},
	})
	runGrammar(t, "validPaint", validPaint, []grammarCase{
		{"url(#grad)", true},
		{"url('#grad')", true},
		{`url("#grad") none`, true},
		{"url(#grad) #fff", true},
		{"URL(#grad)", true},
		{"red", true},
		{"url(https://x.example/a?t=1)", false},
		{"url(a.svg#g)", false},
		{"url(#a:b)", false},
		{"url(#)", false},
		{"url(#a) url(#b)", false},
		{"url('#a\")", false},
		{"url(#a", false},
		{"url(#a) jane", false},
	})
	runGrammar(t, "validFragment", validFragment, []grammarCase{
		{"#icon", true},
		{"url(#clip)", true},
		{"none", true},
		{"#", false},
		{"icon", false},
		{"/s.svg#icon", false},
		{"#a?b", false},
		{"#a/b", false},
		{"#a:b", false},
		{"https://x/#a", false},
		{"#" + strings.Repeat("a", maxIdentLen), true},
		{"#" + strings.Repeat("a", maxIdentLen+1), false},
		{"url(#" + strings.Repeat("a", maxIdentLen) + ")", true},
		{"url(  #" + strings.Repeat("a", maxIdentLen) + "  )", true},
		{"url(#" + strings.Repeat("a", maxIdentLen+1) + ")", false},
	})
}

func TestGrammarLang(t *testing.T) {
	runGrammar(t, "validLang", validLang, []grammarCase{
		{"en", true},
		{"en-US", true},
		{"zh-Hant-TW", true},
		{"es-419", true},
		{"sl-rozaj", true},
		{"de-CH-1901", true},
		{"x-default", true},
		{"und", true},
		{"", true},
		{"Jane-Doe", false},
		{"jo-Doe", false},
		{"e", false},
		{"engl", false},
		{"en_US", false},
		{"en-", false},
		{"-en", false},
		{"en--US", false},
		{"en-US-GB", false},
		{"en-Latn-US-fonipa-fonipa", false}, // five subtags
		{"en-abcdefghi", false},
		{"en-Latn-US-fonipa", true},
		{"ca-ES-valencia", true},
		{"sl-rozaj-biske", true},
		{"de-1996", true},
		{"en-1606nict", true},
		// a variant's shape holds a name: only registered variants are one
		{"de-hannelor", false},
		{"en-quistjan", false},
		{"en-Latn-US-abcdefgh", false},
		{"sl-rozaj-janedoe", false},
		{"en US", false},
		{"en@x", false},
	})
	runGrammar(t, "validLangList", validLangList, []grammarCase{
		{"en, fr-CA", true},
		{"en", true},
		{"en,,fr", false},
		{"en, Jane-Doe", false},
		{"", false},
	})
}

func TestGrammarWords(t *testing.T) {
	runGrammar(t, "validMIME", validMIME, []grammarCase{
		{"text/css", true},
		{"image/svg+xml", true},
		{"application/vnd.api+json", false},
		{"font/woff2", true},
		{"image/vnd.microsoft.icon", true},
		{"text/html; charset=iso-8859-15", true},
		{"text/html; charset=windows-1252", true},
		{`video/webm; codecs="vp09.00.10.08, opus"`, true},
		{`video/mp4; codecs="av01.0.04M.08"`, true},
		// subtypes and parameter tokens are open to anyone: names pass their shape
		{"application/x-hannelore-quist", false},
		{"image/x-JaneDoe", false},
		{"text/HanneloreQuist", false},
		{`video/mp4; codecs="avc1.4d002a, Hannelore"`, false},
		{"text/plain; charset=hannelore", false},
		{"text/css; charset=windows-quist", false},
		{"Video/MP4", true},
		{"text/css; charset=utf-8", true},
		{"text/css;charset=UTF-8", true},
		{`video/mp4; codecs="avc1.42E01E, mp4a.40.2"`, true},
		{`video/webm; codecs="vp9"; profiles=x`, false},
		{"text/css; name=jane", false},
		{"text/css; charset=", false},
		{"text/css; charset=a@b", false},
		{`video/mp4; codecs="avc1`, false},
		{`video/mp4; codecs="a/b"`, false},
		{"text/css;", false},
		{"text/css x", false},
		{"jane/doe", false},
		{"text/", false},
		{"/css", false},
		{"text/-x", false},
		{"text/a@b", false},
		{"text", false},
		{"text/css; charset=iso-8859-" + strings.Repeat("8", maxMIMELen-27), true},
		{"text/css; charset=iso-8859-" + strings.Repeat("8", maxMIMELen-26), false},
	})
	runGrammar(t, "validMedia", validMedia, []grammarCase{
		{"screen", true},
		{"(max-width: 600px)", true},
		{"screen and (min-width: 768px), print", true},
		{"(prefers-color-scheme: dark)", true},
		{"(-webkit-min-device-pixel-ratio: 2), (min-resolution: 192dpi)", true},
		{"(aspect-ratio: 16/9)", true},
		{"(400px <= width <= 700px)", true},
		{"not all and (monochrome)", true},
		{"(max-width: 600px", false},
		{"(max-width: 600px))", false},
		{"jane", false},
		{"screen and (url(x))", false},
		{`"x"`, false},
		{"@media", false},
		{"(width: 1px) ?", false},
		{"(width: 10%20)", false},
		{"(width: 1px2)", false},
		{"(aspect-ratio: 16//9)", false},
		{strings.Repeat("(", maxNesting) + "hover" + strings.Repeat(")", maxNesting), true},
		{strings.Repeat("(", maxNesting+1) + "hover" + strings.Repeat(")", maxNesting+1), false},
		{"screen" + strings.Repeat(" ", maxMediaLen-6), true},
		{"screen" + strings.Repeat(" ", maxMediaLen-5), false},
	})
	runGrammar(t, "validSizes", validSizes, []grammarCase{
		{"(max-width: 600px) 480px, 800px", true},
		{"100vw", true},
		{"auto", true},
		{"calc(100vw - 2rem)", true},
		{"(min-width: 1024px) calc((100vw - 64px) / 3), 100vw", true},
		{"100vw jane", false},
		{"calc(100vw -2rem)", true}, // "-2rem" is a number
		{"calc(100vw + jane)", false},
	})
	runGrammar(t, "validIconSizes", validIconSizes, []grammarCase{
		{"16x16", true},
		{"16x16 32X32", true},
		{"any", true},
		{"99999x1", true},
		{"999999x1", false},
		{"16", false},
		{"x16", false},
		{"16x", false},
		{"16x16 jane", false},
		{strings.Repeat("1x1 ", maxNumbersLen/4), true},
		{strings.Repeat("1x1 ", maxNumbersLen/4) + "1", false},
	})
	runGrammar(t, "validFontFamily", validFontFamily, []grammarCase{
		{"Mary Major 078 05 1120", false}, // six digits in all: a number, not a font
		{"\"Jane 4111 1111 1111 1111\", serif", false},
		{"Helvetica Neue LT 55, Source Sans 3", true},
		{"Arial", true},
		{"Helvetica Neue, Arial, sans-serif", true},
		{`"Open Sans", serif`, true},
		{"'Font Awesome 6 Free'", true},
		{"a@b", false},
		{"Arial,", false},
		{`"Open Sans`, false},
		{"url(x)", false},
		{strings.Repeat("a", maxFontLen), true},
		{strings.Repeat("a", maxFontLen+1), false},
	})
}

func TestGrammarKeywords(t *testing.T) {
	words := []string{"submit", "reset"}
	runGrammar(t, "validKeywordList", func(v string) bool { return validKeywordList(words, v, false) }, []grammarCase{
		{"submit", true},
		{"SUBMIT reset", true},
		{" submit\treset ", true},
		{"", true},
		{"submit jane", false},
		{"submİt", false},
	})
	exact := attrClass{class: classKeyword, keywords: []string{"a", "A"}, exact: true}
	runGrammar(t, "exactKeyword", exact.valid, []grammarCase{
		{"a", true},
		{"A", true},
		{"b", false},
		{"a ", false},
	})
}
