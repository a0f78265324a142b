// Package store is the collector's storage: sessions, their batches,
// per-application settings, access tokens and the audit log, behind the Store
// interface so that a server database or object storage can serve larger
// installations. Open gives the embedded default, SQLite; OpenPostgres a
// PostgreSQL database that several collectors share; OpenDSN picks by name.
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

// ErrCapability is returned by AddBatch when the session exists and the
// delta's SecretHash is not the one bound to it.
var ErrCapability = errors.New("store: not this session's secret")

// ErrGone is returned by AddBatch for a session that is not there (deleted
// or expired meanwhile) when the delta names a secret but no data key: it
// comes from a session that was bound, not from a new one.
var ErrGone = errors.New("store: session gone")

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
	// Plain is, for a Stored batch, the bytes of its events as a replay
	// decodes them: Data holds them compressed (0: Data's length, a batch
	// stored uncompressed).
	Plain int64
}

// plainBytes is what a Stored batch adds to its session's PlainBytes.
func (b Batch) plainBytes() int64 {
	if b.State != Stored {
		return 0
	}
	if b.Plain > 0 {
		return b.Plain
	}
	return int64(len(b.Data))
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
	Bytes               int64 // sealed bytes stored (compressed): what the quota counts
	// PlainBytes is what the stored batches' events take decompressed: what
	// a replay decodes, which MaxSessionBytes bounds.
	PlainBytes int64
	Insights
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
	// Insights merge as insightSet says: counts add up, times widen, the
	// viewport is the last one, the device is set once.
	Insights
	// SecretHash is the hash of the recording browser's session secret: it
	// is bound to a new session and must match an existing one's.
	SecretHash []byte
	// DataKey is the new session's data key, wrapped by the keyring; it is
	// ignored when the session exists.
	DataKey []byte
	// Quota bounds the stored bytes of the session's application (see
	// AppBytes; 0: no bound): a batch that would take them over it is
	// refused with a *QuotaError (ErrQuota) and nothing is written. A batch
	// that adds no bytes (a dropped batch replacing a waiting one) is never
	// refused.
	Quota int64
}

// Access is what guards a session's data: the hash of the secret that
// appends to it or deletes it, and its data key, wrapped by the keyring.
type Access struct {
	App        string
	SecretHash []byte
	DataKey    []byte
	FirstSeen  time.Time
}

// SessionFilter selects sessions; zero fields do not filter. Apps, when not
// nil, restricts to those applications (a token's scope).
type SessionFilter struct {
	App      string
	Apps     []string
	From, To time.Time // last seen within [From, To]
	Insights InsightFilter
	Limit    int
	// After continues a listing: only sessions that come after this one in
	// the listing's order (last seen, newest first, then id) are returned.
	After *SessionCursor
}

// SessionCursor is the position of a session in the session listing.
type SessionCursor struct {
	LastSeen time.Time
	ID       string
}

// Login is a viewer login that survives a restart. Handle is the hash of
// the random value in the cookie, never the value, so a copy of the database
// cannot be used to log in; TokenHash is the hash of the token it stands for,
// checked again on every request.
type Login struct {
	Handle    string
	TokenHash string
	CSRF      string
	Expires   time.Time
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
	AfterID  int64 // continues a listing: only entries with a larger id
}

// TokenTake is one token bucket TakeTokens charges.
type TokenTake struct {
	Key   string  // e.g. "app:shop" or "client:" + a keyed hash; at most MaxTokenKey bytes
	Rate  float64 // tokens a second
	Burst float64 // tokens at most, at least 1
}

// MaxTokenKey bounds a token bucket's key.
const MaxTokenKey = 128

// Store is the storage interface. Implementations are safe for concurrent
// use. Times are stored with millisecond precision.
type Store interface {
	// AddBatch records a batch and its session delta in one transaction. A
	// Pending batch is inserted only if (session, seq) is new; added reports
	// whether it was. A Stored or Dropped batch replaces a Pending one of the
	// same seq. ErrConflict: the session id belongs to another application.
	// ErrQuota: the batch would take its application over d.Quota.
	AddBatch(ctx context.Context, b Batch, d Delta) (added bool, err error)
	// AppBytes returns the stored bytes of an application's sessions, as
	// Delta.Quota bounds them (quota.go).
	AppBytes(ctx context.Context, app string) (int64, error)
	// BatchExists reports whether (session, seq) is known in any state.
	BatchExists(ctx context.Context, session string, seq int) (bool, error)
	// NextSeq returns one past the highest seq that is Stored or Dropped.
	NextSeq(ctx context.Context, session string) (int, error)
	// PendingBatches returns the Pending batches of a session by seq.
	PendingBatches(ctx context.Context, session string) ([]Batch, error)
	// PendingBefore lists, by id, the sessions that have a Pending batch
	// received before before: the ones whose gap may have timed out. Read
	// from an index of the waiting batches by time, so a round of the gap
	// sweep costs what timed out, not what waits.
	PendingBefore(ctx context.Context, before time.Time) ([]string, error)
	// StoredBatches returns the Stored batches of a session by seq.
	StoredBatches(ctx context.Context, session string) ([]Batch, error)
	// SessionAccess returns a session's secret hash and wrapped data key.
	SessionAccess(ctx context.Context, id string) (Access, bool, error)
	// PendingBytes returns the bytes of the Pending batches of session, of
	// every session of app, and of every session.
	PendingBytes(ctx context.Context, app, session string) (mine, ofApp, total int64, err error)

	Session(ctx context.Context, id string) (Session, bool, error)
	Sessions(ctx context.Context, f SessionFilter) ([]Session, error)
	// DeleteSession removes a session, its batches and its data key, and
	// appends audit (unless its Action is empty: the caller audits it with
	// others), in one transaction; found is false (and nothing is audited)
	// when absent. SQLite overwrites the freed space and
	// checkpoints the WAL before it returns, so no copy of the rows stays in
	// the files; PostgreSQL cannot (MVCC keeps old row versions), so there
	// the destroyed data key is what leaves the old copies unreadable.
	DeleteSession(ctx context.Context, id string, audit AuditEntry) (found bool, err error)
	// DeleteIdle removes every session of app that started before cutoff
	// (retention counts from a session's start, which no later batch can
	// push forward), as DeleteSession does, and returns how many went
	// (SQLite in transactions of DeleteChunk sessions).
	DeleteIdle(ctx context.Context, app string, cutoff time.Time) (int, error)
	// DeleteApp removes an application: every session of it as DeleteSession
	// does (their batches and data keys), its settings and its stored-bytes
	// count, and appends the audit entry audit(sessions deleted) returns
	// (PostgreSQL in one transaction; SQLite its sessions in transactions of
	// DeleteChunk, then the rest in one).
	DeleteApp(ctx context.Context, app string, audit func(sessions int) AuditEntry) (sessions int, err error)
	// SessionApps lists the applications that have sessions.
	SessionApps(ctx context.Context) ([]string, error)

	Settings(ctx context.Context, app string) ([]byte, bool, error)
	// AllSettings returns every application's settings by name.
	AllSettings(ctx context.Context) (map[string][]byte, error)
	// PutSettings stores the settings of each application in puts and the
	// audit entries, in one transaction.
	PutSettings(ctx context.Context, puts map[string][]byte, audit []AuditEntry) error
	// SettingsVersion counts the changes of settings: PutSettings and
	// DeleteApp each add one in their transaction (settings_version.go).
	SettingsVersion(ctx context.Context) (int64, error)

	AddToken(ctx context.Context, t Token, audit AuditEntry) error
	TokenByHash(ctx context.Context, hash string) (Token, bool, error)
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken marks a token revoked and appends audit; found is false
	// when there is no such valid token.
	RevokeToken(ctx context.Context, id string, at time.Time, audit AuditEntry) (found bool, err error)

	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	// SessionCounts counts the sessions of each application in apps (nil:
	// all; "*" in it: all), in the database: nothing is loaded per session.
	SessionCounts(ctx context.Context, apps []string) (map[string]int, error)

	// AddLogin stores a viewer login and forgets the ones expired at now.
	AddLogin(ctx context.Context, l Login, now time.Time) error
	// Login finds an unexpired login by its handle (the hash of the cookie).
	Login(ctx context.Context, handle string, now time.Time) (Login, bool, error)
	// DeleteLogin removes a login; an absent one is no error.
	DeleteLogin(ctx context.Context, handle string) error

	// AddTombstone remembers a deleted session, by the hash of its id, until
	// until, and forgets the tombstones that ended at now.
	AddTombstone(ctx context.Context, idHash string, until, now time.Time) error
	// Tombstoned reports whether a session id hash has a live tombstone.
	Tombstoned(ctx context.Context, idHash string, now time.Time) (bool, error)

	// TakeTokens takes one token from each bucket of takes, or from none
	// (ok false: a bucket had less than one), refilling each at its Rate
	// since it was last charged, up to Burst. Collectors sharing the store
	// share the buckets. Keys must not hold an address or other personal
	// data: callers pass keyed hashes.
	TakeTokens(ctx context.Context, takes []TokenTake, now time.Time) (ok bool, err error)
	// ForgetTokens removes the buckets last charged before before.
	ForgetTokens(ctx context.Context, before time.Time) error

	// LockSession serialises ingest work on one session across every
	// collector that shares this store: until unlock is called no other
	// LockSession of the same id returns, in this process or another. It
	// waits while ctx allows; unlock is safe to call once.
	LockSession(ctx context.Context, id string) (unlock func(), err error)

	Close() error
}
