//go:build !js

package e2e

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// What the fidelity test of issue 14 measures in a document, and how a
// replay's measures are compared with the page's.

// fidelityFontFamily is the family the page's first @font-face declares.
const fidelityFontFamily = "Veil Test Font"

// measureJS measures what the fidelity test compares in a document, once
// its fonts have settled. A node is named by its path: tag and index among
// the element siblings that Veil records (scripts and the other never-
// recorded elements are skipped, so the paths of a page and of its replay
// agree), "#shadow" for an open shadow root.
//
//   - boxes: getBoundingClientRect of every element whose composed subtree
//     (light children, and its shadow root's children) holds no non-blank
//     text node; the text of <style> is CSS, not page text. Rects are taken
//     inside the document's own viewport, so the replay iframe's offset in
//     its page and any CSS scale on it do not enter.
//   - uses: every <use>, its reference (href, else xlink:href) and whether
//     that reference names a <symbol> in the use's tree scope.
//   - geometry: the geometry and paint attributes of every SVG element.
//   - probes: the computed family and width of every element with an id,
//     and its path (Veil hashes ids no style sheet names: a replay's probe
//     is found by its path); the page's probes are those whose id ends in
//     "-probe": text of asterisks only, which masking leaves as it is,
//     drawn in a web font or in its fallback.
//   - faces: the family and status of each font face.
//   - viewport: the size of the document's layout viewport.
const measureJS = `async (doc) => {
	const SVG = 'http://www.w3.org/2000/svg';
	const XLINK = 'http://www.w3.org/1999/xlink';
	const unrecorded = new Set(['script', 'noscript', 'template', 'title', 'style']);
	const geometry = ['d', 'points', 'transform', 'viewBox', 'preserveAspectRatio', 'cx', 'cy', 'r',
		'x', 'y', 'width', 'height', 'x1', 'y1', 'x2', 'y2', 'offset', 'stop-color', 'stop-opacity',
		'fill', 'stroke', 'stroke-width', 'text-anchor', 'clip-path', 'marker-end', 'refX', 'refY',
		'markerWidth', 'markerHeight', 'orient'];
	doc.body.getBoundingClientRect(); // lay out, so that used faces start loading
	await doc.fonts.ready;
	for (let i = 0; i < 60 && [...doc.fonts].some(f => f.status === 'loading'); i++) {
		await new Promise(r => setTimeout(r, 50));
	}
	const out = { boxes: [], uses: [], geometry: [], probes: [], faces: [], viewport: {} };
	const memo = new Map();
	const holdsText = (el) => {
		if (memo.has(el)) return memo.get(el);
		const kids = [...el.childNodes, ...(el.shadowRoot ? el.shadowRoot.childNodes : [])];
		const found = kids.some(c => c.nodeType === 3 ? c.data.trim() !== '' :
			c.nodeType === 1 && !unrecorded.has(c.localName) && holdsText(c));
		memo.set(el, found);
		return found;
	};
	const walk = (parent, path) => {
		let i = 0;
		for (const c of parent.childNodes) {
			if (c.nodeType !== 1 || unrecorded.has(c.localName)) continue;
			const p = path + '/' + c.localName + '[' + (i++) + ']';
			const r = c.getBoundingClientRect();
			if (!holdsText(c)) out.boxes.push({ path: p, x: r.x, y: r.y, w: r.width, h: r.height });
			if (c.localName === 'use') {
				const href = c.getAttribute('href') ?? c.getAttributeNS(XLINK, 'href') ?? '';
				const target = href.startsWith('#') ? c.getRootNode().getElementById(href.slice(1)) : null;
				out.uses.push({ path: p, href, resolved: !!target && target.localName === 'symbol' });
			}
			if (c.namespaceURI === SVG) {
				const attrs = {};
				for (const a of geometry) if (c.hasAttribute(a)) attrs[a] = c.getAttribute(a);
				out.geometry.push({ path: p, attrs });
			}
			if (c.id) {
				out.probes.push({ id: c.id, path: p, family: doc.defaultView.getComputedStyle(c).fontFamily, width: r.width });
			}
			walk(c, p);
			if (c.shadowRoot) walk(c.shadowRoot, p + '/#shadow');
		}
	};
	walk(doc.body, 'body');
	out.viewport = { w: doc.documentElement.clientWidth, h: doc.documentElement.clientHeight };
	out.faces = [...doc.fonts].map(f => ({ family: f.family.replace(/^["']|["']$/g, ''), status: f.status }));
	return out;
}`

type fidelityBox struct {
	Path string  `json:"path"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
}

type fidelityUse struct {
	Path     string `json:"path"`
	Href     string `json:"href"`
	Resolved bool   `json:"resolved"`
}

type fidelityGeometry struct {
	Path  string            `json:"path"`
	Attrs map[string]string `json:"attrs"`
}

type fidelityProbe struct {
	ID     string  `json:"id"`
	Path   string  `json:"path"`
	Family string  `json:"family"`
	Width  float64 `json:"width"`
}

type fidelityFace struct {
	Family string `json:"family"`
	Status string `json:"status"`
}

// fidelityMeasure is what measureJS returns.
type fidelityMeasure struct {
	Boxes    []fidelityBox      `json:"boxes"`
	Uses     []fidelityUse      `json:"uses"`
	Geometry []fidelityGeometry `json:"geometry"`
	Probes   []fidelityProbe    `json:"probes"`
	Faces    []fidelityFace     `json:"faces"`
	Viewport struct {
		W float64 `json:"w"`
		H float64 `json:"h"`
	} `json:"viewport"`
}

// faceStatus is the status of the font face of family, "" if absent.
func (m fidelityMeasure) faceStatus(family string) string {
	for _, f := range m.Faces {
		if f.Family == family {
			return f.Status
		}
	}
	return ""
}

// renamedKey is the key of m that is path, or path with element names
// renamed consistently with names (a custom element's placeholder), and
// whether there is one.
func renamedKey[T any](names *renames, m map[string]T, path string) (string, bool) {
	if _, ok := m[path]; ok {
		return path, true
	}
	for k := range m {
		if placeholderWord.MatchString(k) && names.could(path, k) {
			names.same(path, k)
			return k, true
		}
	}
	return "", false
}

// probe is the probe of the given id, and whether there is one.
func (m fidelityMeasure) probe(id string) (fidelityProbe, bool) {
	for _, p := range m.Probes {
		if p.ID == id {
			return p, true
		}
	}
	return fidelityProbe{}, false
}

// boxTolerance is how far, in CSS pixels, a replayed box may be from the
// original one (issue 14).
const boxTolerance = 2.0

// slottedPath matches the path of a light-DOM child of the page's shadow
// host: what its named and default slots place.
var slottedPath = regexp.MustCompile(`/fid-card\[\d+\]/[a-z]+\[\d+\]$`)

// fidelityDiff lists every way replay differs from original; each line
// names the path of the element. An empty list means the replay has the
// same viewport, the same text-free boxes (within boxTolerance), the same
// <use> references, all resolved, the same SVG geometry, every font face
// loaded on the page loaded in the replay, and the probes drawn in the same
// family at the same width.
//
// Under mask-all Veil writes ids and font families no style sheet names as
// keyed placeholders ("h" + 16 letters a–p), the same for every reference:
// a replayed name matches the page's when it is the same, or when its
// placeholders stand for the page's words one to one (renames).
func fidelityDiff(original, replay fidelityMeasure) []string {
	var diffs []string
	names := renames{}
	if replay.Viewport != original.Viewport {
		diffs = append(diffs, fmt.Sprintf("viewport: %vx%v, original %vx%v",
			replay.Viewport.W, replay.Viewport.H, original.Viewport.W, original.Viewport.H))
	}
	replayed := map[string]fidelityBox{}
	for _, b := range replay.Boxes {
		replayed[b.Path] = b
	}
	for _, o := range original.Boxes {
		key, ok := renamedKey(&names, replayed, o.Path)
		r := replayed[key]
		if !ok {
			diffs = append(diffs, "box "+o.Path+": missing, or holds text, in the replay")
			continue
		}
		delete(replayed, key)
		if math.Abs(o.X-r.X) > boxTolerance || math.Abs(o.Y-r.Y) > boxTolerance ||
			math.Abs(o.W-r.W) > boxTolerance || math.Abs(o.H-r.H) > boxTolerance {
			diffs = append(diffs, fmt.Sprintf("box %s: original (%.1f,%.1f %.1fx%.1f), replay (%.1f,%.1f %.1fx%.1f)",
				o.Path, o.X, o.Y, o.W, o.H, r.X, r.Y, r.W, r.H))
		}
	}
	for _, r := range replay.Boxes {
		if _, extra := replayed[r.Path]; extra {
			diffs = append(diffs, "box "+r.Path+": in the replay only")
		}
	}

	uses := map[string]fidelityUse{}
	for _, u := range replay.Uses {
		uses[u.Path] = u
	}
	for _, o := range original.Uses {
		key, ok := renamedKey(&names, uses, o.Path)
		r := uses[key]
		switch {
		case !ok:
			diffs = append(diffs, "use "+o.Path+": missing in the replay")
		case !names.same(o.Href, r.Href):
			diffs = append(diffs, fmt.Sprintf("use %s: href %q, original %q", o.Path, r.Href, o.Href))
		case !r.Resolved:
			diffs = append(diffs, fmt.Sprintf("use %s: %q names no symbol in the replay", o.Path, r.Href))
		}
	}

	geometry := map[string]map[string]string{}
	for _, g := range replay.Geometry {
		geometry[g.Path] = g.Attrs
	}
	for _, o := range original.Geometry {
		key, ok := renamedKey(&names, geometry, o.Path)
		r := geometry[key]
		if !ok {
			diffs = append(diffs, "svg "+o.Path+": missing in the replay")
			continue
		}
		for name, want := range o.Attrs {
			if got, ok := r[name]; !ok || !names.same(want, got) {
				diffs = append(diffs, fmt.Sprintf("svg %s: %s=%q, original %q", o.Path, name, got, want))
			}
		}
	}

	probes := map[string]fidelityProbe{}
	for _, p := range replay.Probes {
		probes[p.Path] = p
	}
	for _, o := range original.Probes {
		if !strings.HasSuffix(o.ID, "-probe") {
			continue
		}
		key, ok := renamedKey(&names, probes, o.Path)
		r := probes[key]
		switch {
		case !ok || !names.same(o.ID, r.ID):
			diffs = append(diffs, "font: probe #"+o.ID+" missing in the replay")
		case !names.same(o.Family, r.Family):
			diffs = append(diffs, fmt.Sprintf("font: probe #%s family %q, original %q", o.ID, r.Family, o.Family))
		case math.Abs(r.Width-o.Width) > boxTolerance:
			diffs = append(diffs, fmt.Sprintf("font: probe #%s %.1f px wide, original %.1f px", o.ID, r.Width, o.Width))
		}
	}
	// After the probes, whose families pair the words of a renamed family
	// with their placeholders: two families may have as many words.
	for _, f := range original.Faces {
		if got := replay.renamedFaceStatus(&names, f.Family); f.Status == "loaded" && got != "loaded" {
			diffs = append(diffs, fmt.Sprintf("font: face %q is %q in the replay", f.Family, got))
		}
	}
	return diffs
}

// renamedFaceStatus is the status of the face whose family is family or
// its renaming ("" if none): a loaded one wins.
func (m fidelityMeasure) renamedFaceStatus(names *renames, family string) string {
	status := ""
	for _, f := range m.Faces {
		if f.Family == family || placeholderWord.MatchString(f.Family) && names.could(family, f.Family) {
			if status = f.Status; status == "loaded" {
				names.same(family, f.Family)
				return status
			}
		}
	}
	return status
}

// placeholderWord is a name placeholder Veil writes for an identifier, a
// font family word or ("x-" first) a custom element's name.
var placeholderWord = regexp.MustCompile(`(x-)?h[bcdfghjklmnpqrst]{16}`)

// renames pairs the page's words with the placeholders a replay shows for
// them, one to one.
type renames struct{ of, back map[string]string }

// same reports whether replayed is original, or original with words
// replaced by placeholders consistently with every earlier pairing.
func (n *renames) same(original, replayed string) bool {
	return n.pair(original, replayed, true)
}

// could is same without recording the pairing.
func (n *renames) could(original, replayed string) bool {
	return n.pair(original, replayed, false)
}

func (n *renames) pair(original, replayed string, record bool) bool {
	if original == replayed {
		return true
	}
	parts := placeholderWord.FindAllStringIndex(replayed, -1)
	if parts == nil {
		return false
	}
	var pattern strings.Builder
	pattern.WriteString("^")
	last := 0
	for _, p := range parts {
		pattern.WriteString(regexp.QuoteMeta(replayed[last:p[0]]) + "(.+?)")
		last = p[1]
	}
	pattern.WriteString(regexp.QuoteMeta(replayed[last:]) + "$")
	m := regexp.MustCompile(pattern.String()).FindStringSubmatch(original)
	if m == nil {
		return false
	}
	if n.of == nil {
		n.of, n.back = map[string]string{}, map[string]string{}
	}
	pending, pendingBack := map[string]string{}, map[string]string{}
	for i, p := range parts {
		// font families match without regard to case: words compare folded
		word, ph := strings.ToLower(m[i+1]), replayed[p[0]:p[1]]
		if w, ok := n.back[ph]; ok && w != word {
			return false
		}
		if q, ok := n.of[word]; ok && q != ph {
			return false
		}
		if q, ok := pending[word]; ok && q != ph {
			return false
		}
		if w, ok := pendingBack[ph]; ok && w != word {
			return false
		}
		pending[word], pendingBack[ph] = ph, word
	}
	if record {
		for word, ph := range pending {
			n.of[word], n.back[ph] = ph, word
		}
	}
	return true
}
