package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"sync"
)

// Stored batches are compressed before they are sealed. Kept as masked
// JSON, what a session stored followed what it inflated to, not what was
// sent: a text of 2 MiB of one letter is 2 KiB of gzip, and an
// application's quota filled a thousand times faster than its recorders
// sent. BestSpeed: at most about 1.3 times what a browser's gzip makes of
// the same bytes, for half the time of the default level, on the ingest
// path every batch takes.

// gzipWriters keeps compressors: each holds about 1 MiB of tables.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // a valid level: no error
	return zw
}}

// packStored compresses the events of a batch to be stored.
func packStored(events []byte) []byte {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(events) // writes to a bytes.Buffer cannot fail
	zw.Close()
	gzipWriters.Put(zw)
	return buf.Bytes()
}

// StoredEvents returns the events of an opened stored batch: inflated when
// packStored compressed them, as they are when stored before batches were
// compressed (rrweb JSON starts with '[', never with gzip's magic). A batch
// that inflates over limit bytes is an error: the caller reserved memory
// for limit (its session's PlainBytes, which MaxSessionBytes bounds).
func StoredEvents(plain []byte, limit int64) ([]byte, error) {
	if !bytes.HasPrefix(plain, gzipMagic) {
		if int64(len(plain)) > limit {
			return nil, fmt.Errorf("a stored batch holds %d bytes, over the %d expected", len(plain), limit)
		}
		return plain, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(plain))
	if err != nil {
		return nil, fmt.Errorf("a stored batch does not inflate: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("a stored batch does not inflate: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("a stored batch inflates over the %d bytes expected", limit)
	}
	return out, nil
}
