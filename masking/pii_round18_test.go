package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestScrubPIIRound18Labels pins round 18's labels, each by the input it
// reads: identity and device numbers, a bank's BIC, a person's user name;
// and what each of them leaves in clear. The reference agrees.
func TestScrubPIIRound18Labels(t *testing.T) {
	for in, want := range map[string]string{
		// codes after their labels
		"PAN ABCDE1234F":                 "PAN **********",
		"Serial number: C02XL0ABJGH5":    "Serial number: ************",
		"S/N: FVFXC2ABHV2J":              "S/N: ************",
		"Serial No. DMPXK2ABCD":          "Serial No. **********",
		"Device ID: A1B2C3":              "Device ID: ******",
		"Insurance ID: W123-45":          "Insurance ID: *******",
		"Employee ID: E4482":             "Employee ID: *****",
		"Claim no. CLM4482":              "Claim no. *******",
		"Versichertennummer: A123456780": "Versichertennummer: **********",
		// health records and phones by their labels
		"Medical record number: A4482": "Medical record number: *****",
		"Patient #4482":                "Patient #****",
		"Chart no. 4482":               "Chart no. ****",
		"Hospital number: H448":        "Hospital number: ****",
		"Handy: 0171 23":               "Handy: *******",
		"Cell 555 0142":                "Cell ********",
		"WhatsApp: 0151 1234":          "WhatsApp: *********",
		"Patient 2 of 3":               "Patient 2 of 3",
		"Cell 3 of 4":                  "Cell 3 of 4",
		// a bank's BIC, in capitals
		"SWIFT: DEUTDEFF":             "SWIFT: ********",
		"BIC: NWBKGB2L":               "BIC: ********",
		"SWIFT/BIC code: COBADEFFXXX": "SWIFT/BIC code: ***********",
		// a user name after its label and a ':'
		"Username: jfaraday":  "Username: ********",
		"Nickname: Hanni":     "Nickname: *****",
		"Telegram: jfaraday":  "Telegram: ********",
		"Username: ottilie_b": "Username: *********",
		"Nickname|Hanni":      "Nickname|*****",
		"nickname Hanni":      "nickname Hanni",
		// a field's name before "is" or "was", with no ':' for the quick exit (fuzzing)
		"My name is Hannelore":     "My name is *********",
		"Gender is Female":         "Gender is ******",
		"Her nickname was Bramwen": "Her nickname was *******",
		"The name is short":        "The name is short",
		// what stays
		"Swift concerts sold out":       "Swift concerts sold out",
		"SWIFT: DEUTDEFF1":              "SWIFT: DEUTDEFF1",
		"Swift DEUTDEFF1EG4-TE5-MK73":   "Swift DEUTDEFF*************", // its '1' masked with an MBI (fuzzing)
		"Swift 5.9 is out":              "Swift 5.9 is out",
		"Serial killers in fiction":     "Serial killers in fiction",
		"We handle returns in 30 days":  "We handle returns in 30 days",
		"Peter Pan 2":                   "Peter Pan 2",
		"Tracking number: see the mail": "Tracking number: see the mail",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			ref, _ := referenceScrubPII(in)
			assert.Equal(t, ref, got, "the reference")
		})
	}
}

// TestScrubPIIIPv4 pins IPv4 addresses too short for the digit-run rule,
// and the dotted numbers that stay. The reference agrees.
func TestScrubPIIIPv4(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.1":             "********",
		"Server 10.0.0.1 down": "Server ******** down",
		"IP:10.0.0.1":          "IP:********",
		"10.0.0.1:8080":        "********:8080",
		"gateway 192.168.0.1.": "gateway ***********.",
		"from 8.8.4.4/24":      "from *******/24",
		"(1.1.1.1)":            "(*******)",
		"v1.2.3.4":             "v1.2.3.4",
		"1.2.3.4.5":            "1.2.3.4.5",
		"10.0.0":               "10.0.0",
		"1.2.3.4a":             "1.2.3.4a",
		"Version 2.1 of 3.4.5": "Version 2.1 of 3.4.5",
		"€12.99 on 1.5.26":     "€12.99 on 1.5.26",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			ref, _ := referenceScrubPII(in)
			assert.Equal(t, ref, got, "the reference")
		})
	}
}
