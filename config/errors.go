package config

import (
	"errors"

	"github.com/veil-replay/veil/rules"
)

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
	var ce *Error
	if errors.As(err, &ce) {
		return err
	}
	var re *rules.Error
	if errors.As(err, &re) {
		return errorf(re.Detail)
	}
	return errorf(err.Error())
}
