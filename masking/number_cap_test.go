package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCapFractions(t *testing.T) {
	for in, want := range map[string]string{
		"0.4111111111111111":                   "0.4111110000000000",
		"M.4012888888881881.6011":              "M.4012880000000000.6011",
		"1.5.4821773144901234":                 "1.5.4821770000000000",
		"0;0.8224631000512345;1":               "0;0.8224630000000000;1",
		"translate(1.1234567e2)":               "translate(1.1234560e2)",
		"url(#a.41111111) rgb(0.41111111 0 0)": "url(#a.41111111) rgb(0.41111100 0 0)",
		"URL(#b.1234567)":                      "URL(#b.1234567)",
		"1.25 0.333333 100":                    "1.25 0.333333 100",
		"0.1234560000":                         "0.1234560000",
		"4111 1111":                            "4111 1111",
	} {
		t.Run(in, func(t *testing.T) {
			got := capFractions(in)
			assert.Equal(t, want, got)
			assert.Equal(t, got, capFractions(got), "capping twice changes nothing")
		})
	}
}
