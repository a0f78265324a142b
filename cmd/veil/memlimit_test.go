package main

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-replay/veil/server"
)

// TestServeSetsTheMemoryLimit: veil serve sets the runtime's soft memory
// limit to server.MemoryLimit, unless GOMEMLIMIT chose one.
func TestServeSetsTheMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	t.Setenv("GOMEMLIMIT", "")
	applyMemoryLimit()
	assert.Equal(t, int64(server.MemoryLimit), debug.SetMemoryLimit(-1))

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "1GiB")
	applyMemoryLimit()
	assert.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "GOMEMLIMIT set: left alone")
}
