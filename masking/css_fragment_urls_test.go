package masking_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// url(#id) in CSS names the id of an element the page defines (a gradient,
// a clip path): it comes out as that element's id does, so the reference
// still resolves in the replay, instead of url("").
func TestCSSFragmentURLsFollowTheirID(t *testing.T) {
	const defs = `<svg class="pub"><defs><linearGradient id="grad1"></linearGradient></defs><rect class="pub" style="mask: url(#grad1)"/></svg>`
	for _, style := range []string{
		`<style>.pub { fill: url(#grad1) }</style>`,
		`<style>.pub { fill: url("#grad1") }</style>`,
		`<style>.pub { clip-path: url( '#grad1' ) }</style>`,
	} {
		for _, mode := range []string{`{}`, `{"mode":"allow-list","allow":[".pub","style"]}`} {
			t.Run(mode+" "+style, func(t *testing.T) {
				set, err := compileRules([]byte(mode))
				if err != nil {
					t.Fatal(err)
				}
				page := `<!DOCTYPE html><html><head>` + style + `</head><body>` + defs + `</body></html>`
				batch, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", 1700000000000)
				if err != nil {
					t.Fatal(err)
				}
				events, err := masking.NewSession(set).Write(batch)
				if err != nil {
					t.Fatal(err)
				}
				got := snapshotHTML(t, events)
				m := regexp.MustCompile(`linearGradient id="([^"]+)"`).FindStringSubmatch(got)
				if m == nil {
					t.Fatalf("no gradient id:\n%s", got)
				}
				if n := strings.Count(got, "url(#"+m[1]+")"); n != 2 {
					t.Errorf("url(#%s) %d times, want 2 (the sheet and the style attribute):\n%s", m[1], n, got)
				}
			})
		}
	}
}
