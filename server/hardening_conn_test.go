package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConnectionCapPerClient: one client may hold MaxClientConnections open
// at once; one more is closed at once while other clients are served, and
// trusted proxies are not counted.
func TestConnectionCapPerClient(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	dialFrom := func(t *testing.T, addr string, n byte) net.Conn {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, n)}}
		c, err := d.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		return c
	}
	get := func(c net.Conn) string {
		c.SetDeadline(time.Now().Add(3 * time.Second))
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return "closed"
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 2))
		return string(b)
	}
	t.Run("untrusted", func(t *testing.T) {
		addr := serveLimited(t, h, HTTPLimits{MaxConnections: 10, MaxClientConnections: 2})
		for range 2 {
			assert.Equal(t, "ok", get(dialFrom(t, addr, 7)), "within the client's cap (kept open)")
		}
		assert.Equal(t, "closed", get(dialFrom(t, addr, 7)), "one over: closed")
		assert.Equal(t, "ok", get(dialFrom(t, addr, 8)), "another client is served")
	})
	t.Run("trusted proxy", func(t *testing.T) {
		addr := serveLimited(t, h, HTTPLimits{MaxConnections: 10, MaxClientConnections: 2,
			Trusted: []netip.Prefix{netip.MustParsePrefix("127.0.0.7/32")}})
		for i := range 3 {
			assert.Equal(t, "ok", get(dialFrom(t, addr, 7)), "connection %d of a trusted proxy", i)
		}
	})
	t.Run("a closed connection gives its place back", func(t *testing.T) {
		addr := serveLimited(t, h, HTTPLimits{MaxConnections: 10, MaxClientConnections: 1})
		c := dialFrom(t, addr, 9)
		assert.Equal(t, "ok", get(c))
		c.Close()
		require.Eventually(t, func() bool { return get(dialFrom(t, addr, 9)) == "ok" }, 3*time.Second, 20*time.Millisecond)
	})
}
