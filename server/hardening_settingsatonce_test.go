package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// TestSettingsChangesSentAtOnceAreBounded: a token's settings changes sent
// at once, while its audit-bytes bucket holds one byte, write one change to
// the audit log and are otherwise answered 429. Checked only before the
// body was read and charged once stored, all of them passed the check and
// were audited, the budget overdrawn by as many changes as were in flight.
// The test holds the settings lock until every change waits for it, so the
// changes have all passed the first check whatever the scheduling.
func TestSettingsChangesSentAtOnceAreBounded(t *testing.T) {
	const n = 8
	for _, c := range []struct{ name, method, path, action string }{
		{"PUT /api/apps/big/settings", "PUT", "/api/apps/big/settings", "settings.put"},
		{"POST /api/settings/import", "POST", "/api/settings/import", "settings.import"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			secret, tok, err := CreateToken(ctx, e.st, "test", auth.Settings, []string{"big"}, "", e.clock.Now())
			require.NoError(t, err)
			e.srv.settingsWrites.chargeN(tok.ID, e.clock.Now(), SettingsAuditBytesPerTokenBurst-1) // one byte left
			doc := func(i int) string {
				d := fmt.Sprintf(`{"recorder":{"application":"big","endpoint":"/veil/ingest","recording":{"mode":"block-list","mask":[".c%d"]}}}`, i)
				if c.method == "POST" {
					return `{"apps":{"big":` + d + `}}`
				}
				return d
			}
			e.srv.settingsMu.Lock()
			codes := make(chan int, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					req, err := http.NewRequest(c.method, e.ts.URL+c.path, strings.NewReader(doc(i)))
					if !assert.NoError(t, err) {
						return
					}
					req.Header.Set("Authorization", "Bearer "+secret)
					resp, err := http.DefaultClient.Do(req)
					if assert.NoError(t, err) {
						resp.Body.Close()
						codes <- resp.StatusCode
					}
				})
			}
			for waitingForSettingsLock() < n {
				runtime.Gosched()
			}
			e.srv.settingsMu.Unlock()
			wg.Wait()
			close(codes)
			counts := map[int]int{}
			for code := range codes {
				counts[code]++
			}
			assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusTooManyRequests: n - 1}, counts)
			list, err := e.st.AuditLog(ctx, store.AuditFilter{Apps: []string{"*"}, Limit: 1000})
			require.NoError(t, err)
			audited := 0
			for _, a := range list {
				if a.Actor == tok.ID && a.Action == c.action {
					audited++
				}
			}
			assert.Equal(t, 1, audited, "one change overdraws the last byte, and no other is audited")
		})
	}
}

// waitingForSettingsLock counts the settings changes blocked on the
// settings lock.
func waitingForSettingsLock() int {
	buf := make([]byte, 1<<20)
	for {
		k := runtime.Stack(buf, true)
		if k < len(buf) {
			buf = buf[:k]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "sync.(*Mutex).Lock") &&
			(strings.Contains(g, "(*Server).putSettings") || strings.Contains(g, "(*Server).importSettings")) {
			n++
		}
	}
	return n
}

// TestImportsSentAtOnceAuditWhatTheyReplaced: of imports of one application
// sent at once, each audit entry's "before" is the "after" of the change
// stored just before it. Written before the settings lock was taken, every
// import named as "before" the settings they all found, and the log showed
// changes from settings that were no longer there.
func TestImportsSentAtOnceAuditWhatTheyReplaced(t *testing.T) {
	const n = 4
	e := newEnv(t)
	ctx := context.Background()
	e.srv.settingsMu.Lock()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := fmt.Sprintf(`{"apps":{"shop":{"recorder":{"application":"shop","endpoint":"/veil/ingest","recording":{"mode":"block-list","mask":[".c%d"]}}}}}`, i)
			req, err := http.NewRequest("POST", e.ts.URL+"/api/settings/import", strings.NewReader(body))
			if !assert.NoError(t, err) {
				return
			}
			req.Header.Set("Authorization", "Bearer "+e.admin)
			resp, err := http.DefaultClient.Do(req)
			if assert.NoError(t, err) {
				resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode)
			}
		})
	}
	for waitingForSettingsLock() < n {
		runtime.Gosched()
	}
	e.srv.settingsMu.Unlock()
	wg.Wait()
	list, err := e.st.AuditLog(ctx, store.AuditFilter{Apps: []string{"*"}, Limit: 1000})
	require.NoError(t, err)
	var chain []struct{ Before, After json.RawMessage }
	for _, a := range list {
		if a.Action != "settings.import" {
			continue
		}
		var d struct{ Before, After json.RawMessage }
		require.NoError(t, json.Unmarshal([]byte(a.Detail), &d))
		chain = append(chain, d)
	}
	require.Len(t, chain, n)
	// The log lists oldest first: each entry's before is the last one's after.
	for i := 1; i < len(chain); i++ {
		assert.JSONEq(t, string(chain[i-1].After), string(chain[i].Before), "entry %d of %d", i, n)
	}
}

// TestAppDeletionsCountWithSettingsChanges: an application's deletion,
// audited with the settings it deletes, is counted with the token's
// settings changes: with one byte left, a deletion goes through and
// overdraws it, and the next is answered 429 with Retry-After, its
// application still there. Uncounted, creating and deleting applications
// in turn wrote as much to the audit log again as the creations counted.
func TestAppDeletionsCountWithSettingsChanges(t *testing.T) {
	e := newEnv(t)
	for _, name := range []string{"gone1", "gone2"} {
		e.putSettings(name, `{"recorder":{"application":"`+name+`","endpoint":"/veil/ingest"}}`)
	}
	secret, tok, err := CreateToken(context.Background(), e.st, "test", auth.Admin, []string{"*"}, "", e.clock.Now())
	require.NoError(t, err)
	e.srv.settingsWrites.chargeN(tok.ID, e.clock.Now(), SettingsAuditBytesPerTokenBurst-1) // one byte left
	for _, c := range []struct {
		app  string
		want int
	}{{"gone1", http.StatusOK}, {"gone2", http.StatusTooManyRequests}} {
		t.Run(c.app, func(t *testing.T) {
			code, body := e.do("DELETE", "/api/apps/"+c.app, secret, "")
			assert.Equal(t, c.want, code, body)
			assert.Equal(t, c.want == http.StatusOK, e.srv.app(c.app) == nil, "deleted only when answered 200")
		})
	}
}
