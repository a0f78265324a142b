package rules

import (
	"slices"
	"strconv"

	"github.com/veil-replay/veil/internal/jsonx"
)

// Rules is one rule set as configured: the JSON form of recording or
// playback rules. It is plain data; Compile validates and compiles it. Lists
// read from JSON are nil when empty, so decoded values compare with ==-style
// deep equality.
type Rules struct {
	Mode             Mode
	Allow            []string // CSS selectors that loosen (never in ModeMaskAll)
	Mask             []string // CSS selectors that mask, outranking allow
	Block            []string // CSS selectors replaced by a placeholder
	HideInteractions []string // CSS selectors whose pointer and key events are dropped
	Attributes       Attributes
	AllowParams      []string // URL query parameter names kept (values included)
	// ErrorMessages says whether page error messages are masked (the
	// default) or revealed; revealing is for block-list mode only.
	ErrorMessages ErrorMessages
}

// ErrorMessages is what becomes of the message of a page error (JSON key
// "errorMessages"). An error's name and stack locations are kept either way.
type ErrorMessages uint8

const (
	// ErrorMessagesMask masks messages like text (same length, whitespace
	// kept) in every mode; it is the zero value. Messages echo what people
	// typed ("Invalid card 4111…"), so they are not page text.
	ErrorMessagesMask ErrorMessages = iota
	// ErrorMessagesReveal records messages, after the PII detectors mask what
	// they find. Only block-list mode accepts it.
	ErrorMessagesReveal
)

var errorMessagesWords = [...]string{ErrorMessagesMask: "mask", ErrorMessagesReveal: "reveal"}

// String returns the JSON word for e ("mask", "reveal").
func (e ErrorMessages) String() string {
	if int(e) < len(errorMessagesWords) {
		return errorMessagesWords[e]
	}
	return "ErrorMessages(" + strconv.Itoa(int(e)) + ")"
}

// checkErrorMessages rejects an unknown value, and "reveal" outside
// block-list mode: where page text is masked, error text must be too.
func (r Rules) checkErrorMessages(path string) error {
	key := jsonx.Join(path, "errorMessages")
	switch {
	case int(r.ErrorMessages) >= len(errorMessagesWords):
		return errorf(key + " " + strconv.Itoa(int(r.ErrorMessages)) + ": not a value of errorMessages")
	case r.ErrorMessages == ErrorMessagesReveal && r.Mode != ModeBlockList:
		return errorf(key + ` "reveal": only block-list mode can reveal error messages (mode is ` + r.Mode.String() + ")")
	}
	return nil
}

// RevealErrorMessages reports whether page error messages are recorded (after
// the PII detectors) rather than masked: only for "errorMessages": "reveal"
// in block-list mode, whatever else a Set was compiled from.
func (s *Set) RevealErrorMessages() bool {
	return s.rules.ErrorMessages == ErrorMessagesReveal && s.rules.Mode == ModeBlockList
}

// Attributes adjusts which attribute values are kept, by lowercase name. An
// entry ending in "*" is a prefix ("data-*").
type Attributes struct {
	Allow []string // kept everywhere (AttrKeep)
	Mask  []string // masked everywhere (AttrMask), even where the classifier would keep the value
}

// MaskAll returns the default preset: everything masked, layout and
// interaction only.
func MaskAll() Rules { return Rules{Mode: ModeMaskAll} }

// MaskUserInput returns the "mask-user-input" preset: page text recorded,
// input values masked (block-list with no selectors).
func MaskUserInput() Rules { return Rules{Mode: ModeBlockList} }

// clone copies r's lists, so a compiled Set cannot change under its caller.
func (r Rules) clone() Rules {
	r.Allow, r.Mask, r.Block = slices.Clone(r.Allow), slices.Clone(r.Mask), slices.Clone(r.Block)
	r.HideInteractions, r.AllowParams = slices.Clone(r.HideInteractions), slices.Clone(r.AllowParams)
	r.Attributes.Allow, r.Attributes.Mask = slices.Clone(r.Attributes.Allow), slices.Clone(r.Attributes.Mask)
	return r
}
