//go:build !js

package e2e

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rowsShown is the session rows of the list page at path (after login).
func rowsShown(t *testing.T, b *browser, d *demoServer, path string) []string {
	t.Helper()
	b.do(t, chromedp.Navigate(d.URL+path))
	waitAfterNavigation(t, b, `document.querySelector("h1") && location.pathname === "/viewer/"`)
	return eval[[]string](t, b, `Array.from(document.querySelectorAll("tr.session")).map((r) => r.dataset.id)`)
}

// A scripted demo visit with rage and dead clicks: its row shows them, its
// page views and their URLs; the filters by page URL, duration, viewport
// and device class find or exclude it; no typed string reaches a page or
// an answer.
func TestInsightsSessionRowAndFilters(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)
	v := recordDemoVisit(t, d, b)

	code, body := d.api(t, "GET", "/api/sessions/"+v.id, d.admin, "")
	require.Equal(t, 200, code, body)
	var s struct {
		PageViews, Clicks, RageClicks, DeadClicks, Width, Height int
		DurationMs                                               int64
	}
	require.NoError(t, json.Unmarshal([]byte(body), &s))
	t.Logf("insights of the visit: %+v", s)
	assert.Equal(t, 2, s.PageViews, "sign-up, then account")
	assert.GreaterOrEqual(t, s.Clicks, 4, "the checkbox, three on the heading, Create account")
	assert.Equal(t, 1, s.RageClicks, "the three quick clicks on the heading")
	assert.GreaterOrEqual(t, s.DeadClicks, 3, "nothing answered the heading's clicks")
	assert.Greater(t, s.DurationMs, int64(12_000), "the visit idles 11 s on the account page")
	assert.Positive(t, s.Width)

	login(t, b, d, d.admin)
	b.do(t, chromedp.Navigate(d.URL+"/viewer/"))
	waitAfterNavigation(t, b, `document.querySelector("tr.session")`)
	row := eval[map[string]string](t, b, `(() => {
		const r = document.querySelector("tr.session");
		const text = (c) => r.querySelector(c).textContent.trim();
		return { views: text(".page-views"), urls: text(".page-urls"), rage: text("td.rage"), dead: text("td.dead"),
			clicks: text("td.clicks"), viewport: text("td.viewport"), duration: text("td.duration") };
	})()`)
	assert.Equal(t, "2", row["views"])
	assert.Contains(t, row["urls"], "/demo/signup.html", "the URLs are in the row, not only a tooltip")
	assert.Contains(t, row["urls"], "/demo/account.html")
	assert.Equal(t, "1", row["rage"])
	assert.NotEqual(t, "0", row["dead"])
	assert.Regexp(t, `^\d+×\d+$`, row["viewport"])

	for _, c := range []struct {
		query string
		found bool
	}{
		{"page=signup", true},
		{"page=" + url.QueryEscape("/demo/account.html"), true},
		{"page=checkout-zq9x", false},
		{"minDuration=5", true},
		{"maxDuration=3", false},
		{"minDuration=5&maxDuration=600", true},
		{"rage=1&dead=1", true},
		{"errors=1", true},
		{"device=mobile", false},
		{"device=tablet", false},
		{"minWidth=100", true},
		{"maxWidth=100", false},
	} {
		got := rowsShown(t, b, d, "/viewer/?"+c.query)
		if c.found {
			assert.Equal(t, []string{v.id}, got, c.query)
		} else {
			assert.Empty(t, got, c.query)
		}
		html := eval[string](t, b, `document.documentElement.outerHTML`)
		for _, secret := range viewerSecrets {
			assert.NotContains(t, html, secret, c.query)
		}
	}
	for _, path := range []string{"/api/sessions?app=demo", "/api/sessions?app=demo&page=signup&rage=1", "/api/sessions/" + v.id} {
		code, body := d.api(t, "GET", path, d.admin, "")
		require.Equal(t, 200, code, body)
		for _, secret := range viewerSecrets {
			assert.NotContains(t, body, secret, path)
		}
	}
}

// The heatmap of the sign-up page over a playback-masked snapshot: the
// heading's three clicks aggregate on one element; once the playback rules
// hide the interactions of the form, nothing of it is counted.
func TestInsightsHeatmap(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)
	recordDemoVisit(t, d, b)
	login(t, b, d, d.admin)

	openHeatmap := func() []map[string]string {
		t.Helper()
		b.do(t, chromedp.Navigate(d.URL+"/viewer/heatmap?app=demo"))
		waitAfterNavigation(t, b, `document.querySelector(".heat-pages a")`)
		href := eval[string](t, b, `Array.from(document.querySelectorAll(".heat-pages a")).find((a) => a.textContent.includes("/signup.html")).href`)
		b.do(t, chromedp.Navigate(href))
		waitAfterNavigation(t, b, `document.getElementById("heatmap") && ["ready", "failed"].includes(document.getElementById("heatmap").dataset.state)`)
		require.Equal(t, "ready", eval[string](t, b, `document.getElementById("heatmap").dataset.state`),
			eval[string](t, b, `document.getElementById("status").textContent`))
		page := eval[string](t, b, `document.documentElement.outerHTML + veilHeatmap.replayer.iframe.contentDocument.documentElement.outerHTML`)
		for _, secret := range viewerSecrets {
			assert.NotContains(t, page, secret)
		}
		return eval[[]map[string]string](t, b, `Array.from(document.querySelectorAll(".heat-box")).map((e) => ({path: e.dataset.path, clicks: e.dataset.clicks}))`)
	}
	inForm := func(boxes []map[string]string) (n int) {
		for _, x := range boxes {
			if strings.Contains(x["path"], ">form") {
				n++
			}
		}
		return n
	}

	boxes := openHeatmap()
	t.Logf("cells drawn: %v", boxes)
	heading := func(boxes []map[string]string) map[string]string {
		for _, x := range boxes {
			if strings.HasSuffix(x["path"], ">h2:nth-of-type(1)") {
				return x
			}
		}
		return nil
	}
	require.NotNil(t, heading(boxes), "the heading is drawn over the snapshot")
	assert.Equal(t, "3", heading(boxes)["clicks"], "three clicks, one element")
	assert.Positive(t, inForm(boxes), "the newsletter box was clicked")

	// the playback rules now hide the form's interactions
	settings := `{"recorder":{"application":"demo","endpoint":"/veil/ingest","recording":{"mode":"allow-list",
		"allow":["header","nav","h1","h2","h3","label","button","footer",".public"],"mask":[".pii"],
		"block":[".support-chat"],"hideInteractions":[".support-chat"]}},
		"playback":{"mode":"allow-list","allow":["header","nav","h1","h2","label","button"],"mask":[".pii",".price"],
		"block":[".support-chat",".order-history"],"hideInteractions":[".support-chat","form"]},"retentionDays":7}`
	code, body := d.api(t, "PUT", "/api/apps/demo/settings", d.admin, settings)
	require.Equal(t, 200, code, body)
	boxes = openHeatmap()
	require.NotNil(t, heading(boxes))
	assert.Equal(t, "3", heading(boxes)["clicks"])
	assert.Zero(t, inForm(boxes), "nothing from a hideInteractions area: %v", boxes)
	assert.Zero(t, eval[int](t, b, `Array.from(document.querySelectorAll("tr.cell")).filter((r) => r.dataset.path.includes(">form")).length`))
}
