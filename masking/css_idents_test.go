package masking

import (
	"strings"
	"testing"

	"github.com/veil-replay/veil/rules"
)

// Keywords among author names stay, so the replay keeps its timing, list
// markers and grid placement; every name becomes its placeholder.
func TestCSSAuthorNamesKeepKeywords(t *testing.T) {
	s := NewSession(nil)
	cases := []struct{ css, want string }{
		{`a{animation:1s ease-in-out infinite alternate both paused}`, `a{animation:1s ease-in-out infinite alternate both paused}`},
		{`a{animation:2s steps(4, jump-end) fade}`, `a{animation:2s steps(4, jump-end) ` + s.authorName("fade") + `}`},
		{`ol{list-style:inside disc;counter-increment:list-item}`, `ol{list-style:inside disc;counter-increment:list-item}`},
		{`a{grid-area:auto / span 2;grid-row:1 / -1}`, `a{grid-area:auto / span 2;grid-row:1 / -1}`},
		{`a{font:caption}b{font-family:-apple-system, BlinkMacSystemFont, "Times New Roman", Times New Roman, monospace}`,
			`a{font:caption}b{font-family:-apple-system, BlinkMacSystemFont, "Times New Roman", Times New Roman, monospace}`},
		{`@page :first{margin:0}`, `@page :first{margin:0}`},
		{`@container (min-width:1px) and style(--x: 1){}`, `@container (min-width:1px) and style(` + s.authorName("--x") + `: 1){}`},
		{`a{view-transition-name:none;container-name:none;anchor-name:none}`, `a{view-transition-name:none;container-name:none;anchor-name:none}`},
		{`@-moz-keyframes fade{}@-o-keyframes fade{}a{-webkit-animation:1s linear fade;-moz-animation-name:fade}`,
			`@-moz-keyframes ` + s.authorName("fade") + `{}@-o-keyframes ` + s.authorName("fade") + `{}a{-webkit-animation:1s linear ` + s.authorName("fade") + `;-moz-animation-name:` + s.authorName("fade") + `}`},
		{`a{grid-template-areas:"head head" "... main"}`, `a{grid-template-areas:"` + s.authorName("head") + ` ` + s.authorName("head") + `" "... ` + s.authorName("main") + `"}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			if got := s.css(c.css, true, false); got != c.want {
				t.Errorf("css(%q)\n got %q\nwant %q", c.css, got, c.want)
			}
		})
	}
}

// Block-list records page text in clear by design: its style sheets keep
// their author names.
func TestCSSAuthorNamesKeptInBlockList(t *testing.T) {
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList})
	if err != nil {
		t.Fatal(err)
	}
	src := `@keyframes hannelore{}a{animation-name:hannelore;--quist:1;font-family:"Hannelore Quist"}`
	if got := NewSession(set).css(src, false, false); got != src {
		t.Errorf("block-list changed %q into %q", src, got)
	}
	if got := NewSession(nil).css(src, false, false); strings.Contains(got, "annelore") || strings.Contains(got, "quist") {
		t.Errorf("mask-all kept a name in %q", got)
	}
}

// The names @font-feature-values and @view-transition define meet their
// references under the same placeholders: the families of its prelude as
// font-family maps them, the feature values of its blocks as
// font-variant-alternates refers to them, the types as
// :active-view-transition-type() does; keywords and well-known families
// stay.
func TestCSSFeatureAndTransitionNames(t *testing.T) {
	s := NewSession(nil)
	h := s.authorName
	cases := []struct{ css, want string }{
		{`@font-feature-values Hannelore Quist{@styleset{jane:1 2}}`,
			`@font-feature-values ` + h("hannelore") + ` ` + h("quist") + `{@styleset{` + h("jane") + `:1 2}}`},
		{`@font-feature-values "Hannelore Quist", Arial{}`, `@font-feature-values "` + h("hannelore") + ` ` + h("quist") + `", Arial{}`},
		{`@font-feature-values Times New Roman{@swash{fancy:1;none:2}}`, `@font-feature-values Times New Roman{@swash{` + h("fancy") + `:1;none:2}}`},
		{`p{font-family:Hannelore;font-variant-alternates:styleset(jane, none) swash(quist) historical-forms}`,
			`p{font-family:` + h("hannelore") + `;font-variant-alternates:styleset(` + h("jane") + `, none) swash(` + h("quist") + `) historical-forms}`},
		{`@view-transition{navigation:auto;types:hannelore quist}`, `@view-transition{navigation:auto;types:` + h("hannelore") + ` ` + h("quist") + `}`},
		{`:active-view-transition-type(hannelore){}`, `:active-view-transition-type(` + h("hannelore") + `){}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			for _, masked := range []bool{false, true} {
				if got := s.css(c.css, masked, false); got != c.want {
					t.Errorf("css(%q, %v)\n got %q\nwant %q", c.css, masked, got, c.want)
				}
			}
		})
	}
}

// A keyframes name written as a string names what the same ident names: it
// takes the ident's placeholder, so the animation still runs at replay.
func TestCSSKeyframesStringName(t *testing.T) {
	s := NewSession(nil)
	h := s.authorName
	cases := []struct{ css, want string }{
		{`@keyframes "fade"{}a{animation-name:fade}`, `@keyframes "` + h("fade") + `"{}a{animation-name:` + h("fade") + `}`},
		{`@-webkit-keyframes 'Jane Doe'{}`, `@-webkit-keyframes '` + h("Jane Doe") + `'{}`},
		{`a{animation:1s "fade" infinite;-webkit-animation-name:"none"}`, `a{animation:1s "` + h("fade") + `" infinite;-webkit-animation-name:"` + h("none") + `"}`},
		{`ol{list-style-type:"fade"}`, `ol{list-style-type:"****"}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			if got := s.css(c.css, true, false); got != c.want {
				t.Errorf("css(%q)\n got %q\nwant %q", c.css, got, c.want)
			}
		})
	}
}
