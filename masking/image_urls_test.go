package masking_test

import (
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// A masked image URL is dropped, as <img src> is: "*****" would be fetched
// by the replay as a path relative to the recorded page.
func TestMaskedImageURLsAreDropped(t *testing.T) {
	for _, page := range []string{
		`<input type="image" src="https://cdn.example/go.png" alt="Go">`,
		`<svg><image href="https://cdn.example/pic.png" width="10" height="10"/></svg>`,
		`<svg><image xlink:href="https://cdn.example/pic.png"/></svg>`,
		`<svg><filter><feImage href="https://cdn.example/pic.png"/></filter></svg>`,
		`<img src="https://cdn.example/me.png">`,
	} {
		for _, mode := range []string{`{}`, `{"mode":"allow-list","allow":["p"]}`} {
			t.Run(mode+" "+page, func(t *testing.T) {
				set, err := compileRules([]byte(mode))
				if err != nil {
					t.Fatal(err)
				}
				batch, err := capture.FromHTML(strings.NewReader(`<!DOCTYPE html><html><head></head><body>`+page+`</body></html>`), "https://shop.example/", 1700000000000)
				if err != nil {
					t.Fatal(err)
				}
				events, err := masking.NewSession(set).Write(batch)
				if err != nil {
					t.Fatal(err)
				}
				got := snapshotHTML(t, events)
				if strings.Contains(got, "cdn.example") || strings.Contains(got, `src="*****"`) || strings.Contains(got, `href="*****"`) {
					t.Errorf("the image's URL is kept or masked in place:\n%s", got)
				}
			})
		}
	}
}
