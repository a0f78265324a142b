package masking

import (
	"strings"
	"testing"
)

// TestMaskCSSPropertyInitialValue: the initial-value descriptor of
// @property is a custom property's value, so a masked node masks it like
// one, however it is spelled, while the rule's structure stays.
func TestMaskCSSPropertyInitialValue(t *testing.T) {
	for _, tc := range []struct {
		src, secret, keep string
	}{
		{`@property --n{syntax:'*';inherits:false;initial-value:JaneDoe}`, "JaneDoe", "initial-value:"},
		{`@property --n{initial-value: Jane Doe; inherits: true}`, "Jane", "inherits: true"},
		{`@property --m{INITIAL-VALUE:jane.doe@example.com}`, "jane", "INITIAL-VALUE:"},
		{`@property --m{initial\-value:SECRETWORD}`, "SECRETWORD", "@property --m{"},
		{`@media print{@property --k{initial-value:{nested:SECRETBLOCK}}}`, "SECRETBLOCK", "@media print{"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			got := maskCSS(tc.src, true, nil)
			if strings.Contains(got, tc.secret) {
				t.Errorf("maskCSS(%q) = %q: %q left in clear", tc.src, got, tc.secret)
			}
			if !strings.Contains(got, tc.keep) {
				t.Errorf("maskCSS(%q) = %q: lost %q", tc.src, got, tc.keep)
			}
		})
	}
}

// TestMaskCSSPropertyInitialValueRecorded: where a node is recorded, the
// descriptor is kept as written (it is page CSS), through the detectors.
func TestMaskCSSPropertyInitialValueRecorded(t *testing.T) {
	src := `@property --n{initial-value:brand-blue}`
	if got := maskCSS(src, false, nil); got != src {
		t.Errorf("maskCSS(%q, recorded) = %q, want it unchanged", src, got)
	}
}

// TestMaskCSSFunctionResult: the result descriptor of @function is what a
// custom function returns, data like a custom property's value: a masked
// node masks its names too (they stayed as keywords).
func TestMaskCSSFunctionResult(t *testing.T) {
	for _, tc := range []struct {
		src, secret, keep string
	}{
		{`@function --greet(){result:Jane Doe}`, "Jane", "@function --greet(){result:"},
		{`@function --greet() returns <string> { RESULT: KimRoe; }`, "KimRoe", "RESULT:"},
		{`@function --f(--x){@media print{result:PatLee}}`, "PatLee", "@media print{result:"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			got := maskCSS(tc.src, true, nil)
			if strings.Contains(got, tc.secret) {
				t.Errorf("maskCSS(%q) = %q: %q left in clear", tc.src, got, tc.secret)
			}
			if !strings.Contains(got, tc.keep) {
				t.Errorf("maskCSS(%q) = %q: lost %q", tc.src, got, tc.keep)
			}
		})
	}
}
