package masking

import (
	"strings"
)

// aboutBlank stands in for every URL that must not be kept at all: script
// URLs, data the page itself carries, and anything this file cannot parse.
const aboutBlank = "about:blank"

// scrubURL removes from a URL everything that may identify a person but is
// never needed to replay a page: query values (names stay, so `?a=1&b=2`
// becomes `?a=&b=`, except for parameters that allowParam names), the
// fragment, and credentials. Scheme, host, port and path are kept.
//
// It works on the string as written, so relative URLs keep their form. As in
// browsers, leading and trailing C0 controls and spaces are trimmed and tabs
// and newlines inside are dropped. Script URLs become about:blank; a data: URL
// keeps only an image, font or CSS media type and loses its payload; blob:
// URLs keep only their scheme; URLs without a hierarchy (mailto:, tel:, …)
// keep only their scheme, since their path is the personal part. Anything
// that cannot be parsed with certainty becomes about:blank.
//
// allowParam may be nil; it receives the percent-decoded parameter name. The
// result is stable: scrubURL(scrubURL(u)) == scrubURL(u). scrubURL is safe for
// concurrent use if allowParam is.
func scrubURL(raw string, allowParam func(name string) bool) string {
	s := cleanURL(raw)
	// The fragment goes first: browsers end the URL's other parts at the first
	// '#', even inside what looks like credentials.
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = strings.TrimRight(s[:i], c0OrSpace)
	}
	scheme, rest, ok := splitScheme(s)
	if !ok {
		// A relative URL resolves against the page, whose scheme is special
		// in practice, so it is parsed the way http: would parse it.
		return scrubHierarchical("", rest, true, allowParam)
	}
	switch scheme {
	case "javascript", "vbscript", "livescript":
		return aboutBlank
	case "data":
		return scrubDataURL(rest)
	case "blob":
		return "blob:"
	case "about":
		path, _, _ := strings.Cut(rest, "?")
		if p := strings.ToLower(path); p == "blank" || p == "srcdoc" {
			return "about:" + p
		}
		return aboutBlank
	case "http", "https", "ws", "wss", "ftp", "file":
		return scrubHierarchical(scheme+":", rest, true, allowParam)
	}
	if strings.HasPrefix(rest, "//") {
		return scrubHierarchical(scheme+":", rest, false, allowParam)
	}
	return scheme + ":"
}

// c0OrSpace is what browsers trim from both ends of a URL.
const c0OrSpace = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "

// cleanURL applies the browser's pre-parse clean-up: trim C0 controls and
// spaces at both ends and drop every tab and newline. Without it
// "java\tscript:" would not be recognised as the script URL it is.
func cleanURL(s string) string {
	start, end := 0, len(s)
	for start < end && s[start] <= ' ' {
		start++
	}
	for end > start && s[end-1] <= ' ' {
		end--
	}
	s = s[start:end]
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\t' && c != '\n' && c != '\r' {
			writeByte(&b, c)
		}
	}
	return b.String()
}

// splitScheme returns the lower-cased scheme and what follows its ':'.
// Without a valid scheme it returns s unchanged as rest and ok == false.
func splitScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(s[:i]), s[i+1:], true
		default:
			return "", s, false
		}
	}
	return "", s, false
}

// scrubHierarchical scrubs what follows "scheme:" (prefix) of a URL that may
// carry an authority. special selects the parsing of http-like schemes:
// backslashes count as slashes, and with a scheme any number of slashes
// (even none) introduces the authority.
func scrubHierarchical(prefix, rest string, special bool, allowParam func(string) bool) string {
	pre, query, hasQuery := strings.Cut(rest, "?")
	if special {
		pre = strings.ReplaceAll(pre, `\`, "/")
	}
	slashes := 0
	for slashes < len(pre) && pre[slashes] == '/' {
		slashes++
	}
	var hasAuthority bool
	switch {
	case special && prefix != "":
		hasAuthority = true
	case special:
		// A relative "//host" (or "///host": browsers skip extra slashes)
		// names another host; "/path" does not.
		hasAuthority = slashes >= 2
	default:
		hasAuthority = slashes >= 2
		if hasAuthority {
			slashes = 2
		}
	}

	var b strings.Builder
	b.Grow(len(prefix) + len(rest))
	writeStr(&b, prefix)
	path := pre
	if hasAuthority {
		writeStr(&b, pre[:slashes])
		authority := pre[slashes:]
		path = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, path = authority[:i], authority[i:]
		}
		// Browsers take the host after the last '@'; all before it is
		// user and password.
		if i := strings.LastIndexByte(authority, '@'); i >= 0 {
			authority = authority[i+1:]
			// Without a host the path's slashes would join those before
			// it and be read as an authority next time.
			if authority == "" {
				return aboutBlank
			}
		}
		if !validHostPort(authority) {
			return aboutBlank
		}
		if authority == "" && prefix != "" && prefix != "file:" && special {
			return aboutBlank
		}
		writeStr(&b, authority)
	}
	writeScrubbedPath(&b, path, allowParam)
	if hasQuery {
		writeByte(&b, '?')
		writeScrubbedQuery(&b, query, allowParam)
	}
	return b.String()
}

// validHostPort reports whether s is a host with an optional port that
// cannot hide anything: no forbidden host code point and no percent-encoding
// (which could decode to '@' or '#'), a bracketed IPv6 address only of hex
// digits, colons and dots, and a port only of digits.
func validHostPort(s string) bool {
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		host, port = s[1:end], s[end+1:]
		for i := 0; i < len(host); i++ {
			c := host[i]
			if !isHexDigit(c) && c != ':' && c != '.' {
				return false
			}
		}
		if port != "" {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
		}
	} else {
		if i := strings.IndexByte(s, ':'); i >= 0 {
			host, port = s[:i], s[i+1:]
		}
		for i := 0; i < len(host); i++ {
			c := host[i]
			if c <= ' ' || c == 0x7f || strings.IndexByte(`#%/:<>?@[\]^|`, c) >= 0 {
				return false
			}
		}
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return false
		}
	}
	return true
}

// writeScrubbedQuery writes query with every value emptied, except values of
// parameters allowParam names. Parameters are separated by '&' or ';' (some
// servers take either), so "page=1;token=x" is two parameters. A name
// without '=' gains one, so that the result is the same whether or not it is
// scrubbed again.
func writeScrubbedQuery(b *strings.Builder, query string, allowParam func(string) bool) {
	for {
		end := strings.IndexAny(query, "&;")
		part := query
		if end >= 0 {
			part = query[:end]
		}
		if part != "" {
			writeStr(b, scrubbedParam(part, allowParam))
		}
		if end < 0 {
			return
		}
		writeByte(b, query[end])
		query = query[end+1:]
	}
}

// writeScrubbedPath writes path with the values of matrix parameters
// (";jsessionid=…" in a segment) emptied like query values.
//
// An encoded '?' or '#' (%3F, %23) in the path ends what is kept of it: a
// server or proxy that decodes once reads the rest as a query or fragment
// ("/a%3Ftoken=…").
func writeScrubbedPath(b *strings.Builder, path string, allowParam func(string) bool) {
	if i := encodedDelimiter(path); i >= 0 {
		path = path[:i+3]
	}
	for {
		i := strings.IndexByte(path, ';')
		if i < 0 {
			writeStr(b, path)
			return
		}
		writeStr(b, path[:i+1])
		path = path[i+1:]
		end := strings.IndexAny(path, "/;")
		params := path
		if end >= 0 {
			params, path = path[:end], path[end:]
		} else {
			path = ""
		}
		if params != "" {
			writeStr(b, scrubbedParam(params, allowParam))
		}
	}
}

// scrubbedParam is one name=value parameter with its value emptied unless
// allowParam names it.
//
// A part without '=' is all value ("?eyJhbGci…", "?4111111111111111",
// ";SESSIONTOKEN"): it is dropped unless allowParam names it.
func scrubbedParam(part string, allowParam func(string) bool) string {
	name, _, hasValue := strings.Cut(part, "=")
	if name != "" && allowParam != nil && allowParam(decodeQueryName(name)) {
		return part
	}
	if !hasValue {
		return ""
	}
	return name + "="
}

// decodeQueryName decodes a query parameter name as forms do: '+' is a space
// and %XX a byte; malformed escapes stay as written.
func decodeQueryName(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, hexValue(s[i+1])<<4|hexValue(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// scrubDataURL keeps the media type of a data: URL whose payload can only be
// an image, a font or a style sheet, and drops the payload: it is page content
// and may be a scanned document. Every other data: URL becomes about:blank.
func scrubDataURL(rest string) string {
	header, _, found := strings.Cut(rest, ",")
	if !found {
		return aboutBlank
	}
	params := strings.Split(header, ";")
	mediaType := strings.ToLower(strings.Trim(params[0], " \t\n\f\r"))
	if !allowedDataMediaType(mediaType) {
		return aboutBlank
	}
	base64 := ""
	if len(params) > 1 && strings.EqualFold(strings.Trim(params[len(params)-1], " "), "base64") {
		base64 = ";base64"
	}
	return "data:" + mediaType + base64 + ","
}

// allowedDataMediaType reports whether t is text/css or image/SUBTYPE or
// font/SUBTYPE with a subtype of plain token characters; parameters such as a
// file name are not kept.
func allowedDataMediaType(t string) bool {
	if t == "text/css" {
		return true
	}
	var sub string
	switch {
	case strings.HasPrefix(t, "image/"):
		sub = t[len("image/"):]
	case strings.HasPrefix(t, "font/"):
		sub = t[len("font/"):]
	default:
		return false
	}
	if sub == "" {
		return false
	}
	for i := 0; i < len(sub); i++ {
		c := sub[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexValue(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// encodedDelimiter returns the offset of the first %3F or %23 (any case) in
// path, or -1.
func encodedDelimiter(path string) int {
	for i := 0; i+2 < len(path); i++ {
		if path[i] == '%' && (path[i+1] == '3' && (path[i+2] == 'F' || path[i+2] == 'f') || path[i+1] == '2' && path[i+2] == '3') {
			return i
		}
	}
	return -1
}
