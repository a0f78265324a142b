package masking

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCSSNumbersCarryNoData: numbers kept in clear outside custom properties
// and attribute selectors hold at most 6 integer digits as written (a longer
// integer part becomes 9s) and 6 fraction digits (the rest become 0), in
// both modes; at the limit and one below nothing changes.
func TestCSSNumbersCarryNoData(t *testing.T) {
	cases := []struct{ in, want string }{
		{`a{width:999999px}`, `a{width:999999px}`},         // 6 digits: kept
		{`a{width:123456px}`, `a{width:123456px}`},         // 6 digits: kept
		{`a{width:1234567px}`, `a{width:9999999px}`},       // 7 digits: capped
		{`a{z-index:2147483647}`, `a{z-index:9999999999}`}, // still on top
		{`a{z-index:9999999999}`, `a{z-index:9999999999}`}, // already 9s
		{`a{width:4111111111111111px}`, `a{width:9999999999999999px}`},
		{`a{order:-5551234567}`, `a{order:-9999999999}`},
		{`a{order:+5551234567}`, `a{order:+9999999999}`},
		{`a{font-size:4111111111111111%}`, `a{font-size:9999999999999999%}`},
		{`a{margin:0.123456px}`, `a{margin:0.123456px}`},   // 6 fraction digits: kept
		{`a{margin:0.1234567px}`, `a{margin:0.1234560px}`}, // 7: the seventh goes
		{`a{margin:0.4111111111111111px}`, `a{margin:0.4111110000000000px}`},
		{`a{margin:.4111111111111111px}`, `a{margin:.4111110000000000px}`},
		{`a{margin:0.1234560000px}`, `a{margin:0.1234560000px}`}, // trailing zeros carry nothing
		{`a{height:41111111e8px}`, `a{height:99999999e8px}`},
		{`a{transform:translate(4111111111111111px,0) rotate(5551234567deg)}`, `a{transform:translate(9999999999999999px,0) rotate(9999999999deg)}`},
		{`a{grid-template-columns:repeat(4111111111111111,1fr)}`, `a{grid-template-columns:repeat(9999999999999999,1fr)}`},
		{`@media (min-width:4111111111111111px){a{color:red}}`, `@media (min-width:9999999999999999px){a{color:red}}`},
		{`li:nth-child(4111111111111111){color:red}`, `li:nth-child(9999999999999999){color:red}`},
		{`width:5551234567px`, `width:9999999999px`},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			for _, masked := range []bool{true, false} {
				got := maskCSSWith(tc.in, testCSSPolicy(masked))
				assert.Equal(t, tc.want, got, "masked=%v", masked)
				assert.Equal(t, got, maskCSSWith(got, testCSSPolicy(masked)), "masked=%v: not idempotent", masked)
			}
		})
	}
}

func TestCSSCapDigits(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"0":                 "0",
		"-":                 "-",
		"123456":            "123456",
		"1234567":           "9999999",
		"-1234567.1234567":  "-9999999.1234560",
		"1.":                "1.",
		"1.1234567e-3":      "1.1234560e-3",
		"00000000":          "00000000",
		"9999999.000000001": "9999999.000000000",
	} {
		assert.Equal(t, want, cssCapDigits(in), "%q", in)
	}
}
