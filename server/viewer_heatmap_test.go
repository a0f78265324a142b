package server

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
)

const heatDoc = `<!DOCTYPE html><html><body><main><button id="buy">Buy for Jane Roe</button>
<div class="promo-zq9x"><button id="promo">Promo</button></div>
<div class="secret-zq9x"><button id="sec">Secret</button></div></main></body></html>`

// heatShop records with block-list rules that allow the parameter q; its
// playback rules allow no parameter, hide the interactions of the promo box
// and block the secret box.
const heatShop = `{"recorder":{"application":"shop","endpoint":"/veil/ingest","recording":{"mode":"block-list","allowParams":["q"]}},
	"playback":{"mode":"block-list","hideInteractions":[".promo-zq9x"],"block":[".secret-zq9x"]},
	"allowedOrigins":["https://shop.example"]}`

// clicksOn records one visit of heatDoc that clicks the buttons named, in
// turn, 2 s apart, and stores it as session name.
func clicksOn(t *testing.T, e *env, name string, buttons ...string) {
	t.Helper()
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, AllowParams: []string{"q"}})
	require.NoError(t, err)
	sess := masking.NewSession(set)
	raw, err := capture.FromHTML(strings.NewReader(heatDoc), "https://shop.example/deals?q=jane-roe", t0)
	require.NoError(t, err)
	first, err := sess.Write(raw)
	require.NoError(t, err)
	var snap *capture.SNode
	for _, ev := range first {
		if d, ok := ev.Data.(capture.FullSnapshotData); ok {
			snap = d.Node
		}
	}
	w := capture.NewWriter(t0 + 1000)
	for i, b := range buttons {
		n := byID(snap, b)
		require.NotNil(t, n, b)
		w.Mouse(t0+1000+int64(i)*2000, capture.Click, n.ID, 10+i, 10, 0)
	}
	clicks, err := sess.Write(w.Bytes())
	require.NoError(t, err)
	e.sendBatch("shop", sid(name), 0, first)
	e.sendBatch("shop", sid(name), 1, clicks)
}

func TestHeatmapUnderPlaybackRules(t *testing.T) {
	e := newEnv(t)
	e.putSettings("shop", heatShop)
	clicksOn(t, e, "heat1", "buy", "promo", "sec", "buy")
	e.clock.Advance(time.Minute)
	clicksOn(t, e, "heat2", "promo", "buy")
	v := e.viewer(t)
	v.login(e.token(auth.Replay, "shop"))

	resp, body := v.req("GET", "/viewer/heatmap?app=shop", nil)
	require.Equal(t, 200, resp.StatusCode, body)
	page := "https://shop.example/deals?q="
	assert.Contains(t, body, ">"+page+"</a> · 3 clicks", "the page, scrubbed with the playback rules")
	assert.NotContains(t, body, "jane-roe", "the recording rules kept q's value; playback does not")

	resp, body = v.req("GET", "/viewer/heatmap?app=shop&page="+strings.ReplaceAll(page, "?", "%3F"), nil)
	require.Equal(t, 200, resp.StatusCode, body)
	cells := regexp.MustCompile(`<tr class="cell" data-path="([^"]+)"><td>(\d+)</td><td><code>[^<]*</code></td><td>(\d+)</td>`).FindAllStringSubmatch(body, -1)
	require.Len(t, cells, 1, "only the buy button: the promo box's clicks are hidden, the secret box is blocked\n%s", body)
	assert.Equal(t, "html>body>main:nth-of-type(1)>button:nth-of-type(1)", html.UnescapeString(cells[0][1]))
	assert.Equal(t, "3", cells[0][3], "clicks of both sessions")
	assert.Contains(t, body, `data-session="`+sid("heat2")+`"`, "the newest session with a click there is the snapshot")
	assert.Contains(t, body, "Clicks of the 2 newest sessions")
	for _, hidden := range []string{"Jane", "Promo", "Secret"} {
		assert.NotContains(t, body, hidden)
	}

	// a page nobody clicked on, and the page URL as recorded: nothing
	_, body = v.req("GET", "/viewer/heatmap?app=shop&page=https://shop.example/deals%3Fq%3Djane-roe", nil)
	assert.Contains(t, body, "No clicks recorded on this page")
	assert.NotContains(t, body, `<tr class="cell"`)

	var views int
	for _, r := range e.auditLog() {
		if r.Action == "heatmap.view" {
			views++
		}
	}
	assert.Equal(t, 3, views, "every heatmap read is audited")
}

func TestHeatmapAccess(t *testing.T) {
	e := newEnv(t)
	e.putSettings("shop", heatShop)
	e.putSettings("other", strings.ReplaceAll(heatShop, `"shop"`, `"other"`))
	for _, c := range []struct {
		role auth.Role
		apps []string
		path string
		want int
	}{
		{auth.Replay, []string{"shop"}, "/viewer/heatmap?app=shop", 200},
		{auth.Replay, []string{"shop"}, "/viewer/heatmap?app=other", 403},
		{auth.Replay, []string{"shop"}, "/viewer/heatmap?app=nosuch", 403},
		{auth.Admin, []string{"*"}, "/viewer/heatmap?app=nosuch", 404},
		{auth.Admin, []string{"*"}, "/viewer/heatmap", 200},
		{auth.Settings, []string{"*"}, "/viewer/heatmap?app=shop", 403},
	} {
		v := e.viewer(t)
		v.login(e.token(c.role, c.apps...))
		assert.Equal(t, c.want, mustStatus(v, "GET", c.path), "%s %v %s", c.role, c.apps, c.path)
	}
}
