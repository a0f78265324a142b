package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// cssDrawnCases are texts that content values draw together across rules
// (css_drawn.go), masked and recorded with the real detectors.
var cssDrawnCases = []cssCase{
	// An address split over ::before and ::after: both values are masked.
	{`.m::before{content:"mary.major"}.m::after{content:"@example.net"}`,
		`.m::before{content:"**********"}.m::after{content:"************"}`,
		`.m::before{content:"**********"}.m::after{content:"************"}`},
	{`.m::before{content:"415 55"}p{color:red}.m::after{content:'5 2671';color:blue}`,
		`.m::before{content:"*** **"}p{color:red}.m::after{content:'* ****';color:blue}`,
		`.m::before{content:"*** **"}p{color:red}.m::after{content:'* ****';color:blue}`},
	// A value that holds the match alone is masked alone.
	{`.a::after{content:"jane@example.com"}.b::after{content:"Hi"}`,
		`.a::after{content:"****************"}.b::after{content:"**"}`,
		`.a::after{content:"****************"}.b::after{content:"Hi"}`},
	// Quotes, icons and step numbers stay.
	{`.s1::before{content:"1"}.s2::before{content:"2"}.s3::before{content:"3"}.q::before{content:"\201C"}`,
		`.s1::before{content:"*"}.s2::before{content:"*"}.s3::before{content:"*"}.q::before{content:"*"}`,
		`.s1::before{content:"1"}.s2::before{content:"2"}.s3::before{content:"3"}.q::before{content:"\201C"}`},
	// Only a content declaration draws: the property's name decides.
	{`a{quotes:"mary.major"}b{content:"@example.net"}`,
		`a{quotes:"**********"}b{content:"************"}`,
		`a{quotes:"mary.major"}b{content:"@example.net"}`},
}

func TestMaskCSSReadsDrawnTextAcrossRules(t *testing.T) { checkCSSWithDetectors(t, cssDrawnCases) }

func TestCSSDrawnPIICountsOnce(t *testing.T) {
	calls := 0
	scrub := func(s string) string { calls++; out, _ := scrubPII(s); return out }
	src := `.m::before{content:"mary.major"}.m::after{content:"@example.net"}`
	assert.Equal(t, []int{11, 42}, cssDrawnPII(src, scrub))
	assert.Equal(t, 1, calls, "the joined match is counted once")
	assert.Nil(t, cssDrawnPII(src, nil), "no detectors, nothing to read")
}
