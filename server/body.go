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

// inflate returns a body as JSON, metered against the token budget of its
// size as sent: gzip is inflated within MaxDecodedBytes, and no further
// than the budget allows; anything else must look like JSON.
func inflate(wire []byte) ([]byte, bodyCost, int, string) {
	if !bytes.HasPrefix(wire, gzipMagic) {
		if t := bytes.TrimLeft(wire, " \t\r\n"); len(t) == 0 || (t[0] != '[' && t[0] != '{') {
			return nil, bodyCost{}, http.StatusUnsupportedMediaType, "body is neither gzip nor JSON"
		}
		u, err := meter(wire, len(wire))
		if err != nil {
			return nil, u, http.StatusRequestEntityTooLarge, err.Error()
		}
		return wire, u, 0, ""
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		return nil, bodyCost{}, http.StatusBadRequest, "corrupt gzip: " + err.Error()
	}
	m := jsonx.NewMeter(tokenBudget(len(wire)))
	d := jsonx.DepthMeter{Limit: depthBudget(len(wire))}
	// The first allocation is sized from the gzip trailer (which may lie),
	// within inflateChunk of what the budget stops a hostile body at.
	buf := bytes.NewBuffer(make([]byte, 0, min(gzipSize(wire), initialInflate)+inflateChunk))
	chunk := make([]byte, inflateChunk)
	for {
		n, rerr := zr.Read(chunk)
		if buf.Len()+n > MaxDecodedBytes {
			return nil, bodyCost{Usage: m.Usage()}, http.StatusRequestEntityTooLarge, "body inflates to over the limit of " + strconv.Itoa(MaxDecodedBytes) + " bytes"
		}
		if _, err := m.Write(chunk[:n]); err != nil {
			return nil, bodyCost{Usage: m.Usage()}, http.StatusRequestEntityTooLarge, budgetError(err, len(wire)).Error()
		}
		if _, err := d.Write(chunk[:n]); err != nil {
			return nil, bodyCost{Usage: m.Usage(), DepthSum: d.Sum()}, http.StatusRequestEntityTooLarge, budgetError(err, len(wire)).Error()
		}
		buf.Write(chunk[:n])
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, bodyCost{Usage: m.Usage()}, http.StatusBadRequest, "corrupt or truncated gzip: " + rerr.Error()
		}
	}
	return buf.Bytes(), bodyCost{Usage: m.Usage(), DepthSum: d.Sum()}, 0, ""
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
