package store

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// OpenDSN opens the store that dsn names: a postgres:// or postgresql://
// URL is a PostgreSQL database (OpenPostgres), anything else the path of an
// SQLite file (Open). Errors never show the URL's password.
func OpenDSN(dsn string) (Store, error) {
	if IsPostgresURL(dsn) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return OpenPostgres(ctx, dsn)
	}
	return Open(dsn)
}

// IsPostgresURL reports whether dsn names a PostgreSQL database.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// RedactDSN returns dsn for a log line or a message: a PostgreSQL URL with
// its password replaced, an SQLite path as it is.
func RedactDSN(dsn string) string {
	if IsPostgresURL(dsn) {
		return redactURL(dsn)
	}
	return dsn
}

// redactURL returns the URL for a message: its password, in the user part or
// in the query, replaced. One that does not parse is not quoted at all.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// redactErr returns err's text with every copy of dsn's password replaced,
// whatever the driver chose to quote.
func redactErr(err error, dsn string) string {
	msg := err.Error()
	for _, pw := range passwords(dsn) {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	return msg
}

func passwords(dsn string) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Unparsable: the text between "://" and the last "@" may hold one.
		if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
			add(dsn[i+3 : j])
		}
		return out
	}
	if pw, ok := u.User.Password(); ok {
		add(pw)
	}
	add(u.Query().Get("password"))
	return out
}
