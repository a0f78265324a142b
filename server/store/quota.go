package store

import (
	"errors"
	"fmt"
	"strconv"
)

// An application's stored bytes (AppBytes) are what its sessions hold in the
// database: the sealed bytes of their batches, stored and waiting, the page
// URLs kept with each, and a fixed charge for each session row and each
// batch row (a dropped batch has no data but a row). AddBatch keeps the sum
// in the same transaction as the rows it charges, and refuses, with a
// *QuotaError, a batch that would take it over Delta.Quota; deleting a
// session, retention and DeleteApp give the bytes back.
const (
	// SessionRowBytes is charged for each session row (its metadata,
	// secret, wrapped data key and index entries).
	SessionRowBytes = 1024
	// BatchRowBytes is charged for each batch row, on top of its data.
	BatchRowBytes = 128
)

// ErrQuota is returned (as a *QuotaError) by AddBatch when the batch would
// take its application's stored bytes over Delta.Quota.
var ErrQuota = errors.New("store: over the application's storage quota")

// QuotaError says by how much a batch would go over its application's
// storage quota. It matches ErrQuota.
type QuotaError struct {
	App              string
	Used, Add, Quota int64
}

func (e *QuotaError) Error() string {
	return "application " + strconv.Quote(e.App) + " stores " + strconv.FormatInt(e.Used, 10) + " bytes of its quota of " +
		strconv.FormatInt(e.Quota, 10) + "; this batch would add " + strconv.FormatInt(e.Add, 10)
}

// Is makes errors.Is(err, ErrQuota) true.
func (e *QuotaError) Is(target error) bool { return target == ErrQuota }

// usageOf is the SQL expression of the bytes a session row charges its
// application; pageBytes is the backend's byte length of its page list.
func usageOf(pageBytes string) string {
	return fmt.Sprintf("(bytes + pending_bytes + %s + %d + %d * (batches + pending + dropped))", pageBytes, SessionRowBytes, BatchRowBytes)
}

var (
	sqliteUsage = usageOf("length(CAST(pages AS BLOB))")
	pgUsage     = usageOf("octet_length(pages)")
)

// usage is what a write adds to an application's row of app_usage: its
// stored bytes, its count of sessions and the bytes of its batches waiting
// for an earlier seq (PendingBytes sums those of every application, so
// that no batch reads every session with a waiting batch).
type usage struct {
	Bytes, Sessions, Pending int64
}

func (u usage) zero() bool { return u == usage{} }

// chargeOf is what one AddBatch adds to its application's stored bytes:
// the new session's row, the new batch row, the batch's data (waiting and
// stored batches; a dropped one keeps none), less the data of the waiting
// batch it replaces, and the growth of the session's page list.
func chargeOf(newSession, replaces bool, b Batch, oldLen int, oldPages, newPages string) int64 {
	var n int64
	if newSession {
		n += SessionRowBytes
	}
	if replaces {
		n -= int64(oldLen)
	} else {
		n += BatchRowBytes
	}
	if b.State == Pending || b.State == Stored {
		n += int64(len(b.Data))
	}
	return n + int64(len(newPages)-len(oldPages))
}
