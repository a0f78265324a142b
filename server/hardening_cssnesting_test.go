package server

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allocated is what the process has allocated so far, in bytes: the
// collector under test runs in it.
func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// TestHostileNestedSheetsAreBounded: the CSS masker keeps a frame of state
// (96 B) for each block, function and bracket open at once. A <style> of a
// megabyte of "{" (or "(", "[") — a few KB of gzip — held a million of
// them: about 190 MB allocated and 3 s of CPU for one string the memory
// budget reckons at 8 MB, and four such batches at once took the collector
// far past its memory target. Nesting past MaxCSSNesting now fails closed:
// the whole sheet is masked as text. What such a sheet allocates stays
// within a small factor of an ordinary sheet of the same size, and nothing
// of it goes out in clear.
func TestHostileNestedSheetsAreBounded(t *testing.T) {
	e := newEnv(t)
	const size = 1 << 20
	units := []string{"a{color:red}", "{", "(", "[", "a{b:calc(", ":is("}
	spent := make([]uint64, len(units))
	for i, unit := range units {
		session := sid("nested" + strconv.Itoa(i))
		const secret = ".jane{}"                                                        // a class name: a placeholder in mask-all
		body := styleBatch(strings.Repeat(unit, (size-len(secret))/len(unit)) + secret) // within the 1 MiB of a string
		runtime.GC()
		before := allocated()
		code, msg := e.send(q("shop", session, 0), body, "")
		spent[i] = allocated() - before
		require.Equal(t, 204, code, "%s: %s", unit, msg)
		if i == 0 {
			continue
		}
		t.Run(unit, func(t *testing.T) {
			assert.Less(t, spent[i], 4*spent[0], "allocated %d B against %d B for %s", spent[i], spent[0], units[0])
			code, events := e.do("GET", "/api/sessions/"+session+"/events?unmasked=1", e.tokenUnmasked(), "")
			require.Equal(t, 200, code)
			assert.NotContains(t, events, "jane", "the sheet stored as the collector masked it")
		})
	}
}

// tokenUnmasked is a replay-unmasked token of every application: what the
// collector stored, as stored.
func (e *env) tokenUnmasked() string { return e.token("replay-unmasked", "*") }
