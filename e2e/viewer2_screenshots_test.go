//go:build !js && screenshots

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestViewer2Screenshots writes the README's pictures of the viewer, from
// a scripted demo visit, at 1366x900:
//
//	go test -tags screenshots -run TestViewer2Screenshots ./e2e
func TestViewer2Screenshots(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)
	v := recordDemoVisit(t, d, b)
	login(t, b, d, d.admin)
	b.do(t, chromedp.EmulateViewport(1366, 900))

	b.do(t, chromedp.Navigate(d.URL+"/viewer/"))
	waitAfterNavigation(t, b, `document.querySelector("tr.session")`)
	shoot(t, b, "viewer-sessions.png")

	openReplay(t, b, d, v.id, "")
	eval[bool](t, b, `(veilViewer.seek(veilViewer.total), document.getElementById("overlay").click(), true)`)
	b.waitFor(t, `Number(document.getElementById("replay").dataset.blocked) > 0`)
	time.Sleep(300 * time.Millisecond) // the overlay's frame
	shoot(t, b, "viewer-replay.png")
}

func shoot(t *testing.T, b *browser, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join("..", "docs", name), png, 0o644))
}
