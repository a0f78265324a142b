package masking

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	xhtml "golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// The CSS sweep: a secret-bearing author identifier in every position CSS
// takes one (selectors, at-rule preludes, names a sheet defines and refers
// to, CSS's own words, strings and values), in several shapes, through
// every way CSS reaches the engine (a style attribute, a <style>, an SVG
// <style>, a CSSOM insert), in mask-all, allow-list revealing nothing,
// allow-list revealing the element, and block-list. No secret may come out
// except where the README keeps a position by design (cssSweepKept), and the
// masked CSS must parse to the rules and declarations it parsed to before.

// cssSweepShapes are how a page spells a person's name in CSS: plain, with
// digits, escaped, non-ASCII, dashed.
var cssSweepShapes = []string{"hannelore", "Quist4821", `\68 annelore`, "Łucja", "--jane-doe"}

// cssSweepSecrets are what must not come out of them (lower case, after the
// escapes are undone).
var cssSweepSecrets = []string{"annelore", "quist", "4821", "ucja", "jane"}

// A position's kind says where the README keeps it in clear.
const (
	cssKeptNowhere  = iota // masked in every mode: an unknown element's name, or CSS the browser drops (a word there costs the replay nothing)
	cssKeptBlock           // an author's name or a word of CSS's: kept in block-list only
	cssKeptMarkup          // a name the markup holds (class, id, part, attribute name): kept in block-list, masked node or not, as the markup keeps it
	cssKeptRecorded        // data (strings, values, URLs): kept wherever the node is recorded
	cssKeptDrawn           // text CSS draws: kept wherever the node is recorded, and nowhere else, dashed or not
)

// cssSweepPosition is one place a secret goes: § stands for it. decl: the
// CSS is a declaration, swept in a style attribute as it is and in sheets
// inside a rule.
type cssSweepPosition struct {
	kind int
	css  string
	decl bool
}

// cssAt is a position in a sheet; cssIn one in a declaration.
func cssAt(kind int, css string) cssSweepPosition { return cssSweepPosition{kind, css, false} }
func cssIn(kind int, css string) cssSweepPosition { return cssSweepPosition{kind, css, true} }

var cssSweepPositions = []cssSweepPosition{
	// selectors: class, id, attribute names and values (every operator, flags)
	cssAt(cssKeptMarkup, `.§ {}`), cssAt(cssKeptMarkup, `#§ {}`), cssAt(cssKeptMarkup, `[§] {}`), cssAt(cssKeptMarkup, `[data-§] {}`),
	cssAt(cssKeptBlock, `[class=§] {}`), cssAt(cssKeptBlock, `[class~="§" i] {}`), cssAt(cssKeptBlock, `[class|=§ s] {}`),
	cssAt(cssKeptBlock, `[class^=§] {}`), cssAt(cssKeptBlock, `[id$="§"] {}`), cssAt(cssKeptBlock, `[class*=§ i] {}`),
	cssAt(cssKeptBlock, `[title="§"] {}`), cssAt(cssKeptBlock, `[data-x~=§] {}`),
	// type selectors of elements no table knows: their placeholders everywhere
	cssAt(cssKeptNowhere, `§ {}`), cssAt(cssKeptNowhere, `div > § + p {}`), cssAt(cssKeptNowhere, `::slotted(§) {}`),
	cssAt(cssKeptNowhere, `:host(§) {}`), cssAt(cssKeptNowhere, `:is(§, p) {}`), cssAt(cssKeptNowhere, `li:nth-child(2n of §) {}`),
	cssAt(cssKeptNowhere, `@scope (§) { p {} }`), cssAt(cssKeptNowhere, `p { & § {} }`),
	// pseudo-classes and elements taking names
	cssAt(cssKeptMarkup, `::part(§) {}`), cssAt(cssKeptBlock, `::highlight(§) {}`), cssAt(cssKeptBlock, `:state(§) {}`),
	cssAt(cssKeptMarkup, `:host(.§) {}`), cssAt(cssKeptMarkup, `:host-context(#§) {}`), cssAt(cssKeptBlock, `:lang(§) {}`),
	cssAt(cssKeptMarkup, `li:nth-child(2n of .§) {}`), cssAt(cssKeptMarkup, `:where(#§) {}`), cssAt(cssKeptBlock, `:not([class~=§]) {}`),
	cssAt(cssKeptMarkup, `@scope (.§) to (#§) { p {} }`), cssAt(cssKeptMarkup, `@supports selector(.§) {}`),
	cssAt(cssKeptBlock, `:dir(§) {}`), cssAt(cssKeptBlock, `:§ {}`), cssAt(cssKeptBlock, `::§ {}`), cssAt(cssKeptBlock, `::-webkit-§ {}`),
	// @layer, @container, @page, @property, @counter-style and their references
	cssAt(cssKeptBlock, `@layer §;`), cssAt(cssKeptBlock, `@layer a, §;`), cssAt(cssKeptBlock, `@layer §.x { p {} }`), cssAt(cssKeptBlock, `@layer x.§ { p {} }`),
	cssAt(cssKeptBlock, `@import url(x.css) layer(§);`), cssAt(cssKeptBlock, `@import url(x.css) layer(§) supports(display: §) screen and (§);`),
	cssAt(cssKeptBlock, `@container § (min-width: 1px) { p {} }`), cssAt(cssKeptBlock, `@container (§: 1px) { p {} }`),
	cssAt(cssKeptBlock, `@container style(--§: 1) { p {} }`), cssAt(cssKeptRecorded, `@container style(--x: §) { p {} }`),
	cssIn(cssKeptBlock, `container-name: §`), cssIn(cssKeptBlock, `container: § / inline-size`),
	cssAt(cssKeptBlock, `@page § { margin: 0 }`), cssAt(cssKeptBlock, `@page :§ { margin: 0 }`), cssIn(cssKeptBlock, `page: §`),
	cssAt(cssKeptBlock, `@property --§ { syntax: "*"; inherits: false }`),
	cssAt(cssKeptRecorded, `@property --x { syntax: "<custom-ident>"; inherits: false; initial-value: § }`),
	cssAt(cssKeptBlock, `@counter-style § { system: cyclic; symbols: "*"; suffix: " " }`),
	cssAt(cssKeptBlock, `@counter-style x { system: extends §; fallback: § }`),
	cssAt(cssKeptDrawn, `@counter-style x { system: cyclic; symbols: § "§"; prefix: "§"; pad: 2 §; negative: §; suffix: §; }`),
	cssIn(cssKeptBlock, `list-style-type: §`), cssIn(cssKeptBlock, `list-style: § inside`),
	cssIn(cssKeptBlock, `content: counter(§)`), cssIn(cssKeptBlock, `content: counter(x, §)`), cssIn(cssKeptBlock, `content: counters(§, ".", §)`),
	cssIn(cssKeptDrawn, `list-style-type: symbols(cyclic "§")`),
	cssIn(cssKeptBlock, `counter-reset: § 1`), cssIn(cssKeptBlock, `counter-increment: § -1`), cssIn(cssKeptBlock, `counter-set: § 2 x`),
	// animations, transitions, timelines, anchors
	cssIn(cssKeptBlock, `animation-name: §`), cssIn(cssKeptBlock, `animation: § 1s infinite`), cssIn(cssKeptBlock, `-webkit-animation: 1s §`),
	cssAt(cssKeptBlock, `@keyframes § { from { opacity: 0 } }`), cssAt(cssKeptBlock, `@-webkit-keyframes § { to { opacity: 0 } }`),
	cssAt(cssKeptBlock, `@keyframes "§" { from { opacity: 0 } }`), cssIn(cssKeptBlock, `animation: 1s "§"`),
	cssAt(cssKeptNowhere, `@keyframes k { § { opacity: 0 } }`), cssAt(cssKeptNowhere, `@keyframes k { from, § 10% { opacity: 0 } }`),
	cssIn(cssKeptBlock, `transition-property: §`), cssIn(cssKeptBlock, `transition: § 1s`), cssIn(cssKeptBlock, `will-change: §`),
	cssIn(cssKeptBlock, `view-transition-name: §`), cssIn(cssKeptBlock, `view-transition-class: § x`),
	cssAt(cssKeptBlock, `::view-transition-group(§) {}`), cssAt(cssKeptBlock, `@view-transition { navigation: auto; types: § }`),
	cssIn(cssKeptBlock, `anchor-name: --§`), cssIn(cssKeptBlock, `position-anchor: --§`), cssIn(cssKeptBlock, `top: anchor(--§ top)`),
	cssIn(cssKeptBlock, `width: anchor-size(--§ width)`), cssAt(cssKeptBlock, `@position-try --§ { top: 0 }`),
	cssIn(cssKeptBlock, `position-try-fallbacks: --§, flip-block`), cssIn(cssKeptBlock, `position-try: normal --§`),
	cssIn(cssKeptBlock, `scroll-timeline-name: --§`), cssIn(cssKeptBlock, `scroll-timeline: --§ y`), cssIn(cssKeptBlock, `view-timeline: --§ block`),
	cssIn(cssKeptBlock, `timeline-scope: --§`), cssIn(cssKeptBlock, `animation-timeline: --§`), cssIn(cssKeptBlock, `animation-timeline: scroll(§)`),
	// grid
	cssIn(cssKeptBlock, `grid-template-areas: "§ ." "x x"`), cssIn(cssKeptBlock, `grid-area: §`), cssIn(cssKeptBlock, `grid-row: § / 2`),
	cssIn(cssKeptBlock, `grid-column: §-start / §-end`), cssIn(cssKeptBlock, `grid-template-columns: [§] 1fr [x-end]`),
	cssIn(cssKeptBlock, `grid-template: [§] "a" 1fr / auto`), cssIn(cssKeptBlock, `grid-row-start: span §`),
	// fonts
	cssIn(cssKeptBlock, `font-family: §, serif`), cssIn(cssKeptBlock, `font-family: "§"`), cssIn(cssKeptBlock, `font: 12px § Sans, sans-serif`),
	cssAt(cssKeptBlock, `@font-face { font-family: §; src: url(x.woff2) format(woff2) }`),
	cssAt(cssKeptBlock, `@font-face { font-family: x; src: local("§"), local(§ Bold) }`),
	cssAt(cssKeptBlock, `@font-face { font-family: x; src: url(x.woff) format(§) tech(§) }`),
	cssAt(cssKeptNowhere, `@font-face { font-family: x; size-adjust: 10§ }`),
	cssAt(cssKeptBlock, `@font-feature-values § { @styleset { x: 1 } }`), cssAt(cssKeptBlock, `@font-feature-values x { @styleset { §: 1 } }`),
	cssIn(cssKeptBlock, `font-variant-alternates: styleset(§)`),
	cssAt(cssKeptBlock, `@font-palette-values --§ { font-family: x }`), cssIn(cssKeptBlock, `font-palette: --§`),
	// custom media, selectors, functions, properties; new CSS; unknown CSS
	cssAt(cssKeptBlock, `@custom-media --§ (min-width: 1px);`), cssAt(cssKeptBlock, `@media (--§) { p {} }`),
	cssAt(cssKeptBlock, `@custom-selector :--§ .x;`),
	cssAt(cssKeptBlock, `@function --§() { result: 1 }`), cssIn(cssKeptBlock, `width: --§()`),
	cssIn(cssKeptBlock, `--§: 1`), cssIn(cssKeptBlock, `color: var(--§)`), cssIn(cssKeptBlock, `color: var(--x, §)`),
	cssIn(cssKeptRecorded, `--x: §`), cssIn(cssKeptNowhere, `--x: {a} §`), cssIn(cssKeptNowhere, `--x: § {a}`),
	cssIn(cssKeptRecorded, `color: if(style(--x: §): red; else: blue)`),
	cssIn(cssKeptBlock, `width: env(§)`), cssIn(cssKeptMarkup, `width: attr(data-§ px)`), cssIn(cssKeptMarkup, `content: attr(§)`),
	cssIn(cssKeptRecorded, `content: attr(x, "§")`),
	cssAt(cssKeptBlock, `@§ x { p {} }`), cssAt(cssKeptBlock, `@x § { p {} }`), cssIn(cssKeptBlock, `color: §(1)`),
	cssIn(cssKeptBlock, `display: §`), cssIn(cssKeptBlock, `§: 1`), cssIn(cssKeptBlock, `-webkit-§: 1`), cssIn(cssKeptNowhere, `width: 10§`),
	cssAt(cssKeptBlock, `@media (§: 1) { p {} }`), cssAt(cssKeptBlock, `@media § { p {} }`), cssAt(cssKeptNowhere, `@media (min-width: 1§) { p {} }`),
	cssAt(cssKeptBlock, `@supports (§: 1) { p {} }`), cssAt(cssKeptBlock, `@supports font-tech(§) { p {} }`),
	cssAt(cssKeptNowhere, `@document url-prefix(§) { p {} }`), cssAt(cssKeptNowhere, `@-moz-document domain(§) { p {} }`),
	cssAt(cssKeptRecorded, `@-moz-document url-prefix("§") { p {} }`),
	cssAt(cssKeptMarkup, `@starting-style { .§ { opacity: 0 } }`),
	cssAt(cssKeptBlock, `@namespace § url(http://www.w3.org/2000/svg); §|rect {}`),
	// drawn text, strings and URLs
	cssIn(cssKeptDrawn, `content: "§"`), cssIn(cssKeptDrawn, `quotes: "§" "x"`),
	cssIn(cssKeptRecorded, `string-set: header "§"`), cssIn(cssKeptBlock, `string-set: § content()`), cssIn(cssKeptBlock, `content: string(§)`),
	cssIn(cssKeptRecorded, `background: image-set("§.png" 1x)`), cssIn(cssKeptRecorded, `background: cross-fade(url(§.png), red)`),
	cssIn(cssKeptRecorded, `background: url(§.png)`), cssAt(cssKeptRecorded, `@import "§.css";`),
	// more of each kind
	cssAt(cssKeptMarkup, `:has(> .§) {}`), cssAt(cssKeptBlock, `@media (prefers-color-scheme: §) { p {} }`),
	cssAt(cssKeptBlock, `@font-feature-values x { @swash { § : 1 } }`), cssIn(cssKeptMarkup, `content: "a" attr(data-§)`),
	cssIn(cssKeptRecorded, `clip-path: url(#§)`), cssIn(cssKeptRecorded, `font-feature-settings: "§" 1`),
	cssAt(cssKeptMarkup, `@supports (animation-name: §) and selector(:is(.§)) { p {} }`),
	cssAt(cssKeptBlock, `@supports (animation-name: §) { p {} }`),
	cssAt(cssKeptBlock, `@container § style(--§: §) and (width > 1px) { p {} }`),
	cssIn(cssKeptRecorded, `--x: § "§" url(§.png) §(1)`),
	// statements the browser drops whole
	cssAt(cssKeptNowhere, `§; .a { color: red }`), cssAt(cssKeptNowhere, `--x: §; .a { color: red }`),
	cssAt(cssKeptNowhere, `.a; § { color: red }`), cssAt(cssKeptNowhere, `p { --x: {a} §:hover; p {} }`),
	cssIn(cssKeptNowhere, `§ 12`), cssIn(cssKeptNowhere, `color: red; § `), cssAt(cssKeptNowhere, `p { § }`),
	// (a nested rule, or with --jane-doe a custom property, whose name block-list keeps)
	cssAt(cssKeptBlock, `p { §:hover {} }`),
}

// cssSweepMode is a mode and where its rules reveal: #veil-sweep-rev holds
// every node the sweep writes.
var cssSweepModes = []struct{ name, json string }{
	{"mask-all", `{}`},
	{"allow-list", `{"mode":"allow-list","allow":["#veil-sweep-elsewhere"]}`},
	{"allow-list-revealed", `{"mode":"allow-list","allow":["#veil-sweep-rev","#veil-sweep-rev *"]}`},
	{"block-list", `{"mode":"block-list"}`},
	{"block-list-masked", `{"mode":"block-list","mask":["#veil-sweep-rev","#veil-sweep-rev *"]}`},
}

// cssSweepPaths are the ways CSS reaches the engine.
// A mutation of a style attribute or of a <style>'s text comes after a
// snapshot that held other CSS.
var cssSweepPaths = []string{"style-attribute", "style", "svg-style", "cssom-insert", "style-attribute-mutation", "style-text-mutation"}

// cssSweepKept names, for a position's kind, the modes where the README
// keeps it in clear by design, and why; "" where nothing may come out.
func cssSweepKept(kind int, mode string) string {
	switch {
	case mode == "block-list" && kind != cssKeptNowhere:
		return "block-list records the page's CSS as it is (README: Block-list records page text in clear by design)"
	case mode == "block-list-masked" && kind == cssKeptMarkup:
		return "block-list keeps the markup's class, id and part tokens and attribute names in a masked node too, and a selector follows the markup (README: Identifier tokens carry data too)"
	case mode == "allow-list-revealed" && (kind == cssKeptRecorded || kind == cssKeptDrawn):
		return "a recorded node keeps its strings, values and URL paths (README CSS: masked unless the node is recorded)"
	}
	return ""
}

// cssSweepEvery is how many of the combinations are swept: all natively,
// one in 8 under WebAssembly (rotating with the shape), none under -race.
func cssSweepEvery() int {
	if runtime.GOARCH == "wasm" && os.Getenv("VEIL_SWEEP") != "full" {
		return 8
	}
	return 1
}

func TestCSSSweep(t *testing.T) {
	if raceEnabled && os.Getenv("VEIL_SWEEP") != "full" {
		t.Skip("one goroutine: the race detector finds nothing here; make test runs it under WebAssembly")
	}
	every := cssSweepEvery()
	swept := 0
	defer func() { t.Logf("%d position×shape×mode×path combinations", swept) }()
	for _, mode := range cssSweepModes {
		set := sweepSet(t, mode.json)
		for _, path := range cssSweepPaths {
			t.Run(mode.name+"/"+path, func(t *testing.T) {
				var srcs []string
				var positions []cssSweepPosition
				for pi, p := range cssSweepPositions {
					if strings.HasPrefix(path, "style-attribute") && !p.decl {
						continue
					}
					for si, shape := range cssSweepShapes {
						if (pi+si)%every != 0 {
							continue
						}
						srcs = append(srcs, cssSweepSource(p, shape, path))
						positions = append(positions, p)
					}
				}
				swept += len(srcs)
				outs := cssSweepRun(t, set, path, srcs)
				for i, out := range outs {
					p := positions[i]
					if out == "" || strings.Contains(out, cssSweepBefore) {
						t.Errorf("%s: %q: no CSS came out (%q)", p.css, srcs[i], out)
					}
					if os.Getenv("VEIL_SWEEP_SHOW") != "" {
						t.Logf("%q -> %q", srcs[i], out)
					}
					if kept := cssSweepKept(p.kind, mode.name); kept == "" && cssSweepLeaks(out) {
						t.Errorf("%s: %q leaks: %q", p.css, srcs[i], out)
					}
					if a, b := cssSweepStructure(srcs[i], path), cssSweepStructure(out, path); a != b {
						t.Errorf("%s: %q parses as %s, masked %q as %s", p.css, srcs[i], a, out, b)
					}
				}
			})
		}
	}
}

// cssSweepSource is position p with shape in it, as path writes it.
func cssSweepSource(p cssSweepPosition, shape, path string) string {
	s := strings.ReplaceAll(p.css, "§", shape)
	if p.decl && !strings.HasPrefix(path, "style-attribute") {
		s = "p { " + s + " }"
	}
	return s
}

// cssSweepLeaks reports whether masked CSS holds a secret in any case,
// also with its escapes undone.
func cssSweepLeaks(s string) bool {
	for _, v := range []string{s, sweepUnescape(s)} {
		v = strings.ToLower(v)
		for _, secret := range cssSweepSecrets {
			if strings.Contains(v, secret) {
				return true
			}
		}
	}
	return false
}

// cssSweepStructure is what a browser-like parser reads of css: its
// rules, at-rules and declarations, in order, without their contents.
func cssSweepStructure(src, path string) string {
	p := css.NewParser(parse.NewInputString(src), strings.HasPrefix(path, "style-attribute"))
	var b strings.Builder
	for {
		gt, _, _ := p.Next()
		if gt == css.ErrorGrammar {
			if p.Err() != nil {
				return b.String()
			}
		}
		b.WriteString(gt.String())
		b.WriteByte(' ')
	}
}

// cssSweepBefore is the CSS a mutation path's snapshot holds.
const cssSweepBefore = "outline: 0"

// Node ids of the sweep's page.
const (
	cssSweepRev   = 4 // the element holding the others, revealed by allow-list-revealed
	cssSweepFirst = 10
)

// cssSweepRun masks every source along path, one node each in one
// snapshot (a CSSOM insert: into one <style> each, in one mutation batch),
// and returns what each became.
func cssSweepRun(t *testing.T, set *rules.Set, path string, srcs []string) []string {
	t.Helper()
	w := capture.NewWriter(1)
	w.SnapshotStart(1, "https://shop.example/", 1280, 800, 0, 0)
	w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.Node(2, 1, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "html"})
	w.Node(3, 2, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "body"})
	w.Node(cssSweepRev, 3, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "div",
		Attrs: []xhtml.Attribute{{Key: "id", Val: "veil-sweep-rev"}}})
	parent := cssSweepRev
	if path == "svg-style" {
		w.Node(5, cssSweepRev, 0, &capture.NodeData{Kind: capture.KindElement, Namespace: "svg", Tag: "svg"})
		parent = 5
	}
	textID := func(i int) int { return cssSweepFirst + len(srcs) + i }
	for i, src := range srcs {
		id := cssSweepFirst + i
		switch path {
		case "style-attribute", "style-attribute-mutation":
			if path != "style-attribute" {
				src = cssSweepBefore
			}
			w.Node(id, parent, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "p", Width: 40, Height: 20,
				Attrs: []xhtml.Attribute{{Key: "style", Val: src}}})
		case "cssom-insert":
			w.Node(id, parent, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "style"})
		default:
			ns := ""
			if path == "svg-style" {
				ns = "svg"
			}
			w.Node(id, parent, 0, &capture.NodeData{Kind: capture.KindElement, Namespace: ns, Tag: "style"})
			if path != "style" && path != "svg-style" {
				src = "p { " + cssSweepBefore + " }"
			}
			w.Node(textID(i), id, 0, &capture.NodeData{Kind: capture.KindText, Data: src})
		}
	}
	w.SnapshotEnd(1)
	batches := [][]byte{w.Bytes()}
	if path != "style" && path != "svg-style" && path != "style-attribute" {
		m := capture.NewWriter(2)
		for i, src := range srcs {
			switch path {
			case "cssom-insert":
				m.StyleRule(2, cssSweepFirst+i, capture.StyleInsert, 0, src)
			case "style-attribute-mutation":
				m.Attr(cssSweepFirst+i, "style", src)
			default:
				m.Text(textID(i), src)
			}
		}
		m.MutationEnd(2)
		batches = append(batches, m.Bytes())
	}
	s := NewSession(set)
	out := make([]string, len(srcs))
	for bi, b := range batches {
		evs, err := s.Write(b)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, e := range evs {
			switch d := e.Data.(type) {
			case capture.FullSnapshotData:
				if len(batches) == 1 || path == "cssom-insert" {
					cssSweepNodes(d.Node, path, len(srcs), out)
				}
			case capture.MutationData:
				for _, a := range d.Attributes {
					for _, c := range a.Attributes {
						if c.Name == "style" && bi > 0 {
							out[a.ID-cssSweepFirst] = c.Value
						}
					}
				}
				for _, x := range d.Texts {
					out[x.ID-cssSweepFirst-len(srcs)] = x.Value
				}
				for _, a := range d.Adds {
					// a node the engine writes again (a style that may
					// change how it decides the node)
					cssSweepNodes(a.Node, path, len(srcs), out)
				}
			case capture.StyleSheetRuleData:
				for _, a := range d.Adds {
					out[d.ID-cssSweepFirst] += a.Rule
				}
			}
		}
	}
	return out
}

// cssSweepNodes collects each swept node's CSS from the snapshot.
func cssSweepNodes(n *capture.SNode, path string, count int, out []string) {
	if i := n.ID - cssSweepFirst; i >= 0 && i < count {
		out[i] = ""
		if strings.HasPrefix(path, "style-attribute") {
			for _, a := range n.Attributes {
				if a.Name == "style" {
					out[i] = a.Value
				}
			}
		} else if path != "cssom-insert" {
			for _, c := range n.ChildNodes {
				out[i] += c.TextContent
			}
		}
	}
	for _, c := range n.ChildNodes {
		cssSweepNodes(c, path, count, out)
	}
}
