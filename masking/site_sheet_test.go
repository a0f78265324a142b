package masking_test

import (
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// A linked sheet's selectors keep the tokens they name in clear only when
// the sheet came over http(s): a blob: or data: sheet is written by the
// page's script, as a <style> is, and names no structural token, however
// its href is spelled, and neither is a sheet the recorder marked edited.
// A relative or http(s) href still does.
func TestSiteSheetOnlyFromHTTP(t *testing.T) {
	set, err := compileRules([]byte(`{"mode":"mask-all"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		href string
		kept bool
	}{
		// an http(s) sheet the recorder saw a script edit
		{`/site.css" DATA-VEIL-SHEET-EDITED="`, false},
		{"blob:https://shop.example/6f1c", false},
		{"BLOB:https://shop.example/6f1c", false},
		{" \tbl\nob:https://shop.example/6f1c", false},
		{"data:text/css,%23user-hannelore-quist{}", false},
		{"javascript:x", false},
		{"", false},
		{"/site.css", true},
		{"site.css", true},
		{"//cdn.example/site.css", true},
		{"HTTPS://shop.example/site.css", true},
	} {
		page := `<!DOCTYPE html><html><head><link rel="stylesheet" href="` + c.href +
			`" _cssText="#user-hannelore-quist{color:red}"></head><body><p id="user-hannelore-quist">Hi</p></body></html>`
		batch, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", 1700000000000)
		if err != nil {
			t.Fatal(err)
		}
		events, err := masking.NewSession(set).Write(batch)
		if err != nil {
			t.Fatal(err)
		}
		out := snapshotHTML(t, events)
		if got := strings.Contains(out, "hannelore"); got != c.kept {
			t.Errorf("href %q: token kept %v, want %v:\n%s", c.href, got, c.kept, out)
		}
	}
}
