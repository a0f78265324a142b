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
	// the least recently used one is let go (it resynchronises at its next
	// full snapshot).
	MaxLiveSessions = 1024
	// LiveIdle lets go of a live session not heard from for this long.
	LiveIdle = 10 * time.Minute
	// GapTimeout is how long a batch waits for an earlier seq before the gap
	// is recorded and the session resynchronised.
	GapTimeout = 30 * time.Second
	// RetentionSweep is how often expired sessions are deleted.
	RetentionSweep = time.Hour
	// MaxAPIBody bounds API request bodies (settings, imports, tokens).
	MaxAPIBody = 4 << 20
)
