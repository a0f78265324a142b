package masking

import "testing"

// A driving licence's number after its label is masked whole, its groups
// too; the words a page writes after the label are not.
func TestScrubPIILicence(t *testing.T) {
	for in, want := range map[string]string{
		"DL: SMITH 901015 JJ9AA":              "DL: ******************",
		"Driving licence THIST-651224-PQ7LM":  "Driving licence ******************",
		"Führerschein: B072RRE2I55":           "Führerschein: ***********",
		"Licence: AB12345 expires soon":       "Licence: ******* expires soon",
		"Reg. no. KX68 BVQ":                   "Reg. no. ********",
		"Download the licence agreement.":     "Download the licence agreement.",
		"Add 2 dl milk, registration is free": "Add 2 dl milk, registration is free",
		"Licensed under MIT 2.0":              "Licensed under MIT 2.0",
	} {
		t.Run(in, func(t *testing.T) {
			if got, _ := scrubPII(in); got != want {
				t.Errorf("scrubPII(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
