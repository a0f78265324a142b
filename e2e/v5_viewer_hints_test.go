//go:build !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// hostileViewerServer is a collector for one application, "hints", whose
// recording and playback rules are block-list (URLs kept, scrubbed), with an
// admin token.
func hostileViewerServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	_, err := os.Stat(filepath.Join(distDir, "viewer.js"))
	require.NoError(t, err, "dist/viewer.js is missing: run make build first")
	d := startViewerCollector(t, "", func(_ *server.Server, st store.Store) (string, error) {
		token, _, err := server.CreateToken(context.Background(), st, "e2e", auth.Admin, []string{"*"}, "", time.Now())
		return token, err
	})
	admin := d.admin
	code, body := d.api(t, "PUT", "/api/apps/hints/settings", admin, `{"recorder":{"application":"hints",
		"endpoint":"/veil/ingest","recording":{"mode":"block-list"}},"allowedOrigins":["https://site.example"],
		"playback":{"mode":"block-list"}}`)
	require.Equal(t, 200, code, body)
	return d.Server, admin
}

// hostileSession is the id of the session recordHostilePage stores.
const hostileSession = "hostilehintsession01"

// recordHostilePage stores a recording of page as the block-list recorder
// would send it — its snapshot, then one mutation that sets rel to lateRel
// on the element with id "late" — and returns its session id.
func recordHostilePage(t *testing.T, ts *httptest.Server, page, lateRel string) string {
	t.Helper()
	set, err := rules.Compile(rules.MaskUserInput())
	require.NoError(t, err)
	sess := masking.NewSession(set)
	sess.SetConsent("granted", "optIn")
	t0 := time.Now().UnixMilli()
	raw, err := capture.FromHTML(strings.NewReader(page), "https://site.example/page", t0)
	require.NoError(t, err)
	first, err := sess.Write(raw)
	require.NoError(t, err)
	late := 0
	for _, e := range first {
		if d, ok := e.Data.(capture.FullSnapshotData); ok {
			late = idOf(d.Node, "late")
		}
	}
	require.NotZero(t, late, "the page has an element with id late")
	w := capture.NewWriter(t0 + 500)
	w.Attr(late, "rel", lateRel)
	w.MutationEnd(t0 + 500)
	second, err := sess.Write(w.Bytes())
	require.NoError(t, err)
	id := hostileSession
	for seq, events := range [][]capture.Event{first, second} {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(capture.AppendEvents(nil, events))
		zw.Close()
		req, err := http.NewRequest("POST", ts.URL+server.IngestPath+"?app=hints&session="+id+"&"+server.SecretParam+
			"=secret-of-the-hostile-page-0123456789&seq="+strconv.Itoa(seq), &buf)
		require.NoError(t, err)
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Origin", "https://site.example")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, 204, resp.StatusCode, string(b))
	}
	return id
}

// idOf is the node id of the element of n's tree whose id attribute is id; 0
// when there is none.
func idOf(n *capture.SNode, id string) int {
	if n == nil {
		return 0
	}
	for _, a := range n.Attributes {
		if a.Name == "id" && a.Value == id {
			return n.ID
		}
	}
	for _, c := range n.ChildNodes {
		if found := idOf(c, id); found != 0 {
			return found
		}
	}
	return 0
}

// TestV5ViewerReplayCallsNoOtherHost: watching a recording must not tell
// anyone outside the collector that it is watched. A hostile page records
// resource hints (preconnect, dns-prefetch, prefetch, preload), images,
// media, objects and frames pointing at another origin; replaying it in the
// viewer opens no connection to that origin, and the page's loads of the
// collector's own API (same origin: the viewer's cookie goes with them) act
// as no one — the only view audited is the viewer's own, also when a later mutation
// turns a stylesheet link into a hint (the masker sends that as the link
// removed and added again).
func TestV5ViewerReplayCallsNoOtherHost(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var hits atomic.Int32
	spy := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Logf("the viewer fetched %s from the other origin", r.URL.Path)
		w.WriteHeader(204)
	}), ConnState: func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			hits.Add(1)
		}
	}}
	go spy.Serve(ln)
	t.Cleanup(func() { spy.Close() })
	other := "http://" + ln.Addr().String()

	ts, admin := hostileViewerServer(t)
	page := `<!DOCTYPE html><html><head>
<link rel="preconnect" href="` + other + `/">
<link rel="dns-prefetch" href="` + other + `/">
<link rel="prefetch" href="` + other + `/prefetch">
<link rel="preload" as="image" href="` + other + `/preload.png">
<link rel="icon" href="` + other + `/icon.ico">
<link rel="stylesheet" href="` + other + `/sheet.css">
<link id="late" rel="stylesheet" href="` + other + `/late.css">
</head><body><h1>Hostile</h1>
<img src="` + other + `/img.png"><video poster="` + other + `/poster.png" src="` + other + `/v.mp4"></video>
<object data="` + other + `/o"></object><embed src="` + other + `/e"><iframe src="` + other + `/frame"></iframe>
<div style="background-image:url(` + other + `/bg.png)">x</div>
<svg><image href="` + other + `/svg.png" width="10" height="10"></image></svg>
<img src="` + ts.URL + `/api/sessions/` + hostileSession + `/events" width="1" height="1">
<img src="` + ts.URL + `/api/audit/export" width="1" height="1">
</body></html>`
	id := recordHostilePage(t, ts, page, "preconnect")

	b := newBrowser(t)
	login(t, b, &demoServer{Server: ts, admin: admin}, admin)
	b.do(t, chromedp.Navigate(ts.URL+"/viewer/sessions/"+id))
	waitAfterNavigation(t, b, `document.getElementById("replay").dataset.state === "ready"`)
	require.Equal(t, "allow-same-origin", eval[string](t, b, `veilViewer.replayer.iframe.getAttribute("sandbox")`),
		"the replay runs no script, submits no form, navigates no other frame")
	eval[bool](t, b, `(veilViewer.seek(veilViewer.total), true)`)
	links := eval[int](t, b, `veilViewer.replayer.iframe.contentDocument.querySelectorAll("link[href]").length`)
	require.GreaterOrEqual(t, links, 5, "the hints' links are in the replayed page (else this test proves nothing)")
	late := eval[string](t, b, `(() => {
		const e = veilViewer.replayer.iframe.contentDocument.getElementById("late");
		return e ? String(e.getAttribute("rel")) : "absent";
	})()`)
	require.NotEqual(t, "absent", late)
	require.NotContains(t, late, "preconnect", "the mutation that made the link a hint is replayed without the hint")
	time.Sleep(2 * time.Second) // hints and loads start at once; give them time
	require.Zero(t, hits.Load(), "connections from the viewer to the recorded page's other origin")
	require.Equal(t, 2, eval[int](t, b, `veilViewer.replayer.iframe.contentDocument.querySelectorAll("img[src*='/api/']").length`),
		"the API loads are in the replayed page (else this test proves nothing)")
	code, body := (&demoServer{Server: ts, admin: admin}).api(t, "GET", "/api/audit?limit=1000", admin, "")
	require.Equal(t, 200, code, body)
	require.Equal(t, 1, strings.Count(body, `"action":"session.view"`), "views audited: %s", body)
}
