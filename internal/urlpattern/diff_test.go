package urlpattern

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// agree checks one pattern against package regexp on the given texts: both
// refuse it, or both accept it and agree on every text. Unicode classes and
// programs over MaxSteps are ours to refuse.
func agree(t *testing.T, pat string, texts []string) {
	t.Helper()
	want, werr := regexp.Compile(pat)
	got, gerr := Compile(pat)
	switch {
	case werr != nil && gerr != nil:
		return
	case werr != nil:
		t.Fatalf("%q: regexp refuses (%v), we accept", pat, werr)
	case gerr != nil:
		if strings.Contains(gerr.Error(), "Unicode classes") || strings.Contains(gerr.Error(), "too large") {
			return
		}
		t.Fatalf("%q: regexp accepts, we refuse: %v", pat, gerr)
	}
	for _, s := range texts {
		if w, g := want.MatchString(s), got.MatchString(s); w != g {
			t.Fatalf("%q on %q: regexp says %v, we say %v", pat, s, w, g)
		}
	}
}

var texts = []string{
	"", "a", "A", "ab", "abc", "aab", "b", "ba", "\n", "a\nb", "a\n", "\nb",
	"https://shop.example/account/settings?tab=1#x", "http://EXAMPLE.com/Admin",
	"/checkout/pay", "x_y-z", "K", "\u212a", "k", "ſ", "S", "s", "é", "É",
	"\xff", "a\xffb", "{2}", "a{,3}", "[]", "-", "^$", "1234", "a b", "\t",
	"aaaa", "abab", "word boundary", "_a_", "ÿ", "\x00",
}

func TestAgainstRegexp(t *testing.T) {
	for _, pat := range []string{
		``, `a`, `ab|cd`, `a|`, `|a`, `(a|b)*c`, `a*`, `a+`, `a?`, `a{2}`, `a{2,}`, `a{1,3}`, `a{0}`,
		`a{,3}`, `{2}`, `{`, `a{`, `a{1`, `a{1,`, `a{01}`, `x{1000,}`, `a{1001}`, `a{2,1}`,
		`a**`, `a*?*`, `a*?`, `a+?`, `a??`, `x{2}{3}`, `^*`, `(*)`, `a|*`, `()`, `(a)(b)`,
		`^a`, `a$`, `^$`, `(?m)^b`, `(?m)a$`, `\Aa`, `a\z`, `\bb`, `\Bb`, `a\b`, `\b`,
		`.`, `(?s).`, `a.b`, `a.*b`, `[a-c]`, `[^a-c]`, `[]a]`, `[^]a]`, `[a-]`, `[-a]`, `[a-b-c]`,
		`[\d-z]`, `[a-\d]`, `[\b]`, `[[:alpha:]]`, `[[:^alpha:]]`, `[[:foo:]]`, `[[:word:][:space:]]`,
		`\d`, `\D`, `\s`, `\S`, `\w`, `\W`, `[\W]`, `[^\W]`, `(?i)\W`, `(?i)[^k]`, `(?i)k`, `(?i)K`,
		`(?i)s`, `(?i)[a-z]+`, `(?i)admin`, `(?i:a)b`, `(?i)a(?-i)b`, `(?i-s).`, `(?)`, `(?:)`,
		`(?i-)`, `(?-)`, `(?U)a+`, `(?P<n>a)`, `(?<n>a)`, `(?P<n>a)(?P<n>b)`, `(?P<>a)`, `(?P=n)`,
		`(?P<n!>a)`, `\Qa.b`, `\Qa.b\Ec`, `\Q\E`, `a\Q\E*`, `a(?i)*`, `\C`, `\8`, `\18`, `\01`,
		`\0`, `\101`, `\x41`, `\x{41}`, `\x{110000}`, `\x{}`, `\x4`, `\xZZ`, `\.`, `\/`, `\ `, `\-`,
		`\a\f\t\n\r\v`, `\`, `a\`, `(`, `)`, `a)`, `(a`, `[`, `[a`, `[^`, `[]`, `\pL`, `\p{Greek}`,
		`[\pL]`, `/account/`, `^https://[^/]+/admin(/|$)`, `\?(.*&)?token=`, `(?i)/(pay|checkout)`,
		`(a*)*`, `(a*)+b`, `(|a)*`, `(a|b|)+c`, `é`, `(?i)é`, `[à-ÿ]`, "\xff", `[\x00-\x{10FFFF}]`,
		`[^\x00-\x{10FFFF}]`, `a{1000}`, `(a{1000}){1000}`,
	} {
		t.Run(pat, func(t *testing.T) { agree(t, pat, texts) })
	}
}

// TestRandomAgainstRegexp builds patterns from RE2 pieces at random (a
// fixed seed, so a failure repeats) and compares with package regexp.
func TestRandomAgainstRegexp(t *testing.T) {
	pieces := []string{"a", "b", "k", "K", "é", ".", "\n", "(", ")", "(?:", "(?i)", "(?i:", "(?s)", "(?m)",
		"(?-i)", "|", "*", "+", "?", "*?", "{2}", "{1,2}", "{0,}", "^", "$", "\\b", "\\B", "\\A", "\\z",
		"[", "]", "[^", "-", "\\d", "\\w", "\\W", "\\s", "[[:alpha:]]", "[[:^digit:]]", "\\.", "\\x41",
		"\\Q", "\\E", "/", "_", "ſ", "{", "}", ","}
	texts := append(texts, "aKk\nbé/_", "b\nak", "é.a", "K\u212a", "aaab\nb", "/_/a1")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		agree(t, b.String(), texts)
	}
}

func FuzzAgainstRegexp(f *testing.F) {
	f.Add(`(?i)^https://[^/]+/admin`, "https://x.example/ADMIN")
	f.Add(`a{2,3}b|\bc`, "aab c")
	f.Fuzz(func(t *testing.T, pat, text string) {
		if len(pat) > 64 {
			return
		}
		agree(t, pat, []string{text, strings.ToUpper(text), "\n" + text})
	})
}
