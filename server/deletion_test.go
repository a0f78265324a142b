package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// markedRecording is rec with its page at url.
func markedRecording(t *testing.T, url string) [][]capture.Event {
	rec := record(t, rules.MaskAll())
	for _, b := range rec {
		for i := range b {
			if m, ok := b[i].Data.(capture.MetaData); ok {
				m.Href = url
				b[i].Data = m
			}
		}
	}
	return rec
}

// dbFiles returns the bytes of the database file and its WAL.
func dbFiles(t *testing.T, db string) map[string][]byte {
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db + suffix)
		if err == nil {
			out[filepath.Base(db+suffix)] = b
		}
	}
	require.NotEmpty(t, out[filepath.Base(db)])
	return out
}

// TestDeletionLeavesNothingInTheFiles: once a session is deleted, by the
// API or by the visitor, neither its id nor its page URL is in the database
// file or its WAL, and a copy of its data taken before cannot be opened: its
// data key went with it. Event text is never there in clear.
func TestDeletionLeavesNothingInTheFiles(t *testing.T) {
	cases := []struct {
		name string
		del  func(e *env, id string)
	}{
		{"by the API", func(e *env, id string) {
			code, body := e.do("DELETE", "/api/sessions/"+id, e.admin, "")
			require.Equal(t, 204, code, body)
		}},
		{"by the visitor", func(e *env, id string) {
			code, body := e.send(q("shop", id, 0)+"&delete=1", nil, "")
			require.Equal(t, 204, code, body)
		}},
		{"by retention", func(e *env, id string) {
			e.clock.Advance(36 * 24 * time.Hour)
			n, err := e.srv.Sweep(context.Background())
			require.NoError(t, err)
			require.Equal(t, 1, n)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			id := "zqdelmarker" + "Q7w3Lk9Xp2"
			url := "https://shop.example/zqdelpage-R8v2Mn4T"
			rec := markedRecording(t, url)
			e.sendBatch("shop", id, 0, rec[0])
			e.sendBatch("shop", id, 1, rec[1])
			e.sendBatch("shop", id, 3, rec[3]) // one waiting
			before := dbFiles(t, e.db)
			all := bytes.Join([][]byte{before["veil.db"], before["veil.db-wal"]}, nil)
			require.True(t, bytes.Contains(all, []byte(id)), "the scan finds the id while the session exists")
			require.True(t, bytes.Contains(all, []byte("zqdelpage-R8v2Mn4T")), "and its page URL")
			for _, clear := range []string{"cart-zq9x-secretclass", `"childNodes"`} {
				require.False(t, bytes.Contains(all, []byte(clear)), "event text %q is never in clear", clear)
			}
			kept, err := e.st.StoredBatches(context.Background(), id) // a copy (backup, replica) of its data
			require.NoError(t, err)
			require.NotEmpty(t, kept)
			require.True(t, keys.IsDataKeyBlob(kept[0].Data), "sealed under the session's own key")
			_, err = e.srv.openBatch(context.Background(), id, kept[0], MaxReplayBytes)
			require.NoError(t, err, "readable while the session exists")

			c.del(e, id)

			for name, b := range dbFiles(t, e.db) {
				assert.False(t, bytes.Contains(b, []byte(id)), "the id in %s", name)
				assert.False(t, bytes.Contains(b, []byte("zqdelpage-R8v2Mn4T")), "the page URL in %s", name)
			}
			_, err = e.srv.openBatch(context.Background(), id, kept[0], MaxReplayBytes)
			assert.Error(t, err, "the copy no longer opens: the data key is gone")
			a, ok, err := e.st.SessionAccess(context.Background(), id)
			require.NoError(t, err)
			assert.False(t, ok)
			assert.Empty(t, a.DataKey)
		})
	}
}

// TestRetentionCountsFromStart: a session whose first batch is older than
// the retention goes, however recently it sent; a younger one stays.
func TestRetentionCountsFromStart(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	old, young := sid("startedlongago"), sid("startedrecently")
	e.sendBatch("shop", old, 0, rec[0])
	e.clock.Advance(2 * 24 * time.Hour)
	e.sendBatch("shop", young, 0, rec[0])
	e.clock.Advance(33*24*time.Hour + time.Minute) // old: 35 days and a minute; young: 33 days
	e.sendBatch("shop", old, 1, rec[1])            // recent activity does not extend it
	e.sendBatch("shop", young, 1, rec[1])
	n, err := e.srv.Sweep(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, ok, _ := e.st.Session(context.Background(), old)
	assert.False(t, ok, "started 35 days and a minute ago")
	_, ok, _ = e.st.Session(context.Background(), young)
	assert.True(t, ok, "started 33 days ago")
	e.sendBatch("shop", old, 2, rec[2]) // a late batch starts a new session under a new key
	a, ok, err := e.st.SessionAccess(context.Background(), old)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, e.clock.Now(), a.FirstSeen)
	assert.NotEmpty(t, a.DataKey)
}

// TestDatabaseFilesPrivate: the database and its WAL are created readable
// by their owner only, whatever the umask.
func TestDatabaseFilesPrivate(t *testing.T) {
	e := newEnv(t)
	e.sendBatch("shop", sid("modes"), 0, record(t, rules.MaskAll())[0])
	for _, name := range []string{e.db, e.db + "-wal"} {
		fi, err := os.Stat(name)
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), name)
	}
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	st, err := store.Open(fresh)
	require.NoError(t, err)
	defer st.Close()
	fi, err := os.Stat(fresh)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}
