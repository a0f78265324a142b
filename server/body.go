package server

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"net/http"
	"strconv"

	"github.com/veil-replay/veil/internal/jsonx"
)

var gzipMagic = []byte{0x1f, 0x8b}

// readBody reads a request body within MaxBodyBytes and, when it is gzip,
// inflates it within MaxDecodedBytes and the token budget of its size. It
// returns the body as sent and as JSON, and what decoding it will cost; a
// non-zero status reports a problem.
func readBody(r *http.Request) (wire, body []byte, u jsonx.Usage, status int, msg string) {
	if r.ContentLength > MaxBodyBytes {
		return nil, nil, u, http.StatusRequestEntityTooLarge, "body of " + strconv.FormatInt(r.ContentLength, 10) +
			" bytes is over the limit of " + strconv.Itoa(MaxBodyBytes)
	}
	wire, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, nil, u, http.StatusBadRequest, "reading the body: " + err.Error()
	}
	if len(wire) > MaxBodyBytes {
		return nil, nil, u, http.StatusRequestEntityTooLarge, "body is over the limit of " + strconv.Itoa(MaxBodyBytes) + " bytes"
	}
	if len(wire) == 0 {
		return nil, nil, u, http.StatusBadRequest, "empty body"
	}
	body, u, status, msg = inflate(wire)
	return wire, body, u, status, msg
}

// inflate returns a body as JSON, metered against the token budget of its
// size as sent: gzip is inflated within MaxDecodedBytes, and no further
// than the budget allows; anything else must look like JSON.
func inflate(wire []byte) ([]byte, jsonx.Usage, int, string) {
	if !bytes.HasPrefix(wire, gzipMagic) {
		if t := bytes.TrimLeft(wire, " \t\r\n"); len(t) == 0 || (t[0] != '[' && t[0] != '{') {
			return nil, jsonx.Usage{}, http.StatusUnsupportedMediaType, "body is neither gzip nor JSON"
		}
		u, err := meter(wire, len(wire))
		if err != nil {
			return nil, u, http.StatusRequestEntityTooLarge, err.Error()
		}
		return wire, u, 0, ""
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		return nil, jsonx.Usage{}, http.StatusBadRequest, "corrupt gzip: " + err.Error()
	}
	m := jsonx.NewMeter(tokenBudget(len(wire)))
	// The first allocation is sized from the gzip trailer (which may lie),
	// within inflateChunk of what the budget stops a hostile body at.
	buf := bytes.NewBuffer(make([]byte, 0, min(gzipSize(wire), initialInflate)+inflateChunk))
	chunk := make([]byte, inflateChunk)
	for {
		n, rerr := zr.Read(chunk)
		if buf.Len()+n > MaxDecodedBytes {
			return nil, m.Usage(), http.StatusRequestEntityTooLarge, "body inflates to over the limit of " + strconv.Itoa(MaxDecodedBytes) + " bytes"
		}
		if _, err := m.Write(chunk[:n]); err != nil {
			return nil, m.Usage(), http.StatusRequestEntityTooLarge, budgetError(err, len(wire)).Error()
		}
		buf.Write(chunk[:n])
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, m.Usage(), http.StatusBadRequest, "corrupt or truncated gzip: " + rerr.Error()
		}
	}
	return buf.Bytes(), m.Usage(), 0, ""
}

// How inflate reads: in chunks, into a buffer first sized from the gzip
// trailer up to initialInflate.
const (
	inflateChunk   = 32 << 10
	initialInflate = 1 << 20
)

// gzipSize is the inflated size a gzip stream's trailer states.
func gzipSize(wire []byte) int {
	if len(wire) < 18 {
		return 0
	}
	return int(binary.LittleEndian.Uint32(wire[len(wire)-4:]))
}
