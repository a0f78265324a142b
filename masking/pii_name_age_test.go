package masking

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A second reading of pii_name_age.go for referenceScrubPII: at every ", ",
// an age and ','; before it, 2 or 3 capitalised words after no word byte,
// digit, '*', '.' or '_', with no capitalised word before them.
var (
	refCapWord     = refCapital + `[A-Za-z\x{80}-\x{10FFFF}'-]*`
	refAgeAt       = regexp.MustCompile(`^, (?:(?i:aged) )?[1-9][0-9]{0,2},`)
	refNameRunEnd  = regexp.MustCompile(`(?:^|[^A-Za-z0-9*._'\x{80}-\x{10FFFF}-])((?:` + refCapWord + ` ){1,2}` + refCapWord + `)$`)
	refCapWordLast = regexp.MustCompile(`(?:^|[^A-Za-z'\x{80}-\x{10FFFF}-])` + refCapWord + ` $`)
)

func refMarkNameAge(s string, mark func(start, end int)) {
	for i := 0; i < len(s); i++ {
		// a signature line: a dash at a block's or line's start, 2 or 3
		// capitalised words to its end (pii_signature.go)
		if (strings.HasPrefix(s[i:], "—") || strings.HasPrefix(s[i:], "–")) && (i == 0 || refAfterMark(s[:i])) {
			j := i + 3
			if strings.HasPrefix(s[j:], " ") {
				j++
			}
			v := s[j:]
			n := refNameEnd(v, refNameCapital)
			rest := strings.TrimLeft(v[n:], " \t\n\r")
			if w := len(strings.Split(v[:n], " ")); refCapitalStart.MatchString(v) && !refNameCellWord(v) && n > 0 && w >= 2 && w <= 3 && (rest == "" || rest[0] == '|' || rest[0] == '\\') {
				mark(j, j+n)
			}
		}
		age := refAgeAt.FindString(s[i:])
		if age == "" {
			continue
		}
		m := refNameRunEnd.FindStringSubmatchIndex(s[:i])
		if m != nil && !refCapWordLast.MatchString(s[:m[2]]) {
			mark(m[2], i+len(age)-1)
		}
	}
}

// TestScrubPIINameAge pins a name and an age in commas, each by the input
// it reads, and the runs of capitalised words before a number that stay.
func TestScrubPIINameAge(t *testing.T) {
	for in, want := range map[string]string{
		"Hannelore Quist, 47, was admitted":             "*******************, was admitted",
		"Peregrine Thistlewood, aged 81, of Leeds":      "******************************, of Leeds",
		"The patient, Ottoline Brackenbury, 5, is well": "The patient, ***********************, is well",
		"Hélène Dubois-Marçeau, 33, nurse":              "*************************, nurse",
		"Today Hannelore Quist, 47, smiled":             "*************************, smiled",
		// what stays
		"Flights To New York, 12, 14": "Flights To New York, 12, 14",
		"Unread Messages (47)":        "Unread Messages (47)",
		"New York, 12 March":          "New York, 12 March",
		"Sales, 12, 13":               "Sales, 12, 13",
		"Hannelore Quist, 047, x":     "Hannelore Quist, 047, x",
		"v2Hannelore Quist, 47, x":    "v2Hannelore Quist, 47, x",
		"Quist Hannelore, 1234, x":    "Quist Hannelore, 1234, x",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			ref, _ := referenceScrubPII(in)
			assert.Equal(t, ref, got, "the reference")
		})
	}
}
