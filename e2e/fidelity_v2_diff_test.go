//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fidelityDiffBase is a small measure that each case of
// TestFidelityV2DiffRules changes in one way.
func fidelityDiffBase() fidelityMeasure {
	var m fidelityMeasure
	m.Boxes = []fidelityBox{{Path: "body/div[0]", X: 10, Y: 20, W: 30, H: 40}, {Path: "body/svg[1]/use[0]", X: 1, Y: 2, W: 16, H: 16}}
	m.Uses = []fidelityUse{{Path: "body/svg[1]/use[0]", Href: "#i-star", Resolved: true}}
	m.Geometry = []fidelityGeometry{{Path: "body/svg[1]", Attrs: map[string]string{"viewBox": "0 0 24 24"}},
		{Path: "body/svg[1]/rect[1]", Attrs: map[string]string{"fill": "url(#i-star)"}}}
	m.Probes = []fidelityProbe{{ID: "font-probe", Path: "body/p[2]", Family: `"Veil Test Font", monospace`, Width: 80}}
	m.Faces = []fidelityFace{{Family: fidelityFontFamily, Status: "loaded"}, {Family: "Unused", Status: "unloaded"}}
	m.Viewport.W, m.Viewport.H = 1280, 800
	return m
}

// The comparison itself: a replay equal to the page, or within the
// tolerance, passes; each kind of difference is reported, naming what
// differs.
func TestFidelityV2DiffRules(t *testing.T) {
	cases := []struct {
		name   string
		change func(m *fidelityMeasure)
		want   string // in the one line of the difference; "" for none
	}{
		{name: "identical", change: func(*fidelityMeasure) {}},
		{name: "box-moved-2px", change: func(m *fidelityMeasure) { m.Boxes[0].X += 2 }},
		{name: "box-shrunk-2px", change: func(m *fidelityMeasure) { m.Boxes[0].W -= 2 }},
		{name: "box-moved-2.1px", change: func(m *fidelityMeasure) { m.Boxes[0].Y += 2.1 }, want: "box body/div[0]: original"},
		{name: "box-grown-3px", change: func(m *fidelityMeasure) { m.Boxes[1].H += 3 }, want: "box body/svg[1]/use[0]: original"},
		{name: "box-missing", change: func(m *fidelityMeasure) { m.Boxes = m.Boxes[1:] }, want: "box body/div[0]: missing"},
		{name: "box-extra", change: func(m *fidelityMeasure) {
			m.Boxes = append(m.Boxes, fidelityBox{Path: "body/p[2]"})
		}, want: "box body/p[2]: in the replay only"},
		{name: "use-missing", change: func(m *fidelityMeasure) { m.Uses = nil }, want: "use body/svg[1]/use[0]: missing"},
		{name: "use-href-changed", change: func(m *fidelityMeasure) { m.Uses[0].Href = "#i-bell" }, want: `href "#i-bell"`},
		{name: "use-unresolved", change: func(m *fidelityMeasure) { m.Uses[0].Resolved = false }, want: "names no symbol"},
		{name: "geometry-changed", change: func(m *fidelityMeasure) {
			m.Geometry[0].Attrs = map[string]string{"viewBox": "*****"}
		}, want: `viewBox="*****"`},
		{name: "geometry-dropped", change: func(m *fidelityMeasure) { m.Geometry[0].Attrs = map[string]string{} }, want: `viewBox=""`},
		{name: "svg-missing", change: func(m *fidelityMeasure) { m.Geometry = m.Geometry[1:] }, want: "svg body/svg[1]: missing"},
		{name: "probe-family-changed", change: func(m *fidelityMeasure) { m.Probes[0].Family = "monospace" }, want: "probe #font-probe family"},
		{name: "probe-wider", change: func(m *fidelityMeasure) { m.Probes[0].Width = 96 }, want: "probe #font-probe 96.0 px wide"},
		{name: "probe-missing", change: func(m *fidelityMeasure) { m.Probes = nil }, want: "probe #font-probe missing"},
		{name: "face-error", change: func(m *fidelityMeasure) { m.Faces[0].Status = "error" }, want: `face "Veil Test Font" is "error"`},
		{name: "face-absent", change: func(m *fidelityMeasure) { m.Faces = m.Faces[1:] }, want: `face "Veil Test Font" is ""`},
		// A face the page never used need not load in the replay.
		{name: "unused-face-absent", change: func(m *fidelityMeasure) { m.Faces = m.Faces[:1] }},
		// Veil's placeholders for ids and font families, one to one
		{name: "renamed", change: func(m *fidelityMeasure) { rename(m, "hnslsqnnfqchnpslh") }},
		{name: "renamed-two-ways", change: func(m *fidelityMeasure) {
			rename(m, "hnslsqnnfqchnpslh")
			m.Geometry[1].Attrs["fill"] = "url(#hcccccccccccccccc)" // i-star is hnslsqnnfqchnpslh in the <use>
		}, want: `fill="url(#hcccccccccccccccc)"`},
		{name: "viewport-narrower", change: func(m *fidelityMeasure) { m.Viewport.W = 1024 }, want: "viewport: 1024x800"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			replay := fidelityDiffBase()
			c.change(&replay)
			diffs := fidelityDiff(fidelityDiffBase(), replay)
			if c.want == "" {
				assert.Empty(t, diffs)
				return
			}
			if assert.Len(t, diffs, 1, strings.Join(diffs, "\n")) {
				assert.Contains(t, diffs[0], c.want)
			}
		})
	}
}

// rename writes m's names as Veil's placeholders would be: star for the
// icon's id, and one placeholder per word of the font family and probe id.
func rename(m *fidelityMeasure, star string) {
	m.Uses[0].Href = "#" + star
	m.Probes[0].ID = "hdddddddddddddddd"
	m.Probes[0].Family = `"hffffffffffffffff hgggggggggggggggg hhhhhhhhhhhhhhhhh", monospace`
	m.Faces[0].Family = "hffffffffffffffff hgggggggggggggggg hhhhhhhhhhhhhhhhh"
	m.Geometry[1].Attrs["fill"] = "url(#" + star + ")"
}

// Two families of as many words, one lost in the replay: the probe's
// family says which placeholder stands for which, whatever order the faces
// come in.
func TestFidelityV2DiffRenamedFaces(t *testing.T) {
	original := fidelityDiffBase()
	original.Faces = append([]fidelityFace{{Family: "Veil Late Font", Status: "loaded"}}, original.Faces...)
	replay := fidelityDiffBase()
	rename(&replay, "hnslsqnnfqchnpslh")
	diffs := fidelityDiff(original, replay)
	if assert.Len(t, diffs, 1, strings.Join(diffs, "\n")) {
		assert.Contains(t, diffs[0], `face "Veil Late Font" is ""`)
	}
}

// A custom element whose name is a placeholder is the same box, under its
// placeholder in every path below it; another placeholder for it is not.
func TestFidelityV2DiffRenamedElements(t *testing.T) {
	original := fidelityDiffBase()
	original.Boxes = append(original.Boxes, fidelityBox{Path: "body/fid-late[5]"}, fidelityBox{Path: "body/fid-late[5]/span[0]"})
	replay := fidelityDiffBase()
	replay.Boxes = append(replay.Boxes, fidelityBox{Path: "body/x-hcccccccccccccccc[5]"}, fidelityBox{Path: "body/x-hcccccccccccccccc[5]/span[0]"})
	assert.Empty(t, fidelityDiff(original, replay))
	replay.Boxes[len(replay.Boxes)-1].Path = "body/x-hdddddddddddddddd[5]/span[0]"
	assert.NotEmpty(t, fidelityDiff(original, replay), "two placeholders for one name")
}
