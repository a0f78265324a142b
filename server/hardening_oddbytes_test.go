package server

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/internal/pgtest"
	"github.com/veil-replay/veil/server/store"
)

// Ids and filters with bytes no stored name can hold (a NUL, invalid UTF-8,
// characters outside an id's alphabet) are answered as what they are, bad
// input: PostgreSQL refuses NUL and invalid UTF-8 in text, and the
// collector answered 500 and logged a database error for each such request.
// An id at the limit of its length is looked up; one byte over it is
// refused.
func TestOddBytesInIdsAndFilters(t *testing.T) {
	for _, be := range []struct {
		name string
		open func(t *testing.T) (store.Store, string)
	}{
		{"sqlite", func(t *testing.T) (store.Store, string) {
			db := t.TempDir() + "/veil.db"
			st, err := store.Open(db)
			require.NoError(t, err)
			return st, db
		}},
		{"postgres", func(t *testing.T) (store.Store, string) {
			dsn := pgtest.Start(t)
			st, err := store.OpenDSN(dsn)
			require.NoError(t, err)
			return st, dsn
		}},
	} {
		t.Run(be.name, func(t *testing.T) {
			st, db := be.open(t)
			e := newEnvOn(t, st, db, testKeyLine)
			at, over := strings.Repeat("a", 64), strings.Repeat("a", 65)
			for _, tc := range []struct {
				method, path string
				code         int
				quotes       string // what the error quotes
			}{
				{"GET", "/api/sessions/%00aaaaaaaaaaaaaaaaaaa", 400, `"\x00aaa`},
				{"GET", "/api/sessions/%ffaaaaaaaaaaaaaaaaaaa", 400, `"\xffaaa`},
				{"GET", "/api/sessions/%ffaaaaaaaaaaaaaaaaaaa/events", 400, `"\xffaaa`},
				{"DELETE", "/api/sessions/%00aaaaaaaaaaaaaaaaaaa", 400, `"\x00aaa`},
				{"GET", "/api/sessions/" + at, 404, ""},
				{"GET", "/api/sessions/" + over, 400, `"` + over[:64] + `"…`},
				{"GET", "/api/sessions?app=%00", 400, `"\x00"`},
				{"GET", "/api/sessions?app=%ff", 400, `"\xff"`},
				{"GET", "/api/audit?app=%00", 400, `"\x00"`},
				{"GET", "/api/audit?app=%ff", 400, `"\xff"`},
				{"GET", "/api/audit/export?app=%ff", 400, `"\xff"`},
				{"GET", "/api/sessions?cursor=" + cursorOf("1."+"\x00"+at[:20]), 400, "cursor"},
				{"GET", "/api/sessions?cursor=" + cursorOf("1."+"\xff"+at[:20]), 400, "cursor"},
				{"GET", "/api/sessions?cursor=" + cursorOf("1."+at), 200, ""},
				{"GET", "/api/sessions?cursor=" + cursorOf("1."+over), 400, "cursor"},
				{"DELETE", "/api/tokens/%00", 404, ""},
				{"DELETE", "/api/tokens/%ff", 404, ""},
			} {
				t.Run(tc.method+" "+tc.path, func(t *testing.T) {
					code, body := e.do(tc.method, tc.path, e.admin, "")
					require.Equal(t, tc.code, code, body)
					if code == 200 {
						return
					}
					var answer struct{ Error string }
					require.NoError(t, json.Unmarshal([]byte(body), &answer), body)
					require.Contains(t, answer.Error, tc.quotes)
				})
			}
		})
	}
}

// cursorOf encodes a session cursor as the collector gives them out.
func cursorOf(raw string) string { return base64.RawURLEncoding.EncodeToString([]byte(raw)) }

// A token's note is stored as text: PostgreSQL refuses a NUL in it, which
// was answered 500 (and the token not made) after the note passed every
// check. A note holds no control character; one at the length limit is
// taken, one byte over it refused.
func TestTokenNotesHoldNoControlCharacters(t *testing.T) {
	dsn := pgtest.Start(t)
	st, err := store.OpenDSN(dsn)
	require.NoError(t, err)
	e := newEnvOn(t, st, dsn, testKeyLine)
	for _, tc := range []struct {
		name, note string
		code       int
		quotes     string
	}{
		{"a NUL", "a\x00b", 400, `"a\x00b"`},
		{"a line break", "a\nb", 400, `"a\nb"`},
		{"at the limit", strings.Repeat("é", MaxTokenNote/2), 201, ""},
		{"one over", strings.Repeat("é", MaxTokenNote/2) + "a", 400, "over the limit of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := json.Marshal(map[string]any{"role": "replay", "apps": []string{"shop"}, "note": tc.note})
			require.NoError(t, err)
			code, answer := e.do("POST", "/api/tokens", e.admin, string(body))
			require.Equal(t, tc.code, code, answer)
			if code == 201 {
				return
			}
			var refusal struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(answer), &refusal), answer)
			require.Contains(t, refusal.Error, tc.quotes)
		})
	}
}
