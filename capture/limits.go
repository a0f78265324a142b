package capture

import "strconv"

// Limits of the raw batch format and the mirror (see the package doc). A
// batch that crosses one is rejected from the offending op on.
const (
	MaxBatchBytes  = 8 << 20
	MaxStringBytes = 1 << 20
	MaxAttrs       = 1024
	MaxNodes       = 1_000_000
	MaxDepth       = 1024
)

// maxNumber bounds every id, size and coordinate to the integers a JavaScript
// number holds exactly, so that a value survives the trip to rrweb JSON.
const maxNumber = 1<<53 - 1

// LimitError reports a value over one of the limits. Limit is the name of the
// constant ("MaxStringBytes"), so that callers and people can tell which.
type LimitError struct {
	What  string // what was measured: "string of 1048577 bytes"
	Limit string
	Max   int
}

func (e *LimitError) Error() string {
	return e.What + " exceeds " + e.Limit + " (" + strconv.Itoa(e.Max) + ")"
}

// OpError places an error at one op of a batch. Index counts ops from 0.
type OpError struct {
	Index int
	Kind  OpKind
	Err   error
}

func (e *OpError) Error() string {
	return "capture: op " + strconv.Itoa(e.Index) + " (" + e.Kind.String() + "): " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

// capError prefixes an error with the package name and keeps it reachable
// for errors.As.
type capError struct{ err error }

func (e *capError) Error() string { return "capture: " + e.err.Error() }
func (e *capError) Unwrap() error { return e.err }
