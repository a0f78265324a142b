// Package store is the collector's storage: sessions, their batches,
// per-application settings, access tokens and the audit log, behind the Store
// interface so that a server database or object storage can serve larger
// installations later. Open gives the embedded default, SQLite.
//
// The store never sees clear event data: batch data is sealed by the caller
// (package keys) before it arrives here. Every method that writes more than
// one row does so in one transaction, so a failure leaves nothing half done.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrConflict is returned when a write would overwrite something it must not:
// a session id that belongs to another application, a token id in use.
var ErrConflict = errors.New("store: conflict")

// BatchState says what became of a batch.
type BatchState int

// The batch states.
const (
	Pending BatchState = iota // accepted, waiting for an earlier seq
	Stored                    // masked again and stored
	Dropped                   // accepted but not kept (gap or inconsistency: fail closed)
)

// Batch is one (session, seq) of a recording. Data is sealed; for Pending it
// holds the events as received, for Stored the events masked again, for
// Dropped nothing.
type Batch struct {
	App, Session string
	Seq          int
	State        BatchState
	Data         []byte
	Events       int
	Received     time.Time
}

// Session is the metadata of one recorded session.
type Session struct {
	App, ID             string
	FirstSeen, LastSeen time.Time
	Pages               []string // page URLs (scrubbed), in first-seen order
	Errors              int      // error events the page reported
	RulesVersion        string   // from the page's Meta
	Consent             string
	ConsentSource       string
	Batches             int   // batches stored
	Pending             int   // batches waiting for an earlier one
	Dropped             int   // batches accepted but dropped (fail closed)
	Gaps                int   // seq ranges that never arrived
	Remasked            int   // strings that masking at ingest changed: nonzero means a faulty page script
	Bytes               int64 // sealed bytes stored
}

// Delta is what processing one batch adds to its session row.
type Delta struct {
	Seen          time.Time
	Pages         []string
	Errors        int
	RulesVersion  string // set when not empty
	Consent       string
	ConsentSource string
	Gaps          int
	Remasked      int
}

// SessionFilter selects sessions; zero fields do not filter. Apps, when not
// nil, restricts to those applications (a token's scope).
type SessionFilter struct {
	App      string
	Apps     []string
	From, To time.Time // last seen within [From, To]
	Limit    int
}

// Token is a stored access token: never the secret, only its hash.
type Token struct {
	ID      string
	Hash    string
	Role    string
	Apps    []string
	Note    string
	Created time.Time
	Revoked time.Time // zero while valid
}

// AuditEntry is one line of the append-only audit log. Detail is a JSON
// object (before/after, masked or unmasked, counts).
type AuditEntry struct {
	ID     int64
	Time   time.Time
	Actor  string // token id, "cli", "visitor", "retention"
	Action string // e.g. "settings.put", "session.view", "session.delete", "token.create"
	App    string
	Target string // session or token id
	Detail string
}

// AuditFilter selects audit entries; zero fields do not filter.
type AuditFilter struct {
	App      string
	Apps     []string // scope; entries without an application need "*"
	From, To time.Time
	Limit    int
}

// Store is the storage interface. Implementations are safe for concurrent
// use. Times are stored with millisecond precision.
type Store interface {
	// AddBatch records a batch and its session delta in one transaction. A
	// Pending batch is inserted only if (session, seq) is new; added reports
	// whether it was. A Stored or Dropped batch replaces a Pending one of the
	// same seq. ErrConflict: the session id belongs to another application.
	AddBatch(ctx context.Context, b Batch, d Delta) (added bool, err error)
	// BatchExists reports whether (session, seq) is known in any state.
	BatchExists(ctx context.Context, session string, seq int) (bool, error)
	// NextSeq returns one past the highest seq that is Stored or Dropped.
	NextSeq(ctx context.Context, session string) (int, error)
	// PendingBatches returns the Pending batches of a session by seq.
	PendingBatches(ctx context.Context, session string) ([]Batch, error)
	// WithPending lists the sessions that have Pending batches.
	WithPending(ctx context.Context) ([]string, error)
	// StoredBatches returns the Stored batches of a session by seq.
	StoredBatches(ctx context.Context, session string) ([]Batch, error)

	Session(ctx context.Context, id string) (Session, bool, error)
	Sessions(ctx context.Context, f SessionFilter) ([]Session, error)
	// DeleteSession removes a session, its batches and appends audit, in
	// one transaction; found is false (and nothing is audited) when absent.
	DeleteSession(ctx context.Context, id string, audit AuditEntry) (found bool, err error)
	// DeleteIdle removes every session of app last seen before cutoff and
	// returns how many went.
	DeleteIdle(ctx context.Context, app string, cutoff time.Time) (int, error)
	// SessionApps lists the applications that have sessions.
	SessionApps(ctx context.Context) ([]string, error)

	Settings(ctx context.Context, app string) ([]byte, bool, error)
	// AllSettings returns every application's settings by name.
	AllSettings(ctx context.Context) (map[string][]byte, error)
	// PutSettings stores the settings of each application in puts and the
	// audit entries, in one transaction.
	PutSettings(ctx context.Context, puts map[string][]byte, audit []AuditEntry) error

	AddToken(ctx context.Context, t Token, audit AuditEntry) error
	TokenByHash(ctx context.Context, hash string) (Token, bool, error)
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken marks a token revoked and appends audit; found is false
	// when there is no such valid token.
	RevokeToken(ctx context.Context, id string, at time.Time, audit AuditEntry) (found bool, err error)

	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	Close() error
}
