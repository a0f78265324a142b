package rules

// Error is a validation or decoding error. Its message names the offending
// key by its full dotted path ("recording.mask[2]"), so that a caller that
// embeds rules in a larger document can re-prefix it without losing where the
// problem is.
type Error struct {
	// Detail is the message without the "rules: " prefix.
	Detail string
}

func (e *Error) Error() string { return "rules: " + e.Detail }

func errorf(detail string) error { return &Error{Detail: detail} }
