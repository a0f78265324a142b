package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A custom element renamed for the data in its name is renamed in the
// style sheets too, wherever its name can be a type selector; class names,
// pseudo-classes, namespace prefixes and values are not type selectors. The
// sheet is a linked one, whose selectors may make a name structural
// (css_sheet_names.go).
func TestCSSTypeSelectorsFollowElementNames(t *testing.T) {
	s := NewSession(nil)
	ph := func(name string) string { return s.names.placeholder("x-h", name) }
	cases := []struct{ css, want string }{
		{`sk-9fQ2mZ7pL4vT8wR3xY6k{color:red}`, ph("sk-9fq2mz7pl4vt8wr3xy6k") + `{color:red}`},
		{`main > user-jane-doe-at-example-com b{}`, `main > ` + ph("user-jane-doe-at-example-com") + ` b{}`},
		{`:is(acct-9fQ2mZ7pL4vT8wR3xY6k)::part(x){}`, `:is(` + ph("acct-9fq2mz7pl4vt8wr3xy6k") + `)::part(x){}`},
		{`acct-9fQ2mZ7pL4vT8wR3xY6k:hover{}`, ph("acct-9fq2mz7pl4vt8wr3xy6k") + `:hover{}`},
		{`my-card{color:red}`, `my-card{color:red}`},
		// names an author defines (css_idents.go) take their own placeholder in mask-all
		{`a{animation:1s sk-9fQ2mZ7pL4vT8wR3xY6k}@keyframes sk-9fQ2mZ7pL4vT8wR3xY6k{}`, `a{animation:1s ` + s.authorName("sk-9fQ2mZ7pL4vT8wR3xY6k") + `}@keyframes ` + s.authorName("sk-9fQ2mZ7pL4vT8wR3xY6k") + `{}`},
		{`a{container-name:user-jane-doe-at-example-com}`, `a{container-name:` + s.authorName("user-jane-doe-at-example-com") + `}`},
		{`a{animation-name:fade-in;display:block}`, `a{animation-name:` + s.authorName("fade-in") + `;display:block}`},
		{`.sk-9fQ2mZ7pL4vT8wR3xY6k{}`, `.sk-9fQ2mZ7pL4vT8wR3xY6k{}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			out := s.css(c.css, false, true)
			assert.Equal(t, c.want, out)
			for _, tok := range []string{"9fQ2mZ7pL4vT8wR3xY6k", "jane-doe-at"} {
				if !strings.HasPrefix(c.want, ".") {
					assert.NotContains(t, strings.ToLower(out), strings.ToLower(tok))
				}
			}
		})
	}
}

func TestSpelledEmailNames(t *testing.T) {
	for name, want := range map[string]bool{
		"user-jane-doe-at-example-com": true,
		"data-jane_doe_at_example_org": true,
		"x-jane.at.example.co":         true,
		"data-look-at-me":              false,
		"at-home-page":                 false,
		"data-cat-dog-bird":            false,
		"my-card":                      false,
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, want, spelledEmail(name))
			assert.Equal(t, !want, keptName(name))
		})
	}
}

// Numbers written one against the other read as one number: an SSN or a
// phone number in an ordinary property (grid-area: 078-05-1120) is found by
// the detectors, while numbers apart stay lengths and orders.
func TestCSSGluedNumbersAreRead(t *testing.T) {
	s := NewSession(nil)
	cases := []struct{ css, want string }{
		{`a{grid-area:078-05-1120}`, `a{grid-area:000-00-0000}`},
		{`a{line-height:415.555.0123;color:red}`, `a{line-height:000.000.0000;color:red}`},
		{`a{order:4111-1111-1111-1111}`, `a{order:0000-0000-0000-0000}`},
		{`a{margin:078-05-1120px}`, `a{margin:000-00-0000\*\*}`},
		{`a{grid-area:1/2/3/4;margin:-1px -2px;z-index:10}`, `a{grid-area:1/2/3/4;margin:-1px -2px;z-index:10}`},
		{`a{flex:1 1 0;font-weight:700}`, `a{flex:1 1 0;font-weight:700}`},
		// Apart, plain numbers that spell a card or an SSN are read as
		// written; other runs of them are lengths (dash arrays, matrices).
		{`a{grid-area:4111 / 1111 / 1111 / 1111}`, `a{grid-area:0000 / 0000 / 0000 / 0000}`},
		{`a{x:4111 1111 1111 1111;y:1}`, `a{x:0000 0000 0000 0000;y:1}`},
		{`a{columns:078 05 1120}`, `a{columns:000 00 0000}`},
		{`a{stroke-dasharray:100 200 300 400 500 600}`, `a{stroke-dasharray:100 200 300 400 500 600}`},
		{`a{transform:matrix(1,0,0,1,4111,1111)}`, `a{transform:matrix(1,0,0,1,4111,1111)}`},
		{`a{grid-area:1 / 2 / 3 / 4;order:1000 100 10 1}`, `a{grid-area:1 / 2 / 3 / 4;order:1000 100 10 1}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			for _, masked := range []bool{false, true} {
				assert.Equal(t, c.want, s.css(c.css, masked, false))
			}
		})
	}
}
