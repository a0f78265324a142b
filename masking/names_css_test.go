package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A custom element renamed for the data in its name is renamed in the
// style sheets too, wherever its name can be a type selector; class names,
// pseudo-classes, namespace prefixes and values are not type selectors.
func TestCSSTypeSelectorsFollowElementNames(t *testing.T) {
	s := NewSession(nil)
	ph := func(name string) string { return s.names.placeholder("x-h", name) }
	cases := []struct{ css, want string }{
		{`sk-9fQ2mZ7pL4vT8wR3xY6k{color:red}`, ph("sk-9fq2mz7pl4vt8wr3xy6k") + `{color:red}`},
		{`main > user-jane-doe-at-example-com b{}`, `main > ` + ph("user-jane-doe-at-example-com") + ` b{}`},
		{`:is(acct-9fQ2mZ7pL4vT8wR3xY6k)::part(x){}`, `:is(` + ph("acct-9fq2mz7pl4vt8wr3xy6k") + `)::part(x){}`},
		{`acct-9fQ2mZ7pL4vT8wR3xY6k:hover{}`, ph("acct-9fq2mz7pl4vt8wr3xy6k") + `:hover{}`},
		{`my-card{color:red}`, `my-card{color:red}`},
		{`.sk-9fQ2mZ7pL4vT8wR3xY6k{}`, `.sk-9fQ2mZ7pL4vT8wR3xY6k{}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			out := s.css(c.css, false)
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
