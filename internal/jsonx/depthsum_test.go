package jsonx

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDepthMeterSumsTokenDepths: each array or object opening, string and
// comma counts the depth it sits at; brackets and quotes inside strings
// count nothing, however the text is sliced.
func TestDepthMeterSumsTokenDepths(t *testing.T) {
	cases := []struct {
		text string
		sum  int64
	}{
		{`[]`, 0},
		{`[[1,2],[3]]`, 5},
		{`["[[[", "\"]]"]`, 3},
		{`{"a":{"b":[1]}}`, 0 + 1 + 1 + 2 + 2},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), 99 * 100 / 2},
	}
	for _, c := range cases {
		var whole, sliced DepthMeter
		whole.Write([]byte(c.text))
		for i := range len(c.text) {
			sliced.Write([]byte(c.text[i : i+1]))
		}
		assert.Equal(t, c.sum, whole.Sum(), c.text)
		assert.Equal(t, c.sum, sliced.Sum(), "%s, a byte at a time", c.text)
	}
}

// TestDepthMeterLimit: a sum at the limit passes, one over fails with a
// *DepthSumError that names the limit.
func TestDepthMeterLimit(t *testing.T) {
	text := []byte(`[[1,2],[3]]`) // sums 5
	at := DepthMeter{Limit: 5}
	_, err := at.Write(text)
	assert.NoError(t, err, "at the limit")
	over := DepthMeter{Limit: 4}
	_, err = over.Write(text)
	var de *DepthSumError
	assert.ErrorAs(t, err, &de)
	assert.EqualError(t, err, "depth sum (each value's nesting depth, summed) over the limit of 4")
}
