package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// Bodies are read before an ingest work slot is taken, so that a client
// trickling a body in (the server's ReadTimeout allows 30 s) holds only its
// connection and the bytes it has sent, never one of the few slots every
// recorder needs. What bodies hold while they arrive is bounded here: in
// total, and per client, so that one client cannot take the total.
const (
	// MaxWireBytes bounds the memory of ingest bodies being received and
	// processed at once, counted in wireChunk steps as they arrive: a
	// request waits up to IngestWait beyond it, then 503.
	MaxWireBytes = 32 << 20
	// MaxClientWireBytes bounds that memory for one client (an IPv4 address
	// or an IPv6 /64, as for the rate limits): 429 above.
	MaxClientWireBytes = 8 << 20
	// MaxNetworkWireBytes bounds it for one IPv6 /48 (NetworkIPv6Bits),
	// whatever its /64s, as MaxNetworkConnections bounds its connections:
	// a subscriber routed a /48 has 65,536 clients of MaxClientWireBytes
	// each, and took all of MaxWireBytes from one home line. 429 above.
	MaxNetworkWireBytes = 2 * MaxClientWireBytes
	// wireChunk is the largest step in which a body's memory is reserved
	// before it is read, so a body that trickles in holds one step, not its
	// length. The first step is wireFirstStep, each next one twice the
	// last: a connection that sends headers and stalls held a whole chunk,
	// and 1,024 of them (8 addresses of 128 connections) held every byte of
	// MaxWireBytes for the 30 s ReadTimeout, sending nothing; now every
	// connection the server takes (MaxConnections) holds 8 MiB at most so.
	wireChunk     = 32 << 10
	wireFirstStep = 4 << 10
	// BodyStepTime bounds how long one step of a body may take to arrive
	// (at the full step, 8 KiB a second): a body arriving slower, or
	// stalling, is cut off (503 with Retry-After, the connection closed) and
	// its bytes given back, instead of holding them for the rest of
	// ReadTimeout (a client that sent 1 MiB but its last byte held it 30 s).
	BodyStepTime = 4 * time.Second
	// MaxClientWork bounds the work slots (MaxIngestWork) one client holds
	// or waits for at once, so that one client sending batches costly to
	// mask cannot keep every other recorder waiting: beyond it a request
	// waits up to IngestWait for one of its client's, then 503.
	MaxClientWork = MaxIngestWork - 1
)

// clientWork counts the work slots each client holds. Safe for concurrent
// use.
type clientWork struct{ held *clientCounts }

func newClientWork(max int) *clientWork {
	return &clientWork{newClientCounts(int64(max))}
}

// take counts one slot of client, waiting up to wait while it holds max
// (rare: a client sending that many batches at once); false when it still
// does then.
func (c *clientWork) take(ctx context.Context, client netip.Prefix, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for {
		if c.held.take(client, 1) {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(clientWorkPoll)
	}
}

// clientWorkPoll is how often a request over its client's share looks again.
const clientWorkPoll = 5 * time.Millisecond

// give returns a slot taken for client.
func (c *clientWork) give(client netip.Prefix) { c.held.give(client, 1) }

// wireBudget is the memory of ingest bodies being received. It is safe for
// concurrent use.
type wireBudget struct {
	total   *weighted
	clients *clientCounts
	nets    *clientCounts // IPv6 /48s
	wait    time.Duration
}

func newWireBudget(total, perClient, perNetwork int64, wait time.Duration) *wireBudget {
	return &wireBudget{total: newWeighted(total), clients: newClientCounts(perClient),
		nets: newClientCounts(perNetwork), wait: wait}
}

// network is the IPv6 /48 of client (an IPv6 /64); false for IPv4.
func network(client netip.Prefix) (netip.Prefix, bool) {
	if !client.Addr().Is6() {
		return netip.Prefix{}, false
	}
	p, _ := client.Addr().Prefix(NetworkIPv6Bits)
	return p, true
}

// errClientWire and errWireBusy say why take refused.
var (
	errClientWire = errors.New("too many bytes of this client's requests in progress; retry later")
	errNetWire    = errors.New("too many bytes of this network's requests in progress; retry later")
	errWireBusy   = errors.New("the collector is busy; retry later")
)

// take reserves n bytes for client, waiting up to the budget's wait for the
// total; on success the caller gives them back with give.
func (b *wireBudget) take(ctx context.Context, client netip.Prefix, n int64) error {
	if !b.clients.take(client, n) {
		return errClientWire
	}
	nw, v6 := network(client)
	if v6 && !b.nets.take(nw, n) {
		b.clients.give(client, n)
		return errNetWire
	}
	if !b.total.acquire(ctx, n, b.wait) {
		b.clients.give(client, n)
		if v6 {
			b.nets.give(nw, n)
		}
		return errWireBusy
	}
	return nil
}

// give returns n bytes taken for client.
func (b *wireBudget) give(client netip.Prefix, n int64) {
	b.total.release(n)
	b.clients.give(client, n)
	if nw, v6 := network(client); v6 {
		b.nets.give(nw, n)
	}
}

// readWire reads an ingest body as sent, within MaxBodyBytes, reserving its
// memory from the wire budget a step ahead of each read. release gives the
// reservation back (call it when the body is no longer needed, also on
// failure); a non-zero status reports a problem, with Retry-After for 429
// and 503.
func (s *Server) readWire(w http.ResponseWriter, r *http.Request) (wire []byte, release func(), status int, msg string) {
	client := clientNet(s.clientAddr(r))
	var held int64
	release = func() {
		if held > 0 {
			s.ing.wire.give(client, held)
			held = 0
		}
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, release, http.StatusRequestEntityTooLarge, "body of " + strconv.FormatInt(r.ContentLength, 10) +
			" bytes is over the limit of " + strconv.Itoa(MaxBodyBytes)
	}
	// The buffer grows with what arrives, never from the Content-Length a
	// client states: a connection announcing MaxBodyBytes and sending
	// nothing holds one chunk, as the wire budget counts it.
	rc := http.NewResponseController(w)
	chunk := make([]byte, wireChunk)
	for step := int64(wireFirstStep); ; step = min(2*step, wireChunk) {
		if err := s.ing.wire.take(r.Context(), client, step); err != nil {
			if err == errClientWire || err == errNetWire {
				return nil, release, http.StatusTooManyRequests, err.Error()
			}
			return nil, release, http.StatusServiceUnavailable, err.Error()
		}
		held += step
		rc.SetReadDeadline(time.Now().Add(s.ing.lim.BodyStep))
		n, err := io.ReadFull(r.Body, chunk[:step])
		if len(wire)+n > MaxBodyBytes {
			return nil, release, http.StatusRequestEntityTooLarge, "body is over the limit of " + strconv.Itoa(MaxBodyBytes) + " bytes"
		}
		wire = append(wire, chunk[:n]...)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			// The step's deadline would outlast the body: the server's
			// read in the background, waiting for the next request while
			// the batch is masked, would meet it and cancel the request.
			// (Left on a refusal, it stops the server from waiting for
			// the rest of the body before it answers.)
			rc.SetReadDeadline(time.Time{})
			break
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			// 503, not 408: the recorder retries a busy answer, and a
			// stall is more often a network's hiccup than an attack.
			w.Header().Set("Connection", "close")
			return nil, release, http.StatusServiceUnavailable, "body arrived too slowly: " + strconv.FormatInt(step, 10) +
				" bytes not received within " + s.ing.lim.BodyStep.String() + " (after " + strconv.Itoa(len(wire)) + ")"
		}
		if err != nil {
			return nil, release, http.StatusBadRequest, "reading the body: " + err.Error()
		}
	}
	if len(wire) == 0 {
		return nil, release, http.StatusBadRequest, "empty body"
	}
	return wire, release, 0, ""
}
