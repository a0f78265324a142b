package server

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDenseSheetsAllocateWhatTheirSizeDoes: the collector masks every
// batch again, sheets included. Sheets of short selectors or statements
// (".a{}" over and over, [id*=a], @layer a;), a megabyte of which is ~1.3 KB
// of gzip, allocated 17 to 35 times what an ordinary sheet of the same size
// does, and held most of it while masked (the masker kept every token it
// had read ahead to the sheet's end): four such batches at once went far
// past the memory target the work slots are sized for. Each now allocates
// within a small factor of an ordinary sheet (what remains is mostly the
// output: hashed names are longer than ".a"); the bytes the process
// allocated are compared, the least of three sends each.
func TestDenseSheetsAllocateWhatTheirSizeDoes(t *testing.T) {
	e := newEnv(t)
	const size = 256 << 10
	units := []string{"a{color:red}", ".a{}", "[a|b]{}", "[id*=a]{}", "a b c d{}", "a{--x:1}", "@layer a,b,c,d;", "@layer a;", "a{b:c(d(e(f)))}"}
	best := make([]uint64, len(units))
	n := 0
	for round := range 3 {
		for i, unit := range units {
			n++
			body := styleBatch(strings.Repeat(unit, size/len(unit)) + "{}")
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			code, msg := e.send(q("shop", sid("dense"+strconv.Itoa(n)), 0), body, "")
			runtime.ReadMemStats(&after)
			require.Equal(t, 204, code, "%s: %s", unit, msg)
			if took := after.TotalAlloc - before.TotalAlloc; round == 0 || took < best[i] {
				best[i] = took
			}
		}
	}
	for i, unit := range units[1:] {
		t.Run(unit, func(t *testing.T) {
			t.Logf("%d bytes against %d for %s (%.1f×)", best[i+1], best[0], units[0], float64(best[i+1])/float64(best[0]))
			assert.Less(t, best[i+1], 12*best[0], "%d bytes against %d for %s", best[i+1], best[0], units[0])
		})
	}
}
