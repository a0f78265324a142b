package masking

import (
	"strings"
	"testing"
)

// fuzzClasses is one row kind per class and grammar the table uses.
var fuzzClasses = []struct {
	kind string // a row kind of the attribute table
	// may lists the otherwise forbidden substrings this grammar needs.
	may []string
}{
	{kw + "ltr rtl auto", nil},
	{kwx + "1 a A i I", nil},
	{kws + wordsRole, nil},
	{kw + wordsEnctype, nil},
	{cLang, nil},
	{cLangList, nil},
	{cMIME, []string{"="}}, // codecs="…"
	{cMedia, []string{"="}},
	{cSizes, []string{"="}},
	{cIconSizes, nil},
	{cFontFamily, nil},
	{cAspect, nil},
	{cNamespace, []string{"//"}},
	{cNumber, nil},
	{nums + "indefinite", nil},
	{cPath, nil},
	{cPoints, nil},
	{cSMIL, nil},
	{cTransform, nil},
	{cViewBox, nil},
	{cColor, nil},
	{cPaint, nil},
	{cFragment, nil},
	{cIdent, nil},
	{cIdents, nil},
	{cClassNames, []string{"@"}}, // only at a token's start, checked below
	{cBoolean, nil},
	{cText, nil},
	{cURL, nil},
}

// FuzzGrammars: valid never panics, is deterministic, and what it accepts
// holds no '@', '?', "//" or '=' unless the grammar needs it, never '@'
// after another character or a percent-encoded byte, and a number grammar
// never accepts a digit run longer than a double prints.
func FuzzGrammars(f *testing.F) {
	for _, s := range []string{
		"", "ltr", "en-US", "text/css", "(max-width: 600px) 480px, 800px", "16x16", "Arial, sans-serif",
		"xMidYMid meet", "http://www.w3.org/2000/svg", "1.5em", "5, 10", "M0 0L10 10Z", "0,0 1,1",
		"rotate(45) translate(1 2)", "0 0 24 24", "rgb(1 2 3 / 50%)", "url(#g) red", "#icon", "main",
		"a b", "w-1/2 hover:bg-[#fff]", "disabled", "jane@example.com", "url(https://x/?t=1)", "a//b",
		"4111111111111111", "1e999", "İd", "\xff", `video/mp4; codecs="avc1.42E01E, mp4a.40.2"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, fc := range fuzzClasses {
			c, _ := parseKind(fc.kind)
			c.name = "disabled"
			got := c.valid(v)
			if again := c.valid(v); again != got {
				t.Fatalf("%s: valid(%q) not deterministic", fc.kind, v)
			}
			if !got {
				continue
			}
			if !c.structural() {
				t.Fatalf("%s: a non-structural class kept %q", fc.kind, v)
			}
			for _, bad := range []string{"@", "?", "//", "="} {
				if strings.Contains(v, bad) && !mayHold(fc.may, bad) {
					t.Fatalf("%s: valid(%q) holds %q", fc.kind, v, bad)
				}
			}
			for i := 1; i < len(v); i++ {
				if v[i] == '@' && !isHTMLSpace(v[i-1]) {
					t.Fatalf("%s: valid(%q) holds '@' inside a token", fc.kind, v)
				}
				if v[i-1] == '%' && grHex(v[i]) && i+1 < len(v) && grHex(v[i+1]) {
					t.Fatalf("%s: valid(%q) holds a percent-encoded byte", fc.kind, v)
				}
			}
			switch c.class {
			case classNumber, classGeometry, classColor:
				if n := grLongestDigitRun(v); n > maxFracDigits {
					t.Fatalf("%s: valid(%q) holds a %d-digit run", fc.kind, v, n)
				}
			}
		}
	})
}

func mayHold(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func grLongestDigitRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if grDigit(s[i]) {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
