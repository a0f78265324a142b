package masking

import (
	"math"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/rules"
)

// A type selector naming an element no table knows is written as the
// markup writes the element, in a page's sheet and in a linked one alike;
// the same word where it names no element stays.
func TestCSSTypeSelectorsOfUnknownElements(t *testing.T) {
	s := NewSession(nil)
	x := func(name string) string { return s.names.placeholder("x-h", name) }
	h := s.authorName
	cases := []struct{ css, want string }{
		{`hannelore { color: red }`, x("hannelore") + ` { color: red }`},
		{`HanneLore{}`, x("hannelore") + `{}`},
		{`quist p { margin: 0 }`, x("quist") + ` p { margin: 0 }`},
		{`:is(jane, doe){}`, `:is(` + x("jane") + `, ` + x("doe") + `){}`},
		{`:where(p, :not(jane)){}`, `:where(p, :not(` + x("jane") + `)){}`},
		{`:has(> quist){}`, `:has(> ` + x("quist") + `){}`},
		{`*|jane{}`, `*|` + x("jane") + `{}`},
		{`|jane{}`, `|` + x("jane") + `{}`},
		{`jane:hover{}`, x("jane") + `:hover{}`},
		{`a:hover jane{}`, `a:hover ` + x("jane") + `{}`},
		{`jane::before{}`, x("jane") + `::before{}`},
		{`jane[title]{}`, x("jane") + `[title]{}`},
		{`jane.c{}`, x("jane") + `.` + s.identToken("c", false) + `{}`},
		{`\68 annelore{}`, x("hannelore") + `{}`},
		{`_jane{}`, x("_jane") + `{}`},
		{`.a{jane{}}`, `.` + s.identToken("a", false) + `{` + x("jane") + `{}}`},
		{`.a{color:red;& > jane{}}`, `.` + s.identToken("a", false) + `{color:red;& > ` + x("jane") + `{}}`},
		{`.a{jane:hover{}}`, `.` + s.identToken("a", false) + `{` + x("jane") + `:hover{}}`},
		{`:nth-child(2n+1 of jane){}`, `:nth-child(2n+1 of ` + x("jane") + `){}`},
		{`p:nth-last-child(odd of jane, p){}`, `p:nth-last-child(odd of ` + x("jane") + `, p){}`},
		{`::slotted(jane){}`, `::slotted(` + x("jane") + `){}`},
		{`:host(jane){}`, `:host(` + x("jane") + `){}`},
		{`:host-context(jane){}`, `:host-context(` + x("jane") + `){}`},
		{`@scope (jane) to (quist){p{}}`, `@scope (` + x("jane") + `) to (` + x("quist") + `){p{}}`},
		{`@supports selector(jane > p){}`, `@supports selector(` + x("jane") + ` > p){}`},
		{`@supports not selector(jane){}`, `@supports not selector(` + x("jane") + `){}`},
		{`@import url(a.css) supports(selector(jane));`, `@import url(a.css) supports(selector(` + x("jane") + `));`},
		{`@media screen{jane{}}`, `@media screen{` + x("jane") + `{}}`},
		{`@layer base{jane{}}`, `@layer ` + h("base") + `{` + x("jane") + `{}}`},
		{`@starting-style{jane{opacity:0}}`, `@starting-style{` + x("jane") + `{opacity:0}}`},
		// known element names stay, in any namespace's table
		{`p, div, svg, foreignObject, linearGradient, mi, math, none, script, selectedcontent{}`, `p, div, svg, foreignObject, linearGradient, mi, math, none, script, selectedcontent{}`},
		{`my-card{}`, x("my-card") + `{}`},
		// the same words where they name no element
		{`@keyframes k{from{opacity:0}to{opacity:1}}`, `@keyframes ` + h("k") + `{from{opacity:0}to{opacity:1}}`},
		{`@-webkit-keyframes k{from{}}`, `@-webkit-keyframes ` + h("k") + `{from{}}`},
		{`@media screen and (min-width:1px){}`, `@media screen and (min-width:1px){}`},
		{`:lang(en){}`, `:lang(en){}`},
		{`p:dir(ltr){}`, `p:dir(ltr){}`},
		{`:nth-child(odd){}`, `:nth-child(odd){}`},
		{`:nth-of-type(even){}`, `:nth-of-type(even){}`},
		{`@page :first{margin:0}`, `@page :first{margin:0}`},
		{`a{display:block;color:red}`, `a{display:block;color:red}`},
		{`display:block;color:red`, `display:block;color:red`},
		{`a{--x:{jane}}`, `a{` + h("--x") + `:{jane}}`},
		// (a value mixing a {}-block with other tokens styles nothing: masked whole, cssMixedBlock)
		{`a{--x:jane {b}}`, `a{` + h("--x") + `:\*\*\*\* {\*}}`},
		{`--x:jane {b}`, h("--x") + `:\*\*\*\* {\*}`},
		{`col||td{}`, `col||td{}`},
		// a dashed class or part name is the markup's token, as any other
		{`.--jane-doe{}`, `.` + s.identToken("--jane-doe", false) + `{}`},
		{`::part(--jane-doe){}`, `::part(` + s.identToken("--jane-doe", false) + `){}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			for _, linked := range []bool{false, true} {
				assert.Equal(t, c.want, s.css(c.css, false, linked))
			}
		})
	}
}

// The placeholder a sheet writes is the name the element is emitted under,
// whatever the mode and the spelling: the replayed rule still matches.
func TestCSSTypeSelectorMatchesMarkup(t *testing.T) {
	for _, mode := range []rules.Mode{rules.ModeMaskAll, rules.ModeAllowList, rules.ModeBlockList} {
		set, err := rules.Compile(rules.Rules{Mode: mode})
		require.NoError(t, err)
		s := NewSession(set)
		for _, name := range []string{"hannelore", "Quist", "JANE"} {
			t.Run(string(mode)+"/"+name, func(t *testing.T) {
				tag := s.tagName(&html.Node{Type: html.ElementNode, Data: strings.ToLower(name)})
				assert.True(t, strings.HasPrefix(tag, "x-h"), tag)
				for _, sheet := range []string{name + "{}", ":is(" + name + "){}", "@scope (" + name + "){}"} {
					out := s.css(sheet, false, false)
					assert.Contains(t, out, tag, sheet)
					assert.NotContains(t, strings.ToLower(out), strings.ToLower(name), sheet)
				}
			})
		}
	}
}

// A namespace prefix is the page's own word: in mask-all and allow-list it
// takes a placeholder, the same in @namespace and in every use, so they
// still meet; well-known prefixes stay, and block-list keeps every prefix
// as its markup keeps xmlns:* names.
func TestCSSNamespacePrefixes(t *testing.T) {
	s := NewSession(nil)
	x := func(name string) string { return s.names.placeholder("x-h", name) }
	h := s.authorName
	cases := []struct{ css, want string }{
		{`@namespace hq url(https://ns.example/);hq|quist{}`, `@namespace ` + h("hq") + ` url(https://ns.example/);` + h("hq") + `|` + x("quist") + `{}`},
		{`hannelore|p{}`, h("hannelore") + `|p{}`},
		{`[hannelore|title]{}`, `[` + h("hannelore") + `|title]{}`},
		{`hannelore|*{}`, h("hannelore") + `|*{}`},
		{`svg|rect, xlink|a{}`, `svg|rect, xlink|a{}`},
		{`@namespace url(https://ns.example/);p{}`, `@namespace url(https://ns.example/);p{}`},
	}
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList})
	require.NoError(t, err)
	blockList := NewSession(set)
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			assert.Equal(t, c.want, s.css(c.css, false, false))
			kept := blockList.css(c.css, false, false)
			for _, prefix := range prefixWords.FindAllString(c.css, -1) {
				assert.Contains(t, kept, prefix, "block-list")
			}
		})
	}
}

// prefixWords finds the namespace prefixes of a selector (hq|).
var prefixWords = regexp.MustCompile(`[a-z]+\|`)

// TestCSSStatementsScaleLinearly masks hostile sheets at 4 KiB and 64 KiB:
// each statement is scanned for what it is (selector list or declaration)
// once, up to where the next may start. A scan that counted brackets read
// on to the end from every statement of a[{;a[{;…, 256 times as long for
// 16 times the input; the bound leaves 4× room over linear, and the best
// of three ratios of the best of five runs is compared, with the GC off
// while they run (an unclosed bracket per statement grows the masker's
// block stack: collecting it put linear runs at up to 77× on a busy 2-core
// machine).
func TestCSSStatementsScaleLinearly(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	s := NewSession(nil)
	best := func(in string) time.Duration {
		d := time.Duration(1 << 62)
		for range 5 {
			start := time.Now()
			s.css(in, false, false)
			d = min(d, time.Since(start))
		}
		return max(d, time.Microsecond)
	}
	for _, unit := range []string{"a[{;", "(a:[{;", ".x{a:[{;", "a:hover b[{;", "a{b:c d[{;", "@media (a:[{;"} {
		t.Run(unit, func(t *testing.T) {
			runtime.GC()
			small := strings.Repeat(unit, (4<<10)/len(unit)+1)[:4<<10]
			large := strings.Repeat(unit, (64<<10)/len(unit)+1)[:64<<10]
			ratio := math.Inf(1)
			for range 3 {
				if r := float64(best(large)) / float64(best(small)); r < ratio {
					ratio = r
				}
			}
			assert.Less(t, ratio, 64.0)
		})
	}
}
