package server

import "time"

// Limits of the ingest endpoint, stated once here and tested at the limit
// and one over. Options may lower the time-based ones for tests.
const (
	// MaxBodyBytes bounds a request body as sent (gzip or JSON): 413 above.
	MaxBodyBytes = 1 << 20
	// MaxDecodedBytes bounds a body after gunzip, against gzip bombs: 413 above.
	MaxDecodedBytes = 16 << 20
	// MaxSeq is the highest sequence number (2^31-1).
	MaxSeq = 1<<31 - 1
	// MaxAhead bounds how far a batch may run ahead of the next expected seq
	// of its session, which also bounds the batches waiting for a gap: 429.
	MaxAhead = 64
	// MaxLiveSessions bounds the sessions masked at ingest held in memory;
	// the least recently used one is let go (it is rebuilt from the store
	// at its next batch).
	MaxLiveSessions = 1024
	// MaxLiveBytes bounds the estimated memory of the masking state of the
	// sessions held (16 bytes a byte of masked JSON since each one's last
	// full snapshot: a 5,000-node page holds about 12 MiB): beyond it the
	// least recently used are let go of too.
	MaxLiveBytes = 64 << 20
	// LiveIdle lets go of a live session not heard from for this long.
	LiveIdle = 10 * time.Minute
	// GapTimeout is how long a batch waits for an earlier seq before the gap
	// is recorded and the session resynchronised.
	GapTimeout = 30 * time.Second
	// RetentionSweep is how often expired sessions are deleted.
	RetentionSweep = time.Hour
	// MaxAPIBody bounds API request bodies (settings, imports, tokens).
	MaxAPIBody = 4 << 20
	// MaxTokenNote bounds a token's note (bytes): it is stored, listed with
	// every token and copied into the audit log.
	MaxTokenNote = 200
)

// Limits on the work ingest may do at once, so that no body, however
// crafted, and no flood of bodies can take the collector's memory: a JSON
// tree costs a few hundred bytes per token whatever the token's size, so a
// 16 KiB gzip body of "[0,0,0,…]" would otherwise cost gigabytes.
const (
	// MaxIngestWork bounds the ingest requests reading, inflating, parsing
	// and masking at once.
	MaxIngestWork = 4
	// MaxIngestQueue bounds the requests waiting for one of those slots;
	// beyond it a request is answered 503 with Retry-After at once.
	MaxIngestQueue = 256
	// IngestWait is how long a request waits for a slot, or for decoding
	// memory, before it is answered 503 with Retry-After.
	IngestWait = 2 * time.Second
	// IngestMemory bounds the estimated memory of the batches being decoded
	// into events and masked at once.
	IngestMemory = 128 << 20
	// TokenCost, StringByteCost and DepthCost are held by a test to
	// capture.IngestCost, which capture.DecodeMemory applies for ingest and
	// for the recorder cutting snapshots into parts.
	// TokenCost is the estimated memory, in bytes, that decoding one JSON
	// token into events costs (measured: about 235 for real batches, 430
	// for a flat array of zeros, counting garbage).
	TokenCost = 256
	// StringByteCost is the estimated memory, in bytes, that one byte of the
	// batch's strings costs: decoded, re-encoded for the masker, masked and
	// encoded again (measured: 8, counting garbage).
	StringByteCost = 8
	// DepthCost is the estimated memory, in bytes, of one unit of a batch's
	// depth sum (each token's nesting depth, summed): decoding builds a path
	// per value as long as its depth (measured: 3-4, counting garbage).
	DepthCost = 4
	// BaseDepthSum and DepthSumPerByte bound the depth sum of a batch (each
	// value's nesting depth, summed; decoding costs work and memory in it)
	// by its size as sent: BaseDepthSum + DepthSumPerByte × bytes. A page of
	// 25,000 nodes sums about 10 M; 413 above.
	BaseDepthSum    = 8 << 20
	DepthSumPerByte = 1024
	// MaxBatchTokens bounds the JSON tokens (scalars, keys, array and object
	// openings) of one batch, so that the largest batch, inflated to
	// MaxDecodedBytes, fits IngestMemory alone: 458,752. 413 above.
	MaxBatchTokens = (IngestMemory - MaxDecodedBytes) / TokenCost
	// BaseTokens and TokensPerByte bound the tokens of a body by its size as
	// sent: BaseTokens + TokensPerByte × bytes (then MaxBatchTokens). Real
	// gzip batches hold about 3 tokens per byte sent; a gzip of
	// "[0,0,0,…]" holds about 500. 413 above.
	BaseTokens    = 64 << 10
	TokensPerByte = 32
	// MaxBatchDepth bounds the nesting of a batch's JSON (rrweb nests two
	// levels per DOM level; capture.MaxDepth is 1024 DOM levels). 413 above.
	MaxBatchDepth = 2200
	// RetryAfter is the Retry-After, in seconds, of a 503 or 429 from ingest.
	RetryAfter = 1
)

// MemoryLimit is the Go runtime's soft memory limit `veil serve` sets when
// GOMEMLIMIT is not set: the bounds above (decoding memory, sessions held,
// bodies arriving) hold the live heap under it, and the garbage collector
// then works harder instead of letting garbage double the heap, so the
// process stays within 256 MiB under hostile load.
const MemoryLimit = 200 << 20

// Limits on new sessions and on what waits, so that a flood of sessions or
// of batches that run ahead cannot fill the disk.
const (
	// NewSessionsPerClient and NewSessionsPerClientBurst: a client (one
	// address) may start this many new sessions a second, after a burst;
	// 429 with Retry-After above. A browser starts one per tab.
	NewSessionsPerClient      = 20
	NewSessionsPerClientBurst = 200
	// NewSessionsPerApp and NewSessionsPerAppBurst: the same for all the
	// clients of one application together.
	NewSessionsPerApp      = 2000
	NewSessionsPerAppBurst = 20000
	// NewSessionsPerNetwork and NewSessionsPerNetworkBurst: the same for all
	// the clients of one IPv6 /48 (NetworkIPv6Bits) together. A single
	// subscriber is often routed a /56 or a /48, 256 or 65,536 /64
	// "clients": without it, one home line took an application's whole
	// limit (256 × 20/s is over 2,000/s), and every new visitor's recording
	// was refused while it lasted. A tenth of the application's limit.
	NewSessionsPerNetwork      = NewSessionsPerApp / 10
	NewSessionsPerNetworkBurst = NewSessionsPerAppBurst / 10
	// ClientKeyLifetime is how long a client's address hashes to the same
	// bucket key (and keeps its count): the key is derived from the keyring
	// and the period, so collectors sharing a keyring agree. The buckets live
	// in the store (SQLite: in memory, at most 200,000, beyond which the
	// full ones are let go of and, while still full, new keys share one per
	// namespace; PostgreSQL: a table the hourly sweep prunes).
	ClientKeyLifetime = time.Hour
	// MaxPendingSessionBytes bounds the bytes (compressed, as sent) of one
	// session's batches waiting for an earlier seq: 429 above.
	MaxPendingSessionBytes = 8 << 20
	// MaxPendingBytes bounds those bytes for all sessions together: 503
	// above.
	MaxPendingBytes = 256 << 20
	// MaxPendingAppBytes bounds them for the sessions of one application:
	// 503 above. A recorder key is public, and one filled the whole of
	// MaxPendingBytes with 32 sessions of 8 MiB waiting for a seq it never
	// sent: every other application's batches arriving out of order (as
	// they do, sent concurrently) were answered 503 until the gaps timed
	// out, 30 s, again and again.
	MaxPendingAppBytes = MaxPendingBytes / 4
	// MaxAppBytes is the default storage quota of an application
	// (`veil serve --app-quota`): what its sessions hold in the store,
	// counted as store.AppBytes says (sealed batches stored and waiting,
	// page URLs, 1 KiB a session row and 128 B a batch row). A batch that
	// would take it over is answered 413 without SessionFullHeader (a new
	// session would be refused too; the recorder gives up), and so is
	// every batch of an application at its quota, before its body is read.
	// Deleting sessions and retention give bytes back.
	MaxAppBytes = 8 << 30
)

// Limits on viewer login attempts, per client only. A budget for all
// clients together (there was one: burst 100, then 5 a second) is one that
// outsiders on a few addresses spend with made-up tokens, after which every
// viewer's valid login is refused: a lockout anyone can cause. It bought
// nothing: a token is 32 random bytes, and failed logins reach the audit log
// within a budget of their own (AnonymousRefusals).
const (
	// LoginsPerClient and LoginsPerClientBurst: login attempts a client
	// (keyed hash of its address, as for new sessions) may make, per second
	// after a burst. 429 above, not audited.
	LoginsPerClient      = 0.2
	LoginsPerClientBurst = 10
)
