package masking

import (
	"strings"
	"testing"
)

// TestCSSNestingAtAndOverTheLimit: CSS nesting MaxCSSNesting blocks,
// functions and brackets deep is masked as usual; one more and the whole
// text is masked as page text (fail closed), whatever the opener.
func TestCSSNestingAtAndOverTheLimit(t *testing.T) {
	for _, opener := range []string{"(", "[", "{", "calc("} {
		for _, c := range []struct {
			name  string
			depth int
			whole bool
		}{
			{"at the limit", MaxCSSNesting, false},
			{"one over", MaxCSSNesting + 1, true},
		} {
			t.Run(opener+" "+c.name, func(t *testing.T) {
				src := "a{color:red} " + strings.Repeat(opener, c.depth)
				for _, masked := range []bool{true, false} {
					got := maskCSS(src, masked, nil)
					if whole := got == maskText(src); whole != c.whole {
						t.Errorf("masked=%v: masked whole %v, want %v (%.40q…)", masked, whole, c.whole, got)
					}
				}
			})
		}
	}
}
