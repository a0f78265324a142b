package masking

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEchoIn(t *testing.T) {
	for _, c := range []struct {
		attr, value string
		echo        bool
	}{
		{"hannelore quist", "hannelore quist", true},
		{"name: hannelore quist!", "hannelore quist", true},
		{"zwolle", "zwolle noord", true}, // a part of the value, whole
		{"zw", "zwolle noord", false},    // too short to tell
		{"on", "on", false},
		{"your nickname", "quinteros", false},
		{"anything", "", false},
		{"anything", "  ", false},
	} {
		t.Run(c.attr+"|"+c.value, func(t *testing.T) {
			assert.Equal(t, c.echo, echoIn(c.attr, c.value))
		})
	}
}

// Typed values are remembered for the last maxTypedValues controls, up to
// maxTypedValue bytes each: both sides of both limits.
func TestTypedValuesBounded(t *testing.T) {
	var tv typedValues
	for id := 1; id <= maxTypedValues; id++ {
		tv.note(id, fmt.Sprint("value-", id))
	}
	assert.Len(t, tv, maxTypedValues)
	v, ok := tv.of(1)
	assert.True(t, ok)
	assert.Equal(t, "value-1", v, "the first is kept while there is room")
	tv.note(1, "again") // typed into again: no second place, and the newest
	assert.Len(t, tv, maxTypedValues)
	tv.note(maxTypedValues+1, "newest")
	assert.Len(t, tv, maxTypedValues)
	_, ok = tv.of(2)
	assert.False(t, ok, "the oldest control is forgotten")
	v, _ = tv.of(maxTypedValues + 1)
	assert.Equal(t, "newest", v)

	long := make([]byte, maxTypedValue+10)
	for i := range long {
		long[i] = 'x'
	}
	tv.note(3, string(long[:maxTypedValue]))
	v, _ = tv.of(3)
	assert.Len(t, v, maxTypedValue)
	tv.note(3, string(long))
	v, _ = tv.of(3)
	assert.Len(t, v, maxTypedValue, "an echo holds the value's start")
}
