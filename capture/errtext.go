package capture

import (
	"errors"
	"strconv"
)

// The decoder's and the mirror's errors name a number (an id, a count, a
// byte). Built here, in one place each: every concatenation written out at
// its site, with strconv's fast path inlined into it, cost the WebAssembly
// engine a few hundred bytes, and there were thirty.

// numText is before + n in decimal + after.
//
//go:noinline
func numText(before string, n uint64, after string) string {
	return before + strconv.FormatUint(n, 10) + after
}

// numError is the error numText(before, n, after).
//
//go:noinline
func numError(before string, n int, after string) error {
	return errors.New(numText(before, uint64(n), after))
}

// idError is the mirror's error "capture: " + before + id + after.
//
//go:noinline
func idError(before string, id int, after string) error {
	return errors.New(numText("capture: "+before, uint64(id), after))
}

// limitError is the mirror's LimitError for what = before + n + after.
//
//go:noinline
func limitError(before string, n int, after, limit string, max int) error {
	return &capError{&LimitError{What: numText(before, uint64(n), after), Limit: limit, Max: max}}
}
