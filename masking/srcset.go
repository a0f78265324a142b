package masking

import "strings"

// scrubSrcset scrubs every candidate URL of a srcset attribute with scrubURL
// and keeps its width, density or height descriptors. Candidates are split as
// the HTML standard's srcset parser splits them, so commas inside a URL
// (e.g. "a,b.png 1x") stay in it. A candidate with a descriptor that is not a
// number followed by w, x or h is dropped, as browsers ignore it, so no free
// text survives in descriptors. The result is stable under a second scrub.
// It is safe for concurrent use if allowParam is.
func scrubSrcset(v string, allowParam func(string) bool) string {
	var b strings.Builder
	b.Grow(len(v))
	for pos := 0; pos < len(v); {
		for pos < len(v) && (isHTMLSpace(v[pos]) || v[pos] == ',') {
			pos++
		}
		if pos == len(v) {
			break
		}
		start := pos
		for pos < len(v) && !isHTMLSpace(v[pos]) {
			pos++
		}
		url := v[start:pos]
		var descriptors []string
		if strings.HasSuffix(url, ",") {
			url = strings.TrimRight(url, ",")
		} else {
			descriptors, pos = srcsetDescriptors(v, pos)
		}
		if !validDescriptors(descriptors) {
			continue
		}
		scrubbed := scrubURL(url, allowParam)
		// An empty URL or one that starts or ends with ',' (a data: URL
		// without payload) would parse differently the next time; none of
		// them fetches anything useful anyway.
		if scrubbed == "" || scrubbed[0] == ',' || scrubbed[len(scrubbed)-1] == ',' {
			scrubbed = aboutBlank
		}
		if b.Len() > 0 {
			writeStr(&b, ", ")
		}
		writeStr(&b, scrubbed)
		for _, d := range descriptors {
			writeByte(&b, ' ')
			writeStr(&b, d)
		}
	}
	return b.String()
}

// srcsetDescriptors collects the descriptors that follow a candidate URL,
// from pos up to the comma that ends the candidate (commas inside
// parentheses do not end it), and returns them with the position after that
// comma.
func srcsetDescriptors(v string, pos int) ([]string, int) {
	var out []string
	start := -1
	depth := 0
	flush := func(end int) {
		if start >= 0 {
			out = append(out, v[start:end])
			start = -1
		}
	}
	for ; pos < len(v); pos++ {
		c := v[pos]
		switch {
		case depth > 0:
			if c == ')' {
				depth--
			}
		case isHTMLSpace(c):
			flush(pos)
			continue
		case c == ',':
			flush(pos)
			return out, pos + 1
		case c == '(':
			depth++
		}
		if start < 0 {
			start = pos
		}
	}
	flush(pos)
	return out, pos
}

// validDescriptors reports whether every descriptor is a number followed by
// 'w', 'x' or 'h'.
func validDescriptors(ds []string) bool {
	for _, d := range ds {
		if len(d) < 2 {
			return false
		}
		switch d[len(d)-1] {
		case 'w', 'x', 'h':
		default:
			return false
		}
		for i := 0; i < len(d)-1; i++ {
			c := d[i]
			if !('0' <= c && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				return false
			}
		}
	}
	return true
}

// isHTMLSpace reports whether c is ASCII whitespace as HTML defines it.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
