package server

import (
	"strconv"

	"github.com/veil-replay/veil/server/auth"
)

// badAppFilter reports whether app, an application named by a request's
// query, cannot be an application name. Such a name is answered 400 before
// any scope check, so that a refusal's audit entry never stores what a
// caller chose to write into the query (up to the size of a URL).
func badAppFilter(app string) bool { return app != "" && !auth.ValidApp(app) }

// appFilterError says why app is refused, quoting at most its first 64 bytes.
func appFilterError(app string) string {
	return "app " + quoteStart(app) + ": not an application name (1-64 characters of a-z 0-9 - _)"
}

// sessionIDError says why a session id a path names is refused before the
// store is asked: no stored session can have it (ingest takes no other), and
// PostgreSQL refuses NUL and invalid UTF-8 in text, which was answered 500
// with a database error logged for each request.
func sessionIDError(id string) string {
	return "session id " + quoteStart(id) + ": not a session id (16-64 characters of A-Z a-z 0-9 _ -)"
}

// quoteStart quotes at most the first 64 bytes of s, marking a cut.
func quoteStart(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "…"
	}
	return strconv.Quote(s)
}
