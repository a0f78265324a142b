package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/veil-replay/veil/server/store"
)

// Listings (/api/sessions, /api/audit) answer one page at a time, so that
// no request makes the collector load, or send, a whole table.
const (
	// DefaultPageSize is the page size when a request names none.
	DefaultPageSize = 100
	// MaxPageSize is the largest limit a request may ask for; 400 above.
	MaxPageSize = 1000
	// NextCursorHeader carries the cursor of the next page when there may be
	// one; the request repeated with cursor=<it> continues the listing. The
	// body stays a JSON array, so older clients keep working on page one.
	NextCursorHeader = "Veil-Next-Cursor"
)

// limitParam reads limit: DefaultPageSize when absent, 1..MaxPageSize else.
func limitParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return DefaultPageSize, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxPageSize {
		fail(w, http.StatusBadRequest, "limit: expected a whole number from 1 to "+strconv.Itoa(MaxPageSize))
		return 0, false
	}
	return n, true
}

// sessionCursor encodes the position of the last session of a page.
func sessionCursor(x store.Session) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(x.LastSeen.UnixMilli(), 10) + "." + x.ID))
}

// parseSessionCursor reads the cursor query parameter of /api/sessions;
// nil when absent.
func parseSessionCursor(w http.ResponseWriter, r *http.Request) (*store.SessionCursor, bool) {
	c, ok := decodeSessionCursor(r.URL.Query().Get("cursor"))
	if !ok {
		fail(w, http.StatusBadRequest, "cursor: not a cursor this collector gave out")
	}
	return c, ok
}

// decodeSessionCursor reads a cursor of sessionCursor; nil for "".
func decodeSessionCursor(v string) (*store.SessionCursor, bool) {
	if v == "" {
		return nil, true
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	ts, id, ok := strings.Cut(string(b), ".")
	n, err2 := strconv.ParseInt(ts, 10, 64)
	// Only an id a session can have: the id goes to the store as text,
	// and PostgreSQL refused a NUL or invalid UTF-8 with an error (500).
	if err != nil || !ok || err2 != nil || !validSession(id) {
		return nil, false
	}
	return &store.SessionCursor{LastSeen: time.UnixMilli(n), ID: id}, true
}

// parseAuditCursor reads the cursor query parameter of /api/audit: the id
// of the last entry of the previous page; 0 when absent.
func parseAuditCursor(w http.ResponseWriter, r *http.Request) (int64, bool) {
	v := r.URL.Query().Get("cursor")
	if v == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		fail(w, http.StatusBadRequest, "cursor: not a cursor this collector gave out")
		return 0, false
	}
	return n, true
}

// setNext announces the next page: its cursor in NextCursorHeader and, for
// generic clients, a Link header with rel="next".
func setNext(w http.ResponseWriter, r *http.Request, cursor string) {
	q := r.URL.Query()
	q.Set("cursor", cursor)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set(NextCursorHeader, cursor)
	w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
}
