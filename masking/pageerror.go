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
// "name", "message" and the frames, each string passed through errorOut. A
// rejection whose reason was not an Error is only its name.
func (s *Session) pageError(op *capture.Op) {
	d := capture.CustomData{Tag: s.token(capture.ErrorTag)}
	if op.ErrorSource == capture.ErrorRejectionValue {
		d.Payload = append(d.Payload, capture.Attr{Name: s.token("name"), Value: s.token(capture.RejectionName)})
	} else {
		d.Payload = append(d.Payload, capture.Attr{Name: s.token("name"), Value: s.errorOut(errorName, op.Name)},
			capture.Attr{Name: s.token("message"), Value: s.errorOut(errorMessage, op.Value)})
		for _, f := range op.Frames[:min(len(op.Frames), capture.MaxErrorFrames)] {
			d.Frames = append(d.Frames, capture.ErrorFrame{URL: s.errorOut(errorURL, f.URL), Line: f.Line, Column: f.Column})
		}
	}
	s.emit(op.Time, capture.Custom, d)
}

// errorPart says which string of a page error errorOut is given.
type errorPart uint8

const (
	errorName    errorPart = iota // the error's name ("TypeError")
	errorMessage                  // its message
	errorURL                      // the script URL of one stack frame
)

// errorOut is the choke point (see out) for the strings of a page error; it
// calls out where out knows the kind of string and counts in Stats.Masked
// what it changes itself. It is the only way error strings leave.
func (s *Session) errorOut(part errorPart, v string) string {
	switch part {
	case errorName:
		kept := v
		if !isErrorName(kept) || hasPII(kept) {
			kept = errorNameFallback
		}
		if kept != v && v != "" {
			s.stats.Masked++
		}
		// Not s.token: it refuses '$', which JavaScript identifiers (and so
		// error class names) may hold; isErrorName is stricter in every
		// other way.
		return kept
	case errorMessage:
		root := s.mirror.Root()
		if root == nil { // no page: nothing to be revealed against
			s.stats.Masked++
			return maskText(v)
		}
		// Recorded text of the page's root: out masks it like text unless
		// revealed, and runs the PII detectors over what it keeps.
		m, _ := s.out(fieldText, rules.Decision{Record: s.revealErrorMessages()}, root, "", v)
		return m
	case errorURL:
		reduced, hierarchical := scriptURL(v)
		if reduced != v {
			s.stats.Masked++
		}
		if !hierarchical {
			if reduced == "" {
				return ""
			}
			return s.token(strings.TrimSuffix(reduced, ":")) + ":"
		}
		// out scrubs the URL again (a no-op here) and runs the PII
		// detectors over it: paths carry account and order numbers.
		m, _ := s.out(fieldURL, rules.Decision{}, nil, "", reduced)
		return m
	}
	s.stats.Masked++
	return "" // fail closed on a part nobody taught errorOut about
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
