package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestScrubPIIRound20Names pins round 20's names, each by the input it
// reads: after a role's words with no ':' ("Prepared for", "Photo of"),
// after a field's label alone in its string or cell with no ':' (what an
// aria-label, a title or an alt writes); and what stays. The reference
// agrees.
func TestScrubPIIRound20Names(t *testing.T) {
	for in, want := range map[string]string{
		"Prepared for Hannelore Quist":            "Prepared for ***************",
		"Account of Hannelore Quist":              "Account of ***************",
		"Photo of Hannelore Quist":                "Photo of ***************",
		"Portrait of Wilhelmina Quarrendon, 1923": "Portrait of *********************, 1923",
		"Patient record — Hannelore Quist":        "Patient record — ***************",
		"Patient file: hannelore quist":           "Patient file: ***************",
		"Prepared for: r. achterberg":             "Prepared for: *************",
		"Patient Hannelore Quist":                 "Patient ***************",
		"Account holder Hannelore Quist":          "Account holder ***************",
		"Next of kin Rosamund Ashdown":            "Next of kin ****************",
		"Patient Safety Week":                     "Patient ***********", // accepted: a title-case heading after a name's label
		// what stays
		"Prepared for Monday":              "Prepared for Monday",
		"Photo of the day":                 "Photo of the day",
		"Patient record 4 of 9":            "Patient record 4 of 9",
		"Patient Portal":                   "Patient Portal",
		"Account Holder Details":           "Account Holder Details",
		"Patient Information Leaflet":      "Patient Information Leaflet",
		"Our Patient Hannelore Quist":      "Our Patient Hannelore Quist",
		"Patient Hannelore Quist was seen": "Patient Hannelore Quist was seen",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			ref, _ := referenceScrubPII(in)
			assert.Equal(t, ref, got, "the reference")
		})
	}
}

// TestScrubPIILastFirst pins names written surname first after a name's
// label, each by the input it reads, and what ends them.
func TestScrubPIILastFirst(t *testing.T) {
	for in, want := range map[string]string{
		"Name: Quist, Hannelore":           "Name: ****************",
		"Patient|Quist, Hannelore":         "Patient|****************",
		"Name: van Dijk, Anna Maria":       "Name: ********************",
		"Account holder: Quist, H.":        "Account holder: *********",
		"Ordered by: Achterberg, Rosamund": "Ordered by: ********************",
		"Name: Quist, Age: 47":             "Name: *****, Age: **",
		"Patient: Quist, Ward 3":           "Patient: *****, Ward 3",
		"Name: Jane Doe Smith, Anna":       "Name: **************, Anna",
		"Dear Quist, Hannelore":            "Dear *****, Hannelore",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			ref, _ := referenceScrubPII(in)
			assert.Equal(t, ref, got, "the reference")
		})
	}
}
