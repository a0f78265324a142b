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
