package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestScrubPIIRound17b pins round 17b's rules, each by the input it reads:
// names after a role's word or a mail's header, a name or an address alone
// in the cell after its label's, streets led by a Latin-1 capital or in
// small letters, birth dates after "b." and "Birthday", National Insurance
// numbers spaced; and what each of them leaves in clear.
func TestScrubPIIRound17b(t *testing.T) {
	for in, want := range map[string]string{
		// a role's word names the capitalised words after it on its line
		"Ordered by Hannelore Quist":          "Ordered by ***************",
		"Recipient Hannelore Quist":           "Recipient ***************",
		"Referred by Hannelore Quist":         "Referred by ***************",
		"Attending physician Hannelore Quist": "Attending physician ***************",
		"Assigned to Hannelore Quist":         "Assigned to ***************",
		"Authorised by Hannelore":             "Authorised by *********",
		"Beneficiary Hannelore Quist":         "Beneficiary ***************",
		"Payee Hannelore Quist":               "Payee ***************",
		"Account name Hannelore Quist":        "Account name ***************",
		"Prescribed by Dr Quist":              "Prescribed by ********",
		"Recipient: hannelore quist":          "Recipient: ***************",
		// a mail's headers, after ':' only
		"From: Hannelore Quist": "From: ***************",
		"To: Hannelore Quist":   "To: ***************",
		"Cc: Hannelore Quist":   "Cc: ***************",
		// a name alone in the cell after a name's label's
		"Patient|Hannelore": "Patient|*********",
		"Surname|Quist":     "Surname|*****",
		// an address without a number in the cell after its label's
		"Address|Acacia House, Little Snoring":            "Address|****************************",
		"Home address|Rose Cottage\\Bourton on the Water": "Home address|*********************************",
		// streets
		"Österreichstraße 5": "******************",
		"Ålandsgatan 3":      "*************",
		"calle mayor 5":      "*************",
		"via roma 12, Roma":  "***********, Roma",
		"Av. Paulista 1578":  "*****************",
		"calle zurbarán 5":   "****************",
		// birth dates
		"b. 3 March 1984":   "b. ************",
		"b. 3/3/1984":       "b. ********",
		"Birthday: March 3": "Birthday: *******",
		"born on 3/3/1984":  "born on ********",
		"DOB 03.03.1984":    "DOB **********",
		// National Insurance numbers
		"NI: QQ 12 34 56 C":                        "NI: *************",
		"National Insurance number QQ123456C":      "National Insurance number *********",
		"National Insurance number: QQ 12 34 56 C": "National Insurance number: *************",
		"NI number QQ 12 34 56":                    "NI number ***********",
		// what stays
		"Ordered by Date":                          "Ordered by Date",
		"Ordered by Date. Assigned to Me.":         "Ordered by Date. Assigned to Me.",
		"Assigned to me":                           "Assigned to me",
		"Payee Details":                            "Payee Details",
		"Medicare Beneficiary Identifier":          "Medicare Beneficiary Identifier",
		"Add a new payee to send money":            "Add a new payee to send money",
		"From: Monday To: Friday":                  "From: Monday To: Friday",
		"To: do list":                              "To: do list",
		"Name|Ward":                                "Name|Ward",
		"Name|Email":                               "Name|Email",
		"Delivery address|Choose where we deliver": "Delivery address|Choose where we deliver",
		"Billing address|Saved Addresses":          "Billing address|Saved Addresses",
		"sent via email 2 days later":              "sent via email 2 days later",
		"Connect via USB 3":                        "Connect via USB 3",
		"Plan B. 2024 prices":                      "Plan B. 2024 prices",
		"option b. 12 items":                       "option b. 12 items",
		"born on 3 May":                            "born on 3 May",
		"ni 300 ni 400":                            "ni 300 ni 400",
		"NI 2024 update":                           "NI 2024 update",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			ref, _ := referenceScrubPII(in)
			assert.Equal(t, want, ref, "the reference reads it so too")
			again, n := scrubPII(got)
			assert.Equal(t, got, again, "idempotent")
			assert.Zero(t, n, "nothing found in the output")
		})
	}
}
