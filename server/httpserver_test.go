package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONErrorsFromTheMux(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		method, path string
		want         int
		allow        string
	}{
		{"GET", "/nope", 404, ""},
		{"GET", "/api/nope", 404, ""},
		{"POST", "/viewer/nope/deeper", 404, ""},
		{"GET", "/veil/ingest", 405, "OPTIONS, POST"},
		{"PUT", "/api/tokens", 405, "GET, HEAD, POST"},
		{"PATCH", "/api/sessions/x", 405, "DELETE, GET, HEAD"},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			resp, body := rawReq(t, e, c.method, c.path, nil, nil, "Authorization", "Bearer "+e.admin)
			require.Equal(t, c.want, resp.StatusCode, body)
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
			var msg struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(body), &msg), body)
			assert.NotEmpty(t, msg.Error)
			assert.Equal(t, c.allow, resp.Header.Get("Allow"))
		})
	}
	resp, _ := rawReq(t, e, "GET", "/viewer", nil, nil)
	assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode, "the mux's redirects still work")
	assert.Equal(t, "/viewer/", resp.Header.Get("Location"))
}

// serveLimited runs NewHTTPServer on a LimitConnections listener.
func serveLimited(t *testing.T, h http.Handler, l HTTPLimits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := NewHTTPServer(h, l, nil)
	go hs.Serve(LimitConnections(ln, l))
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

func TestHTTPServerDefaults(t *testing.T) {
	hs := NewHTTPServer(http.NotFoundHandler(), HTTPLimits{}, nil)
	assert.Equal(t, ReadHeaderTimeout, hs.ReadHeaderTimeout)
	assert.Equal(t, ReadTimeout, hs.ReadTimeout)
	assert.Equal(t, WriteTimeout, hs.WriteTimeout)
	assert.Equal(t, IdleTimeout, hs.IdleTimeout)
	assert.Equal(t, MaxHeaderBytes, hs.MaxHeaderBytes)
	for _, d := range []time.Duration{hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout, hs.IdleTimeout} {
		assert.Positive(t, d, "every timeout is set")
	}
}

func TestSlowClientsAreCutOff(t *testing.T) {
	// A handler that wants the whole body, as ingest does.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	l := HTTPLimits{ReadHeaderTimeout: 200 * time.Millisecond, ReadTimeout: 400 * time.Millisecond}
	addr := serveLimited(t, h, l)
	cases := []struct {
		name, send string
		least      time.Duration
	}{
		{"slow headers", "POST /veil/ingest?app=shop HTTP/1.1\r\nHost: x\r\n", l.ReadHeaderTimeout},
		{"slow body", "POST /veil/ingest?app=shop HTTP/1.1\r\nHost: x\r\n" +
			"Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n[{\"type\":4,", l.ReadTimeout},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			require.NoError(t, err)
			defer conn.Close()
			start := time.Now()
			_, err = io.WriteString(conn, c.send)
			require.NoError(t, err)
			// Trickle a byte now and then, as a slowloris does, until cut off.
			cut := make(chan time.Duration, 1)
			go func() {
				io.Copy(io.Discard, conn)
				cut <- time.Since(start)
			}()
			for {
				select {
				case d := <-cut:
					assert.GreaterOrEqual(t, d, c.least*3/4, "cut off by the timeout, not before")
					assert.Less(t, d, 3*time.Second)
					return
				case <-time.After(50 * time.Millisecond):
					conn.Write([]byte(" "))
				}
				if time.Since(start) > 5*time.Second {
					t.Fatal("the connection was not cut off")
				}
			}
		})
	}
}

func TestConnectionCap(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	addr := serveLimited(t, h, HTTPLimits{MaxConnections: 2})
	get := func(conn net.Conn) chan string {
		out := make(chan string, 1)
		go func() {
			io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				out <- err.Error()
				return
			}
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 2))
			out <- string(b)
		}()
		return out
	}
	// Each from a network of its own (an IPv4 /24): a newcomer takes the
	// place of a network holding two more than its own (connLimit), so the
	// one over waits only when every connection is another network's.
	dial := func(from net.IP) net.Conn {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: from}}
		c, err := d.Dial("tcp", addr)
		require.NoError(t, err)
		return c
	}
	var open []net.Conn
	for i := range 2 {
		c := dial(net.IPv4(127, 0, byte(i), 1))
		defer c.Close()
		require.Equal(t, "ok", <-get(c), "within the cap")
		open = append(open, c) // kept alive: still counted
	}
	third := dial(net.IPv4(127, 0, 2, 1))
	defer third.Close()
	answer := get(third)
	select {
	case got := <-answer:
		t.Fatalf("one over the cap was served at once: %q", got)
	case <-time.After(300 * time.Millisecond):
	}
	open[0].Close()
	select {
	case got := <-answer:
		assert.Equal(t, "ok", got, "served once a connection closes")
	case <-time.After(3 * time.Second):
		t.Fatal("not served after a connection closed")
	}
}
