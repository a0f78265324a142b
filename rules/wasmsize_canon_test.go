package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The canonical text, character for character, for every kind of simple
// selector, escape and combinator. The texts were taken from the
// strings.Builder writer that canonWriter replaced (to shrink the
// WebAssembly engine), so a change here is a change of behaviour.
func TestCanonicalTextByKind(t *testing.T) {
	tests := []struct{ sel, want string }{
		{"DIV.A#b > p + q ~ r s", "div.A#b > p + q ~ r s"},
		{".\\31 x#\\30 y", "*.\\31 x#\\30 y"},
		{"[data-x]", "*[data-x]"},
		{"[data-x=\"a\\\"b\\\\c\"]", "*[data-x=\"a\\22 b\\5c c\"]"},
		{"[data-x^=a i]", "*[data-x^=\"a\" i]"},
		{"[data-x$=b]", "*[data-x$=\"b\"]"},
		{"[data-x*=c]", "*[data-x*=\"c\"]"},
		{"[data-x~=d]", "*[data-x~=\"d\"]"},
		{"[lang|=en]", "*[lang|=\"en\"]"},
		{"[data-x=\"tab\\9 nl\\a del\\7f end\"]", "*[data-x=\"tab\\9 nl\\a del\\7f end\"]"},
		{":not(.a, .b):is(p):where(q):has(> .c, + .d)", "*:not(*.a, *.b):is(p):is(q):has(> *.c, + *.d)"},
		{"li:nth-child(-n+3)", "li:nth-child(-1n+3)"},
		{"li:nth-last-child(2n-1 of .a, .b)", "li:nth-last-child(2n+-1 of *.a, *.b)"},
		{"li:nth-of-type(even)", "li:nth-of-type(2n+0)"},
		{"li:nth-last-of-type(5)", "li:nth-last-of-type(0n+5)"},
		{"li:first-child", "li:nth-child(0n+1)"},
		{"p:only-child", "p:only-child"},
		{"p:only-of-type", "p:only-of-type"},
		{":lang(EN-us)", "*:lang(en-us)"},
		{":contains(\"Ab\\\"c\")", "*:contains(\"ab\\22 c\")"},
		{":empty:root:any-link:enabled:disabled", "*:empty:root:any-link:enabled:disabled"},
		{"é.ü", "é.ü"},
		{"[data-é=\"ü\"]", "*[data-é=\"ü\"]"},
		{"*", "*"},
		{"* > *|*", "* > *"},
		{".-a", "*.-a"},
		{".--b", "*.--b"},
	}
	for _, tc := range tests {
		t.Run(tc.sel, func(t *testing.T) {
			g, err := parseSelectors(tc.sel)
			require.NoError(t, err)
			require.Len(t, g, 1)
			assert.Equal(t, tc.want, g[0].canon())
		})
	}
}
