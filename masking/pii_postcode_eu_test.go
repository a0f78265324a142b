package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestScrubPIIPostcodeAfterStreet pins the European postcodes read after a
// street address, each by the input it reads, and the numbers after a comma
// that stay.
func TestScrubPIIPostcodeAfterStreet(t *testing.T) {
	for in, want := range map[string]string{
		"Kerkstraat 12, 1017 GC Amsterdam":   "********************** Amsterdam",
		"Kerkstraat 12, 1017GC Amsterdam":    "********************* Amsterdam",
		"Hauptstr. 5, 10115 Berlin":          "****************** Berlin",
		"12 rue Oberkampf, 75011 Paris":      "*********************** Paris",
		"Bahnhofstrasse 1, 8001 Zürich":      "********************** Zürich",
		"ul. Łódzka 12, 00-950 Warszawa":     "********************* Warszawa",
		"Rua Augusta 10, 1100-048 Lisboa":    "************************ Lisboa",
		"Drottninggatan 5, 111 51 Stockholm": "************************ Stockholm",
		"Hauptstraße 12|10115 Berlin":        "******************** Berlin",
		"Hauptstraße 12, 1017 Genève":        "******************** Genève",
		// what stays: numbers after a comma with no street before them, a
		// number glued to letters
		"Sales, 12000 units":     "Sales, 12000 units",
		"Hauptstraße 12, 10115a": "**************, 10115a",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
		})
	}
}
