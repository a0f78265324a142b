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

// asError reports whether err's tree holds an *Error, as errors.As would
// (depth first through Unwrap, honouring As methods). errors.As needs
// internal/reflectlite, about 6 KiB brotli in the WebAssembly engine.
func asError(err error) bool {
	for err != nil {
		if _, ok := err.(*Error); ok {
			return true
		}
		var e *Error
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(&e) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if asError(e) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
