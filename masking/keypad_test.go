package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

func TestKeyLabel(t *testing.T) {
	for label, want := range map[string]bool{
		"7": true, " 2 ABC ": true, "7 PQRS": true, "0\n": true,
		"": false, "  ": false, "12": false, "Clear": false, "7 PQRST": false, "2.": false, "A2": false,
	} {
		t.Run(label, func(t *testing.T) {
			_, ok := keyLabel(label)
			assert.Equal(t, want, ok)
		})
	}
}

// Each page has one element with id "x": is it a keypad's key?
func TestKeypadShapes(t *testing.T) {
	const pad = `<button>1</button><button>2</button><button>3</button><button>4</button><button>5</button>` +
		`<button>6</button><button>7</button><button>8</button><button>9</button><button>0</button>`
	rows := `<div><button>1</button><button>2 ABC</button><button>3 DEF</button></div>` +
		`<div><button>4 GHI</button><button>5</button><button>6</button></div>` +
		`<div><button>7</button><button><span id="x">8</span> TUV</button><button>9</button></div>` +
		`<div><button>Clear</button><button>0</button><button>OK</button></div>`
	week := func(from int) string {
		var b strings.Builder
		b.WriteString("<tr>")
		for d := from; d < from+7; d++ {
			b.WriteString("<td>" + string(rune('0'+d%10)) + "</td>")
		}
		return b.String() + "</tr>"
	}
	for _, c := range []struct {
		name, page string
		key        bool
	}{
		{"flat pad", `<div class="pad">` + strings.Replace(pad, "<button>8", `<button id="x">8`, 1) + `</div>`, true},
		{"rows", `<main><h1>PIN</h1><div class="pad">` + rows + `</div></main>`, true},
		{"rows, the key's label in a span", `<div class="pad">` + rows + `</div>`, true},
		{"shuffled divs", `<div><div>7</div><div>3</div><div id="x">0</div><div>9</div><div>1</div><div>5</div><div>8</div><div>2</div><div>6</div><div>4</div></div>`, true},
		{"a digit beside a pad", `<body><div>` + pad + `</div><p>Rate: <button id="x">4</button></p></body>`, false},
		{"a rating of five", `<div><button>1</button><button>2</button><button id="x">3</button><button>4</button><button>5</button></div>`, false},
		{"a week of a calendar", `<table><tbody>` + strings.Replace(week(1), "<td>3", `<td id="x">3`, 1) + week(8) + `</tbody></table>`, false},
		{"two pads side by side", `<div><div>` + pad + `</div><div>` + strings.Replace(pad, "<button>8", `<button id="x">8`, 1) + `</div></div>`, true},
		{"a pad and more keys than a pad has", `<div>` + strings.Replace(pad, "<button>8", `<button id="x">8`, 1) + `<button>1</button><button>2</button><button>3</button></div>`, false},
		{"a word, not a key", `<div>` + pad + `<button id="x">Clear</button></div>`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(c.page))
			require.NoError(t, err)
			x := findID(doc, "x")
			require.NotNil(t, x)
			key := x
			for !isKeypadKey(key) && key.Parent != nil && key.Parent.Type == html.ElementNode {
				key = key.Parent
			}
			assert.Equal(t, c.key, isKeypadKey(key) && keypadAround(key))
		})
	}
}

func findID(n *html.Node, id string) *html.Node {
	for _, a := range n.Attr {
		if a.Key == "id" && a.Val == id {
			return n
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findID(c, id); f != nil {
			return f
		}
	}
	return nil
}

// A key that shows its press in its text ("5" drawn as "[5]" or a dot
// while held) names the key by the node the change is sent for, masked or
// not: such a change is not sent on a keypad or in a hideInteractions
// area, in any mode; text changing elsewhere on the page still is.
func TestKeyTextChangesNotSent(t *testing.T) {
	const page = `<!DOCTYPE html><html><head></head><body><main>` +
		`<div class="pad"><div><button>1</button><button>2</button><button>3</button></div>` +
		`<div><button>4</button><button>5</button><button>6</button></div>` +
		`<div><button>7</button><button>8</button><button>9</button></div>` +
		`<div><button>Clear</button><button>0</button><button>OK</button></div></div>` +
		`<p>Attempt <b>2</b> of 3</p><div class="hide"><span>7</span></div></main></body></html>`
	for _, r := range []rules.Rules{
		{Mode: rules.ModeMaskAll, HideInteractions: []string{".hide"}},
		{Mode: rules.ModeBlockList, HideInteractions: []string{".hide"}},
		{Mode: rules.ModeAllowList, Allow: []string{"body"}, HideInteractions: []string{".hide"}},
	} {
		t.Run(r.Mode.String(), func(t *testing.T) {
			s, m := startSession(t, r, page)
			textOf := func(parentTag, data string, nth int) int {
				for _, id := range liveIDs(m) {
					if n := m.Node(id); n.Type == html.TextNode && n.Data == data && n.Parent.Data == parentTag {
						if nth--; nth == 0 {
							return id
						}
					}
				}
				t.Fatalf("no text %q", data)
				return 0
			}
			sent := func(id int, data string) int {
				w := capture.NewWriter(10)
				w.Text(id, data)
				w.MutationEnd(20)
				events, err := s.Write(w.Bytes())
				require.NoError(t, err)
				texts := 0
				for _, e := range events {
					if md, ok := e.Data.(capture.MutationData); ok {
						texts += len(md.Texts)
					}
				}
				return texts
			}
			five := textOf("button", "5", 1)
			for _, shown := range []string{"[5]", "•", "5 ", "5"} {
				assert.Zero(t, sent(five, shown), "key 5 shown as %q", shown)
			}
			assert.Zero(t, sent(textOf("span", "7", 1), "[7]"), "a key in a hideInteractions area")
			assert.Equal(t, 1, sent(textOf("b", "2", 1), "3"), "a counter beside the pad")
		})
	}
}

// A key whose label is replaced by new nodes while pressed, or which is
// replaced whole by a pressed copy, names the key by the ids of the nodes
// removed and added: neither is sent, on a keypad or in a hideInteractions
// area, while a small add elsewhere is.
func TestKeyContentReplacedNotSent(t *testing.T) {
	const rest = `<p>Attempt <b>2</b> of 3</p><ul><li>Saved</li></ul><div class="hide"><span>7</span></div></main></body></html>`
	pads := map[string]string{
		"rows": `<div class="pad"><div><button>1</button><button>2</button><button>3</button></div>` +
			`<div><button>4</button><button>5</button><button>6</button></div>` +
			`<div><button>7</button><button>8</button><button>9</button></div>` +
			`<div><button>Clear</button><button>0</button><button>OK</button></div></div>`,
		"flat": `<div class="pad"><button>1</button><button>2</button><button>3</button>` +
			`<button>4</button><button>5</button><button>6</button><button>7</button><button>8</button>` +
			`<button>9</button><button>Clear</button><button>0</button><button>OK</button></div>`,
	}
	for shape, pad := range pads {
		for _, r := range []rules.Rules{
			{Mode: rules.ModeMaskAll, HideInteractions: []string{".hide"}},
			{Mode: rules.ModeBlockList, HideInteractions: []string{".hide"}},
			{Mode: rules.ModeAllowList, Allow: []string{"body"}, HideInteractions: []string{".hide"}},
		} {
			t.Run(shape+"/"+r.Mode.String(), func(t *testing.T) {
				keyContentReplaced(t, r, `<!DOCTYPE html><html><head></head><body><main>`+pad+rest)
			})
		}
	}
}

func keyContentReplaced(t *testing.T, r rules.Rules, page string) {
	t.Helper()
	s, m := startSession(t, r, page)
	next := 0
	for _, id := range liveIDs(m) {
		next = max(next, id)
	}
	textIn := func(parentTag, data string) (text, parent int) {
		for _, id := range liveIDs(m) {
			if n := m.Node(id); n.Type == html.TextNode && n.Data == data && n.Parent.Data == parentTag {
				return id, capture.NodeOf(n.Parent).ID
			}
		}
		t.Fatalf("no text %q", data)
		return 0, 0
	}
	// sent writes the batch, applies it to the test's mirror too and
	// counts the removes and adds that went out.
	sent := func(ops func(w *capture.Writer)) int {
		w := capture.NewWriter(10)
		ops(w)
		w.MutationEnd(20)
		events, err := s.Write(w.Bytes())
		require.NoError(t, err)
		applyAll(t, m, w.Bytes())
		n := 0
		for _, e := range events {
			if md, ok := e.Data.(capture.MutationData); ok {
				n += len(md.Removes) + len(md.Adds)
			}
		}
		return n
	}
	element := func(tag string) *capture.NodeData {
		return &capture.NodeData{Kind: capture.KindElement, Tag: tag}
	}
	text := func(data string) *capture.NodeData {
		return &capture.NodeData{Kind: capture.KindText, Data: data}
	}
	five, button := textIn("button", "5")
	assert.Zero(t, sent(func(w *capture.Writer) {
		w.Remove(five)
		w.Node(next+1, button, 0, element("b"))
		w.Node(next+2, next+1, 0, text("•"))
	}), "key 5's label replaced by a dot")

	_, button8 := textIn("button", "8")
	row := capture.NodeOf(m.Node(button8).Parent).ID
	after := capture.NodeOf(m.Node(button8).NextSibling).ID
	assert.Zero(t, sent(func(w *capture.Writer) {
		w.Remove(button8)
		w.Node(next+3, row, after, &capture.NodeData{Kind: capture.KindElement, Tag: "button",
			Attrs: []html.Attribute{{Key: "class", Val: "pressed"}}})
		w.Node(next+4, next+3, 0, text("8"))
	}), "key 8 replaced by a pressed copy")

	_, button2 := textIn("button", "2")
	assert.Zero(t, sent(func(w *capture.Writer) {
		w.Move(button2, capture.NodeOf(m.Node(button2).Parent).ID, capture.NodeOf(m.Node(button2).NextSibling).ID)
	}), "key 2 put back in its place")

	seven, span := textIn("span", "7")
	assert.Zero(t, sent(func(w *capture.Writer) {
		w.Remove(seven)
		w.Node(next+5, span, 0, text("*"))
	}), "a key in a hideInteractions area")

	_, li := textIn("li", "Saved")
	list := capture.NodeOf(m.Node(li).Parent).ID
	assert.Equal(t, 2, sent(func(w *capture.Writer) {
		w.Node(next+6, list, 0, element("li"))
		w.Node(next+7, next+6, 0, text("Done"))
	}), "an item added to a list beside the pad")
	assert.Equal(t, 3, sent(func(w *capture.Writer) {
		w.Move(li, list, 0)
	}), "an item moved to the end of the list beside the pad: its remove, and its add with its text")
	two, b := textIn("b", "2")
	assert.Equal(t, 2, sent(func(w *capture.Writer) {
		w.Remove(two)
		w.Node(next+8, b, 0, text("3"))
	}), "a counter beside the pad")
}
