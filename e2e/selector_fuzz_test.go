//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Randomized selector semantics: TestSelectorDiff's comparison (the engine's
// rules.Set.Decide on a mirror of the page as Chromium parsed it, against
// querySelectorAll on every tree root) on random pages and random selectors
// built from the same vocabulary, so that they often match. A selector
// either agrees with Chromium on every tree of the page, or is rejected by
// both, or is rejected by the rules for a reason docs/selectors.md lists.
//
// The seed is fixed; VEIL_SELECTOR_FUZZ_SEED and VEIL_SELECTOR_FUZZ_N (the
// number of pages) run other and more cases. A mismatch is reported with
// the selector minimized against the same page, the fragment of the page
// around the elements that differ, and the page written to a file.

const (
	fuzzDefaultSeed  = 20261206
	fuzzDefaultPages = 20
	fuzzSelsPerPage  = 160
)

func TestSelectorFuzzDiff(t *testing.T) {
	seed, pages := uint64(fuzzDefaultSeed), fuzzDefaultPages
	if v := os.Getenv("VEIL_SELECTOR_FUZZ_SEED"); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		require.NoError(t, err, "VEIL_SELECTOR_FUZZ_SEED")
		seed = s
	}
	if v := os.Getenv("VEIL_SELECTOR_FUZZ_N"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "VEIL_SELECTOR_FUZZ_N")
		pages = n
	}
	fragments := documentedRejections(t)

	var mu sync.Mutex
	served := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body, ok := served[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	b := newBrowser(t)

	start := time.Now()
	pairs, agreed, refused, bothThrow, matching, failures := 0, 0, 0, 0, 0, 0
	for p := 0; p < pages; p++ {
		g := &fuzzGen{r: rand.New(rand.NewPCG(seed, uint64(p)))}
		src := g.page()
		sels := make([]*snode, fuzzSelsPerPage)
		for i := range sels {
			sels[i] = g.selectorList(0)
		}
		path := fmt.Sprintf("/fuzz-%d-%d.html", seed, p)
		mu.Lock()
		served[path] = src
		mu.Unlock()
		b.do(t, chromedp.Navigate(srv.URL+path))

		fp := &fuzzPage{t: t, b: b, fragments: fragments}
		texts := make([]string, len(sels))
		for i, s := range sels {
			texts[i] = s.String()
		}
		results := fp.load(texts)
		for i, text := range texts {
			pairs++
			v := fp.judge(text, results[i])
			switch {
			case v.bad == "":
				agreed++
				if v.refused {
					refused++
				}
				if v.throws {
					bothThrow++
				}
				if v.matched {
					matching++
				}
				continue
			}
			failures++
			if failures > 12 {
				continue // enough to read; the count is reported below
			}
			min, mv := fp.minimize(sels[i], v)
			file := filepath.Join(os.TempDir(), fmt.Sprintf("veil-selector-fuzz-%d-%d.html", seed, p))
			_ = os.WriteFile(file, []byte(src), 0o644)
			t.Errorf("seed %d page %d (%s): selector %q\n  minimized: %q\n  %s\n  page: %s", seed, p,
				file, text, min, mv.bad, mv.detail)
		}
	}
	t.Logf("seed %d: %d pages × %d selectors = %d pairs in %v: %d agree (%d match some element, %d refused by the rules as documented, %d rejected by both), %d differ",
		seed, pages, fuzzSelsPerPage, pairs, time.Since(start).Round(time.Millisecond), agreed, matching, refused, bothThrow, failures)
	require.Greater(t, matching, pairs/8, "too few generated selectors match anything: the generator drifted from the pages")
}

// fuzzPage is the page loaded in the browser, with its mirror.
type fuzzPage struct {
	t         *testing.T
	b         *browser
	fragments []string
	d         pageDump
	m         *capture.Mirror
	elements  map[int][]*html.Node
}

// load dumps the page and queries sels on every tree root; it builds the
// mirror on the first call.
func (fp *fuzzPage) load(sels []string) [][][]int {
	selJSON, err := json.Marshal(sels)
	require.NoError(fp.t, err)
	var d pageDump
	require.NoError(fp.t, json.Unmarshal([]byte(eval[string](fp.t, fp.b, selectorDumpJS+"("+string(selJSON)+")")), &d))
	if fp.m == nil {
		fp.d = d
		fp.m = buildMirror(fp.t, &d)
		fp.elements = elementsByTree(fp.m)
	}
	return d.Results
}

type verdict struct {
	bad     string // what differs; "" when the engine agrees
	detail  string // the page fragments around the elements that differ
	refused bool   // the rules reject it, as docs/selectors.md allows
	throws  bool   // both reject it
	matched bool
}

func (fp *fuzzPage) judge(sel string, res [][]int) verdict {
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, Mask: []string{sel}})
	throws := len(res) == 0 || res[0] == nil
	switch {
	case err != nil && throws:
		return verdict{throws: true}
	case err != nil && documented(fp.fragments, err.Error()):
		return verdict{refused: true}
	case err != nil:
		return verdict{bad: "Chromium accepts it; the rules reject it for a reason docs/selectors.md does not list: " + err.Error()}
	case throws:
		return verdict{bad: "Chromium rejects it; the rules accept it"}
	}
	var v verdict
	var bad, detail []string
	for r, rootIdx := range fp.d.Roots {
		rootID := rootIdx + 1
		missing, extra, any := treeDiff(set, fp.elements[rootID], res[r])
		v.matched = v.matched || any
		if len(missing)+len(extra) == 0 {
			continue
		}
		bad = append(bad, fmt.Sprintf("tree %d (%s): engine misses %v (leaks in block-list), engine adds %v (loosens allow-list)",
			rootID, fp.m.Node(rootID).Data, nodePaths(missing), nodePaths(extra)))
		for _, n := range append(missing, extra...) {
			detail = append(detail, fragmentAround(n, missing, extra))
			if len(detail) >= 2 {
				break
			}
		}
	}
	v.bad = strings.Join(bad, "; ")
	v.detail = strings.Join(detail, "\n  page: ")
	return v
}

// minimize shrinks a failing selector step by step while it still fails on
// this page (each round queries all one-step reductions at once).
func (fp *fuzzPage) minimize(s *snode, v verdict) (string, verdict) {
	for round := 0; round < 60; round++ {
		cands := s.reductions()
		if len(cands) == 0 {
			break
		}
		slices.SortStableFunc(cands, func(a, b *snode) int { return len(a.String()) - len(b.String()) })
		texts := make([]string, len(cands))
		for i, c := range cands {
			texts[i] = c.String()
		}
		res := fp.load(texts)
		progress := false
		for i, c := range cands {
			if cv := fp.judge(texts[i], res[i]); cv.bad != "" && badKind(cv.bad) == badKind(v.bad) {
				s, v, progress = c, cv, true
				break
			}
		}
		if !progress {
			break
		}
	}
	return s.String(), v
}

// badKind is what a minimized selector must keep failing with: a
// difference in the elements, or the same kind of disagreement on validity.
func badKind(bad string) string {
	if strings.HasPrefix(bad, "tree ") {
		return "tree"
	}
	k, _, _ := strings.Cut(bad, ":")
	return k
}

// fragmentAround renders the part of the mirror around n: the opening tags
// of its ancestors up to the tree's root, then its parent's content (cut
// short), marking the elements that differ.
func fragmentAround(n *html.Node, missing, extra []*html.Node) string {
	var b strings.Builder
	open := func(n *html.Node) {
		switch n.Type {
		case html.DocumentNode:
			b.WriteString("<#" + strings.TrimPrefix(n.Data, "#") + ">")
			return
		case html.ElementNode:
		default:
			return
		}
		if slices.Contains(missing, n) {
			b.WriteString("⟦MISSED⟧")
		}
		if slices.Contains(extra, n) {
			b.WriteString("⟦ADDED⟧")
		}
		b.WriteString("<")
		if n.Namespace != "" {
			b.WriteString(n.Namespace + ":")
		}
		b.WriteString(n.Data)
		for _, a := range n.Attr {
			fmt.Fprintf(&b, " %s=%q", a.Key, a.Val)
		}
		b.WriteString(">")
	}
	var render func(n *html.Node)
	render = func(n *html.Node) {
		if b.Len() > 2000 {
			return
		}
		switch n.Type {
		case html.TextNode:
			fmt.Fprintf(&b, "%q", n.Data)
			return
		case html.CommentNode:
			b.WriteString("<!--" + n.Data + "-->")
			return
		}
		open(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			render(c)
		}
		if n.Type == html.ElementNode {
			b.WriteString("</" + n.Data + ">")
		}
	}
	var chain []*html.Node
	for a := n.Parent; a != nil; a = a.Parent {
		chain = append(chain, a)
		if a.Type == html.DocumentNode {
			break
		}
	}
	slices.Reverse(chain)
	for _, a := range chain[:len(chain)-1] {
		open(a)
		b.WriteString(" ")
	}
	render(chain[len(chain)-1])
	return b.String()
}

// snode is a generated selector as a tree, so that a failing one can be
// minimized by dropping parts of it.
type snode struct {
	kind  byte // 'l' list, 'c' complex, 'p' compound, 'f' functional pseudo (pre list post), 't' text
	text  string
	pre   string // 'f': ":is(" …; 'c': the leading combinator of a relative selector
	post  string
	kids  []*snode
	combs []string // 'c': combs[i] joins kids[i] and kids[i+1]
	alt   *snode   // a simpler form with (mostly) the same meaning
}

func (n *snode) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *snode) write(b *strings.Builder) {
	switch n.kind {
	case 't':
		b.WriteString(n.text)
	case 'l':
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(n.text) // the separator
			}
			k.write(b)
		}
	case 'c':
		b.WriteString(n.pre)
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(n.combs[i-1])
			}
			k.write(b)
		}
	case 'p':
		for _, k := range n.kids {
			k.write(b)
		}
	case 'f':
		b.WriteString(n.pre)
		for _, k := range n.kids {
			k.write(b)
		}
		b.WriteString(n.post)
	}
}

func (n *snode) clone() *snode {
	c := *n
	c.kids = slices.Clone(n.kids)
	c.combs = slices.Clone(n.combs)
	return &c
}

// reductions returns the selectors one step simpler than n.
func (n *snode) reductions() []*snode {
	var out []*snode
	if n.alt != nil {
		out = append(out, n.alt)
	}
	minKids := 1
	if n.kind == 'f' {
		minKids = len(n.kids) // the argument itself is reduced inside
	}
	if len(n.kids) > minKids && n.kind != 'f' {
		for j := range n.kids {
			c := n.clone()
			c.kids = slices.Delete(c.kids, j, j+1)
			if n.kind == 'c' {
				cj := j - 1
				if j == 0 {
					cj = 0
				}
				c.combs = slices.Delete(c.combs, cj, cj+1)
			}
			out = append(out, c)
		}
	}
	if n.kind == 'c' {
		for j, cb := range n.combs {
			if t := strings.TrimSpace(cb); t != cb {
				if t == "" {
					t = " "
				}
				c := n.clone()
				c.combs[j] = t
				out = append(out, c)
			}
		}
	}
	for j, k := range n.kids {
		for _, r := range k.reductions() {
			c := n.clone()
			c.kids[j] = r
			out = append(out, c)
		}
	}
	return out
}

func text(s string) *snode { return &snode{kind: 't', text: s} }

// fuzzGen generates pages and selectors from one shared vocabulary.
type fuzzGen struct {
	r      *rand.Rand
	inHas  bool
	b      strings.Builder
	budget int
}

var (
	fzClasses  = []string{"a", "A", "b", "a-b", "é", "x1", "-x", "_y", "B", "\ufffd", "\ufffda"}
	fzIDs      = []string{"x", "X", "y1", "é", "a-b", "z", "1a"}
	fzAttrs    = []string{"title", "data-x", "data-Y", "lang", "dir", "name", "value", "type", "rel", "hreflang", "align", "href", "placeholder", "checked", "disabled", "required", "readonly", "selected", "multiple", "target", "accept", "foo", "Foo-Bar", "aria-label", "role", "for", "media", "contenteditable", "hidden", "open", "xml:lang", "xlink:href"}
	fzSVGAttrs = []string{"viewBox", "preserveAspectRatio", "xlink:href", "href", "xml:lang", "lang", "fill", "textLength", "clipPathUnits", "gradientUnits", "stdDeviation", "type", "dir", "xmlns:xlink", "tabindex"}
	fzMathAttr = []string{"definitionURL", "mathvariant", "dir", "xml:lang", "lang", "href", "encoding", "displaystyle"}
	fzValues   = []string{"", "a", "A", "a b", "a-b", "A-B", "b a", "en", "en-US", "EN-us", "en-", "de", "de-DE", "fr", "rtl", "ltr", "auto", "x\"y", "it's", "é", "É", "ß", "-", " a", "a ", "a\tb", "1", "text", "TEXT", "password", "checkbox", "radio", "http://h/p", "#x", "ab", "aB", "bc", "abc", "a_b", "\u00a0", "x y z", "_", "\\"}
	fzTags     = []string{"div", "span", "p", "a", "ul", "li", "section", "b", "em", "label", "form", "fieldset", "legend", "input", "button", "select", "option", "optgroup", "textarea", "output", "details", "summary", "img", "br", "area", "map", "x-el", "my-Thing", "h1", "dialog", "table", "td", "slot", "template", "main", "link"}
	fzSVGTags  = []string{"g", "rect", "circle", "text", "a", "foreignObject", "linearGradient", "clipPath", "title", "desc", "feGaussianBlur", "textPath", "use", "span", "div"}
	fzMathTags = []string{"mrow", "mi", "mo", "mn", "mtext", "annotation-xml", "semantics", "mglyph", "div", "a"}
	fzInput    = []string{"text", "TEXT", "checkbox", "Checkbox", "radio", "password", "hidden", "submit", "number", "email", " text", "bogus", "", "image", "reset", "range", "color"}
)

func (g *fuzzGen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *fuzzGen) chance(p float64) bool     { return g.r.Float64() < p }

// randCase writes s with the case of its ASCII letters changed at random.
func (g *fuzzGen) randCase(s string) string {
	if !g.chance(0.3) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if g.chance(0.5) {
			switch {
			case c >= 'a' && c <= 'z':
				b[i] = c - 32
			case c >= 'A' && c <= 'Z':
				b[i] = c + 32
			}
		}
	}
	return string(b)
}

// ---- pages ----

func (g *fuzzGen) page() string {
	g.b.Reset()
	g.budget = 90 + g.r.IntN(60)
	g.b.WriteString(g.pick([]string{"<!DOCTYPE html>", "<!DOCTYPE html>", "<!doctype HTML>", "",
		`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">`,
		`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">`,
		`<!DOCTYPE html SYSTEM "about:legacy-compat">`}))
	g.b.WriteString("\n<html")
	if g.chance(0.5) {
		g.attr("lang", g.pick([]string{"en", "de", "EN-gb", "", "fr-CA"}))
	}
	g.b.WriteString("><head>")
	if g.chance(0.25) {
		g.b.WriteString(`<meta http-equiv="content-language" content="` + g.pick([]string{"de", "en-US", "fr", "de, fr", " en", "", "EN"}) + `">`)
	}
	g.b.WriteString("<title>fuzz</title></head><body")
	g.attrs(nil, 2)
	g.b.WriteString(">")
	for g.budget > 0 {
		g.htmlNode(0)
	}
	// What only a script makes: empty text nodes, an HTML element with an
	// upper-case local name, an attribute name with upper case on an HTML
	// element, an attribute in the XLink namespace on an HTML element.
	g.b.WriteString(`<script>
for (const e of document.querySelectorAll('[data-empty-text]')) e.append('')
for (const e of document.querySelectorAll('[data-script]')) {
	const v = e.getAttribute('data-script')
	if (v === 'upper') e.append(document.createElementNS('http://www.w3.org/1999/xhtml', 'DIV'), document.createElementNS('http://www.w3.org/1999/xhtml', 'Span'))
	if (v === 'attr') e.setAttributeNS(null, 'Data-X', 'a')
	if (v === 'xlink') e.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', 'a')
	if (v === 'svg') e.append(document.createElementNS('http://www.w3.org/2000/svg', 'rect'), document.createElementNS('http://www.w3.org/2000/svg', 'foreignobject'))
}
</script></body></html>`)
	return g.b.String()
}

func (g *fuzzGen) attr(name, value string) {
	g.b.WriteString(" " + g.randCase(name))
	if value == "" && g.chance(0.3) {
		return
	}
	esc := strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(value)
	switch {
	case value != "" && !strings.ContainsAny(value, " \t\n\"'=<>`&") && g.chance(0.3):
		g.b.WriteString("=" + value)
	case !strings.Contains(value, "'") && g.chance(0.3):
		g.b.WriteString("='" + strings.ReplaceAll(value, "&", "&amp;") + "'")
	default:
		g.b.WriteString(`="` + esc + `"`)
	}
}

// attrs writes up to max random attributes from names (HTML's if nil).
func (g *fuzzGen) attrs(names []string, max int) {
	if names == nil {
		names = fzAttrs
	}
	seen := map[string]bool{}
	for i := g.r.IntN(max + 1); i > 0; i-- {
		var name, value string
		switch g.r.IntN(6) {
		case 0:
			name, value = "class", g.classList()
		case 1:
			name, value = "id", g.pick(fzIDs)
		default:
			name, value = g.pick(names), g.pick(fzValues)
		}
		if seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		g.attr(name, value)
	}
}

func (g *fuzzGen) classList() string {
	var parts []string
	for i := g.r.IntN(3) + 1; i > 0; i-- {
		parts = append(parts, g.pick(fzClasses))
	}
	return strings.Join(parts, g.pick([]string{" ", "  ", "\t", " \n"}))
}

func (g *fuzzGen) textNode() {
	switch g.r.IntN(6) {
	case 0:
		g.b.WriteString("<!--c-->")
	case 1:
		g.b.WriteString(" ")
	case 2:
		g.b.WriteString("\n  ")
	default:
		g.b.WriteString(g.pick([]string{"t", "x y", "é", "&amp;"}))
	}
}

func (g *fuzzGen) children(depth int, each func(int)) {
	if depth > 5 {
		return
	}
	for i := g.r.IntN(4); i > 0 && g.budget > 0; i-- {
		if g.chance(0.25) {
			g.textNode()
			continue
		}
		each(depth + 1)
	}
}

func (g *fuzzGen) htmlNode(depth int) {
	g.budget--
	switch x := g.r.IntN(40); {
	case x == 0 && depth < 4:
		g.svg(depth)
		return
	case x == 1 && depth < 4:
		g.math(depth)
		return
	case x == 2:
		g.control()
		return
	case x == 3 && depth < 3:
		g.shadowHost(depth)
		return
	case x == 4 && depth < 2 && g.chance(0.5):
		g.iframe()
		return
	case x == 5:
		g.selectBox()
		return
	}
	tag := g.pick(fzTags)
	g.b.WriteString("<" + g.randCase(tag))
	g.attrs(nil, 3)
	if g.chance(0.05) {
		g.b.WriteString(" data-empty-text")
	}
	if g.chance(0.04) && tag != "template" { // a template's children are not recorded
		// not xml:lang in the XML namespace on an HTML element: :lang()
		// reads it in Chromium, and the recorder sends it as the parser's
		// plain xml:lang, which no browser reads (docs/selectors.md, known
		// differences)
		g.b.WriteString(" data-script=" + g.pick([]string{"upper", "attr", "xlink", "svg"}))
	}
	g.b.WriteString(">")
	switch tag {
	case "input", "img", "br", "area", "link":
		return
	}
	g.children(depth, g.htmlNode)
	g.b.WriteString("</" + g.randCase(tag) + ">")
}

func (g *fuzzGen) control() {
	switch g.r.IntN(4) {
	case 0, 1:
		g.b.WriteString("<input")
		if g.chance(0.8) {
			g.attr("type", g.pick(fzInput))
		}
	case 2:
		g.b.WriteString("<button")
	case 3:
		g.b.WriteString("<textarea")
	}
	for _, a := range []string{"checked", "disabled", "required", "readonly", "placeholder", "value", "name", "multiple"} {
		if g.chance(0.25) {
			g.attr(a, g.pick([]string{"", "", a, "x", "A"}))
		}
	}
	g.attrs(nil, 1)
	g.b.WriteString(">")
}

func (g *fuzzGen) selectBox() {
	fieldset := g.chance(0.3)
	if fieldset {
		g.b.WriteString("<fieldset")
		if g.chance(0.6) {
			g.b.WriteString(" disabled")
		}
		g.b.WriteString("><legend><input class=a></legend><legend><button></button></legend>")
	}
	g.b.WriteString("<select")
	if g.chance(0.3) {
		g.b.WriteString(" disabled")
	}
	if g.chance(0.3) {
		g.b.WriteString(" multiple")
	}
	g.attrs(nil, 1)
	g.b.WriteString(">")
	for i := g.r.IntN(4); i >= 0; i-- {
		if g.chance(0.3) {
			g.b.WriteString("<optgroup")
			if g.chance(0.4) {
				g.b.WriteString(" disabled")
			}
			g.b.WriteString("><option>o</option><option selected>s</option></optgroup>")
			continue
		}
		g.b.WriteString("<option")
		if g.chance(0.3) {
			g.b.WriteString(" selected")
		}
		if g.chance(0.2) {
			g.b.WriteString(" disabled")
		}
		g.attrs(nil, 1)
		g.b.WriteString(">o</option>")
	}
	g.b.WriteString("</select>")
	if g.chance(0.4) {
		g.control()
	}
	if fieldset {
		g.b.WriteString("</fieldset>")
	}
}

func (g *fuzzGen) svg(depth int) {
	g.b.WriteString("<" + g.randCase("svg"))
	g.attrs(fzSVGAttrs, 2)
	g.b.WriteString(">")
	var node func(int)
	node = func(d int) {
		g.budget--
		tag := g.pick(fzSVGTags)
		g.b.WriteString("<" + g.randCase(tag))
		g.attrs(fzSVGAttrs, 3)
		g.b.WriteString(">")
		if tag == "foreignObject" {
			g.children(d, g.htmlNode)
		} else {
			if g.chance(0.15) { // foreign content keeps CDATA sections
				g.b.WriteString(g.pick([]string{"<![CDATA[]]>", "<![CDATA[x]]>", "<![CDATA[ ]]>"}))
			}
			g.children(d, node)
		}
		g.b.WriteString("</" + g.randCase(tag) + ">")
	}
	g.children(depth, node)
	g.b.WriteString("</svg>")
}

func (g *fuzzGen) math(depth int) {
	g.b.WriteString("<math")
	g.attrs(fzMathAttr, 2)
	g.b.WriteString(">")
	var node func(int)
	node = func(d int) {
		g.budget--
		tag := g.pick(fzMathTags)
		g.b.WriteString("<" + g.randCase(tag))
		if tag == "annotation-xml" && g.chance(0.7) {
			g.attr("encoding", g.pick([]string{"text/html", "application/xhtml+xml", "TEXT/HTML"}))
		}
		g.attrs(fzMathAttr, 2)
		g.b.WriteString(">")
		if tag == "annotation-xml" || tag == "mtext" {
			g.children(d, g.htmlNode)
		} else {
			g.children(d, node)
		}
		g.b.WriteString("</" + g.randCase(tag) + ">")
	}
	g.children(depth, node)
	g.b.WriteString("</math>")
}

func (g *fuzzGen) shadowHost(depth int) {
	tag := g.pick([]string{"div", "span", "section", "x-host", "p"})
	g.b.WriteString("<" + tag)
	g.attrs(nil, 2)
	g.b.WriteString("><template shadowrootmode=" + g.pick([]string{"open", "open", "closed", "OPEN"}) + ">")
	if g.chance(0.4) {
		g.b.WriteString("<slot></slot>")
	}
	g.children(depth, g.htmlNode)
	g.b.WriteString("</template>")
	g.children(depth, g.htmlNode)
	g.b.WriteString("</" + tag + ">")
}

func (g *fuzzGen) iframe() {
	outer := g.b.String()
	g.b.Reset()
	if g.chance(0.3) {
		g.b.WriteString("<!DOCTYPE html>")
	}
	g.b.WriteString("<p class=a>i</p>")
	g.children(2, g.htmlNode)
	inner := g.b.String()
	g.b.Reset()
	g.b.WriteString(outer)
	if g.chance(0.2) { // about:blank: a quirks-mode document of its own
		g.b.WriteString(`<iframe class="A a"></iframe>`)
		return
	}
	g.b.WriteString(`<iframe srcdoc="` + strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(inner) + `"`)
	g.attrs(nil, 1)
	g.b.WriteString("></iframe>")
}

// ---- selectors ----

// ident writes s as a CSS identifier, escaping what must be and, at random,
// what need not be (\31 , \000041, \-); alt is the plainest spelling.
func (g *fuzzGen) ident(s string) *snode {
	plain := cssIdent(s, nil)
	if !g.chance(0.15) {
		return text(plain)
	}
	t := text(cssIdent(s, g))
	if t.text != plain {
		t.alt = text(plain)
	}
	return t
}

func cssIdent(s string, g *fuzzGen) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		must := !(r >= 0x80 || r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
			i == 0 && r >= '0' && r <= '9' || i == 1 && runes[0] == '-' && r >= '0' && r <= '9' ||
			len(runes) == 1 && r == '-'
		if !must && (g == nil || !g.chance(0.3)) {
			b.WriteRune(r)
			continue
		}
		isHexRune := r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F')
		if !isHexRune && r != ' ' && r != '\t' && r != '\n' && (g == nil || g.chance(0.5)) {
			b.WriteString(`\` + string(r))
			continue
		}
		h := strconv.FormatInt(int64(r), 16)
		if g != nil && g.chance(0.5) {
			h = strings.Repeat("0", 6-len(h)) + h
			if g.chance(0.5) {
				h = strings.ToUpper(h)
			}
		}
		b.WriteString(`\` + h)
		next := rune(0)
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		nextHex := next < 0x80 && (next >= '0' && next <= '9' || next >= 'a' && next <= 'f' || next >= 'A' && next <= 'F')
		if len(h) < 6 && (nextHex || next == ' ' || next == '\t' || next == '\n') || g != nil && g.chance(0.4) {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// str writes s as a CSS string.
func (g *fuzzGen) str(s string) *snode {
	q := `"`
	if g.chance(0.3) {
		q = "'"
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case string(r) == q || r == '\\' || r == '\n':
			fmt.Fprintf(&b, `\%x `, r)
		case r != ' ' && g.chance(0.02):
			fmt.Fprintf(&b, `\%06x`, r)
		case g.chance(0.01):
			b.WriteString("\\\n")
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	plain := strconv.Quote(s)
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\\\n") {
		return text(b.String())
	}
	t := text(b.String())
	if t.text != plain {
		t.alt = text(plain)
	}
	return t
}

func (g *fuzzGen) ws() string {
	switch g.r.IntN(12) {
	case 10:
		return "\f"
	case 11:
		return "\r\n"
	case 0:
		return "\t"
	case 1:
		return "\n "
	case 2:
		return "  "
	case 3:
		if g.chance(0.03) {
			return "/**/"
		}
	}
	return " "
}

func (g *fuzzGen) selectorList(depth int) *snode {
	n := &snode{kind: 'l', text: ","}
	if g.chance(0.5) {
		n.text = ", "
	}
	for i := 1 + g.weighted(0.75, 0.2); i > 0; i-- {
		n.kids = append(n.kids, g.complex(depth, ""))
	}
	return n
}

// weighted returns 0 with probability p0, 1 with p1, else 2.
func (g *fuzzGen) weighted(p0, p1 float64) int {
	x := g.r.Float64()
	switch {
	case x < p0:
		return 0
	case x < p0+p1:
		return 1
	}
	return 2
}

func (g *fuzzGen) complex(depth int, lead string) *snode {
	n := &snode{kind: 'c', pre: lead}
	parts := 1 + g.weighted(0.45, 0.35)
	if depth > 0 {
		parts = 1 + g.weighted(0.7, 0.25)
	}
	for i := 0; i < parts; i++ {
		if i > 0 {
			comb := g.pick([]string{" ", ">", "+", "~", " "})
			switch {
			case comb == " ":
				comb = g.ws()
				if comb == "/**/" {
					comb = " /**/ "
				}
			case g.chance(0.5):
				comb = g.ws() + comb + g.ws()
			}
			n.combs = append(n.combs, comb)
		}
		if i == 0 && parts > 1 && depth == 0 && g.chance(0.06) {
			n.kids = append(n.kids, g.hostish())
			continue
		}
		n.kids = append(n.kids, g.compound(depth))
	}
	return n
}

// hostish is a compound made of :has() that may match a shadow host (the
// featureless parent of a shadow tree's top-level elements).
func (g *fuzzGen) hostish() *snode {
	x := g.pick([]string{"p", "i", "span", ".a", "> div", "+ b", "[id]"})
	form := g.pick([]string{":has(%s)", ":not(:has(%s))", ":is(:has(%s), .a)", ":not(:has(%s), .x)", ":where(:not(:has(%s)))",
		":not(:has(%s)):has(*)", ":has(%s):not(.q)", ":not(:has(%s), :not(.x))", ":is(:not(:has(%s)))"})
	return text(fmt.Sprintf(form, x))
}

func (g *fuzzGen) compound(depth int) *snode {
	n := &snode{kind: 'p'}
	typed := g.chance(0.5)
	if typed {
		var tag string
		switch g.r.IntN(10) {
		case 0:
			tag = g.pick(fzSVGTags)
		case 1:
			tag = g.pick(fzMathTags)
		default:
			tag = g.pick(fzTags)
		}
		t := g.ident(g.randCase(tag))
		switch g.r.IntN(40) {
		case 0, 1, 2:
			t = text("*")
		case 3, 4:
			t = &snode{kind: 'p', kids: []*snode{text("*|"), t}, alt: t}
		case 5:
			t = text("*|*")
		case 6:
			t = text(g.pick([]string{"|", "svg|", "html|"}) + t.text)
		}
		n.kids = append(n.kids, t)
	}
	simple := g.weighted(0.2, 0.55)
	if depth > 0 {
		simple = g.weighted(0.3, 0.6)
	}
	if !typed && simple == 0 {
		simple = 1
	}
	for i := 0; i < simple; i++ {
		n.kids = append(n.kids, g.simple(depth))
	}
	return n
}

func (g *fuzzGen) simple(depth int) *snode {
	switch x := g.r.IntN(20); {
	case x < 3:
		if g.chance(0.05) {
			return text(g.pick([]string{".a\x00", ".\x00a", "#x\x00", `.\0 `, `.\d800`, `.\110000`, `.\fffd`, `.a\`, `#\0`, `.\0 a`}))
		}
		return &snode{kind: 'p', kids: []*snode{text("."), g.ident(g.randCase(g.pick(fzClasses)))}}
	case x < 5:
		return &snode{kind: 'p', kids: []*snode{text("#"), g.ident(g.randCase(g.pick(fzIDs)))}}
	case x < 10:
		return g.attrSel()
	}
	return g.pseudo(depth)
}

func (g *fuzzGen) attrSel() *snode {
	var name string
	switch g.r.IntN(4) {
	case 0:
		name = g.pick(fzSVGAttrs)
	case 1:
		name = g.pick([]string{"class", "id"})
	default:
		name = g.pick(fzAttrs)
	}
	if strings.Contains(name, ":") && !g.chance(0.1) {
		name = "title" // names with a colon are rejected (docs/selectors.md)
	}
	nm := g.ident(g.randCase(name))
	if strings.Contains(name, ":") {
		nm = text(strings.Replace(g.randCase(name), ":", `\:`, 1))
	}
	sp := func() string {
		if g.chance(0.2) {
			return g.ws()
		}
		return ""
	}
	n := &snode{kind: 'p', kids: []*snode{text("[" + sp()), nm}}
	bare := &snode{kind: 'p', kids: []*snode{text("["), nm, text("]")}}
	if g.chance(0.2) {
		n.kids = append(n.kids, text(sp()+"]"))
		return n
	}
	op := g.pick([]string{"=", "~=", "|=", "^=", "$=", "*=", "="})
	if g.chance(0.02) {
		op = g.pick([]string{"!=", "#="})
	}
	var v string
	switch g.r.IntN(5) {
	case 0:
		v = g.pick(fzClasses)
	case 1:
		v = g.pick(fzIDs)
	default:
		v = g.pick(fzValues)
	}
	v = g.randCase(v)
	var val *snode
	if v != "" && cssIdent(v, nil) == v && !(v[0] >= '0' && v[0] <= '9') && v != "-" && g.chance(0.5) {
		val = g.ident(v)
	} else {
		val = g.str(v)
	}
	n.kids = append(n.kids, text(sp()+op+sp()), val)
	flag := ""
	switch g.r.IntN(20) {
	case 0, 1, 2, 3:
		flag = " i"
	case 4:
		flag = " I"
	case 5:
		flag = g.pick([]string{" s", " S", "i"})
	}
	if flag != "" {
		n.kids = append(n.kids, text(flag))
	}
	n.kids = append(n.kids, text(sp()+"]"))
	n.alt = bare
	return n
}

func (g *fuzzGen) anb() string {
	if g.chance(0.15) {
		return g.randCase(g.pick([]string{"odd", "even"}))
	}
	a := g.pick([]string{"", "n", "-n", "+n", "2n", "-2n", "+2n", "0n", "2N", "3n", "-1n", "1n"})
	if g.chance(0.03) {
		return g.pick([]string{"2147483648n+1", "-99999999999", "99999999999n", "n+2147483647", "-2147483649n+3", "1000000000000"})
	}
	if a == "" {
		return g.pick([]string{"1", "2", "3", "+1", "-1", "0", "+0", "5"})
	}
	if g.chance(0.35) {
		return a
	}
	b := g.pick([]string{"1", "2", "3", "0"})
	sign := g.pick([]string{"+", "-"})
	return a + g.pick([]string{sign + b, sign + " " + b, " " + sign + b, " " + sign + " " + b})
}

func (g *fuzzGen) pseudo(depth int) *snode {
	name := func(s string) string { return ":" + g.randCase(s) }
	x := g.r.IntN(100)
	switch {
	case x < 22:
		return text(name(g.pick([]string{"first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type", "empty", "root", "any-link", "enabled", "disabled"})))
	case x < 24:
		// live state and other kinds the rules refuse
		return text(name(g.pick([]string{"scope", "checked", "required", "optional", "read-only", "read-write", "placeholder-shown", "default", "indeterminate", "link", "defined", "target", "focus", "hover", "dir(ltr)", "host", "before", ":before", "-webkit-any(a)", "state(x)", "popover-open", "autofill", "valid"})))
	case x < 30:
		return text(name("lang") + "(" + g.ident(g.pick([]string{"en", "de", "EN", "fr", "en-US", "e", "*-US", "x"})).text + ")")
	case x < 46:
		fn := g.pick([]string{"nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type"})
		arg := g.anb()
		n := &snode{kind: 'f', pre: name(fn) + "(" + g.pick([]string{"", "", " "}) + arg, post: g.pick([]string{")", ")", " )"})}
		if depth < 2 && !strings.Contains(fn, "type") && g.chance(0.4) {
			n.kids = []*snode{text(" " + g.pick([]string{"of", "of", "OF", "Of"}) + " "), g.selectorList(depth + 1)}
			n.alt = &snode{kind: 'f', pre: n.pre, post: n.post}
		}
		return n
	}
	if depth >= 2 {
		return text(name("first-child"))
	}
	fn := g.pick([]string{"not", "is", "where", "has", "not", "is", "has"})
	if fn == "has" && g.inHas && !g.chance(0.05) {
		fn = "is"
	}
	n := &snode{kind: 'f', pre: name(fn) + "(" + g.pick([]string{"", "", " "}), post: g.pick([]string{")", ")", " )"})}
	if fn == "has" {
		g.inHas = true
		l := &snode{kind: 'l', text: ", "}
		for i := 1 + g.weighted(0.7, 0.3); i > 0; i-- {
			lead := g.pick([]string{"", "> ", ">", "+ ", "~ ", ""})
			l.kids = append(l.kids, g.complex(depth+1, lead))
		}
		n.kids = []*snode{l}
		g.inHas = false
		return n
	}
	n.kids = []*snode{g.selectorList(depth + 1)}
	if fn != "not" && g.chance(0.05) {
		n.kids = nil // :is() and :where() may be empty
	}
	return n
}
