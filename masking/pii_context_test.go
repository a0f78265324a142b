package masking

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// TestPIIGrownNextToRecordedText: a number written piece by piece next to
// text the replayer already has (appended text nodes and inline elements)
// is read with that text: each new piece that completes a run is masked,
// while the pieces sent before stay below every threshold.
func TestPIIGrownNextToRecordedText(t *testing.T) {
	p, first := newPage(t, `{"mode":"block-list"}`, `<p id="ref">Ref 12</p><p id="id">ID <span>078</span></p>`)
	require.Contains(t, first, `"Ref 12"`)
	out, err := p.write(func(w *capture.Writer) {
		w.Node(p.nextID, p.id("#ref"), 0, &capture.NodeData{Kind: capture.KindText, Data: "3456"})
		w.Node(p.nextID+1, p.id("#id"), 0, &capture.NodeData{Kind: capture.KindElement, Tag: "b"})
		w.Node(p.nextID+2, p.nextID+1, 0, &capture.NodeData{Kind: capture.KindText, Data: "-05-1120"})
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "3456", "12 + 3456 is a 6-digit run")
	assert.NotContains(t, out, "1120", "078 + -05-1120 is an SSN")
	_, wbr := newPage(t, `{"mode":"block-list"}`, `<p>4111<wbr>1111<wbr>1111<wbr>1111</p>`)
	assert.NotContains(t, wbr, `"1111"`, "<wbr> shows nothing: the number is one")
	assert.Contains(t, out, `"textContent":"****"`)
	assert.Contains(t, out, `"textContent":"********"`)
}

// TestPIITokenGrownNextToRecordedText: a secret token appended piece by
// piece next to recorded text is masked once the pieces read together make
// one; words that meet without a digit, and tokens split over blocks, are
// not tokens.
func TestPIITokenGrownNextToRecordedText(t *testing.T) {
	p, first := newPage(t, `{"mode":"block-list"}`, `<p id="k">Key <b>sk9Tq2</b></p><p><b>Hello</b><i>World</i>Again</p><div>abcDEF12</div><div>34xyzQRSTuv</div>`)
	require.Contains(t, first, `"sk9Tq2"`, "6 characters are no token")
	assert.Contains(t, first, `"World"`)
	assert.Contains(t, first, `"34xyzQRSTuv"`, "blocks do not join")
	out, err := p.write(func(w *capture.Writer) {
		w.Node(p.nextID, p.id("#k"), 0, &capture.NodeData{Kind: capture.KindElement, Tag: "i"})
		w.Node(p.nextID+1, p.nextID, 0, &capture.NodeData{Kind: capture.KindText, Data: "Lm7Xw4Rz8Vn3"})
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "Lm7Xw4Rz8Vn3", "sk9Tq2 + Lm7Xw4Rz8Vn3 is an 18-character token")
	assert.Contains(t, out, `"textContent":"************"`)
}

// TestPIIContextStopsAtBlocks: text in separate blocks (cells, list items,
// divs) or across a line break is not read as one line, and text without
// digits nearby is left alone.
func TestPIIContextStopsAtBlocks(t *testing.T) {
	_, out := newPage(t, `{"mode":"block-list"}`,
		`<table><tr><td>123</td><td>456</td></tr></table><ul><li>12345</li><li>6</li></ul>`+
			`<p>12345<br>6</p><p>Qty <b>12</b> of <i>345</i></p><div>1234<div>56</div></div>`)
	for _, keep := range []string{`"123"`, `"456"`, `"12345"`, `"6"`, `"12"`, `"345"`, `"1234"`, `"56"`} {
		assert.Contains(t, out, `"textContent":`+keep)
	}
	assert.False(t, strings.Contains(out, `"textContent":"***`), "nothing masked: %s", out)
}

// FuzzPIIText: text cut into pieces over inline elements, each piece masked
// with its context, never shows a match when the pieces are read together
// again (within the context window), and each piece keeps its code points.
func FuzzPIIText(f *testing.F) {
	for _, s := range []string{"4111 1111 1111 1111", "jane.doe@example.com", "GB82 WEST 1234 5698 7654 32", "call +1 555-123-4567 now", "12345 6",
		"track?name=Hannelore+Quist&addr=12+Elm+St", "Bearer abcdefghijklmnopqrstuv", "London SW1A 1AA", "card ending in 4242", "415-555-2671 ext. 123",
		"Follow @jfaraday", "ul. Łódzka 12", "10.0.0.1"} {
		f.Add(s, uint8(3), uint8(7))
	}
	f.Add("SWIFT: DEUTDEFF", uint8(7), uint8(4)) // a BIC after its label's node, no digit in it
	// round 18b's rules cut over nodes, and where they meet others
	for _, s := range []string{"Thanks, Hannelore!", "Location: 53.47, -2.29", "Date of birth: January 7th", "Religion|Zoroastrian",
		"My name is Hannelore", "Handy: 0171/23456", "AL. Jerozolimskie 44", "Skype: live:jfaraday", "Please pay to BIC HELADEFF",
		"Bearer+AbCdEfGhIjKlMnOpQr", "Visa ****…4242", "123456...4242", "jane@example.com1EG4-TE5-MK73", "@00A\x0000"} {
		f.Add(s, uint8(5), uint8(6))
	}
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, s string, a, b uint8) {
		// Text reaches the engine as valid UTF-8 (capture.Reader refuses
		// anything else), each node's text whole code points.
		if len(s) > piiContextBytes || !utf8.ValidString(s) {
			return
		}
		cuts := []int{0, runeStart(s, int(a)), runeStart(s, int(a)+int(b)), len(s)}
		p := &capture.Node{}
		p.Type, p.Data = html.ElementNode, "p"
		var texts []*capture.Node
		for i := 0; i+1 < len(cuts); i++ {
			span := &capture.Node{}
			span.Type, span.Data = html.ElementNode, "span"
			text := &capture.Node{}
			text.Type, text.Data = html.TextNode, s[cuts[i]:max(cuts[i], cuts[i+1])]
			span.AppendChild(&text.Node)
			p.AppendChild(&span.Node)
			texts = append(texts, text)
		}
		sess := NewSession(set)
		var joined strings.Builder
		for _, n := range texts {
			out := sess.piiText(n, n.Data)
			require.Equal(t, utf8.RuneCountInString(n.Data), utf8.RuneCountInString(out), "code points of %q", n.Data)
			joined.WriteString(out)
		}
		require.False(t, hasPII(joined.String()), "%q became %q", s, joined.String())
	})
}

// runeStart is the start of the code point of s at byte i, or len(s).
func runeStart(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// TestFloorByLabelChangedLater: a label whose text the page fills in after
// its control was recorded (a translation) puts the control on the floor
// once the recorder reports the new text: the control is sent again with
// its value masked, and the labels' text never leaves.
func TestFloorByLabelChangedLater(t *testing.T) {
	p, first := newPage(t, `{"mode":"allow-list","allow":["form","form *"]}`,
		`<form><label id="l">… <input id="c" value="Kestrel-Ridge"></label><label for="d" id="m">Note</label><input id="d" value="Osprey-Lake"></form>`)
	require.Contains(t, first, "Kestrel-Ridge", "revealed while its label says nothing")
	require.Contains(t, first, "Osprey-Lake")
	out, err := p.write(func(w *capture.Writer) {
		w.Text(p.id("#l")+1, "Security code ")
		w.Attr(p.id("#c"), capture.LabelAttr, "Security code ")
		w.Text(p.id("#m")+1, "CVV")
		w.Attr(p.id("#d"), capture.LabelAttr, "CVV")
	})
	require.NoError(t, err)
	assert.Contains(t, out, `"value":"*****"`, "the controls are sent again, masked")
	assert.NotContains(t, out, "Kestrel-Ridge")
	assert.NotContains(t, out, "Osprey-Lake")
	assert.NotContains(t, out, capture.LabelAttr)
}

// TestPIICardOverBlocks: a card number cut over block elements that a row
// shows side by side (flex or grid items, table cells, list items) is read
// across their boundaries, and masked, in every mode that records text;
// only the grouped card rule reads across (see TestPIIContextStopsAtBlocks).
func TestPIICardOverBlocks(t *testing.T) {
	for _, page := range []string{
		`<div><div>4111</div><div>1111</div><div>1111</div><div>1111</div></div>`,
		"<table><tr><td>4111</td>\n <td>1111</td><td>1111</td><td>1111</td></tr></table>",
		`<ul><li><b>4111</b></li><li>1111</li><li>1111</li><li><i>1111</i></li></ul>`,
		`<div><x-g><x-d>4111</x-d></x-g><p>1111</p><p>1111</p><p>1111</p></div>`,
		`<div><div><div>4111</div></div><div>1111</div></div><div>1111</div><div>1111</div>`,
	} {
		t.Run(page, func(t *testing.T) {
			for _, rules := range []string{`{"mode":"block-list"}`, `{"mode":"allow-list","allow":["body"]}`} {
				_, out := newPage(t, rules, page)
				assert.NotContains(t, out, "4111", rules)
				assert.NotContains(t, out, `"1111"`, rules)
			}
		})
	}
}

// TestPIILabelOverNodes: a label read with the text around a node names a
// value in another node: after it in the next inline element, over a <br>
// in a cell, or read aloud in the next cell. Numbers split by <br> stay
// apart.
func TestPIILabelOverNodes(t *testing.T) {
	for page, secret := range map[string]string{
		`<p><span>Passphrase</span><span>: tangerine elephant walrus</span></p>`: "elephant",
		`<table><tr><td>Password</td><td>correct<br>horse</td></tr></table>`:     "horse",
		`<table><tr><td>PIN</td><td>four eight two one</td></tr></table>`:        "eight two",
		`<dl><dd>Security answer<br>blue<br>lagoon</dd></dl>`:                    "lagoon",
	} {
		t.Run(page, func(t *testing.T) {
			_, out := newPage(t, `{"mode":"block-list"}`, page)
			assert.NotContains(t, out, secret)
		})
	}
	_, out := newPage(t, `{"mode":"block-list"}`, `<p>Unit prices<br>120<br>340<br>560<br>780</p>`)
	assert.Contains(t, out, `"340"`, "a column of numbers split by <br> is no number")
}

// TestPIITextSplitLabels: a token's label or a query parameter's name cut
// over inline elements still names the value in the next one.
func TestPIITextSplitLabels(t *testing.T) {
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	for _, tc := range []struct {
		pieces []string
		secret string
	}{
		{[]string{"Bea", "rer abcdefghijklmnopqrst"}, "abcdefghijklmnopqrst"},
		{[]string{"Bearer", " abcdefghijklmnopqrst"}, "abcdefghijklmnopqrst"},
		{[]string{"sk_te", "st_abcdefghijklmnop"}, "abcdefghijklmnop"},
		{[]string{"track?na", "me=Hannelore"}, "Hannelore"},
		{[]string{"track?name=", "Hannelore"}, "Hannelore"},
	} {
		t.Run(strings.Join(tc.pieces, "|"), func(t *testing.T) {
			p := &capture.Node{}
			p.Type, p.Data = html.ElementNode, "p"
			var texts []*capture.Node
			for _, piece := range tc.pieces {
				span, text := &capture.Node{}, &capture.Node{}
				span.Type, span.Data = html.ElementNode, "span"
				text.Type, text.Data = html.TextNode, piece
				span.AppendChild(&text.Node)
				p.AppendChild(&span.Node)
				texts = append(texts, text)
			}
			sess := NewSession(set)
			var out strings.Builder
			for _, n := range texts {
				out.WriteString(sess.piiText(n, sess.piiTokens(n.Data))) // as the choke point does
			}
			assert.NotContains(t, out.String(), tc.secret)
		})
	}
}
