package masking

import (
	"strings"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Page errors are data, not page text (DESIGN.md §3): an error's name and
// its stack locations help a developer and are kept; its message echoes what
// people typed ("Invalid card 4111…") and is masked in every mode unless the
// rules reveal messages (block-list only), and even then the PII detectors
// run over it.

// errorNameFallback replaces every name that is not a plain identifier.
const errorNameFallback = "Error"

// pageError emits the Custom event (tag capture.ErrorTag) of a PageError op:
// "name", "message" and the frames, each string through the choke point
// (fieldErrorName, fieldText, fieldErrorURL). A rejection whose reason was
// not an Error is only its name.
func (s *Session) pageError(op *capture.Op) {
	d := capture.CustomData{Tag: s.token(capture.ErrorTag)}
	if op.ErrorSource == capture.ErrorRejectionValue {
		d.Payload = append(d.Payload, capture.Attr{Name: s.token("name"), Value: s.token(capture.RejectionName)})
	} else {
		name, _ := s.out(fieldErrorName, rules.Decision{}, nil, "", op.Name)
		// The message is masked like text of the page unless the rules
		// reveal messages; out runs the PII detectors over what it keeps.
		root := s.mirror.Root()
		msg, _ := s.out(fieldText, rules.Decision{Record: root != nil && s.revealErrorMessages()}, root, "", op.Value)
		d.Payload = append(d.Payload, capture.Attr{Name: s.token("name"), Value: name},
			capture.Attr{Name: s.token("message"), Value: msg})
		for _, f := range op.Frames[:min(len(op.Frames), capture.MaxErrorFrames)] {
			if f.URL != "" && strings.Contains(op.Value, f.URL) {
				// The location may have been read out of the message (a
				// stack whose head no longer matched the error, or a
				// recorder that sent it so): it is text, not a location.
				continue
			}
			u, _ := s.out(fieldErrorURL, rules.Decision{}, nil, "", f.URL)
			d.Frames = append(d.Frames, capture.ErrorFrame{URL: u, Line: f.Line, Column: f.Column})
		}
	}
	s.emit(op.Time, capture.Custom, d)
}

// errorName keeps an error's name when it reads as the name of an error
// class — a plain identifier ending in "Error" or "Exception", as every
// built-in and DOMException name does and custom classes do by convention —
// without PII, else errorNameFallback. A name is page data like the
// message: a script may set it to what someone typed (e.name = field.value).
// (Not safeToken: it refuses '$', which JavaScript identifiers, and so error
// class names, may hold; isErrorName is stricter in every other way.)
func errorName(v string) string {
	if !isErrorName(v) || !errorClassSuffix(v) || hasPII(v) {
		return errorNameFallback
	}
	return v
}

// errorClassSuffix reports whether v ends in "Error" or "Exception", case
// as written (a typed word in capitals, "TERROR", is not a class name).
func errorClassSuffix(v string) bool {
	return strings.HasSuffix(v, "Error") || strings.HasSuffix(v, "Exception")
}

// errorURL is the script URL of a stack frame reduced by scriptURL, then
// scrubbed with the detectors and the path-token rule over its path, as the
// page's own URL (an inline script's frames carry the page URL, and a
// reset link's token would come back through them).
func (s *Session) errorURL(v string) string {
	reduced, hierarchical := scriptURL(v)
	if !hierarchical {
		if reduced == "" {
			return ""
		}
		return safeToken(strings.TrimSuffix(reduced, ":")) + ":"
	}
	return s.navURL(reduced)
}

// revealErrorMessages: messages are revealed only where the rules say so
// (block-list mode with "errorMessages": "reveal") and the page as a whole is
// recorded in clear; a mask or block rule on the root element, or any doubt,
// masks them.
func (s *Session) revealErrorMessages() bool {
	if !s.set.RevealErrorMessages() {
		return false
	}
	d := s.pageDecision()
	return d.Record && !d.Floor && !d.Block
}

// isErrorName reports whether v is an identifier an error name may keep:
// an ASCII letter, then up to 63 ASCII letters, digits, '_' or '$'.
func isErrorName(v string) bool {
	if len(v) == 0 || len(v) > 64 || !isASCIILetter(v[0]) {
		return false
	}
	for i := 1; i < len(v); i++ {
		if c := v[i]; !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '$' {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// scriptURL reduces the script URL of a stack frame to what locates the
// code: for an http: or https: URL, its scheme, host (with port) and path —
// credentials, query and fragment dropped (the choke point's URL field then
// runs the PII detectors over it); for any other URL (data:, blob:, javascript:, about:, and
// also file:, whose path names a local account, and extension schemes, whose
// host says which extensions someone installed) its scheme alone ("data:"),
// hierarchical false. What does not start with a scheme ("<anonymous>",
// "native") is "".
func scriptURL(raw string) (reduced string, hierarchical bool) {
	scheme, rest, ok := splitScheme(strings.TrimSpace(raw))
	if !ok {
		return "", false
	}
	rest, ok = strings.CutPrefix(rest, "//")
	if !ok || scheme != "http" && scheme != "https" {
		return scheme + ":", false
	}
	end := strings.IndexAny(rest, "/?#\\")
	if end < 0 {
		end = len(rest)
	}
	host := rest[:end]
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	path := rest[end:]
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	return scheme + "://" + host + path, true
}
