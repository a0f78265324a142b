package config

import "strings"

// The endpoint check answers exactly as net/url.Parse would (Go 1.26, default
// GODEBUG) for the few questions it asks, without linking net/url: net/url
// brings net/netip and unique into the WebAssembly engine, about 28 KiB
// brotli. endpoint_test.go compares the two on a corpus and under fuzzing.

// badEndpoint says why s is not an absolute http(s) URL or a path.
func badEndpoint(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return "must not contain spaces or control characters"
		}
	}
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") {
		return "starts like a URL without a scheme; write https://host/path or a path on this site"
	}
	if strings.HasPrefix(s, "/") {
		return ""
	}
	u, frag, hasFrag := strings.Cut(s, "#")
	rest, ok := cutHTTPScheme(u)
	if !ok {
		return "expected an absolute http(s) URL or a path starting with /"
	}
	rest, _, _ = strings.Cut(rest, "?")
	// Without "//" net/url reports an opaque URL or an empty host.
	if !strings.HasPrefix(rest, "//") {
		return "expected an absolute http(s) URL or a path starting with /"
	}
	authority, path := rest[2:], ""
	if i := strings.IndexByte(authority, '/'); i >= 0 {
		authority, path = authority[:i], authority[i:]
	}
	host, user, hasUser := authority, "", false
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		host, user, hasUser = authority[i+1:], authority[:i], true
	}
	if host == "" || !validHost(host) || hasUser && !validUserinfo(user) ||
		!validEscapes(path) || hasFrag && !validEscapes(frag) {
		return "expected an absolute http(s) URL or a path starting with /"
	}
	if hasUser {
		return "must not contain credentials"
	}
	if hasFrag {
		return "must not contain a fragment"
	}
	return ""
}

// cutHTTPScheme returns what follows "http:" or "https:", in any case, as
// net/url lower-cases the scheme.
func cutHTTPScheme(s string) (string, bool) {
	for _, scheme := range [...]string{"http:", "https:"} {
		if len(s) >= len(scheme) && asciiEqualFold(s[:len(scheme)], scheme) {
			return s[len(scheme):], true
		}
	}
	return "", false
}

// asciiEqualFold compares s with lower, which is lower-case ASCII. Unlike
// strings.EqualFold it never folds non-ASCII (ſ is not s in a scheme).
func asciiEqualFold(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// validEscapes reports whether every % starts a two-digit hex escape.
func validEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// validUserinfo is RFC 3986's userinfo plus '@', with valid escapes.
func validUserinfo(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune("-._:~!$&'()*+,;=%@", rune(c)) {
			return false
		}
	}
	return validEscapes(s)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// hostByte reports whether c may appear unescaped in a host (or zone):
// non-ASCII, alphanumerics, sub-delims, and what net/url adds to them.
func hostByte(c byte) bool {
	return c >= 0x80 || isAlnum(c) || strings.IndexByte("-_.~!$&'()*+,;=:[]<>\"", c) >= 0
}

// validHostEscapes checks s as a host: only non-ASCII bytes and "%25" may be
// escaped.
func validHostEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) ||
				unhex(s[i+1]) < 8 && s[i:i+3] != "%25" {
				return false
			}
			i += 2
		case !hostByte(c):
			return false
		}
	}
	return true
}

// validZoneEscapes checks an IPv6 zone: an escape may stand for '%', a
// space, or an ASCII byte that a host may hold unescaped.
func validZoneEscapes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if s[i:i+3] != "%25" && v != ' ' && (v >= 0x80 || !hostByte(v)) {
				return false
			}
			i += 2
		case !hostByte(c):
			return false
		}
	}
	return true
}

// validPort reports whether s is empty or a colon and digits.
func validPort(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ':' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validHost checks host[:port] as net/url does for http(s): an IPv6 literal
// in brackets (with an optional %25 zone), or a name whose only colon starts
// the port.
func validHost(host string) bool {
	open := strings.LastIndexByte(host, '[')
	if open > 0 {
		return false
	}
	if open < 0 {
		if i := strings.IndexByte(host, ':'); i >= 0 && !validPort(host[i:]) {
			return false
		}
		return validHostEscapes(host)
	}
	end := strings.LastIndexByte(host, ']')
	if end < 0 || !validPort(host[end+1:]) {
		return false
	}
	addr, zone := host[1:end], ""
	if i := strings.Index(addr, "%25"); i >= 0 {
		addr, zone = addr[:i], addr[i:]
		// "%25" alone unescapes to an empty zone, which netip rejects.
		if len(zone) == 3 || !validZoneEscapes(zone) {
			return false
		}
	}
	// Escapes in the address itself could only stand for non-ASCII bytes,
	// which no IPv6 address holds.
	return validHostEscapes(addr) && validIPv6(addr)
}

// validIPv6 reports whether s, without a zone, parses as net/netip parses an
// IPv6 address: up to 8 groups of 1 to 4 hex digits, one "::" standing for at
// least one zero group, and optionally a dotted IPv4 address in place of the
// last two groups.
func validIPv6(s string) bool {
	ellipsis := -1
	if strings.HasPrefix(s, "::") {
		ellipsis, s = 0, s[2:]
		if s == "" {
			return true
		}
	}
	n := 0 // bytes of the address parsed so far, 2 per group
	for n < 16 {
		digits := 0
		for digits < len(s) && isHex(s[digits]) {
			digits++
			if digits > 4 {
				return false
			}
		}
		if digits == 0 {
			return false
		}
		if digits < len(s) && s[digits] == '.' {
			if ellipsis < 0 && n != 12 || n+4 > 16 || !validIPv4(s) {
				return false
			}
			n += 4
			s = ""
			break
		}
		n += 2
		s = s[digits:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if ellipsis >= 0 {
				return false
			}
			ellipsis, s = n, s[1:]
			if s == "" {
				break
			}
		}
	}
	if s != "" {
		return false
	}
	if n < 16 {
		return ellipsis >= 0
	}
	return ellipsis < 0
}

// validIPv4 reports whether s is four dot-separated decimal octets without
// leading zeros.
func validIPv4(s string) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return false
			}
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' || fields == 3 {
				return false
			}
			fields++
			val, digits = 0, 0
		default:
			return false
		}
	}
	return fields == 3
}
