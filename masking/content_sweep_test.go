package masking

import (
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
)

// The content sweep: the element contents and node kinds that are not one
// attribute's value — text an SVG or MathML element holds for no reader,
// data blocks, inert and shadow trees, controls' defaults, head metadata,
// microdata and RDFa, and the nodes that are not elements. Each page holds
// a secret ("hannelore", "quist", or the case's own), in mask-all and in an
// allow-list whose one rule reaches nothing, through the snapshot and with
// the page's head and body added by a mutation. Nothing is allowed out.
var contentSweepCases = []struct {
	name, page string
	secrets    []string // besides sweepSecrets
}{
	{"svg-title-desc", `<svg><title>Hannelore</title><desc>Hannelore Quist</desc><text>x<title>quist</title></text></svg>`, nil},
	{"math-annotation", `<math><semantics><mi>x</mi><annotation encoding="text/plain">Hannelore</annotation>` +
		`<annotation-xml encoding="application/xhtml+xml"><span title="quist">Hannelore</span></annotation-xml></semantics></math>`, nil},
	{"svg-style", `<svg><style>.hannelore{fill:red} text::after{content:"Hannelore"} @font-face{font-family:Quist}` +
		` rect{ hannelore 4111 }</style><rect class="x"/></svg>`, nil},
	{"data-blocks", `<script type="application/ld+json">{"name":"Hannelore"}</script>` +
		`<script type="text/x-template">Hannelore</script><script type="importmap">{"imports":{"quist":"/hannelore.js"}}</script>` +
		`<script type="speculationrules">{"prerender":[{"urls":["/hannelore"]}]}</script>`, nil},
	{"template", `<template><p title="Quist">Hannelore</p></template>`, nil},
	{"declarative-shadow-root", `<div><template shadowrootmode="open"><p title="Quist">Hannelore</p><slot name="quist"></slot></template></div>`, nil},
	{"noscript", `<noscript><p>Hannelore</p><img alt="Quist" src="/hannelore.png"></noscript>`, nil},
	{"noembed-noframes", `<noembed>Hannelore</noembed><noframes>Quist</noframes><xmp>Hannelore</xmp>`, nil},
	{"textarea-default", `<textarea placeholder="x">Hannelore Quist</textarea>`, nil},
	{"option-label", `<select><option label="Hannelore" value="quist">Hannelore</option><optgroup label="Quist"></optgroup></select>`, nil},
	{"selectedcontent", `<select><button><selectedcontent>Hannelore</selectedcontent></button><option><span>Hannelore</span></option></select>`, nil},
	{"input-values", `<input type="hidden" value="Hannelore"><input type="color" value="#a1b2c3">` +
		`<input type="range" value="173.5"><input type="date" value="1961-04-23"><input type="email" value="quist@x.example">`,
		[]string{"a1b2c3", "173.5", "1961-04-23"}},
	{"meta", `<head><meta name="author" content="Hannelore"><meta name="description" content="Hannelore Quist">` +
		`<meta property="og:title" content="Hannelore"><meta name="twitter:creator" content="@quist">` +
		`<meta name="csrf-token" content="zq8Tk3Vw"><meta http-equiv="refresh" content="0;url=/hannelore">` +
		`<meta itemprop="name" content="Quist"></head>`, []string{"zq8Tk3Vw"}},
	{"link", `<head><link rel="author" href="/hannelore" title="Hannelore"><link rel="stylesheet" href="/s.css" title="Quist">` +
		`<link rel="alternate" hreflang="en" href="/u/hannelore"><link rel="icon" href="/hannelore.ico" sizes="16x16"></head>`, nil},
	{"base", `<head><base href="https://shop.example/" target="hannelore"></head>`, nil},
	{"iframe-srcdoc", `<iframe srcdoc="<p>Hannelore</p>" name="quist"></iframe>`, nil},
	{"object-param", `<object data="/files/hannelore.pdf" name="quist"><param name="movie" value="hannelore.swf"></object>`, nil},
	{"img", `<img srcset="/u/hannelore.jpg 1x, /u/quist.jpg 2x" sizes="(max-width: 10px) hannelore" alt="Hannelore" src="/hannelore.png">`, nil},
	{"area", `<map name="quist"><area alt="Hannelore" coords="0,0,hannelore" href="/u/hannelore" shape="rect"></map>`, nil},
	{"track", `<video><track label="Hannelore" srclang="quist" src="/hannelore.vtt" kind="captions"></video>`, nil},
	{"time-data-meter", `<time datetime="hannelore">x</time><data value="quist">x</data>` +
		`<meter value="0.5" title="Hannelore">x</meter><progress value="quist" max="1">x</progress>`, nil},
	{"datalist-output", `<input list="hannelore"><datalist id="hannelore"><option value="Quist">Hannelore</option></datalist>` +
		`<output for="hannelore">Hannelore</output>`, nil},
	{"microdata", `<div itemscope itemtype="https://schema.org/Person" itemid="urn:hannelore" itemref="quist">` +
		`<span itemprop="name hannelore">x</span><meta itemprop="quist" content="Hannelore"><link itemprop="url" href="/u/hannelore"></div>`, nil},
	{"rdfa", `<div vocab="https://schema.org/" typeof="Person hannelore" resource="/people/hannelore" about="#quist" ` +
		`prefix="hannelore: https://quist.example/" rel="quist" rev="hannelore" datatype="hannelore:x" inlist>` +
		`<span property="name hannelore" content="Hannelore">x</span></div>`, nil},
	{"doctype-comment-pi", `<!DOCTYPE html PUBLIC "-//Hannelore//DTD" "https://quist.example/dtd"><!-- Hannelore --><?hannelore quist?>` +
		`<svg><![CDATA[Hannelore]]><!-- quist --></svg>`, nil},
}

func TestContentSweep(t *testing.T) {
	for _, r := range sweepRules {
		set := sweepSet(t, r.json)
		for _, c := range contentSweepCases {
			for _, added := range []bool{false, true} {
				path := "snapshot"
				if added {
					path = "added-node"
				}
				t.Run(r.name+"/"+path+"/"+c.name, func(t *testing.T) {
					batches := contentBatches(t, c.page, added)
					s := NewSession(set)
					var events []capture.Event
					for _, b := range batches {
						evs, err := s.Write(b)
						if err != nil {
							t.Fatal(err)
						}
						events = append(events, evs...)
					}
					raw := string(capture.AppendEvents(nil, events))
					var found []string
					visitSweepStrings(events, func(_ int, str string) {
						if holdsSecret(str) || holdsAny(str, c.secrets) {
							found = append(found, str)
						}
					})
					if len(found) > 0 || holdsSecret(raw) || holdsAny(raw, c.secrets) {
						t.Errorf("secret out: %q\n%s", found, raw)
					}
				})
			}
		}
	}
}

// holdsAny reports whether s holds one of secrets, ignoring case.
func holdsAny(s string, secrets []string) bool {
	l := strings.ToLower(s)
	for _, x := range secrets {
		if strings.Contains(l, strings.ToLower(x)) {
			return true
		}
	}
	return false
}

// contentBatches is the page's snapshot or, when added, a snapshot of
// the document, its doctype and its html, head and body elements, then a
// mutation adding everything head and body hold.
func contentBatches(t *testing.T, page string, added bool) [][]byte {
	t.Helper()
	snap, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !added {
		return [][]byte{snap}
	}
	m := capture.NewMirror()
	applyAll(t, m, snap)
	first := capture.NewWriter(1)
	first.SnapshotStart(1, "https://shop.example/", 1280, 800, 0, 0)
	more := capture.NewWriter(2)
	var walk func(n *capture.Node, parent int, late bool)
	walk = func(n *capture.Node, parent int, late bool) {
		d := n.NodeData()
		w := first
		if late {
			w = more
		}
		w.Node(n.ID, parent, 0, &d)
		// the children of head and body come later
		late = late || d.Kind == capture.KindElement && d.Namespace == "" && (d.Tag == "head" || d.Tag == "body")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(capture.NodeOf(c), n.ID, late)
		}
	}
	walk(m.Root(), 0, false)
	first.SnapshotEnd(1)
	more.MutationEnd(2)
	return [][]byte{first.Bytes(), more.Bytes()}
}
