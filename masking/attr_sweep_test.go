package masking

import (
	"html"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// The attribute sweep: every element the classifier knows (HTML, SVG,
// MathML, from the package's own lists) carrying, one at a time, every
// attribute the attribute table knows plus a few made-up ones, with values
// that are a secret alone or a secret hidden inside something that looks
// like a grammar's value. In mask-all, and in allow-list with rules that
// reveal nothing of the element, no byte of the output may hold a secret —
// through the snapshot, through an attribute mutation on an existing
// element, and through an added node, since maskAttr sees each differently.
//
// The names the package promises are structural (known element and
// attribute names, well-known xmlns prefixes) need no allowance: they are
// words of the tables, and no table word holds a secret; a made-up name
// holding one (hannelore-x, <x-quist>) must become its placeholder. The one
// allowance is two URLs kept by design (sweepAllowed); every other secret
// found is a leak. The text of each element is swept too (sweepText), and
// each attribute beside one that changes how it is read (sweepContexts).
//
// With -short only the first values (a secret alone and in the commonest
// grammars' shapes) are swept.

// sweepSecrets are the page's data; sweepValues hide them.
var sweepSecrets = []string{"hannelore", "quist", "jane"}

var sweepValues = []string{
	"Hannelore", "hannelore", "#hannelore", "url(#hannelore)", "hannelore 4111",
	"0 0 hannelore 10", "rgb(hannelore)", "en-hannelore", "x-hannelore",
	"javascript:hannelore", "hannelore.png", "1 hannelore", "translate(hannelore)",
	// short enough for grammars that bound a token's length (language
	// subtags: 5 to 8 letters are a variant, 1 to 8 a private use)
	"quist", "en-quist", "x-quist", "de-x-quist", "en-Latn-quist",
	// a script subtag's four letters
	"en-Jane", "de-Jane-AT",
	// shapes of other grammars: MIME types and their parameters, media
	// queries, sizes, srcset, URLs, part maps, frame names
	"text/hannelore", "text/html;charset=hannelore", "application/quist+json",
	"(min-width: 10px) hannelore", "screen and (hannelore)", "hannelore 2x",
	"https://quist.example/hannelore", "a:hannelore", "_hannelore",
	"hannelore hannelore", "10px 'Hannelore'", "#quist", "url(#quist)",
	// a viewport's key=value pairs
	"width=hannelore", "width=device-width, initial-scale=quist",
}

// sweepText stands in the attribute list for the element's text: a text
// child holding the value.
const sweepText = "#text"

// sweepUnknownElements are element names no table knows, in every
// namespace.
const sweepUnknownElements = "x-quist hannelore quist-card"

// sweepMadeUp are attribute names no table knows.
var sweepMadeUp = []string{"hannelore-x", "data-quist", "aria-jane", "on-x", "xlink:href", "xml:lang", "xmlns:jane"}

// sweepRules: mask-all, and an allow-list whose one rule reaches nothing.
var sweepRules = []struct{ name, json string }{
	{"mask-all", `{}`},
	{"allow-list", `{"mode":"allow-list","allow":["#veil-sweep-elsewhere"]}`},
}

// sweepPaths are the three ways an attribute value reaches maskAttr.
var sweepPaths = []string{"snapshot", "attribute-mutation", "added-node"}

// sweepAttrNames is every attribute name of the table, as spelled there,
// then the made-up ones.
func sweepAttrNames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, row := range attrRows {
		for _, n := range strings.Fields(row.names) {
			add(n)
		}
	}
	for _, n := range sweepMadeUp {
		add(n)
	}
	return append(out, sweepText)
}

// sweepAllowed names the two places where a secret may come out, both
// URLs DESIGN §3 keeps in every mode: a stylesheet <link>'s href (a replay
// keeps its styling) and <base href>, which every kept relative URL (a
// stylesheet's above all) resolves against. Both are scrubbed of query
// values, fragment and credentials and read by the detectors (a secret
// token or an account number in the path goes); a word of their path is
// the page's: the price of a replay that keeps its styling. Only href:
// the elements' other URL attributes are masked as anywhere.
func sweepAllowed(c sweepCopy) bool {
	return c.ns == "" && strings.EqualFold(c.attr, "href") && (c.tag == "base" || c.tag == "link" && c.ctx == "rel=stylesheet")
}

// sweepCopy is one element carrying one attribute, and optionally a
// context attribute with a valid value that changes what the others are
// (ctx is "name=value").
type sweepCopy struct{ ns, tag, attr, ctx string }

// sweepContexts are the attributes that make maskAttr read another one
// differently: an input's type (a button's value is its label), a meta's
// name (content), a link's rel (a stylesheet's href), a script's type,
// a role (aria-selected on a tab), a lang, an editing host.
func sweepContexts() []sweepCopy {
	var out []sweepCopy
	for _, t := range strings.Fields(wordsInputType) {
		out = append(out, sweepCopy{tag: "input", ctx: "type=" + t})
	}
	for _, c := range []sweepCopy{
		{tag: "meta", ctx: "name=viewport"}, {tag: "meta", ctx: "name=description"}, {tag: "meta", ctx: "name=author"},
		{tag: "meta", ctx: "name=csrf-token"}, {tag: "meta", ctx: "name=twitter:creator"}, {tag: "meta", ctx: "property=og:title"},
		{tag: "meta", ctx: "http-equiv=refresh"}, {tag: "meta", ctx: "charset=utf-8"}, {tag: "meta", ctx: "itemprop=name"},
		{tag: "link", ctx: "rel=stylesheet"}, {tag: "link", ctx: "rel=icon"}, {tag: "link", ctx: "rel=canonical"},
		{tag: "link", ctx: "rel=preload"}, {tag: "link", ctx: "rel=alternate"}, {tag: "link", ctx: "rel=manifest"},
		{tag: "script", ctx: "type=application/ld+json"}, {tag: "script", ctx: "type=module"},
		{tag: "button", ctx: "type=submit"}, {tag: "button", ctx: "type=reset"},
		{tag: "div", ctx: "role=tab"}, {tag: "div", ctx: "role=slider"}, {tag: "div", ctx: "role=option"},
		{tag: "div", ctx: "role=checkbox"}, {tag: "div", ctx: "role=textbox"},
		{tag: "div", ctx: "contenteditable=false"}, {tag: "div", ctx: "itemscope="}, {tag: "span", ctx: "lang=en"},
		{tag: "a", ctx: "rel=me"}, {tag: "area", ctx: "shape=rect"}, {tag: "track", ctx: "kind=captions"},
		{tag: "option", ctx: "selected="}, {tag: "details", ctx: "open="}, {tag: "template", ctx: "shadowrootmode=open"},
		{tag: "iframe", ctx: "sandbox="}, {tag: "object", ctx: "type=application/pdf"}, {tag: "param", ctx: "name=movie"},
		{ns: "svg", tag: "a", ctx: "target=_blank"}, {ns: "svg", tag: "animate", ctx: "attributeName=href"},
		{ns: "svg", tag: "set", ctx: "attributeName=xlink:href"}, {ns: "svg", tag: "animate", ctx: "attributeName=fill"},
		{ns: "math", tag: "annotation", ctx: "encoding=text/html"}, {ns: "math", tag: "annotation-xml", ctx: "encoding=application/xhtml+xml"},
		{ns: "math", tag: "maction", ctx: "actiontype=tooltip"},
	} {
		out = append(out, c)
	}
	return out
}

// sweepLeak is one combination whose output held a secret.
type sweepLeak struct {
	copy  sweepCopy
	value string
	out   string
}

// Node ids of the page every batch builds.
const (
	sweepDoc       = 1
	sweepHTML      = 2
	sweepBody      = 3
	sweepContainer = 4 // svg or math for their namespaces, a div for HTML
	sweepFirst     = 10
)

// sweepEvery is how many of the values each combination is tried with:
// all with VEIL_SWEEP=full (38 M combinations, ~2 minutes natively), else
// one in 16, rotating (~11 s natively), and one in 64 under WebAssembly,
// where make test runs it (~10 s under node); its -race run, which would
// take 10× that for a test of one goroutine, skips it.
func sweepEvery() int {
	switch {
	case os.Getenv("VEIL_SWEEP") == "full":
		return 1
	case testing.Short(), runtime.GOARCH == "wasm":
		return 64
	}
	return 16
}

func TestAttrSweep(t *testing.T) {
	if raceEnabled && os.Getenv("VEIL_SWEEP") != "full" {
		t.Skip("one goroutine: the race detector finds nothing here; make test runs it under WebAssembly")
	}
	attrs := sweepAttrNames()
	// the package's element lists, and names it does not know (a custom
	// element, a made-up one), which must not come out either
	nsLists := []struct{ ns, list string }{
		{"", htmlElements + " " + sweepUnknownElements},
		{"svg", svgElements + " " + sweepUnknownElements},
		{"math", mathElements + " " + sweepUnknownElements},
	}
	combos := 0
	byFamily := map[string]int{}
	for _, r := range sweepRules {
		set := sweepSet(t, r.json)
		for _, path := range sweepPaths {
			t.Run(r.name+"/"+path, func(t *testing.T) {
				var leaks []sweepLeak
				for _, nl := range nsLists {
					var copies []sweepCopy
					for _, tag := range strings.Fields(nl.list) {
						for _, a := range attrs {
							copies = append(copies, sweepCopy{nl.ns, tag, a, ""})
						}
					}
					for _, c := range sweepContexts() {
						for _, a := range attrs {
							if c.ns == nl.ns && a != c.ctx[:strings.IndexByte(c.ctx, '=')] && a != sweepText {
								c.attr = a
								copies = append(copies, c)
							}
						}
					}
					every := sweepEvery()
					for vi, v := range sweepValues {
						// each copy meets every every-th value, a different
						// one per copy: all values and all copies are tried
						some := copies
						if every > 1 {
							some = nil
							for ci := (every - vi%every) % every; ci < len(copies); ci += every {
								some = append(some, copies[ci])
							}
						}
						combos += len(some)
						leaks = append(leaks, sweepRun(t, set, path, some, v)...)
					}
				}
				for _, l := range leaks {
					byFamily[sweepFamily(l.copy)]++
					byFamily[r.name+" "+path+" (all)"]++
				}
				reportSweepLeaks(t, leaks)
			})
		}
	}
	keys := make([]string, 0, len(byFamily))
	for k := range byFamily {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%d element×attribute×value×mode×path combinations", combos)
	for _, k := range keys {
		t.Logf("leaks %-60s %d", k, byFamily[k])
	}
}

func sweepSet(t *testing.T, js string) *rules.Set {
	t.Helper()
	r, err := rules.Parse([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func nsName(ns string) string {
	if ns == "" {
		return "html"
	}
	return ns
}

// sweepFamily names a leak's family for the summary: the namespace, the
// class the table gives the attribute there and its name, or the element
// whose text it is; counted over every mode and path.
func sweepFamily(c sweepCopy) string {
	if c.attr == sweepText {
		return nsName(c.ns) + " text of <" + c.tag + ">"
	}
	cls := new(attrClassCache).classify(c.ns, c.tag, c.attr)
	return nsName(c.ns) + " " + className(cls.class) + " " + c.attr
}

func className(c valueClass) string {
	return [...]string{"unknown", "never", "text", "input", "css", "url", "srcset", "keyword", "keywords",
		"number", "geometry", "color", "fragment", "ident", "boolean"}[c]
}

// sweepRun masks copies, each with its attribute set to v, along path,
// and returns the copies whose output holds a secret. A secret found where
// no copy can be blamed is reported against an empty copy.
func sweepRun(t *testing.T, set *rules.Set, path string, copies []sweepCopy, v string) []sweepLeak {
	t.Helper()
	ns := copies[0].ns
	container := capture.NodeData{Kind: capture.KindElement, Tag: "div"}
	if ns != "" {
		container = capture.NodeData{Kind: capture.KindElement, Namespace: ns, Tag: ns}
	}
	copyNode := func(c sweepCopy, withAttr bool) *capture.NodeData {
		d := &capture.NodeData{Kind: capture.KindElement, Namespace: c.ns, Tag: c.tag, Width: 40, Height: 20}
		if c.ctx != "" {
			k, val, _ := strings.Cut(c.ctx, "=")
			d.Attrs = append(d.Attrs, xhtml.Attribute{Key: k, Val: val})
		}
		if withAttr && c.attr != sweepText {
			d.Attrs = append(d.Attrs, xhtml.Attribute{Key: c.attr, Val: v})
		}
		return d
	}
	// a copy whose "attribute" is sweepText has a text child instead
	textID := func(i int) int { return sweepFirst + len(copies) + i }
	text := func(w *capture.Writer, i int, data string) {
		if copies[i].attr == sweepText {
			w.Node(textID(i), sweepFirst+i, 0, &capture.NodeData{Kind: capture.KindText, Data: data})
		}
	}
	w := capture.NewWriter(1)
	w.SnapshotStart(1, "https://shop.example/", 1280, 800, 0, 0)
	w.Node(sweepDoc, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.Node(sweepHTML, sweepDoc, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "html"})
	w.Node(sweepBody, sweepHTML, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "body"})
	w.Node(sweepContainer, sweepBody, 0, &container)
	if path != "added-node" {
		for i, c := range copies {
			w.Node(sweepFirst+i, sweepContainer, 0, copyNode(c, path == "snapshot"))
			if path == "snapshot" {
				text(w, i, v)
			} else {
				text(w, i, "x")
			}
		}
	}
	w.SnapshotEnd(1)
	batches := [][]byte{w.Bytes()}
	if path != "snapshot" {
		m := capture.NewWriter(2)
		for i, c := range copies {
			switch {
			case path == "added-node":
				m.Node(sweepFirst+i, sweepContainer, 0, copyNode(c, true))
				text(m, i, v)
			case c.attr == sweepText:
				m.Text(textID(i), v)
			default:
				m.Attr(sweepFirst+i, c.attr, v)
			}
		}
		m.MutationEnd(2)
		batches = append(batches, m.Bytes())
	}
	s := NewSession(set)
	var events []capture.Event
	for _, b := range batches {
		evs, err := s.Write(b)
		if err != nil {
			t.Fatalf("%s %q: %v", path, v, err)
		}
		events = append(events, evs...)
	}
	blamed := map[int]string{}
	allowed := func(i int) bool { return sweepAllowed(copies[i]) }
	var unblamed []string
	visitSweepStrings(events, func(id int, str string) {
		if !holdsSecret(str) {
			return
		}
		if id >= textID(0) {
			id -= len(copies) // a text mutation names the text node
		}
		if i := id - sweepFirst; i >= 0 && i < len(copies) {
			if allowed(i) {
				return
			}
			blamed[i] += str + " "
		} else {
			unblamed = append(unblamed, str)
		}
	})
	var out []sweepLeak
	for i, str := range blamed {
		out = append(out, sweepLeak{copies[i], v, str})
	}
	if len(unblamed) > 0 {
		out = append(out, sweepLeak{sweepCopy{ns, "?", "?", ""}, v, strings.Join(unblamed, " ")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].copy.tag+out[i].copy.attr < out[j].copy.tag+out[j].copy.attr })
	return out
}

// visitSweepStrings calls f with every string of the events' nodes and
// attribute changes, and the id of the node it belongs to (a text's or
// child's string is its element's).
func visitSweepStrings(events []capture.Event, f func(id int, s string)) {
	var node func(n *capture.SNode, owner int)
	node = func(n *capture.SNode, owner int) {
		if n.Type == capture.ElementNode {
			owner = n.ID
		}
		f(owner, n.TagName)
		f(owner, n.TextContent)
		for _, a := range n.Attributes {
			f(owner, a.Name)
			f(owner, a.Value)
		}
		for _, c := range n.ChildNodes {
			node(c, owner)
		}
	}
	for _, e := range events {
		switch d := e.Data.(type) {
		case capture.FullSnapshotData:
			node(d.Node, 0)
		case capture.MutationData:
			for _, a := range d.Attributes {
				for _, c := range a.Attributes {
					f(a.ID, c.Name)
					f(a.ID, c.Value)
				}
			}
			for _, a := range d.Adds {
				node(a.Node, a.ParentID)
			}
			for _, x := range d.Texts {
				f(x.ID, x.Value)
			}
		}
	}
}

// holdsSecret reports whether s holds a secret in any case, as written,
// with HTML entities, percent escapes or CSS escapes undone.
func holdsSecret(s string) bool {
	if s == "" {
		return false
	}
	for _, v := range []string{s, html.UnescapeString(s), sweepUnescape(s)} {
		v = strings.ToLower(v)
		for _, secret := range sweepSecrets {
			if strings.Contains(v, secret) {
				return true
			}
		}
	}
	return false
}

// sweepUnescape undoes %XX and CSS \XX escapes.
func sweepUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%' && i+2 < len(s):
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		case s[i] == '\\' && i+1 < len(s):
			j := i + 1
			for j < len(s) && j < i+7 && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
				j++
			}
			if j > i+1 {
				if n, err := strconv.ParseUint(s[i+1:j], 16, 32); err == nil {
					b.WriteRune(rune(n))
					i = j - 1
					if i+1 < len(s) && s[i+1] == ' ' {
						i++
					}
					continue
				}
			}
			b.WriteByte(s[i+1]) // an escaped character stands for itself
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// reportSweepLeaks fails t with the leaks grouped by namespace, attribute
// and value, naming the first elements of each group.
func reportSweepLeaks(t *testing.T, leaks []sweepLeak) {
	t.Helper()
	type key struct{ ns, attr, value string }
	groups := map[key][]string{}
	var order []key
	for _, l := range leaks {
		k := key{nsName(l.copy.ns), l.copy.attr, l.value}
		if l.copy.ctx != "" {
			k.ns += " [" + l.copy.ctx + "]"
		}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], "<"+l.copy.tag+" "+l.copy.ctx+"> "+l.out)
	}
	for i, k := range order {
		if i == 60 {
			t.Errorf("… and %d more groups", len(order)-i)
			return
		}
		g := groups[k]
		t.Errorf("%s %s=%q leaks on %d elements: %s", k.ns, k.attr, k.value, len(g), strings.Join(g[:min(len(g), 3)], ", "))
	}
}
