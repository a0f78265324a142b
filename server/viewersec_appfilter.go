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
	quoted := app
	if len(quoted) > 64 {
		quoted = quoted[:64] + "…"
	}
	return "app " + strconv.Quote(quoted) + ": not an application name (1-64 characters of a-z 0-9 - _)"
}
