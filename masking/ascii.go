package masking

import "golang.org/x/net/html"

// HTML compares names and keywords with ASCII case folding only: "İd" is
// not "id", and "submİt" is not "submit". These helpers never fold Unicode.

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

// getAttrFold returns the value of h's attribute key (no namespace),
// matching the name ASCII case-insensitively.
func getAttrFold(h *html.Node, key string) string {
	for _, a := range h.Attr {
		if a.Namespace == "" && asciiEqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func trimHTMLSpace(s string) string {
	for len(s) > 0 && isHTMLSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isHTMLSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// isBlank reports whether v is empty or only whitespace of the masking
// whitespace set (a blank value reveals nothing and stays as it is).
func isBlank(v string) bool {
	for _, r := range v {
		if !isWhitespace(r) {
			return false
		}
	}
	return true
}
