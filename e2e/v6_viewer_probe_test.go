//go:build !js

package e2e

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// probeCollector is a collector like hostileViewerServer's whose every
// request is kept (method, path, Sec-Fetch-Dest), so that a test sees what
// a replay made the viewer's browser ask of the collector itself.
type probeCollector struct {
	*httptest.Server
	admin string
	mu    sync.Mutex
	seen  []string
}

func (c *probeCollector) requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.seen...)
}

func startProbeCollector(t *testing.T) *probeCollector {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "veil.db"))
	require.NoError(t, err)
	line, err := keys.NewLine("e2e")
	require.NoError(t, err)
	ring, err := keys.Parse(line)
	require.NoError(t, err)
	srv, err := server.New(context.Background(), server.Options{Store: st, Keys: ring, Static: distDir,
		Log: log.New(io.Discard, "", 0)})
	require.NoError(t, err)
	admin, _, err := server.CreateToken(context.Background(), st, "e2e", auth.Admin, []string{"*"}, "", time.Now())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go srv.Run(ctx)
	c := &probeCollector{admin: admin}
	h := srv.Handler()
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.seen = append(c.seen, r.Method+" "+r.URL.RequestURI()+" dest="+r.Header.Get("Sec-Fetch-Dest"))
		c.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { c.Close(); cancel(); st.Close() })
	d := &demoServer{Server: c.Server, admin: admin}
	code, body := d.api(t, "PUT", "/api/apps/hints/settings", admin, `{"recorder":{"application":"hints",
		"endpoint":"/veil/ingest","recording":{"mode":"block-list"}},"allowedOrigins":["https://site.example"],
		"playback":{"mode":"block-list"}}`)
	require.Equal(t, 200, code, body)
	return c
}

// spyOrigin is another origin that counts the connections made to it.
func spyOrigin(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var hits atomic.Int32
	spy := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Logf("the viewer's browser asked the other origin for %s %s", r.Method, r.URL.Path)
		w.WriteHeader(204)
	}), ConnState: func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			hits.Add(1)
		}
	}}
	go spy.Serve(ln)
	t.Cleanup(func() { spy.Close() })
	return "http://" + ln.Addr().String(), &hits
}

// TestV6ViewerReplayedPageNeitherLoadsNorNavigates: what a block-list
// recording keeps of a hostile page (a <base> to another origin, @import,
// @font-face, cursor and content URLs, links with ping and target=_top or
// _blank, forms posting elsewhere, SVG references, media tracks, srcsets, a
// frame of the viewer) loads nothing from another origin and asks nothing
// of the collector when replayed, and nothing in it acts when activated:
// the viewer's page and the replay frame stay where they are. Without
// webui/js/hold.js, Enter on the recorded link #nav navigated the replay
// frame to an error page (the CSP's frame-src refused the other origin, so
// the replay was simply gone), and a link to a page of the collector
// loaded that page into the frame.
func TestV6ViewerReplayedPageNeitherLoadsNorNavigates(t *testing.T) {
	other, hits := spyOrigin(t)
	c := startProbeCollector(t)
	pageHTML := `<!DOCTYPE html><html><head>
<base href="` + other + `/base/">
<style>@import url(` + other + `/import.css);
@font-face { font-family: probe; src: url(` + other + `/font.woff2); }
body { font-family: probe, sans-serif; cursor: url(` + other + `/cursor.png), auto; }
li::before { content: url(` + other + `/before.png); }</style>
<link id="late" rel="stylesheet" href="` + other + `/late.css">
</head><body><h1>Probe</h1>
<a id="nav" href="` + other + `/nav" ping="` + other + `/ping">same frame</a>
<a id="top" href="` + other + `/top" target="_top">top</a>
<a id="blank" href="` + other + `/blank" target="_blank" rel="opener">blank</a>
<a id="self" href="/viewer/">viewer</a>
<a id="rel" href="relative-to-base">relative</a>
<form id="form" action="` + other + `/form" method="post"><input name="q" value="x"><button id="submit">go</button></form>
<form id="getform" action="` + other + `/getform"><input type="image" src="` + other + `/imginput.png" alt="go"></form>
<ul><li>item</li></ul>
<img srcset="` + other + `/srcset.png 1x" alt="">
<picture><source srcset="` + other + `/source.png"><img alt=""></picture>
<video><track src="` + other + `/track.vtt" default></video><audio src="` + other + `/audio.mp3"></audio>
<svg width="20" height="20"><image href="` + other + `/svgimage.png" width="10" height="10"></image>
<use href="` + other + `/sprite.svg#a"></use><a href="` + other + `/svglink"><text y="10">s</text></a>
<filter id="f"><feImage href="` + other + `/feimage.png"></feImage></filter></svg>
<iframe id="frame" src="/viewer/"></iframe>
</body></html>`
	id := recordHostilePage(t, c.Server, pageHTML, "alternate stylesheet")

	b := newBrowser(t)
	login(t, b, &demoServer{Server: c.Server, admin: c.admin}, c.admin)
	replayURL := c.URL + "/viewer/sessions/" + id
	b.do(t, chromedp.Navigate(replayURL))
	waitAfterNavigation(t, b, `document.getElementById("replay").dataset.state === "ready"`)
	eval[bool](t, b, `(veilViewer.seek(veilViewer.total), true)`)
	require.Equal(t, 2, eval[int](t, b, `veilViewer.replayer.iframe.contentDocument.querySelectorAll("a#nav[ping], form#form[action]").length`),
		"the hostile link and form are in the replayed page (else this test proves nothing)")
	before := len(c.requests())

	// Tab from the viewer's own controls never lands in the replay.
	for i := 0; i < 12; i++ {
		b.do(t, chromedp.KeyEvent("\t"))
		require.False(t, eval[bool](t, b, `document.activeElement === veilViewer.replayer.iframe`), "tab %d", i)
	}
	// Whatever reaches into the replay (a screen reader's virtual cursor, a
	// focus the page itself asks for) must not let a recorded link or
	// button act: here each is focused from the viewer's side and then
	// activated by the keyboard.
	n := eval[int](t, b, `veilViewer.replayer.iframe.contentDocument.querySelectorAll("a, button, input").length`)
	require.GreaterOrEqual(t, n, 8)
	for i := 0; i < n; i++ {
		for _, key := range []string{"\r", " "} {
			what := eval[string](t, b, `(() => {
				const e = veilViewer.replayer.iframe.contentDocument.querySelectorAll("a, button, input")[`+strconv.Itoa(i)+`];
				if (!e) return "";
				e.focus();
				return e.outerHTML;
			})()`)
			b.do(t, chromedp.KeyEvent(key))
			time.Sleep(300 * time.Millisecond)
			require.True(t, eval[bool](t, b, `!!veilViewer.replayer.iframe.contentDocument`),
				"the replay frame left the replayed page after %q on %s", key, what)
		}
	}
	time.Sleep(2 * time.Second)
	require.Equal(t, replayURL, eval[string](t, b, `location.href`), "the viewer's page was navigated")
	require.True(t, eval[bool](t, b, `(() => {
		const d = veilViewer.replayer.iframe.contentDocument;
		return !!d && !!d.getElementById("nav");
	})()`), "the replay frame still shows the replayed page")
	require.Zero(t, hits.Load(), "connections from the viewer to another origin")
	var after []string
	for _, r := range c.requests()[before:] {
		if !strings.Contains(r, "/api/sessions/"+id+"/events") {
			after = append(after, r)
		}
	}
	require.Empty(t, after, "requests the replayed page made of the collector after it was shown")
}
