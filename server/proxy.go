package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind a reverse proxy the TCP peer is the proxy, and what the visitor
// asked for (scheme, host) and who the visitor is travel in X-Forwarded-*
// headers. Anyone can send those headers, so they are believed only when
// the peer is inside one of Options.TrustProxy; from any other peer they are
// ignored and the connection itself is the truth.

// peerAddr is the TCP peer of r, IPv4-mapped IPv6 unmapped; the zero Addr
// when RemoteAddr does not parse (never the case for net/http's server).
func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// trusted reports whether a is one of the trusted proxies.
func (s *Server) trusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range s.opt.TrustProxy {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address of the client that made r: the TCP peer, or,
// when the peer is a trusted proxy, the nearest address in X-Forwarded-For
// that is not itself a trusted proxy (walking from the right, because each
// proxy appends and only the part our proxies wrote can be believed). A
// malformed entry stops the walk at the last hop that could be believed.
// It is safe for concurrent use.
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	addr := peerAddr(r)
	if !s.trusted(addr) {
		return addr
	}
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			return addr
		}
		addr = a.Unmap()
		if !s.trusted(addr) {
			return addr
		}
	}
	return addr
}

// forwardedFor splits X-Forwarded-For header lines into their hops, in
// order; an entry with a port (some proxies write one) loses it.
func forwardedFor(lines []string) []string {
	var hops []string
	for _, line := range lines {
		for _, h := range strings.Split(line, ",") {
			h = strings.TrimSpace(h)
			if host, _, err := net.SplitHostPort(h); err == nil {
				h = host
			}
			hops = append(hops, strings.Trim(h, "[]"))
		}
	}
	return hops
}

// requestScheme is "https" or "http": how the client reached us. A trusted
// proxy's X-Forwarded-Proto (first value: the hop nearest the client) wins
// over the connection; any other value of it is ignored.
func (s *Server) requestScheme(r *http.Request) string {
	if s.trusted(peerAddr(r)) {
		if v, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); v != "" {
			switch v = strings.ToLower(strings.TrimSpace(v)); v {
			case "http", "https":
				return v
			}
		}
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// requestHost is the host (with port, if any) the client asked for: a
// trusted proxy's X-Forwarded-Host when it is a well-formed host, else
// r.Host.
func (s *Server) requestHost(r *http.Request) string {
	if s.trusted(peerAddr(r)) {
		if v, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ","); validHost(strings.TrimSpace(v)) {
			return strings.TrimSpace(v)
		}
	}
	return r.Host
}

// requestOrigin is scheme://host of what the client asked for, the value a
// same-origin browser sends in Origin.
func (s *Server) requestOrigin(r *http.Request) string {
	return s.requestScheme(r) + "://" + s.requestHost(r)
}

// secureRequest reports whether the client reached us over TLS, directly
// or through a trusted proxy that terminated it; cookies get Secure then.
func (s *Server) secureRequest(r *http.Request) bool { return s.requestScheme(r) == "https" }

// validHost accepts a DNS name, IPv4 or bracketed IPv6 literal, with an
// optional port: nothing that could end the origin early or smuggle a path.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	host := h
	if hh, port, err := net.SplitHostPort(h); err == nil {
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return false
		}
		host = hh
		if strings.Contains(host, ":") {
			_, err := netip.ParseAddr(host)
			return err == nil
		}
	} else if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		_, err := netip.ParseAddr(h[1 : len(h)-1])
		return err == nil
	}
	if host == "" {
		return false
	}
	for _, c := range host {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.':
		default:
			return false
		}
	}
	return true
}
