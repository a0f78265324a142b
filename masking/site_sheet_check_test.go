package masking_test

import (
	"html"
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// sheetURL is the URL the recorder says it inlined a sheet from.
const sheetURL = "https://shop.example/site.css"

// A session that checks sheets (the browser's engine) keeps the names of a
// linked sheet in clear only when the sheet's text as its server sent it
// (fetched again by the worker) names them too: a page script may have
// inserted or rewritten rules through the CSSOM before the recorder loaded,
// which nothing in the DOM shows. The names are compared as the masker's
// tokenizer reads them, so comments, whitespace, escapes and the CSSOM's
// way of writing a rule make no difference, but a name only in a comment or
// a string of the source is no name it holds.
func TestSiteSheetCheckedAgainstSource(t *testing.T) {
	set, err := compileRules([]byte(`{"mode":"mask-all"}`))
	if err != nil {
		t.Fatal(err)
	}
	const byID = `<p id="user-hannelore-quist">Hi</p>`
	for _, c := range []struct {
		name   string
		source string // "" with fetched false: no answer; "!": the fetch failed
		css    string // what the recorder inlined from the CSSOM
		body   string
		kept   bool
	}{
		{"same rules", `#user-hannelore-quist { color: red }`, `#user-hannelore-quist { color: red; }`, byID, true},
		{"rule inserted", `.site-one { color: navy }`, `#user-hannelore-quist { color: olive; }.site-one { color: navy; }`, byID, false},
		{"selector renamed", `.site-one { color: navy } .site-two { color: purple }`, `.site-one { color: navy; }.site-two, .hannelore-quist { color: purple; }`, `<p class="hannelore-quist">Hi</p>`, false},
		{"rule replaced", `.site-one { color: navy }`, `.hannelore-quist { color: teal; }`, `<p class="hannelore-quist">Hi</p>`, false},
		{"escaped in the source", `#\75 ser-hannelore\-quist{color:red}`, `#user-hannelore-quist { color: red; }`, byID, true},
		{"comments and whitespace dropped", "/* site */\n#user-hannelore-quist\n\t{ color : red /* x */ }\n", `#user-hannelore-quist { color: red; }`, byID, true},
		{"in the source's comment only", `/* #user-hannelore-quist */ .site-one{color:red}`, `#user-hannelore-quist { color: red; }.site-one { color: red; }`, byID, false},
		{"in the source's string only", `.site-one{content:"#user-hannelore-quist"}`, `#user-hannelore-quist { color: red; }.site-one { content: "x"; }`, byID, false},
		{"in @media of the source", `@media screen { #user-hannelore-quist { color: red } }`, `@media screen { #user-hannelore-quist { color: red; } }`, byID, true},
		{"inserted into @media", `@media screen { .site-one { color: red } }`, `@media screen { .site-one { color: red; } #user-hannelore-quist { color: red; } }`, byID, false},
		{"inserted into @supports", `@supports (display: grid) { .site-one { color: red } }`, `@supports (display: grid) { .site-one { color: red; } #user-hannelore-quist { color: red; } }`, byID, false},
		{"inserted into a nested rule", `.site-one { color: red; & .site-two { color: blue } }`, `.site-one { color: red; & .site-two { color: blue; } & #user-hannelore-quist { color: blue; } }`, byID, false},
		{"in a nested rule of the source", `.site-one { & #user-hannelore-quist { color: blue } }`, `.site-one { & #user-hannelore-quist { color: blue; } }`, byID, true},
		{"attribute selector value added", `[class~=site-one] { color: red }`, `[class~="site-one"] { color: red; }[class~="hannelore-quist"] { color: red; }`, `<p class="hannelore-quist">Hi</p>`, false},
		{"custom element added", `x-card { display: block }`, `x-card { display: block; }x-hannelore-quist { display: block; }`, `<x-hannelore-quist>Hi</x-hannelore-quist>`, false},
		{"not checked yet", "", `#user-hannelore-quist { color: red; }`, byID, false},
		{"fetch failed", "!", `#user-hannelore-quist { color: red; }`, byID, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := masking.NewSession(set)
			s.CheckSheets()
			switch c.source {
			case "":
			case "!":
				s.SheetSource(sheetURL, "", false)
			default:
				s.SheetSource(sheetURL, c.source, true)
			}
			out := maskLinkedSheet(t, s, ` data-veil-sheet-url="`+sheetURL+`"`, c.css, c.body)
			if got := strings.Contains(out, "hannelore"); got != c.kept {
				t.Errorf("token kept %v, want %v:\n%s", got, c.kept, out)
			}
			if strings.Contains(out, "data-veil-sheet-url") {
				t.Errorf("the recorder's URL attribute was recorded:\n%s", out)
			}
		})
	}
}

// The URL the recorder names must be one the worker checked: none or
// another URL does not count, and a second answer for a
// URL does not replace the first. A session that checks no sheets (a
// preview, playback) trusts a linked sheet as before.
func TestSiteSheetCheckNeedsTheURL(t *testing.T) {
	set, err := compileRules([]byte(`{"mode":"mask-all"}`))
	if err != nil {
		t.Fatal(err)
	}
	const css = `#user-hannelore-quist { color: red; }`
	const body = `<p id="user-hannelore-quist">Hi</p>`
	for _, c := range []struct {
		name  string
		attrs string
		check bool
		kept  bool
	}{
		{"checked URL", ` data-veil-sheet-url="` + sheetURL + `"`, true, true},
		{"no URL", ``, true, false},
		{"another URL", ` data-veil-sheet-url="https://shop.example/other.css"`, true, false},
		{"refuted later", ` data-veil-sheet-url="` + sheetURL + `" data-later`, true, false},
		{"session checks no sheets", ``, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := masking.NewSession(set)
			if c.check {
				s.CheckSheets()
				src := css
				if strings.Contains(c.attrs, "data-later") {
					src = ".site-one{}"
				}
				s.SheetSource(sheetURL, src, true)
				s.SheetSource(sheetURL, css, true) // the first answer stands
				s.SheetSource("https://shop.example/other.css", "", false)
			}
			out := maskLinkedSheet(t, s, c.attrs, css, body)
			if got := strings.Contains(out, "hannelore"); got != c.kept {
				t.Errorf("token kept %v, want %v:\n%s", got, c.kept, out)
			}
		})
	}
}

// maskLinkedSheet masks a page whose one <link> has attributes attrs and
// the inlined text css, and body, and returns the snapshot's HTML.
func maskLinkedSheet(t *testing.T, s *masking.Session, attrs, css, body string) string {
	t.Helper()
	page := `<!DOCTYPE html><html><head><link rel="stylesheet" href="/site.css"` + attrs +
		` _cssText="` + html.EscapeString(css) + `"></head><body>` + body + `</body></html>`
	batch, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", 1700000000000)
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.Write(batch)
	if err != nil {
		t.Fatal(err)
	}
	return snapshotHTML(t, events)
}
