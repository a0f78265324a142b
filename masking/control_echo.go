package masking

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A control's value is an input value in every mode, but pages copy it into
// the control's own attributes: data-value for floating labels
// (input:not([data-value=""])), title so that a long value shows whole on
// hover, data-initial for "unsaved changes" checks. Block-list and
// allow-list keep such attributes as page content, so the value went out in
// clear beside its mask. An attribute of a control that is not revealed is
// masked as the value is when it holds the value (or a part of it of
// echoMinRun bytes or more), compared ASCII case-insensitively, where the
// value is the control's value attribute, a textarea's text, or the last
// value the page reported typed (input events come before the attribute
// changes a page's input handler makes).
//
// Limits: an echo written before the value (a keydown handler) or
// transformed (reversed, its length in a class) is not found.

// echoMinRun is the shortest run that counts as an echo: shorter ones
// ("on", "no") match attributes by chance.
const echoMinRun = 3

// maxTypedValues bounds the typed values remembered, and maxTypedValue
// what is kept of each (an echo holds the value's start).
const (
	maxTypedValues = 64
	maxTypedValue  = 256
)

// typedValues are the last raw values typed into controls, by node id,
// least recently typed first: in the engine's memory only, never emitted.
type typedValues []typedValue

type typedValue struct {
	id int
	v  string
}

// note remembers v as what control id holds now.
func (t *typedValues) note(id int, v string) {
	if len(v) > maxTypedValue {
		v = v[:maxTypedValue]
	}
	// The control typed into last goes last: the one forgotten when full
	// is the one typed into longest ago.
	for i := range *t {
		if (*t)[i].id == id {
			*t = append((*t)[:i], (*t)[i+1:]...)
			break
		}
	}
	if len(*t) == maxTypedValues {
		*t = append((*t)[:0], (*t)[1:]...)
	}
	*t = append(*t, typedValue{id, v})
}

// of is what control id was last typed to hold.
func (t typedValues) of(id int) (string, bool) {
	for i := range t {
		if t[i].id == id {
			return t[i].v, true
		}
	}
	return "", false
}

// notEchoAttrs say what a control is or how it behaves, never what it
// holds: a value that happens to contain "text" or "name" leaves them be.
const notEchoAttrs = " value type name id class style for form list autocomplete inputmode enterkeyhint role dir lang pattern min max step size maxlength minlength accept tabindex slot part is "

// echoesValue reports whether attribute name=v of control n (not revealed)
// repeats the control's value.
func (s *Session) echoesValue(d rules.Decision, n *capture.Node, name, v string) bool {
	h := &n.Node
	if revealed(d) || h.Namespace != "" || len(v) < echoMinRun {
		return false
	}
	own, ok := controlValue(h)
	if !ok || strings.Contains(notEchoAttrs, " "+foldEcho(name)+" ") {
		return false
	}
	fv := foldEcho(v)
	if echoIn(fv, foldEcho(own)) {
		return true
	}
	typed, ok := s.typed.of(n.ID)
	return ok && echoIn(fv, foldEcho(typed))
}

// controlValue is the value control h holds in the markup: an input's
// value attribute (not a button's, whose value is its label), a textarea's
// text, nothing for a select; ok is false for any other element.
func controlValue(h *html.Node) (string, bool) {
	switch lowerASCII(h.Data) {
	case "textarea":
		if t := h.FirstChild; t != nil && t.Type == html.TextNode {
			return t.Data, true
		}
		return "", true
	case "select":
		return "", true
	case "input":
		switch lowerASCII(getAttrFold(h, "type")) {
		case "button", "submit", "reset", "image":
			return "", false
		}
		return getAttrFold(h, "value"), true
	}
	return "", false
}

// foldEcho is lowerASCII, called (not inlined) from the few places that
// compare echoes: each inlined copy costs the WASM binary its loop.
//
//go:noinline
func foldEcho(s string) string { return lowerASCII(s) }

// echoIn reports whether attribute value fv holds value fval, or a run of
// it echoMinRun bytes long or more that is fv whole (data-first="jane" for
// "jane doe"); both folded.
func echoIn(fv, fval string) bool {
	fval = strings.TrimSpace(fval)
	if len(fval) < echoMinRun {
		return false
	}
	if strings.Contains(fv, fval) {
		return true
	}
	t := strings.TrimSpace(fv)
	return len(t) >= echoMinRun && strings.Contains(fval, t)
}
