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
// A token is a maximal run of ASCII letters and digits of at least
// minURLToken bytes holding at least one letter and one digit; it is masked
// in place ('*' for each byte). Runs are separated by anything else ('/',
// '.', '-', '_', ';', '=', …), so the three parts of a JWT are three runs
// and "how-to-cook-pasta-in-10-minutes" has none.

// minURLToken is the shortest run read as a token: 16 characters of base 62
// are 95 bits, more than any word or slug that mixes in a digit.
const minURLToken = 16

// maskURLTokens masks every token in u from byte from on (the path; the
// scheme and host before it are kept), and reports how many it masked. It
// returns u itself when there is none.
func maskURLTokens(u string, from int) (string, int) {
	var b []byte
	hits := 0
	for i := from; i < len(u); {
		if !isASCIIAlnum(u[i]) {
			i++
			continue
		}
		j, letters, digits := i, 0, 0
		for ; j < len(u) && isASCIIAlnum(u[j]); j++ {
			if u[j] <= '9' {
				digits++
			} else {
				letters++
			}
		}
		if j-i >= minURLToken && letters > 0 && digits > 0 {
			if b == nil {
				b = []byte(u)
			}
			for k := i; k < j; k++ {
				b[k] = maskChar
			}
			hits++
		}
		i = j
	}
	if b == nil {
		return u, 0
	}
	return string(b), hits
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// navURL scrubs a URL that navigates (the page's own URL, a link, a form's
// action, a frame's document): as url does, and its path tokens masked.
func (s *Session) navURL(v string) string {
	u := s.url(v)
	m, hits := maskURLTokens(u, urlPathStart(u))
	s.stats.PII += hits
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
