package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

func proxyServer(trust ...string) *Server {
	s := &Server{}
	for _, p := range trust {
		s.opt.TrustProxy = append(s.opt.TrustProxy, netip.MustParsePrefix(p))
	}
	return s
}

func TestClientAddr(t *testing.T) {
	cases := []struct {
		name, peer string
		xff        []string
		trust      []string
		want       string
	}{
		{"no proxy configured, forged header ignored", "203.0.113.9:5000", []string{"1.2.3.4"}, nil, "203.0.113.9"},
		{"untrusted peer, forged header ignored", "203.0.113.9:5000", []string{"1.2.3.4"}, []string{"10.0.0.0/8"}, "203.0.113.9"},
		{"trusted peer, client from header", "10.0.0.2:5000", []string{"198.51.100.7"}, []string{"10.0.0.0/8"}, "198.51.100.7"},
		{"trusted peer, forged left entry not believed", "10.0.0.2:5000", []string{"1.2.3.4, 198.51.100.7"}, []string{"10.0.0.0/8"}, "198.51.100.7"},
		{"two trusted hops", "10.0.0.2:5000", []string{"198.51.100.7, 10.0.0.3"}, []string{"10.0.0.0/8"}, "198.51.100.7"},
		{"several header lines", "10.0.0.2:5000", []string{"1.2.3.4", "198.51.100.7"}, []string{"10.0.0.0/8"}, "198.51.100.7"},
		{"trusted peer, no header", "10.0.0.2:5000", nil, []string{"10.0.0.0/8"}, "10.0.0.2"},
		{"trusted peer, malformed entry", "10.0.0.2:5000", []string{"not-an-ip"}, []string{"10.0.0.0/8"}, "10.0.0.2"},
		{"entry with port", "10.0.0.2:5000", []string{"198.51.100.7:4444"}, []string{"10.0.0.0/8"}, "198.51.100.7"},
		{"IPv6 entry", "10.0.0.2:5000", []string{"[2001:db8::1]"}, []string{"10.0.0.0/8"}, "2001:db8::1"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:5000", []string{"198.51.100.7"}, []string{"10.0.0.0/8"}, "198.51.100.7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			require.Equal(t, netip.MustParseAddr(c.want), proxyServer(c.trust...).clientAddr(r))
		})
	}
}

func TestRequestOrigin(t *testing.T) {
	cases := []struct {
		name, peer, proto, host string
		trust                   []string
		want                    string
	}{
		{"direct, forged headers ignored", "203.0.113.9:1", "https", "evil.example", []string{"10.0.0.0/8"}, "http://example.com"},
		{"no proxy configured", "10.0.0.2:1", "https", "viewer.example", nil, "http://example.com"},
		{"trusted proxy terminating TLS", "10.0.0.2:1", "https", "viewer.example", []string{"10.0.0.0/8"}, "https://viewer.example"},
		{"trusted proxy, first proto wins", "10.0.0.2:1", "https, http", "", []string{"10.0.0.0/8"}, "https://example.com"},
		{"trusted proxy, odd proto ignored", "10.0.0.2:1", "gopher", "", []string{"10.0.0.0/8"}, "http://example.com"},
		{"trusted proxy, host with port", "10.0.0.2:1", "", "viewer.example:8443", []string{"10.0.0.0/8"}, "http://viewer.example:8443"},
		{"trusted proxy, host with path ignored", "10.0.0.2:1", "", "viewer.example/x", []string{"10.0.0.0/8"}, "http://example.com"},
		{"trusted proxy, host with userinfo ignored", "10.0.0.2:1", "", "a@viewer.example", []string{"10.0.0.0/8"}, "http://example.com"},
		{"trusted proxy, IPv6 host", "10.0.0.2:1", "", "[2001:db8::1]:8080", []string{"10.0.0.0/8"}, "http://[2001:db8::1]:8080"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://example.com/", nil)
			r.RemoteAddr = c.peer
			if c.proto != "" {
				r.Header.Set("X-Forwarded-Proto", c.proto)
			}
			if c.host != "" {
				r.Header.Set("X-Forwarded-Host", c.host)
			}
			s := proxyServer(c.trust...)
			require.Equal(t, c.want, s.requestOrigin(r))
			require.Equal(t, c.want[:5] == "https", s.secureRequest(r))
		})
	}
}
