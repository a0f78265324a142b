package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func renderString(t *testing.T, n *SNode) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, RenderHTML(&b, n))
	return b.String()
}

func TestRenderHTML(t *testing.T) {
	el := func(tag string, attrs []Attr, kids ...*SNode) *SNode {
		return &SNode{Type: ElementNode, TagName: tag, Attributes: attrs, ChildNodes: kids}
	}
	text := func(s string) *SNode { return &SNode{Type: TextNode, TextContent: s} }
	tests := []struct {
		name string
		n    *SNode
		want string
	}{
		{"doctype", &SNode{Type: DocumentNode, ChildNodes: []*SNode{{Type: DocumentTypeNode, Doctype: &Doctype{Name: "html"}}, el("html", nil)}},
			"<!DOCTYPE html><html></html>"},
		{"doctype ids", &SNode{Type: DocumentTypeNode, Doctype: &Doctype{Name: "html", PublicID: "-//W3C//DTD", SystemID: "x.dtd"}},
			`<!DOCTYPE html PUBLIC "-//W3C//DTD" "x.dtd">`},
		{"escaping", el("p", []Attr{{"title", `a"<b>&'`}}, text("<script>&amp;")),
			`<p title="a&#34;&lt;b&gt;&amp;&#39;">&lt;script&gt;&amp;amp;</p>`},
		{"void", el("div", nil, el("img", []Attr{{"src", "x"}}), el("br", nil), el("input", nil)),
			`<div><img src="x"><br><input></div>`},
		{"raw text", el("style", nil, text("a>b{content:'</style><script>'}")),
			`<style>a>b{content:'<\/style><script>'}</style>`},
		{"shadow", &SNode{Type: ElementNode, TagName: "div", IsShadowHost: true, ChildNodes: []*SNode{
			text("light"), {Type: ElementNode, TagName: "span", IsShadow: true, ChildNodes: []*SNode{text("s")}}}},
			`<div><template shadowrootmode="open"><span>s</span></template>light</div>`},
		{"blocked", &SNode{Type: ElementNode, TagName: "video", NeedBlock: true,
			Attributes: []Attr{{"rr_width", "320px"}, {"rr_height", "240.4px"}, {"src", "secret.mp4"}}, ChildNodes: []*SNode{text("secret")}},
			`<video style="width:320px;height:240px" data-veil-blocked></video>`},
		{"blocked void", &SNode{Type: ElementNode, TagName: "img", NeedBlock: true, Attributes: []Attr{{"rr_width", "1px;background:red"}}},
			`<img style="width:0px" data-veil-blocked>`},
		{"comment", &SNode{Type: CommentNode, TextContent: "->x--><p>-"}, `<!-- ->x- -><p>- -->`},
		{"bad attribute name skipped", el("a", []Attr{{`x" onload="y`, "1"}, {"ok", "2"}}), `<a ok="2"></a>`},
		{"iframe document", el("iframe", []Attr{{"srcdoc", "secret"}}, &SNode{Type: DocumentNode, ChildNodes: []*SNode{el("p", nil, text(`"x"`))}}),
			`<iframe srcdoc="&lt;p&gt;&amp;#34;x&amp;#34;&lt;/p&gt;"></iframe>`},
		{"svg", &SNode{Type: ElementNode, TagName: "svg", IsSVG: true, ChildNodes: []*SNode{{Type: ElementNode, TagName: "image", IsSVG: true}}},
			`<svg><image></image></svg>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, renderString(t, tt.n))
		})
	}
}

func TestRenderHTMLErrors(t *testing.T) {
	var b strings.Builder
	assert.ErrorContains(t, RenderHTML(&b, &SNode{Type: ElementNode, TagName: "a b"}), "invalid tag name")
	assert.ErrorContains(t, RenderHTML(&b, nil), "null node")
	assert.ErrorContains(t, RenderHTML(&b, &SNode{Type: 9}), "bad node type")
}
