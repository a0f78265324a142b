package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// slowBody opens a connection that sends an ingest request's headers and the
// first bytes of its body, then stalls, as a slowloris client does. The
// connection is closed at the end of the test.
func (e *env) slowBody(t *testing.T, session string, sent int) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", e.ts.Listener.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = fmt.Fprintf(c, "POST %s?%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s",
		IngestPath, q("shop", session, 0), MaxBodyBytes, make([]byte, sent))
	require.NoError(t, err)
	return c
}

// TestSlowBodiesHoldNoWorkSlot: clients trickling their bodies in, more of
// them than there are work slots, do not keep a normal batch out.
func TestSlowBodiesHoldNoWorkSlot(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{Work: 2, Queue: 2, Wait: 100 * time.Millisecond}
	})
	for i := range 4 {
		e.slowBody(t, sid(fmt.Sprintf("slow%d", i)), 10)
	}
	// the slow requests have passed admission and are reading their bodies
	require.Eventually(t, func() bool {
		return e.srv.ing.wire.clients.total() == 4*wireFirstStep
	}, 5*time.Second, 5*time.Millisecond)
	rec := record(t, rules.MaskAll())
	code, msg, _ := e.sendFull(q("shop", sid("normal"), 0), gz(capture.AppendEvents(nil, rec[0])))
	assert.Equal(t, 204, code, msg, "a normal batch beside 4 slow bodies and 2 work slots")
}

// TestWireBudgetAtAndOver: the bytes of bodies being received are bounded
// per client (429 one step over) and in total (503 one step over, after the
// wait), both with Retry-After; giving back makes room again.
func TestWireBudgetAtAndOver(t *testing.T) {
	t.Run("per client", func(t *testing.T) {
		e := newEnv(t, func(o *Options) {
			o.Ingest = IngestLimits{Wait: 50 * time.Millisecond, ClientWire: 2 * wireFirstStep}
		})
		e.slowBody(t, sid("slowa"), 10)
		e.slowBody(t, sid("slowb"), 10) // two steps held: the client's limit
		require.Eventually(t, func() bool { return e.srv.ing.wire.total.available() == MaxWireBytes-2*wireFirstStep }, 5*time.Second, 5*time.Millisecond)
		code, msg, retry := e.sendFull(q("shop", sid("onemore"), 0), []byte("[]"))
		assert.Equal(t, http.StatusTooManyRequests, code, msg)
		assert.Contains(t, msg, "this client")
		assert.Equal(t, "1", retry)
	})
	t.Run("in total", func(t *testing.T) {
		e := newEnv(t, func(o *Options) {
			o.Ingest = IngestLimits{Wait: 50 * time.Millisecond, Wire: 2 * wireFirstStep}
		})
		a := e.slowBody(t, sid("slowa"), 10)
		e.slowBody(t, sid("slowb"), 10)
		require.Eventually(t, func() bool { return e.srv.ing.wire.total.available() == 0 }, 5*time.Second, 5*time.Millisecond)
		code, msg, retry := e.sendFull(q("shop", sid("onemore"), 0), []byte("[]"))
		assert.Equal(t, http.StatusServiceUnavailable, code, msg)
		assert.Equal(t, "1", retry)
		a.Close() // its request ends: its step is given back
		require.Eventually(t, func() bool { return e.srv.ing.wire.total.available() == wireFirstStep }, 5*time.Second, 5*time.Millisecond)
		rec := record(t, rules.MaskAll())
		code, msg, _ = e.sendFull(q("shop", sid("onemore"), 0), gz(capture.AppendEvents(nil, rec[0])))
		assert.Equal(t, 204, code, msg)
	})
	t.Run("body at the limit and one over", func(t *testing.T) {
		e := newEnv(t)
		for _, c := range []struct {
			n    int
			want int
		}{{MaxBodyBytes, http.StatusUnsupportedMediaType}, {MaxBodyBytes + 1, http.StatusRequestEntityTooLarge}} {
			// sent chunked, so only the reading counts the bytes
			conn, err := net.Dial("tcp", e.ts.Listener.Addr().String())
			require.NoError(t, err)
			w := bufio.NewWriter(conn)
			fmt.Fprintf(w, "POST %s?%s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n%x\r\n", IngestPath, q("shop", sid("chunked"), 0), c.n)
			w.Write(make([]byte, c.n))
			fmt.Fprintf(w, "\r\n0\r\n\r\n")
			require.NoError(t, w.Flush())
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err)
			resp.Body.Close()
			conn.Close()
			assert.Equal(t, c.want, resp.StatusCode, "chunked body of %d bytes", c.n)
		}
	})
}

// TestOneClientCannotTakeEveryWorkSlot: one client holds at most its share
// of the work slots; beyond it its request waits, then 503 with
// Retry-After, while another client is served.
func TestOneClientCannotTakeEveryWorkSlot(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{Work: 2, Wait: 100 * time.Millisecond}
	})
	require.Equal(t, 1, e.srv.ing.lim.ClientWork, "one slot of two")
	rec := record(t, rules.MaskAll())
	body := gz(capture.AppendEvents(nil, rec[0]))
	loopback := clientNet(netip.MustParseAddr("127.0.0.1"))
	require.True(t, e.srv.ing.clients.take(context.Background(), loopback, 0)) // a batch of 127.0.0.1 in progress
	code, msg, retry := e.sendFull(q("shop", sid("second"), 0), body)
	assert.Equal(t, http.StatusServiceUnavailable, code, msg)
	assert.Contains(t, msg, "this client")
	assert.Equal(t, "1", retry)

	other := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	resp, err := other.Post(e.ts.URL+IngestPath+"?"+q("shop", sid("otherclient"), 0), "text/plain", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "another client is served")

	e.srv.ing.clients.give(loopback)
	code, msg, _ = e.sendFull(q("shop", sid("second"), 0), body)
	assert.Equal(t, http.StatusNoContent, code, msg, "its slot given back")
}
