package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func TestDecidePrecedence(t *testing.T) {
	const page = `<div id=root>
		<section id=masked class=m><p id=allowInMask class=a>x</p></section>
		<section id=blocked class=b><p id=inBlock class="a m">x</p></section>
		<section id=allowed class=a><p id=maskInAllow class=m>x</p><p id=plainInAllow>x</p></section>
		<section id=markup data-veil-mask><p id=markupAllow data-veil-allow>x</p></section>
		<section id=markBlock data-veil-block><p id=underMarkBlock>x</p></section>
		<p id=markAllow data-veil-allow>x</p>
		<p id=plain>x</p>
		<div id=both class="a m b"></div>
	</div>`
	type want struct{ block, masked, allowed, record bool }
	cases := []struct {
		rules string
		want  map[string]want
	}{
		{`{"mode":"block-list","mask":[".m"],"block":[".b"],"allow":[".a"]}`, map[string]want{
			"root":           {record: true},
			"masked":         {masked: true},
			"allowInMask":    {masked: true, allowed: true},
			"blocked":        {block: true},
			"inBlock":        {block: true, masked: true, allowed: true},
			"allowed":        {allowed: true, record: true},
			"maskInAllow":    {masked: true, allowed: true},
			"plainInAllow":   {allowed: true, record: true},
			"markup":         {masked: true},
			"markupAllow":    {masked: true, allowed: true},
			"markBlock":      {block: true},
			"underMarkBlock": {block: true},
			"markAllow":      {allowed: true, record: true},
			"plain":          {record: true},
			"both":           {block: true, masked: true, allowed: true},
		}},
		{`{"mode":"allow-list","mask":[".m"],"block":[".b"],"allow":[".a"]}`, map[string]want{
			"root":         {},
			"allowed":      {allowed: true, record: true},
			"plainInAllow": {allowed: true, record: true},
			"maskInAllow":  {masked: true, allowed: true},
			"allowInMask":  {masked: true, allowed: true},
			"markAllow":    {allowed: true, record: true},
			"plain":        {},
		}},
		{`{"mode":"mask-all","mask":[".m"],"block":[".b"]}`, map[string]want{
			"root":           {},
			"allowed":        {},
			"markAllow":      {},
			"markupAllow":    {masked: true},
			"masked":         {masked: true},
			"blocked":        {block: true},
			"inBlock":        {block: true, masked: true},
			"underMarkBlock": {block: true},
		}},
	}
	for _, c := range cases {
		t.Run(c.rules, func(t *testing.T) {
			got := decideTree(t, mustSet(t, c.rules), page)
			for id, w := range c.want {
				d, ok := got[id]
				require.True(t, ok, id)
				assert.Equal(t, w, want{d.Block, d.Masked, d.Allowed, d.Record}, id)
			}
		})
	}
}

func TestDecideMarkupCaseInsensitive(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list"}`)
	for _, key := range []string{"data-veil-mask", "DATA-VEIL-MASK", "Data-Veil-Mask"} {
		t.Run(key, func(t *testing.T) {
			d := s.Decide(element("div", key, ""), Decision{Record: true})
			assert.True(t, d.Masked)
			assert.False(t, d.Record)
		})
	}
}

func TestDecideNonElementKeepsParent(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list","mask":["*"]}`)
	parent := Decision{Record: true, RevealInput: true, InEditable: true}
	for _, n := range []*html.Node{
		{Type: html.TextNode, Data: "x"}, {Type: html.CommentNode, Data: "x"},
		{Type: html.DocumentNode}, {Type: html.DoctypeNode, Data: "html"},
	} {
		assert.Equal(t, parent, s.Decide(n, parent))
	}
	assert.Equal(t, parent, s.Decide(nil, parent))
}

func TestHardFloor(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list","allow":["input","textarea","select","[data-x]"]}`)
	cases := []struct {
		name  string
		node  *html.Node
		floor bool
	}{
		{"password", element("input", "type", "password"), true},
		{"PASSWORD", element("input", "type", "PASSWORD"), true},
		{"padded Password", element("input", "type", " Password\t"), true},
		{"hidden", element("input", "type", "hidden"), true},
		{"file", element("input", "type", "File"), true},
		{"upper-case tag", element("INPUT", "type", "password"), true},
		{"text", element("input", "type", "text"), false},
		{"no type", element("input"), false},
		{"password on a div", element("div", "type", "password", "data-x", ""), false},
		{"cc-number", element("input", "autocomplete", "cc-number"), true},
		{"section cc-exp", element("input", "autocomplete", "section-a billing CC-EXP"), true},
		{"current-password", element("input", "autocomplete", "current-password"), true},
		{"new-password", element("input", "autocomplete", "username new-password"), true},
		{"one-time-code", element("input", "autocomplete", "One-Time-Code"), true},
		{"autocomplete on a form", element("form", "autocomplete", "cc-name"), true},
		{"email", element("input", "autocomplete", "email"), false},
		{"cc alone", element("input", "autocomplete", "cc"), false},
		{"cc-", element("input", "autocomplete", "cc-"), true},
		// attributes whose names differ only in case are one to a replayer:
		// any of them on the floor puts the control there, in either order
		{"type then TYPE=text", element("input", "type", "password", "TYPE", "text"), true},
		{"TYPE=text then type", element("input", "TYPE", "text", "type", "password"), true},
		{"autocomplete then AUTOCOMPLETE=off", element("input", "autocomplete", "cc-number", "AUTOCOMPLETE", "off"), true},
		{"two text types", element("input", "type", "text", "TYPE", "search"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := s.Decide(c.node, Decision{Record: true})
			assert.Equal(t, c.floor, d.Floor)
			if c.floor {
				assert.False(t, d.RevealInput, "the floor is never revealed")
			}
		})
	}
	t.Run("floor is inherited", func(t *testing.T) {
		d := s.Decide(element("form", "autocomplete", "cc-number"), Decision{Record: true})
		in := s.Decide(element("input", "type", "text"), d)
		assert.True(t, in.Floor)
		assert.False(t, in.RevealInput)
	})
	t.Run("type switched to password", func(t *testing.T) {
		n := element("input", "type", "text")
		require.True(t, s.Decide(n, Decision{Record: true}).RevealInput)
		n.Attr[0].Val = "Password"
		d := s.Decide(n, Decision{Record: true})
		assert.True(t, d.Floor)
		assert.False(t, d.RevealInput)
	})
}

func TestRevealInputOnlyOnTheControl(t *testing.T) {
	const page = `<form id=form class=ok>
		<label id=label>Name</label><input id=inForm>
		<input id=direct class=ok><textarea id=ta class=ok>t</textarea>
		<select id=sel class=ok><optgroup id=og><option id=opt1>a</option></optgroup><option id=opt2 class=m>b</option></select>
		<select id=closed><option id=closedOpt class=ok>c</option></select>
		<input id=masked class="ok m"><input id=markup data-veil-allow>
		</form>
		<datalist id=dl class=ok><option id=dlOpt>d</option></datalist>
		<div class=m><input id=underMask class=ok></div>`
	rules := []string{
		`{"mode":"block-list","mask":[".m"],"allow":[".ok"]}`,
		`{"mode":"allow-list","mask":[".m"],"allow":[".ok"]}`,
	}
	revealed := map[string]bool{
		"form": false, "label": false, "inForm": false, "direct": true, "ta": true, "sel": true,
		"og": true, "opt1": true, "opt2": false, "closed": false, "closedOpt": false,
		"masked": false, "markup": true, "dl": false, "dlOpt": false, "underMask": false,
	}
	for _, r := range rules {
		t.Run(r, func(t *testing.T) {
			got := decideTree(t, mustSet(t, r), page)
			for id, want := range revealed {
				assert.Equal(t, want, got[id].RevealInput, id)
			}
		})
	}
	t.Run("mask-all never reveals", func(t *testing.T) {
		got := decideTree(t, mustSet(t, `{"mask":[".m"]}`), page)
		for id := range revealed {
			assert.False(t, got[id].RevealInput, id)
		}
	})
}

func TestContentEditable(t *testing.T) {
	const page = `<div id=plain contenteditable=false><p id=plainChild>x</p></div>
		<div id=host contenteditable><p id=child>x</p><b id=maskedChild class=m>y</b></div>
		<div id=revealed contenteditable="TRUE" class=ok><p id=rchild>x</p><b id=rmasked class=m>y</b>
			<span id=inner contenteditable="plaintext-only"><i id=innerChild>z</i></span>
			<span id=innerMasked contenteditable class=m></span></div>
		<div id=padded contenteditable=" true " class=ok></div>
		<div class=m><div id=maskedHost contenteditable class=ok></div></div>`
	type want struct{ in, revealed, revealInput bool }
	wants := map[string]want{
		"plain":       {},
		"plainChild":  {},
		"host":        {in: true},
		"child":       {in: true},
		"maskedChild": {in: true},
		"revealed":    {in: true, revealed: true, revealInput: true},
		"rchild":      {in: true, revealed: true},
		"rmasked":     {in: true},
		"inner":       {in: true, revealed: true, revealInput: true},
		"innerChild":  {in: true, revealed: true},
		"innerMasked": {in: true},
		"padded":      {in: true, revealed: true, revealInput: true},
		"maskedHost":  {in: true},
	}
	got := decideTree(t, mustSet(t, `{"mode":"block-list","mask":[".m"],"allow":[".ok"]}`), page)
	for id, w := range wants {
		d := got[id]
		assert.Equal(t, w, want{d.InEditable, d.EditableRevealed, d.RevealInput}, id)
	}
	t.Run("mask-all", func(t *testing.T) {
		got := decideTree(t, mustSet(t, `{}`), page)
		assert.True(t, got["revealed"].InEditable)
		assert.False(t, got["revealed"].EditableRevealed)
		assert.False(t, got["rchild"].EditableRevealed)
	})
}

// TestStyleEditable: -webkit-user-modify in a style attribute makes an
// editing host like contenteditable does.
func TestStyleEditable(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list"}`)
	for style, want := range map[string]bool{
		"-webkit-user-modify: read-write":               true,
		"-WEBKIT-USER-MODIFY:READ-WRITE-PLAINTEXT-ONLY": true,
		"color: red; -webkit-user-modify:read-write;":   true,
		"-webkit-user-modify: read-only":                false,
		"color: red":                                    false,
		"user-select: text; --note: 'read-write mode'":  false,
	} {
		d := s.Decide(element("div", "style", style), Decision{Record: true})
		assert.Equal(t, want, d.InEditable, style)
		assert.False(t, d.EditableRevealed, style)
		assert.Equal(t, want, StyleEditable(style), style)
	}
}

// Shadow roots and iframe documents hang below their host as DocumentNodes.
func TestShadowAndIframeInheritance(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list","mask":[".m"],"block":[".b"],"hideInteractions":[".pin"]}`)
	build := func(hostAttrs ...string) (*html.Node, *html.Node) {
		host := element("div", hostAttrs...)
		root := &html.Node{Type: html.DocumentNode}
		inner := element("p", "id", "inner")
		inner.AppendChild(&html.Node{Type: html.TextNode, Data: "secret"})
		root.AppendChild(inner)
		host.AppendChild(root)
		return host, inner
	}
	cases := []struct {
		name  string
		attrs []string
		check func(t *testing.T, d Decision)
	}{
		{"masked shadow host", []string{"class", "m"}, func(t *testing.T, d Decision) {
			assert.True(t, d.Masked)
			assert.False(t, d.Record)
		}},
		{"blocked iframe", []string{"class", "b"}, func(t *testing.T, d Decision) { assert.True(t, d.Block) }},
		{"markup host", []string{"data-veil-mask", ""}, func(t *testing.T, d Decision) { assert.True(t, d.Masked) }},
		{"hidden interactions", []string{"class", "pin"}, func(t *testing.T, d Decision) { assert.True(t, d.HideInteractions) }},
		{"plain host", nil, func(t *testing.T, d Decision) {
			assert.True(t, d.Record)
			assert.False(t, d.Masked)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			host, _ := build(c.attrs...)
			c.check(t, decideFrom(s, host, Decision{})["inner"])
		})
	}
	t.Run("floor crosses into iframe", func(t *testing.T) {
		iframe := element("iframe")
		doc := &html.Node{Type: html.DocumentNode}
		in := element("input", "id", "inner")
		doc.AppendChild(in)
		iframe.AppendChild(doc)
		form := element("form", "autocomplete", "one-time-code")
		form.AppendChild(iframe)
		assert.True(t, decideFrom(s, form, Decision{})["inner"].Floor)
	})
}

func TestHideInteractions(t *testing.T) {
	s := mustSet(t, `{"hideInteractions":[".pin-pad"]}`)
	got := decideTree(t, s, `<div id=pad class=pin-pad><button id=key>1</button></div><button id=other>x</button>`)
	assert.True(t, got["pad"].HideInteractions)
	assert.True(t, got["key"].HideInteractions)
	assert.False(t, got["other"].HideInteractions)
}

// TestOutputIsInputContent: an output shows the result of what a person
// did; its content is input content, revealed only by an allow on it.
func TestOutputIsInputContent(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list","allow":[".ok"]}`)
	d := s.Decide(element("output"), Decision{Record: true})
	assert.True(t, d.InEditable)
	assert.False(t, d.EditableRevealed)
	assert.False(t, d.RevealInput)
	d = s.Decide(element("OUTPUT", "class", "ok"), Decision{Record: true})
	assert.True(t, d.InEditable && d.EditableRevealed && d.RevealInput)
	d = s.Decide(element("output", "class", "ok"), Decision{Record: true, Floor: true})
	assert.False(t, d.RevealInput, "the floor above wins")
}
