package server

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// TestStalledBodiesHoldAQuarterAtMost: a connection that sent its headers
// and nothing more held a whole 32 KiB step of the wire budget, so 1,024 of
// them — 4 addresses of 256 connections, sending nothing — held all of
// MaxWireBytes for the 30 s ReadTimeout, and every recorder's batch waited,
// then 503. A body's first step is now 4 KiB: every connection the server
// takes holds a quarter of the budget at most so, and a batch goes on.
func TestStalledBodiesHoldAQuarterAtMost(t *testing.T) {
	assert.LessOrEqual(t, int64(MaxConnections*wireFirstStep), int64(MaxWireBytes/4))
	// (stalled for the test's length: BodyStepTime cuts them off after 4 s;
	// and admitted however slowly: under -race beside the browser tests,
	// 128 admissions a client queued past IngestWait and were answered 503,
	// so the total was never reached and the admitted ones timed out)
	e := newEnv(t, func(o *Options) { o.Ingest = IngestLimits{BodyStep: 10 * time.Minute, Wait: 5 * time.Minute} })
	const stalled = MaxWireBytes / wireChunk // held it all, 32 KiB each
	for i := range stalled {
		// 8 addresses, 128 connections each (within MaxClientConnections
		// and the burst of new sessions of a client)
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(10+i%8))}}
		c, err := d.Dial("tcp", e.ts.Listener.Addr().String())
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		_, err = fmt.Fprintf(c, "POST %s?%s HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", IngestPath, q("shop", sid(fmt.Sprintf("stall%d", i)), 0))
		require.NoError(t, err)
	}
	// Generous: under -race beside the browser tests, 1,024 admissions take
	// a while (CI once took more than 20 s).
	held := e.srv.ing.wire.clients.total()
	for end := time.Now().Add(120 * time.Second); held != stalled*wireFirstStep && time.Now().Before(end); {
		time.Sleep(10 * time.Millisecond)
		held = e.srv.ing.wire.clients.total()
	}
	require.Equal(t, int64(stalled*wireFirstStep), held, "the wire budget the stalled bodies hold")
	rec := record(t, rules.MaskAll())
	code, msg, _ := e.sendFull(q("shop", sid("normal"), 0), gz(capture.AppendEvents(nil, rec[0])))
	assert.Equal(t, http.StatusNoContent, code, msg, "a batch beside %d stalled bodies", stalled)
}

// TestSlowBodiesAreCutOff: a body whose next step (4 KiB, then twice the
// last up to 32 KiB) does not arrive within BodyStepTime is answered 503
// (Retry-After, the connection closed) and its bytes given back: a client that sent all of a body but its last
// byte held its bytes for the whole ReadTimeout. A body whose steps each
// arrive within the time is read to its end.
func TestSlowBodiesAreCutOff(t *testing.T) {
	const step = 400 * time.Millisecond
	e := newEnv(t, func(o *Options) { o.Ingest = IngestLimits{BodyStep: step} })
	send := func(t *testing.T, pause time.Duration, stallLast bool) (int, string) {
		steps := []int{wireFirstStep, 2 * wireFirstStep, 4 * wireFirstStep, wireChunk}
		total := 0
		for _, n := range steps {
			total += n
		}
		c, err := net.Dial("tcp", e.ts.Listener.Addr().String())
		require.NoError(t, err)
		defer c.Close()
		fmt.Fprintf(c, "POST %s?%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", IngestPath, q("shop", sid("slowsteps"), 0), total)
		for i, n := range steps {
			if i > 0 {
				time.Sleep(pause)
			}
			if stallLast && i == len(steps)-1 {
				n-- // all but its last byte
			}
			c.Write([]byte(strings.Repeat("x", n)))
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err, "no answer within 5 s")
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Content-Type")
	}
	t.Run("each step within the time", func(t *testing.T) {
		code, _ := send(t, step/2, false)
		assert.Equal(t, http.StatusUnsupportedMediaType, code, "read to its end (and refused as neither gzip nor JSON)")
	})
	t.Run("a step over it", func(t *testing.T) {
		code, _ := send(t, step*3/2, false)
		assert.Equal(t, http.StatusServiceUnavailable, code)
	})
	t.Run("all but the last byte", func(t *testing.T) {
		start := time.Now()
		code, _ := send(t, 0, true)
		assert.Equal(t, http.StatusServiceUnavailable, code)
		assert.Less(t, time.Since(start), 4*step)
	})
	assert.Eventually(t, func() bool { return e.srv.ing.wire.total.available() == MaxWireBytes }, 2*time.Second, 5*time.Millisecond,
		"every step given back")
}

// TestWirePerIPv6Network: the bytes of bodies being received were bounded
// per client (an IPv6 /64) and in all, so one subscriber routed a /48 —
// 65,536 clients — took the whole budget from one home line. Its /64s hold
// MaxNetworkWireBytes together: at the cap a body is read, one step over
// it 429 naming the network, while another network is served.
func TestWirePerIPv6Network(t *testing.T) {
	require.Equal(t, int64(2*MaxClientWireBytes), int64(MaxNetworkWireBytes))
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{Wait: 50 * time.Millisecond, ClientWire: 2 * wireFirstStep, NetworkWire: 3 * wireFirstStep}
		o.TrustProxy = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	stall := func(from, session string) {
		c, err := net.Dial("tcp", e.ts.Listener.Addr().String())
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		_, err = fmt.Fprintf(c, "POST %s?%s HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\nContent-Length: 1000\r\n\r\n", IngestPath, q("shop", sid(session), 0), from)
		require.NoError(t, err)
	}
	send := func(from, session string) (int, string) {
		return postFrom(t, e, from, q("shop", sid(session), 0), []byte("[]"))
	}
	stall("2001:db8:1:1::7", "a1")
	stall("2001:db8:1:1::7", "a2") // the /64's cap
	stall("2001:db8:1:2::7", "b1") // the /48's cap
	require.Eventually(t, func() bool { return e.srv.ing.wire.clients.total() == 3*wireFirstStep }, 5*time.Second, 5*time.Millisecond)
	code, msg := send("2001:db8:1:3::7", "c1")
	assert.Equal(t, http.StatusTooManyRequests, code, msg)
	assert.Contains(t, msg, "network")
	code, msg = send("2001:db8:2:1::7", "d1")
	assert.Equal(t, http.StatusBadRequest, code, "another network's body is read (and refused as empty events): %s", msg)
}

// TestAheadOfANewSessionRefusedUnread: a new session's batch ahead of seq
// 0 waits in the store; while what waits is at its caps it was refused
// only once its body was read, inflated and parsed, so a flood of new
// sessions each sending seq 1 had every body decoded for a 503. Admission
// refuses it now, before the body is read: a body that is not JSON is read
// (and refused as such, 415) under the application's cap, and answered 503
// unread at it.
func TestAheadOfANewSessionRefusedUnread(t *testing.T) {
	rec := record(t, rules.MaskAll())
	measure := newEnv(t)
	measure.sendBatch("shop", sid("measure"), 0, rec[0])
	measure.sendBatch("shop", sid("measure"), 2, rec[2])
	one, _, _, err := measure.st.PendingBytes(context.Background(), "shop", sid("measure"))
	require.NoError(t, err)
	require.Positive(t, one)
	for _, c := range []struct {
		name string
		cap  int64
		want int
	}{
		{"under the application's cap", 2 * one, http.StatusUnsupportedMediaType},
		{"at it", one, http.StatusServiceUnavailable},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.Ingest = IngestLimits{PendingApp: c.cap} })
			e.sendBatch("shop", sid("first"), 0, rec[0])
			e.sendBatch("shop", sid("first"), 2, rec[2]) // waits: one
			code, msg, retry := e.sendFull(q("shop", sid("newcomer"), 1), []byte("not a batch"))
			assert.Equal(t, c.want, code, msg)
			if c.want == http.StatusServiceUnavailable {
				assert.Contains(t, msg, "waiting")
				assert.Equal(t, "1", retry)
			}
		})
	}
}
