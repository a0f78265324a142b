package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A page's own sheet (a <style>, a CSSOM insert, a style attribute) may be
// written for one person: in mask-all none of its selectors keeps a
// person's name, and what it names follows the markup's mapping.
func TestPageSheetSelectorsMaskNames(t *testing.T) {
	s := NewSession(nil)
	h := func(tok string) string { return s.names.placeholder("h", tok) }
	cases := []struct{ css, want string }{
		{`#user-hannelore-quist{border:1px solid}`, `#` + h("user-hannelore-quist") + `{border:1px solid}`},
		{`.customer--jane-doe{color:red}`, `.` + h("customer--jane-doe") + `{color:red}`},
		{`.j\61 ne-doe{}`, `.` + h("jane-doe") + `{}`},
		{`[class~=jane-doe]{}`, `[class~=` + h("jane-doe") + `]{}`},
		{`[class="a jane-doe"]{}`, `[class="` + h("a") + ` ` + h("jane-doe") + `"]{}`},
		{`[id=user-jane]{}`, `[id=` + h("user-jane") + `]{}`},
		{`[for=email-quist]{}`, `[for=` + h("email-quist") + `]{}`},
		{`[class~=jane-doe i]{}`, `[class~=` + h("jane-doe") + ` i]{}`},
		{`[class^="jane-"]{}`, `[class^="*****"]{}`},
		{`[id$=quist]{}`, `[id$=\*\*\*\*\*]{}`},
		{`[title^="Hannelore"]{}`, `[title^="*********"]{}`},
		{`[href*="quist"]{}`, `[href*="*****"]{}`},
		{`[aria-label="Jane Doe"]{}`, `[aria-label="**** ***"]{}`},
		{`[value="quist"]{}`, `[value="*****"]{}`},
		{`:not([title=jane]){}`, `:not([title=\*\*\*\*]){}`},
		{`:has([title="quist"]){}`, `:has([title="*****"]){}`},
		{`@supports selector(.quist-x){}`, `@supports selector(.` + h("quist-x") + `){}`},
		{`@scope (.jane-doe){}`, `@scope (.` + h("jane-doe") + `){}`},
		{`.a{& .jane-doe{}}`, `.` + h("a") + `{& .` + h("jane-doe") + `{}}`},
		{`:nth-child(2 of .jane-doe){}`, `:nth-child(2 of .` + h("jane-doe") + `){}`},
		{`::part(jane){}`, `::part(` + h("jane") + `){}`},
		{`::slotted(.jane){}`, `::slotted(.` + h("jane") + `){}`},
		{`:host(.jane){}`, `:host(.` + h("jane") + `){}`},
		{`::highlight(jane-doe){}`, `::highlight(` + s.authorName("jane-doe") + `){}`},
		{`:state(jane){}`, `:state(` + s.authorName("jane") + `){}`},
		// what markup keeps in clear stays: enumerated values, and the
		// names of properties and media features
		{`input[type=checkbox]{}`, `input[type=checkbox]{}`},
		{`[type="radio" i]{}`, `[type="radio" i]{}`},
		{`[role=tab]{}`, `[role=tab]{}`},
		{`[dir=rtl]{}`, `[dir=rtl]{}`},
		{`[aria-expanded=true]{}`, `[aria-expanded=true]{}`},
		{`@media (min-width:1px){.x{max-height:0}}`, `@media (min-width:1px){.` + h("x") + `{max-height:0}}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			// mask-all reads a <style> as a masked node's; allow-list may not
			for _, masked := range []bool{true, false} {
				out := s.css(c.css, masked, false)
				assert.Equal(t, c.want, out, "masked %v", masked)
				for _, secret := range []string{"jane", "hannelore", "quist"} {
					assert.NotContains(t, strings.ToLower(out), secret)
				}
			}
		})
	}
}

// data-* values are free text in markup, so in a selector too; a custom
// element or data-* name a page's sheet names first is hashed, not kept.
func TestPageSheetNamesNotStructural(t *testing.T) {
	for _, css := range []string{`[data-user="hannelore"]{}`, `[data-owner=quist]{}`, `hannelore-card{}`, `[data-hannelore]{}`, `x-quist:hover{}`} {
		t.Run(css, func(t *testing.T) {
			s := NewSession(nil)
			out := s.css(css, false, false)
			assert.NotContains(t, out, "hannelore")
			assert.NotContains(t, out, "quist")
			// a linked sheet read later cannot undo the decision
			assert.Equal(t, out, s.css(css, false, true))
		})
	}
}

// A linked sheet is site-wide: its class and id selectors keep their names
// and decide them kept for the markup; a prefix selector stays, as icon
// fonts write them.
func TestLinkedSheetNamesStructural(t *testing.T) {
	for _, css := range []string{`.nav-bar{}`, `#main{}`, `[class^="icon-"]{}`, `[class*=col-]{}`, `[class~=site-wide]{}`, `my-card{}`} {
		t.Run(css, func(t *testing.T) {
			s := NewSession(nil)
			assert.Equal(t, css, s.css(css, false, true))
			if !strings.ContainsAny(css, "^*") { // part of a token decides nothing
				assert.Equal(t, css, s.css(css, false, false), "decided kept, so a page sheet keeps it too")
			}
		})
	}
	s := NewSession(nil)
	s.css(`.icon-home{}`, false, true)
	assert.Equal(t, `[class^=icon]{}`, s.css(`[class^=icon]{}`, false, false), "a prefix of a kept token")
	assert.Equal(t, `[class$=\*\*\*\*]{}`, s.css(`[class$=jane]{}`, false, false))
}
