//go:build !js && screenshots

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestInsightsHeatmapScreenshot writes the README's picture of the click
// heatmap of the demo's sign-up page, from a scripted demo visit, at
// 1366x900:
//
//	go test -tags screenshots -run TestInsightsHeatmapScreenshot ./e2e
func TestInsightsHeatmapScreenshot(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)
	recordDemoVisit(t, d, b)
	login(t, b, d, d.admin)
	b.do(t, chromedp.EmulateViewport(1366, 900))
	b.do(t, chromedp.Navigate(d.URL+"/viewer/heatmap?app=demo"))
	waitAfterNavigation(t, b, `document.querySelector(".heat-pages a")`)
	href := eval[string](t, b, `Array.from(document.querySelectorAll(".heat-pages a")).find((a) => a.textContent.includes("/signup.html")).href`)
	b.do(t, chromedp.Navigate(href))
	waitAfterNavigation(t, b, `document.getElementById("heatmap") && document.getElementById("heatmap").dataset.state === "ready"`)
	time.Sleep(300 * time.Millisecond) // the fit's frame
	shoot(t, b, "viewer-heatmap.png")
}
