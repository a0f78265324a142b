package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// group spells digits in groups of four separated by sep.
func group(digits, sep string) string {
	var parts []string
	for len(digits) > 4 {
		parts = append(parts, digits[:4])
		digits = digits[4:]
	}
	return strings.Join(append(parts, digits), sep)
}

// TestCardInNumbers: a Luhn-valid run of 13 to 19 digits over whole
// numbers is found at the limits and not one below, not in fractions, and
// across whatever stands between the numbers up to maxCardGap bytes.
func TestCardInNumbers(t *testing.T) {
	card12 := withLuhnDigit("42222222222")
	card13 := withLuhnDigit("422222222222")
	card19 := withLuhnDigit("401288888888188101")
	cases := []struct {
		v    string
		want bool
	}{
		{"M" + group("4111111111111111", " "), true},
		{group("4111111111111111", ","), true},
		{group("4111111111111111", "-"), true},
		{"0 0 " + group("4111111111111111", "\n"), true},
		{"M1 2L" + group("4111111111111111", " ") + "Z", true},
		{group(card13, " "), true},
		{group(card12, " "), false}, // one below
		{group(card19, " "), true},
		{"1 " + group("4111111111111111", " "), true}, // a window may start at any integer
		{group("4111111111111112", " "), false},       // not Luhn-valid
		{group("4111111111111111", ";"), true},        // SMIL value lists
		{group("4111111111111111", "/"), true},
		{"M4111 1111L1111 1111", true},                     // path commands
		{"3782 +822463 +10005", true},                      // signs
		{"translate(6011 0009)translate(9013 9424)", true}, // functions
		{"4012px 8888px 8888px 1881px", true},              // units
		{"4012 8888 8888 1881.5", true},                    // the last group may be a decimal's integer part
		{"4012 8888.5 8888 1881", false},                   // no other group may
		{"rgb(3530,1113,3330,0000)", true},                 // colour channels
		{"4111" + strings.Repeat(" ", maxCardGap) + "1111 1111 1111", true},
		{"4111" + strings.Repeat(" ", maxCardGap+1) + "1111 1111 1111", false}, // one over the gap
		{"M4111.0 1111 1111 1111", false},                                      // the first is a decimal
		{"0.4111111111111111", false},                                          // a fraction
		{"1.5 4111 1111 1111 1111", true},                                      // the card starts after the decimal
		{"M10.123456 20.654321L1 1", false},                                    // JavaScript's coordinates
		{"0 0 1024 768", false},
		{"0,240 120,180 240,210 360,90 480,130 600,40 720,70", false}, // a chart: 240120180240210 passes Luhn, but is not grouped as a card
		{"3782 822463 10005", true},                                   // an American Express grouping
		{"", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, cardInNumbers(c.v), "%q", c.v)
	}
	viewBox := classifyAttr("svg", "svg", "viewBox")
	assert.False(t, viewBox.valid("4111 1111 1111 1111"), "a viewBox that spells a card is masked")
	assert.True(t, viewBox.valid("0 0 1024 768"))
	fill := classifyAttr("svg", "rect", "fill")
	assert.False(t, fill.valid("rgb(3530,1113,3330,0000)"), "a colour that spells a card is masked")
	assert.True(t, fill.valid("rgb(12,34,56)"))
	lang := classifyAttr("", "p", "lang")
	assert.False(t, lang.valid("sgn-415555-2671"), "a language tag that holds a phone number is masked")
	assert.True(t, lang.valid("de-AT"))
	coords := classifyAttr("", "area", "coords")
	assert.False(t, coords.valid("4111,1111,1111,1111"))
	assert.True(t, coords.valid("10,20,30,40"))
}
