package config

import "github.com/veil-replay/veil/rules"

// Error is a decoding or validation error; its message starts with
// "config: " and names the key by its full dotted path.
type Error struct {
	// Detail is the message without the "config: " prefix.
	Detail string
}

func (e *Error) Error() string { return "config: " + e.Detail }

func errorf(detail string) error { return &Error{Detail: detail} }

// wrap gives err the config prefix; a rules error keeps its own full path
// ("recording.mask[0] ...") and loses its "rules: " prefix.
func wrap(err error) error {
	if _, ok := as[*Error](err); ok {
		return err
	}
	if re, ok := as[*rules.Error](err); ok {
		return errorf(re.Detail)
	}
	return errorf(err.Error())
}

// as finds the first error of type T in err's tree as errors.As does
// (depth first through Unwrap, honouring As methods). errors.As needs
// internal/reflectlite, about 6 KiB brotli in the WebAssembly engine; a type
// parameter gives the same answer without it.
func as[T error](err error) (T, bool) {
	for err != nil {
		if t, ok := err.(T); ok {
			return t, true
		}
		var t T
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(&t) {
			return t, true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if t, ok := as[T](e); ok {
					return t, true
				}
			}
			return t, false
		default:
			return t, false
		}
	}
	var zero T
	return zero, false
}
