//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fidelityFont is the web font of the fidelity page, served at
// /fidelity/font.ttf. It comes with fonts-liberation, which Debian's
// chromium-common recommends (apt installs it with chromium unless told not
// to); without it the test fails, naming the package. Its asterisk is
// half an em wide, the monospace fallback's is 0.6 em: a replay that lost
// the face draws the same masked text measurably wider.
const fidelityFont = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"

// newFidelitySite is newIframeSite (a recorder, a collector, rrweb's
// Replayer in /replay/replay.html) with the fidelity pages under
// /fidelity/ and the web font at /fidelity/font.ttf.
func newFidelitySite(t *testing.T, config string) *site {
	t.Helper()
	if _, err := os.Stat(fidelityFont); err != nil {
		t.Fatalf("the fidelity test's web font is missing (apt-get install -y fonts-liberation): %v", err)
	}
	s := newIframeSite(t, config)
	s.Handle("/fidelity/", http.StripPrefix("/fidelity/", http.FileServer(http.Dir(filepath.Join("testdata", "fidelity")))))
	s.Handle("/fidelity/font.ttf", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "font/ttf")
		http.ServeFile(w, r, fidelityFont)
	}))
	return s
}

// replayMeasured replays events in rrweb's Replayer, in the same browser
// and viewport as the recording, and measures the replayed document.
func replayMeasured(t *testing.T, b *browser, s *site, events []rrEvent) fidelityMeasure {
	t.Helper()
	payload, err := json.Marshal(events)
	require.NoError(t, err)
	b.do(t, chromedp.Navigate(s.URL+"/replay/replay.html"))
	b.waitFor(t, `typeof window.rrweb === "object" && typeof window.replay === "function"`)
	require.True(t, eval[bool](t, b, `replay(`+string(payload)+`)`))
	return eval[fidelityMeasure](t, b, `(`+measureJS+`)(window.replayedDocument)`)
}

// fidelityPage is the page of the fidelity test, under /fidelity/.
const fidelityPage = "fidelity_v2.html"

// recordFidelityPage records the fidelity page under mask-all at a fresh
// site, runs action ("" for none) once the full snapshot has reached the
// collector, and waits until every marker is there too. It returns the
// site, the page's measures at that point, and the events collected.
func recordFidelityPage(t *testing.T, b *browser, action string, markers ...string) (*site, fidelityMeasure, []rrEvent) {
	t.Helper()
	s := newFidelitySite(t, maskAll)
	b.do(t, chromedp.Navigate(s.URL+"/fidelity/"+fidelityPage))
	b.waitFor(t, `document.readyState === "complete" && window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	if action != "" {
		require.True(t, eval[bool](t, b, action))
	}
	eventually(t, fmt.Sprint(markers, " at the collector"), func() bool {
		eval[bool](t, b, `veil.flush().then(() => true)`)
		all := s.All()
		return !slices.ContainsFunc(markers, func(m string) bool { return !strings.Contains(all, m) })
	})
	original := eval[fidelityMeasure](t, b, `(`+measureJS+`)(document)`)

	// The page is what the comparison needs it to be.
	require.Equal(t, "loaded", original.faceStatus(fidelityFontFamily), "the web font on the original page: %+v", original.Faces)
	probe, ok := original.probe("font-probe")
	require.True(t, ok, "the font probe")
	fallback, ok := original.probe("fallback-probe")
	require.True(t, ok, "the fallback probe")
	require.Greater(t, math.Abs(probe.Width-fallback.Width), 4*boxTolerance,
		"the web font and its fallback draw the probe at different widths")
	require.GreaterOrEqual(t, len(original.Uses), 8, "<use> elements on the page")
	for _, u := range original.Uses {
		require.True(t, u.Resolved, "use %s (%s) on the original page", u.Path, u.Href)
	}
	slotted := 0
	for _, bx := range original.Boxes {
		if slottedPath.MatchString(bx.Path) {
			slotted++
		}
	}
	require.GreaterOrEqual(t, slotted, 3, "light-DOM children of a shadow host with a box to compare")
	require.Greater(t, len(original.Boxes), 40, "text-free elements")

	all := s.All()
	for _, secret := range []string{"Jane", "Doe", "Dashboard", "notes", "jane"} {
		require.NotContains(t, all, secret, "page text sent under mask-all")
	}
	// In recording order: batches travel in parallel and may arrive in any
	// order, and the replay page plays up to the last event's time.
	events := eventsInSeqOrder(t, s)
	require.NotEmpty(t, events)
	return s, original, events
}

// assertReplayFaithful replays events and compares the replay with the
// page's measures.
func assertReplayFaithful(t *testing.T, b *browser, s *site, original fidelityMeasure, events []rrEvent) {
	t.Helper()
	warned := b.countConsole("[replayer]")
	replay := replayMeasured(t, b, s, events)
	assert.Equal(t, warned, b.countConsole("[replayer]"), "rrweb's Replayer warned about the events")
	assert.Empty(t, fidelityDiff(original, replay), "replay differs from the page")
	assert.Len(t, replay.Boxes, len(original.Boxes), "text-free elements in the replay")
}

// Issue 14: under mask-all (the default), a page with an SVG icon sprite,
// an inline SVG chart, a web font, a shadow root with named slots and a
// legacy table layout replays in rrweb's Replayer with the same icons,
// chart shapes, font and layout. Each sabotaged recording, with one kind
// of structural value masked after the fact, must make the comparison
// fail: that is what shows it can.
func TestFidelityV2MaskAllKeepsStructure(t *testing.T) {
	b := newBrowser(t)
	s, original, events := recordFidelityPage(t, b, "")

	t.Run("as-recorded", func(t *testing.T) {
		assertReplayFaithful(t, b, s, original, events)
	})

	// Paths below are those of fidelity_v2.html: the first icon's <use>,
	// the chart's area and line, the icon slotted into the card's title,
	// the table's first cell.
	const (
		firstIcon = "box body/div[2]/svg[0]/use[0]:"
		area      = "box body/svg[3]/g[1]/path[0]:"
		line      = "box body/svg[3]/g[1]/polyline[1]:"
		titleIcon = "box body/fid-card[4]/svg[0]:"
		firstCell = "box body/table[5]/tbody[0]/tr[0]/td[0]:"
	)
	sabotage := []struct {
		name string
		edit func(v any) any // applied to the decoded events
		want []string        // each in one line of the difference
	}{
		{name: "viewBox-masked", edit: maskAttributes("viewBox"), want: []string{firstIcon, area, `viewBox="*****"`}},
		{name: "d-masked", edit: maskAttributes("d"), want: []string{firstIcon, area, `d="*****"`}},
		{name: "points-and-transform-masked", edit: maskAttributes("points", "transform"),
			want: []string{line, area, `points="*****"`, `transform="*****"`}},
		{name: "use-href-masked", edit: maskAttributes("href", "xlink:href"), want: []string{firstIcon, `href "*****"`}},
		{name: "slot-masked", edit: maskAttributes("slot"), want: []string{titleIcon}},
		{name: "table-width-masked", edit: maskAttributes("width", "cellpadding"), want: []string{firstCell}},
		{name: "font-src-masked", edit: replaceInStrings("/fidelity/font.ttf", ""),
			want: []string{`face "` + fidelityFontFamily + `" is "error"`, "probe #font-probe 96"}},
		// The family masked where it is used, kept in @font-face.
		{name: "font-family-masked", edit: replaceInStringsRe(`font-family: "(h[bcdfghjklmnpqrst]{16} ?)+", monospace`, `font-family: "**** **** ****", monospace`),
			want: []string{`face "` + fidelityFontFamily + `" is "unloaded"`, "probe #font-probe family"}},
	}
	for _, c := range sabotage {
		t.Run(c.name, func(t *testing.T) {
			replay := replayMeasured(t, b, s, editEvents(t, events, c.edit))
			diffs := fidelityDiff(original, replay)
			require.NotEmpty(t, diffs, "a replay of the sabotaged recording passed the comparison")
			for _, want := range c.want {
				assert.True(t, slices.ContainsFunc(diffs, func(d string) bool { return strings.Contains(d, want) }),
					"no difference mentions %q:\n%s", want, strings.Join(diffs, "\n"))
			}
		})
	}
}

// The same page changed after the full snapshot: what the mutation path
// and the CSSOM hooks send must keep the structure as the snapshot does.
// Replays without the incremental events show that the comparison sees
// the changes.
func TestFidelityV2MaskAllKeepsMutatedStructure(t *testing.T) {
	b := newBrowser(t)
	// "0 0 10 20" is the viewBox of the symbol added (its id is a placeholder
	// under mask-all), "71px" in the rule inserted last, the @font-face rule
	// the one inserted first.
	s, original, events := recordFidelityPage(t, b, "mutateAll()", `"viewBox":"0 0 10 20"`, "71px", `"rule":"@font-face`)
	require.Equal(t, "loaded", original.faceStatus("Veil Late Font"), "the font face inserted through the CSSOM")
	_, ok := original.probe("late-probe")
	require.True(t, ok, "the probe added late")

	t.Run("as-recorded", func(t *testing.T) {
		assertReplayFaithful(t, b, s, original, events)
	})
	cases := []struct {
		name string
		drop func(source int) bool // which incremental sources to leave out
		want []string
	}{
		{name: "mutations-dropped", drop: func(src int) bool { return src == srcMutation },
			want: []string{"/fid-late[", "probe #late-probe missing", `d="M0 360 L0 240`}},
		{name: "style-rules-dropped", drop: func(src int) bool { return src == srcStyleSheetRule },
			want: []string{"/tr[0]/td[0]/div[0]: original", `face "Veil Late Font" is`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var kept []rrEvent
			for _, e := range events {
				var d incremental
				if e.Type == evIncremental {
					require.NoError(t, json.Unmarshal(e.Data, &d))
					if c.drop(d.Source) {
						continue
					}
				}
				kept = append(kept, e)
			}
			require.Less(t, len(kept), len(events), "events left out")
			diffs := fidelityDiff(original, replayMeasured(t, b, s, kept))
			for _, want := range c.want {
				assert.True(t, slices.ContainsFunc(diffs, func(d string) bool { return strings.Contains(d, want) }),
					"no difference mentions %q:\n%s", want, strings.Join(diffs, "\n"))
			}
		})
	}
}

// rrweb's incremental sources that the mutated-page test leaves out.
const (
	srcMutation       = 0
	srcStyleSheetRule = 8
)

// editEvents returns a copy of events with edit applied to each decoded
// event.
func editEvents(t *testing.T, events []rrEvent, edit func(v any) any) []rrEvent {
	t.Helper()
	raw, err := json.Marshal(events)
	require.NoError(t, err)
	var decoded []any
	require.NoError(t, json.Unmarshal(raw, &decoded))
	for i := range decoded {
		decoded[i] = edit(decoded[i])
	}
	raw, err = json.Marshal(decoded)
	require.NoError(t, err)
	var out []rrEvent
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

// maskAttributes returns an edit that sets the named attributes to "*****"
// wherever an "attributes" object carries them: in the snapshot's nodes,
// in added nodes and in attribute mutations.
func maskAttributes(names ...string) func(v any) any {
	var edit func(v any) any
	edit = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if attrs, ok := child.(map[string]any); ok && k == "attributes" {
					for _, name := range names {
						if _, ok := attrs[name]; ok {
							attrs[name] = "*****"
						}
					}
				}
				v[k] = edit(child)
			}
		case []any:
			for i := range v {
				v[i] = edit(v[i])
			}
		}
		return v
	}
	return edit
}

// replaceInStrings returns an edit that replaces old by with in every
// string value.
func replaceInStrings(old, with string) func(v any) any {
	return editStrings(func(s string) string { return strings.ReplaceAll(s, old, with) })
}

// replaceInStringsRe is replaceInStrings for what a regular expression
// matches: names Veil wrote as placeholders.
func replaceInStringsRe(expr, with string) func(v any) any {
	re := regexp.MustCompile(expr)
	return editStrings(func(s string) string { return re.ReplaceAllLiteralString(s, with) })
}

// editStrings returns an edit of a decoded JSON value that applies f to
// every string value in it, in place.
func editStrings(f func(string) string) func(v any) any {
	var edit func(v any) any
	edit = func(v any) any {
		switch v := v.(type) {
		case string:
			return f(v)
		case map[string]any:
			for k, child := range v {
				v[k] = edit(child)
			}
		case []any:
			for i := range v {
				v[i] = edit(v[i])
			}
		}
		return v
	}
	return edit
}
