package masking

// Secrets in URL paths. Password-reset, magic-login, invitation and
// unsubscribe links carry their secret in the path
// ("/reset/Xk9fQ2mZ7pL4vT8wR3yN", "/magic/eyJhbGciOi…"), where the query
// scrub never looks and the PII detectors see no digit run. A page URL or a
// link that navigates is shown, never fetched, by a replay, so masking such
// a segment costs no fidelity; resource URLs (stylesheets, images, scripts)
// are left alone, since their content hashes ("main.8f3a9c2b7d1e4f5a.css")
// have the same shape and the replay needs them.
//
// What a token is (runs of 16+ letters and digits mixing both, such runs
// joined by '-' or '_', UUIDs) is the PII detectors' rule, in pii_tokens.go,
// shared with text a person reads.

// navURL scrubs a URL that navigates (the page's own URL, a link, a form's
// action, a frame's document): as url does, and its path tokens and the
// people its path names masked (url_people.go).
func (s *Session) navURL(v string) string {
	u := s.url(v)
	m, hits := maskSecretTokens(u, urlPathStart(u))
	m, people := maskPersonSegments(m, urlPathStart(m))
	m, profile := maskProfileHandle(m)
	s.stats.PII += hits + people + profile
	return m
}

// navigates reports whether attribute name of the HTML, SVG or MathML
// element tag holds a URL a replay only shows (or follows on a click),
// never fetches to render the page, or one whose path is no content hash:
// frames and embedded documents (an invoice PDF in an <object>), the base
// URLs relative ones resolve against, beacons (ping, attributionsrc), an
// application cache manifest.
func navigates(ns, tag, name string) bool {
	switch {
	case grInWords("action formaction cite ping itemid longdesc attributionsrc xml:base", name, false):
		return true
	case asciiEqualFold(name, "href"), asciiEqualFold(name, "xlink:href"):
		// MathML Core makes any element with href a link.
		return asciiEqualFold(tag, "a") || ns == "math" || ns == "" && grInWords("area base", tag, false)
	case ns != "":
		return false
	case asciiEqualFold(name, "src"):
		return grInWords("iframe frame embed", tag, false)
	case asciiEqualFold(name, "data"):
		return asciiEqualFold(tag, "object")
	}
	return asciiEqualFold(name, "manifest") && asciiEqualFold(tag, "html")
}
