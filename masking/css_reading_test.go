package masking

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// cssReadingCases are values whose data spans tokens (css_reading.go),
// masked and recorded with testCSSPolicy and the real detectors.
var cssReadingCases = []cssCase{
	// A custom property's value is data: the numbers a masked node keeps are
	// read together (a card is four numbers, a phone number three), also
	// in style() queries, var() fallbacks and @import's supports().
	{`:root{--card: 4111 1111 1111 1111; --phone: 415-555-2671; --dob: 1980-04-12; --gap: 8px}`,
		`:root{--card: 0000 0000 0000 0000; --phone: 000-000-0000; --dob: 0000-00-00; --gap: 8px}`,
		`:root{--card: 0000 0000 0000 0000; --phone: 000-000-0000; --dob: 0000-00-00; --gap: 8px}`},
	{`@container style(--x: 415 555 2671){a{b:c}}`,
		`@container style(--x: 000 000 0000){a{b:c}}`,
		`@container style(--x: 000 000 0000){a{b:c}}`},
	{`a{--a: var(--y, 415 555 2671)}`,
		`a{--a: \*\*\*(--\*, 000 000 0000)}`,
		`a{--a: \*\*\*(--\*, 000 000 0000)}`},
	{`a{width: var(--y, 415 555 2671)}`,
		`a{width: \*\*\*(--\*, 000 000 0000)}`,
		`a{width: \*\*\*(--\*, 000 000 0000)}`},
	{`@import url(x.css) supports(--x: 078-05-1120);`,
		`@import url("") supports(--x: 000-00-0000);`,
		`@import url(x.css) supports(--x: 000-00-0000);`},
	// local() font names are read whole; a font name without data stays.
	{`@font-face{font-family:B;src:local(jane.doe@example.com),url(/f/b.woff2) format("woff2")}`,
		`@font-face{font-family:B;src:\*\*\*\*\*(\*\*\*\*.\*\*\*@\*\*\*\*\*\*\*.\*\*\*),url("") \*\*\*\*\*\*("*****")}`,
		`@font-face{font-family:B;src:\*\*\*\*\*(\*\*\*\*.\*\*\*@\*\*\*\*\*\*\*.\*\*\*),url("") \*\*\*\*\*\*("*****")}`},
	{`@font-face{src:local(Card 4111 1111 1111 1111),local(SSN 078-05-1120)}`,
		`@font-face{src:\*\*\*\*\*(\*\*\*\* 0000 0000 0000 0000),\*\*\*\*\*(\*\*\* 000-00-0000)}`,
		`@font-face{src:\*\*\*\*\*(\*\*\*\* 0000 0000 0000 0000),\*\*\*\*\*(\*\*\* 000-00-0000)}`},
	{`@font-face{src:local(GB82 WEST 1234 5698 7654 32)}`,
		`@font-face{src:\*\*\*\*\*(\*\*\*\* \*\*\*\* 0000 0000 0000 00)}`,
		`@font-face{src:\*\*\*\*\*(\*\*\*\* \*\*\*\* 0000 0000 0000 00)}`},
	{`@font-face{src:local(Brand Sans Bold),url(/f/b.woff2)}`,
		`@font-face{src:local(Brand Sans Bold),url(/f/b.woff2)}`,
		`@font-face{src:local(Brand Sans Bold),url(/f/b.woff2)}`},
	// Names and strings side by side are read as the page shows them: an
	// e-mail address is five tokens, or three strings drawn as one text.
	// style() in a value tests a custom property, whose value is data.
	{`.badge{color:if(style(--owner: jane.doe@example.com): green; else: gray)}`,
		`.badge{color:\*\*(\*\*\*\*\*(--\*\*\*\*\*: \*\*\*\*.\*\*\*@\*\*\*\*\*\*\*.\*\*\*): \*\*\*\*\*; \*\*\*\*: \*\*\*\*)}`,
		`.badge{color:\*\*(\*\*\*\*\*(--\*\*\*\*\*: \*\*\*\*.\*\*\*@\*\*\*\*\*\*\*.\*\*\*): \*\*\*\*\*; \*\*\*\*: \*\*\*\*)}`},
	{`.badge{color:if(style(--owner: Jane Doe): green; else: gray)}`,
		`.badge{color:if(style(--owner: \*\*\*\* \*\*\*): green; else: gray)}`,
		`.badge{color:if(style(--owner: Jane Doe): green; else: gray)}`},
	{`a{grid-area:mary.major@example.net}`,
		`a{grid-area:\*\*\*\*.\*\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*}`,
		`a{grid-area:\*\*\*\*.\*\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*}`},
	{`a{animation-name:bob.smith@example.org}`,
		`a{animation-name:\*\*\*.\*\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*}`,
		`a{animation-name:\*\*\*.\*\*\*\*\*@\*\*\*\*\*\*\*.\*\*\*}`},
	{`a{grid-area:john.1990@example.net}`,
		`a{grid-area:\*\*\*\*.0000@\*\*\*\*\*\*\*.\*\*\*}`,
		`a{grid-area:\*\*\*\*.0000@\*\*\*\*\*\*\*.\*\*\*}`},
	{`a{content:"jane.doe" "@" "example.com"}`,
		`a{content:"********" "*" "***********"}`,
		`a{content:"********" "*" "***********"}`},
	{`a{content:"4111 1111" " 1111 1111"}`,
		`a{content:"**** ****" " **** ****"}`,
		`a{content:"**** ****" " **** ****"}`},
	// Numbers of ordinary values, colour channels and percentages are not
	// data: no digit run is read across them.
	{`a{color:rgb(255 255 255);grid-area:main;line-height:1.428571}`,
		`a{color:rgb(255 255 255);grid-area:main;line-height:1.428571}`,
		`a{color:rgb(255 255 255);grid-area:main;line-height:1.428571}`},
	{`a{--tw-ring-color:rgb(59 130 246 / .5);--primary:222.2 47.4% 11.2%}`,
		`a{--tw-ring-color:rgb(59 130 246 / .5);--primary:222.2 47.4% 11.2%}`,
		`a{--tw-ring-color:rgb(59 130 246 / .5);--primary:222.2 47.4% 11.2%}`},
	{`a{--c:rgb(1980 04 12)}`,
		`a{--c:\*\*\*(0000 00 00)}`,
		`a{--c:\*\*\*(0000 00 00)}`},
	// A selector read as a declaration (a:not(…) starts like one) keeps
	// its names masked in place, so that it still matches the page's.
	{`li:not(.user-4111111111111111){color:red}`,
		`li:not(.user-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*){color:red}`,
		`li:not(.user-\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*){color:red}`},
	{`a:hover{color:red}`,
		`a:hover{color:red}`,
		`a:hover{color:red}`},
}

func TestMaskCSSReadsValuesWhole(t *testing.T) { checkCSSWithDetectors(t, cssReadingCases) }

// checkCSSWithDetectors masks each case in both modes with the real PII
// detectors and checks the output, and that masking it again changes
// nothing.
func checkCSSWithDetectors(t *testing.T, cases []cssCase) {
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			for _, masked := range []bool{true, false} {
				p := testCSSPolicy(masked)
				p.scrub = func(s string) string { out, _ := scrubPII(s); return out }
				want := tc.recorded
				if masked {
					want = tc.masked
				}
				got := maskCSSWith(tc.in, p)
				assert.Equal(t, want, got, "masked=%v", masked)
				assert.Equal(t, got, maskCSSWith(got, p), "masked=%v: masking again changes it", masked)
			}
		})
	}
}

// Each nested declaration reads its value again; past cssMaxNesting levels
// the value is masked whole instead, so hostile nesting costs no more than a
// few readings.
func TestMaskCSSNestingIsBounded(t *testing.T) {
	reads := 0
	scrub := func(s string) string {
		if len(s) > len("style(c:") { // a value, not a name
			reads++
		}
		out, _ := scrubPII(s)
		return out
	}
	in := "a{b:" + strings.Repeat("if(style(c:", 200) + "1" + strings.Repeat("))", 200) + "}"
	out := maskCSSWith(in, cssPolicy{masked: false, scrub: scrub})
	assert.LessOrEqual(t, reads, cssMaxNesting+1)
	assert.NotContains(t, out, "if(style(c:1")
}
