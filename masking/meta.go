package masking

import "github.com/veil-replay/veil/rules"

// Metadata channels outside the event stream — the page URLs a session list
// shows, the consent and rules-version labels of a session's Meta — are
// checked here too, so that the server and the WASM engine share one rule
// with the masker and nothing reaches a person by a path the engine never saw.

// ScrubURL scrubs raw as the engine scrubs every URL it records: query values
// go unless set allows the parameter, and fragment and credentials always go
// (see scrubURL). A nil set allows no parameter. The result is stable
// (ScrubURL(set, ScrubURL(set, u)) == ScrubURL(set, u)) and never keeps more
// than raw had. Safe for concurrent use.
func ScrubURL(set *rules.Set, raw string) string {
	if set == nil {
		return scrubURL(raw, nil)
	}
	return scrubURL(raw, set.AllowParam)
}

// maxLabel bounds consent and rules-version labels.
const maxLabel = 32

// ValidLabel reports whether v is 1-32 characters of [A-Za-z0-9-]: a label,
// never free text that a page could fill with personal data.
func ValidLabel(v string) bool {
	if v == "" || len(v) > maxLabel {
		return false
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-') {
			return false
		}
	}
	return true
}

// ValidConsent reports whether a consent state and its source are both
// labels (ValidLabel). The engine refuses to start a session otherwise, and
// the collector neither stores nor shows other values.
func ValidConsent(state, source string) bool { return ValidLabel(state) && ValidLabel(source) }

// ValidRulesVersion reports whether v can be a rules version: a label
// (rules.Set.Version gives 12 hexadecimal digits, which always pass).
func ValidRulesVersion(v string) bool { return ValidLabel(v) }
