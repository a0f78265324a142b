//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// demoServer is `make demo` in-process: the collector with the demo site,
// its settings and an admin token.
type demoServer struct {
	*httptest.Server
	admin string
}

func startDemo(t *testing.T) *demoServer {
	t.Helper()
	for _, f := range []string{"veil.js", "veil-worker.js", "veil.wasm", "wasm_exec.js", "viewer.js"} {
		_, err := os.Stat(filepath.Join(distDir, f))
		require.NoError(t, err, "dist/%s is missing: run make build first", f)
	}
	return startViewerCollector(t, "../demo", func(srv *server.Server, _ store.Store) (string, error) {
		return srv.InstallDemo(context.Background(), "../demo")
	})
}

// startViewerCollector runs a collector on a fresh store and keyring, serving
// dist/ (and demoSite, if set), with the admin token that admin makes.
func startViewerCollector(t *testing.T, demoSite string, admin func(*server.Server, store.Store) (string, error)) *demoServer {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "veil.db"))
	require.NoError(t, err)
	line, err := keys.NewLine("e2e")
	require.NoError(t, err)
	ring, err := keys.Parse(line)
	require.NoError(t, err)
	srv, err := server.New(context.Background(), server.Options{Store: st, Keys: ring, Static: distDir,
		DemoSite: demoSite, Log: log.New(io.Discard, "", 0)})
	require.NoError(t, err)
	token, err := admin(srv, st)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go srv.Run(ctx)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); cancel(); st.Close() })
	return &demoServer{Server: ts, admin: token}
}

// api calls the collector's API with a bearer token.
func (d *demoServer) api(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// What the visitor types and what the account page shows: none of it may
// reach the viewer's page.
var viewerSecrets = []string{"Zelda Quarrington", "zq.private@example.org", "Hunter2-zq9x", "Jane Roe",
	"jane.roe@example.com", "DE89 3704", "12 Elm Street", "Agent Mia"}

// replayDOM is every string the viewer's page holds: its markup, the
// replay iframe's markup, and the live values of the rebuilt controls.
const replayDOM = `(() => {
	const doc = veilViewer.replayer.iframe.contentDocument;
	const values = Array.from(doc.querySelectorAll("input, textarea, select")).map((e) => e.value).join("\n");
	return document.documentElement.outerHTML + "\n" + doc.documentElement.outerHTML + "\n" + values;
})()`

func TestViewerReplaysMaskedDemo(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)

	b.do(t, chromedp.Navigate(d.URL+"/demo/signup.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	b.do(t, chromedp.SendKeys("#name", "Zelda Quarrington"), chromedp.SendKeys("#email", "zq.private@example.org"),
		chromedp.SendKeys("#password", "Hunter2-zq9x"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	b.do(t, chromedp.Click("#create"))
	waitAfterNavigation(t, b, `location.pathname.endsWith("/account.html") && window.veil && veil.status().state === "recording"`)
	b.waitFor(t, `document.querySelectorAll(".support-chat .msg").length >= 3`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	var id string
	eventually(t, "the collector to store both pages", func() bool {
		code, body := d.api(t, "GET", "/api/sessions?app=demo", d.admin, "")
		var list []struct {
			ID    string
			Pages []string
		}
		if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list) != 1 {
			return false
		}
		id = list[0].ID
		return len(list[0].Pages) >= 2 && strings.HasSuffix(list[0].Pages[len(list[0].Pages)-1], "/account.html")
	})

	login(t, b, d, d.admin)
	b.waitFor(t, `document.querySelector("tr.session[data-id] a.replay")`)
	b.do(t, chromedp.Click("a.replay"))
	waitAfterNavigation(t, b, `document.getElementById("replay").dataset.state === "ready"`)
	total := eval[float64](t, b, `veilViewer.total`)
	require.Positive(t, total)
	marks := eval[[]string](t, b, `Array.from(document.querySelectorAll("#marks .mark")).map((m) => m.className)`)
	assert.GreaterOrEqual(t, len(marks), 2, "a page mark for each page: %v", marks)

	for _, frac := range []float64{0, 0.25, 0.5, 0.75, 1} {
		at := strconv.FormatFloat(frac*total, 'f', 0, 64)
		t.Run("no secret at "+at+"ms", func(t *testing.T) {
			eval[bool](t, b, `(veilViewer.seek(`+at+`), true)`)
			dom := eval[string](t, b, replayDOM)
			require.Contains(t, dom, "Northwind Outfitters", "the replay shows the allowed header")
			for _, s := range viewerSecrets {
				assert.NotContains(t, dom, s)
			}
			open := eval[int](t, b, `Array.from(veilViewer.replayer.iframe.contentDocument.querySelectorAll("input, select, textarea")).filter((e) => e.getAttribute("autocomplete") !== "off").length`)
			assert.Zero(t, open, "every rebuilt control has autocomplete=off")
		})
	}

	// ids no style sheet or rule names are placeholders under allow-list: the
	// account's name is the first span of the masked (.pii) profile
	b.waitFor(t, `veilViewer.replayer.iframe.contentDocument.querySelector(".pii p span")`)
	b.do(t, chromedp.Click("#overlay"))
	b.waitFor(t, `Number(document.getElementById("replay").dataset.blocked) > 0`)
	kinds := eval[map[string]string](t, b, `(() => {
		const doc = veilViewer.replayer.iframe.contentDocument, k = (s) => { const e = doc.querySelector(s); return e ? e.getAttribute("data-veil-overlay") || "" : "absent"; };
		return {name: k(".pii p span"), chat: k(".support-chat"), header: k("header h1"), photo: k(".pii img")};
	})()`)
	assert.Equal(t, "masked", kinds["name"], "masked text is outlined")
	assert.Equal(t, "blocked", kinds["chat"], "the blocked chat is outlined")
	assert.Empty(t, kinds["header"], "allowed text is not outlined")
	assert.Equal(t, "masked", kinds["photo"], "masked image attributes are outlined")
	b.do(t, chromedp.Click("#overlay"))
	b.waitFor(t, `!veilViewer.replayer.iframe.contentDocument.querySelector("[data-veil-overlay]")`)

	t.Run("replay token gets no capture level", func(t *testing.T) {
		code, body := d.api(t, "POST", "/api/tokens", d.admin, `{"role":"replay","apps":["demo"]}`)
		require.Equal(t, 201, code, body)
		var tok struct{ Secret string }
		require.NoError(t, json.Unmarshal([]byte(body), &tok))
		code, body = d.api(t, "GET", "/api/sessions/"+id+"/events?unmasked=1", tok.Secret, "")
		assert.Equal(t, 403, code, body)
		b.do(t, chromedp.Navigate(d.URL+"/viewer/"))
		b.do(t, chromedp.Click(`form[action="/viewer/logout"] button`))
		waitAfterNavigation(t, b, `location.pathname === "/viewer/login"`)
		login(t, b, d, tok.Secret)
		b.do(t, chromedp.Navigate(d.URL+"/viewer/sessions/"+id))
		waitAfterNavigation(t, b, `document.getElementById("replay").dataset.state === "ready"`)
		assert.False(t, eval[bool](t, b, `!!document.getElementById("unmasked")`), "no capture-level switch")
		status := eval[int](t, b, `fetch("/api/sessions/`+id+`/events?unmasked=1").then((r) => r.status)`)
		assert.Equal(t, 403, status, "the cookie login keeps the token's role")
		dom := eval[string](t, b, replayDOM)
		for _, s := range viewerSecrets {
			assert.NotContains(t, dom, s)
		}
	})
}

func login(t *testing.T, b *browser, d *demoServer, token string) {
	t.Helper()
	b.do(t, chromedp.Navigate(d.URL+"/viewer/login"))
	b.do(t, chromedp.SendKeys("#token", token), chromedp.Click("#login"))
	waitAfterNavigation(t, b, `location.pathname === "/viewer/"`)
}

// waitAfterNavigation polls expr while a click navigates: evaluation errors
// of the document being replaced are retried, not failures.
func waitAfterNavigation(t *testing.T, b *browser, expr string) {
	t.Helper()
	eventually(t, expr, func() bool {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		defer cancel()
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		return err == nil && ok
	})
}
