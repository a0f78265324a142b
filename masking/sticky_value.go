package masking

import "github.com/veil-replay/veil/capture"

// noteValueControl makes "was a field whose value is typed" sticky on an
// HTML input: a framework mirrors what is typed into the value attribute,
// and a page that then switches the type to submit, button, reset or image
// would otherwise turn that value into a button label, recorded as page
// text. Called whenever the input is decided and the moment it is inserted
// or its type changes, so a switch within one batch leaves a trace.
func noteValueControl(n *capture.Node) {
	h := &n.Node
	if h.Namespace == "" && asciiEqualFold(h.Data, "input") && !isButtonLabel(h, "value") {
		setBit(n, bitStickyValue)
	}
}
