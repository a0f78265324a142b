package rules

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestFloorName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		floor bool
	}{
		{"password", true},
		{"user_password", true},
		{"userPassword", true},
		{"PASSWORD2", true},
		{"login[pwd]", true},
		{"pw", true},
		{"card-cvc", true},
		{"cardCvv", true},
		{"cc_csc", true},
		{"cvv2", true},
		{"pin", true},
		{"pin_code", true},
		{"otp", true},
		{"mfa-otp-input", true},
		{"cardsecuritycode", true},
		{"cardnumber", true},
		{"ccnumber", true},
		{"ccExpMonth", true},
		{"one_time_code", true}, // the run, read across its separators
		{"onetimecode", true},
		{"verificationCode", true},
		{"Enter your card number", true},
		{"Your PIN", true},
		{"Password (8 characters or more)", true},
		{"Security code", true},
		{"Search products", false},
		{"Your opinion", false},
		{"newpassword1", true},
		{"email", false},
		{"username", false},
		{"spinner", false},
		{"shipping", false},
		{"opinion", false},
		{"pincode", false}, // a postcode in India
		{"compass", false},
		{"cardholder", false},
		{"cvcs", false},
		{"", false},
		// The whole value is read, across the windows the runs are looked
		// for in: padding before the word does not hide it.
		{strings.Repeat("x", 250) + " password", true},
		{strings.Repeat("Please enter it here. ", 5000) + "Your PIN", true},
		{strings.Repeat("x", 250) + "cardnumber", true},
		{strings.Repeat("a1", 127) + "securitycode", true}, // a run across a window's end
		{strings.Repeat("x ", 300) + "cardverificatio", false},
		{"Password " + strings.Repeat("x", 300), true},
		{strings.Repeat("word ", 1000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := floorName(tc.name); got != tc.floor {
				t.Errorf("floorName(%q) = %v, want %v", tc.name, got, tc.floor)
			}
		})
	}
}

func TestDecideFloorsControlsByName(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":["body","body *"]}`)
	for _, tc := range []struct {
		el    *html.Node
		floor bool
	}{
		{element("input", "type", "text", "name", "password"), true},
		{element("input", "id", "card-cvc"), true},
		{element("textarea", "NAME", "otp"), true},
		{element("select", "id", "ccExpMonth"), true},
		{element("output", "name", "pin"), true},
		{element("input", "placeholder", "Card number"), true},
		{element("input", "aria-label", "One-time code"), true},
		{element("input", "placeholder", "Your name"), false},
		{element("input", "name", "email"), false},
		{element("div", "id", "password-help"), false}, // not a control: its text is the page's
		{element("button", "name", "pin"), false},
	} {
		t.Run(tc.el.Data+" "+tc.el.Attr[len(tc.el.Attr)-1].Val, func(t *testing.T) {
			if got := s.Decide(tc.el, Decision{}).Floor; got != tc.floor {
				t.Errorf("Floor = %v, want %v", got, tc.floor)
			}
		})
	}
}
