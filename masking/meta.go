package masking

import "github.com/veil-replay/veil/rules"

// Metadata channels outside the event stream — the page URLs a session list
// shows, the consent and rules-version labels of a session's Meta — are
// checked here too, so that the server and the WASM engine share one rule
// with the masker and nothing reaches a person by a path the engine never saw.

// ScrubURL scrubs raw as the engine scrubs every URL it records: query values
// go unless set allows the parameter, and fragment and credentials always go
// (see scrubURL), and the PII detectors and the path-token rule
// (pii_tokens.go) run over the path and what follows, as they do on the
// page URLs the engine sends (a stored page URL may predate them, or come
// from an allowed parameter). A nil set allows no parameter.
// The result is stable (ScrubURL(set, ScrubURL(set, u)) == ScrubURL(set, u))
// and never keeps more than raw had. Safe for concurrent use.
func ScrubURL(set *rules.Set, raw string) string {
	var allow func(string) bool
	if set != nil {
		allow = set.AllowParam
	}
	u := scrubURL(raw, allow)
	i := urlPathStart(u)
	if p, hits := scrubPII(u[i:]); hits > 0 {
		u = u[:i] + p
	}
	u, _ = maskSecretTokens(u, i)
	return u
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
