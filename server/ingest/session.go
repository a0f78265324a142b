package ingest

import (
	"container/list"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// AssociatedData binds a sealed blob to its session, seq and state, so that
// no blob can be moved to another place of the store and still open.
func AssociatedData(session string, seq int, state store.BatchState) []byte {
	return []byte(session + "\x00" + strconv.Itoa(seq) + "\x00" + strconv.Itoa(int(state)))
}

// session is what this collector holds of one recording session. Its mutex
// orders the session's batches in this process (the store's LockSession
// orders them across collectors); whoever holds it never takes liveSet.mu.
// Everything below mu is valid only while it matches the store (see sync).
type session struct {
	mu      sync.Mutex
	id, app string
	gone    bool // let go of: holders must fetch again
	last    time.Time
	elem    *list.Element
	// client is the network of the batch that brought the session into the
	// live set, gelem its place in that network's list (guarded by the
	// liveSet's mutex).
	client string
	gelem  *list.Element
	// weight is the estimated memory of the masking state (liveSet.weigh);
	// guarded by the liveSet's mutex, not mu.
	weight int64

	loaded bool
	set    *rules.Set // the rules rm masks with
	rm     *Remasker  // nil until needed: rebuilt from the store on demand
	next   int        // the seq masked next
	npend  int        // batches waiting for an earlier seq
	stored int64      // decompressed bytes of the session's stored batches (Session.PlainBytes)
	full   bool       // commit dropped a batch at Limits.SessionBytes: place answers TooLarge
	// overQuota: commit dropped the batch at Limits.AppBytes (place answers
	// OverQuota with it)
	overQuota error
	waiting   time.Time // when the oldest waiting batch arrived
	started   time.Time // when the session started: retention counts from here
	exists    bool      // the session has a row: its secret is bound
	secret    []byte    // hash of the session's secret (bound, or claimed by the batch in progress)
	dk        *keys.DataKey
	wrapped   []byte // dk wrapped by the keyring, until the session's row holds it
	facts     sessionInsights
	// device is the coarse device of the batch in progress (its request's
	// User-Agent, classified): the store keeps the first one.
	device insights.Device
}

// seal encrypts a blob of the session under its data key (the keyring's
// key for a session stored before data keys).
func (s *session) seal(ring *keys.Keyring, plain, ad []byte) []byte {
	if s.dk == nil {
		return ring.Seal(plain, ad)
	}
	return s.dk.Seal(plain, ad)
}

// open decrypts a blob of the session sealed by seal.
func (s *session) open(ring *keys.Keyring, blob, ad []byte) ([]byte, error) {
	if keys.IsDataKeyBlob(blob) {
		if s.dk == nil {
			return nil, errors.New("a data-key blob in a session without a data key")
		}
		return s.dk.Open(blob, ad)
	}
	return ring.Open(blob, ad)
}
