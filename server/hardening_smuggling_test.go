package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answersTo writes raw on one connection to e's collector and counts the
// answers it reads before the connection ends (or the generous deadline
// passes: a connection kept open is counted, not timed).
func (e *env) answersTo(t *testing.T, raw string) (statuses []int) {
	t.Helper()
	c, err := net.Dial("tcp", e.ts.Listener.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(c, raw)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	for {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			return statuses
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
}

// TestChunkedRequestEndsItsConnection: a request with both Transfer-Encoding
// and Content-Length is read by its chunks (Go drops the Content-Length), so
// a proxy in front that reads it by its Content-Length sees a different
// request boundary: what follows the chunks on the connection ("GET
// /smuggled" below) was served as a second request the proxy never sent
// (request smuggling, CL.TE). RFC 9112 §6.3 says the server must close the
// connection after answering such a request; Go cannot tell it from a
// chunked one once parsed, so every chunked HTTP/1 request ends its
// connection. Plain pipelined requests are still all answered.
func TestChunkedRequestEndsItsConnection(t *testing.T) {
	e := newEnv(t)
	// the request after the first asks to close, so that every case ends
	// as soon as it is answered
	const smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	for _, c := range []struct {
		name, raw string
		want      []int
	}{
		{"Content-Length and Transfer-Encoding chunked",
			"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled,
			[]int{http.StatusMethodNotAllowed}},
		{"Transfer-Encoding chunked",
			"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + smuggled,
			[]int{http.StatusMethodNotAllowed}},
		{"chunked ingest batch",
			"POST " + IngestPath + "?" + q("shop", sid("chunked"), 0) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n" +
				"Transfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n" + smuggled,
			[]int{http.StatusBadRequest}},
		{"Content-Length, pipelined",
			"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc" + smuggled,
			[]int{http.StatusMethodNotAllowed, http.StatusOK}},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, e.answersTo(t, c.raw))
		})
	}
}
