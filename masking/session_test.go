package masking

import (
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// page is a recorded page under test: a session plus a mirror of our own,
// used only to find node ids by selector.
type page struct {
	t      *testing.T
	s      *Session
	mirror *capture.Mirror
	nextID int
}

func newPage(t *testing.T, rulesJSON, src string) (*page, string) {
	t.Helper()
	r := rules.MaskAll()
	if rulesJSON != "" {
		var err error
		r, err = rules.Parse([]byte(rulesJSON))
		require.NoError(t, err)
	}
	set, err := rules.Compile(r)
	require.NoError(t, err)
	batch, err := capture.FromHTML(strings.NewReader(src), "https://shop.example/a?token=SECRETQ#frag", 1000)
	require.NoError(t, err)
	p := &page{t: t, s: NewSession(set), mirror: capture.NewMirror()}
	rd, err := capture.NewReader(batch)
	require.NoError(t, err)
	var op capture.Op
	for rd.Next(&op) == nil {
		n, err := p.mirror.Apply(&op)
		require.NoError(t, err)
		if n != nil && n.ID >= p.nextID {
			p.nextID = n.ID + 1
		}
	}
	events, err := p.s.Write(batch)
	require.NoError(t, err)
	return p, string(capture.AppendEvents(nil, events))
}

func (p *page) id(sel string) int {
	p.t.Helper()
	n := cascadia.MustCompile(sel).MatchFirst(&p.mirror.Root().Node)
	require.NotNil(p.t, n, sel)
	return capture.NodeOf(n).ID
}

// write runs one batch built by fill and returns the events as JSON.
func (p *page) write(fill func(w *capture.Writer)) (string, error) {
	w := capture.NewWriter(2000)
	fill(w)
	w.MutationEnd(2000)
	batch := w.Bytes()
	rd, err := capture.NewReader(batch)
	require.NoError(p.t, err)
	var op capture.Op
	for {
		if err := rd.Next(&op); err == io.EOF {
			break
		} else if err != nil {
			break
		}
		p.mirror.Apply(&op)
	}
	events, err := p.s.Write(batch)
	return string(capture.AppendEvents(nil, events)), err
}

func TestMaskClassSetOnAncestorAfterLoad(t *testing.T) {
	p, first := newPage(t, `{"mode":"block-list","mask":[".private"]}`,
		`<div id="acct"><p>Jane Doe, 12 Elm St</p></div>`)
	require.Contains(t, first, "Jane Doe", "block-list records page text")
	out, err := p.write(func(w *capture.Writer) { w.Attr(p.id("#acct"), "class", "private") })
	require.NoError(t, err)
	assert.NotContains(t, out, "Jane")
	assert.Contains(t, out, `"removes":[{"parentId":`, "the old copy is removed")
	assert.Contains(t, out, "**** ****", "and re-added masked")
}

func TestPasswordToggleIsSticky(t *testing.T) {
	p, _ := newPage(t, `{"mode":"block-list","allow":["#draft"]}`, `<input id="draft" type="text">`)
	id := p.id("#draft")
	out, err := p.write(func(w *capture.Writer) { w.Input(2000, id, "visible-before", false) })
	require.NoError(t, err)
	assert.Contains(t, out, "visible-before", "allowed non-floor input is revealed")

	out, err = p.write(func(w *capture.Writer) {
		w.Attr(id, "type", "password")
		w.MutationEnd(2000)
		w.Input(2001, id, "hunter2-SECRET", false)
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "hunter2")
	assert.Contains(t, out, `"text":"*****"`)

	out, err = p.write(func(w *capture.Writer) {
		w.Attr(id, "type", "text")
		w.MutationEnd(2000)
		w.Input(2002, id, "shown-again-SECRET", false)
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "shown-again", "was a password stays masked")
}

func TestChildAddedToBlockedParentIsNeverSent(t *testing.T) {
	p, first := newPage(t, `{"mode":"block-list","block":["#chat"]}`, `<div id="chat"><p>hi</p></div><p id="x">ok</p>`)
	require.Contains(t, first, `"needBlock":true`)
	out, err := p.write(func(w *capture.Writer) {
		w.Node(p.nextID, p.id("#chat"), 0, &capture.NodeData{Kind: capture.KindText, Data: "SECRET chat line"})
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "SECRET")
}

func TestNodeMovedIntoMaskedArea(t *testing.T) {
	p, _ := newPage(t, `{"mode":"block-list","mask":["#vault"]}`, `<p id="note">Account 99-SECRET</p><div id="vault"></div>`)
	out, err := p.write(func(w *capture.Writer) { w.Move(p.id("#note"), p.id("#vault"), 0) })
	require.NoError(t, err)
	assert.NotContains(t, out, "99-SECRET")
	assert.Contains(t, out, `"textContent":"******* *********"`)
}

func TestSiblingRuleStartsMatching(t *testing.T) {
	p, first := newPage(t, `{"mode":"block-list","mask":[".secret + p"]}`, `<div id="d"><p id="a">Public text</p></div>`)
	require.Contains(t, first, "Public text")
	out, err := p.write(func(w *capture.Writer) {
		w.Node(p.nextID, p.id("#d"), p.id("#a"), &capture.NodeData{Kind: capture.KindElement, Tag: "span",
			Attrs: attrs("class", "secret")})
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "Public text", "the sibling is re-emitted masked")
	assert.Contains(t, out, "****** ****")
}

func TestMaskedInputIsCoalesced(t *testing.T) {
	p, _ := newPage(t, "", `<input id="q">`)
	id := p.id("#q")
	out, err := p.write(func(w *capture.Writer) {
		for i, v := range []string{"J", "Ja", "Jan", "Jane"} {
			w.Input(int64(2000+i), id, v, false)
		}
	})
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(out, `"source":5`), "one masked input event, whatever was typed")
	assert.NotContains(t, out, "Ja")
}

func TestHideInteractionsDropsClicks(t *testing.T) {
	p, _ := newPage(t, `{"hideInteractions":["#pin"]}`, `<div id="pin"><button id="k7">7</button></div><button id="ok">OK</button>`)
	out, err := p.write(func(w *capture.Writer) {
		w.Mouse(2000, capture.Click, p.id("#k7"), 10, 20, 0)
		w.Mouse(2001, capture.Click, p.id("#ok"), 30, 40, 0)
	})
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(out, `"source":2`))
	assert.Contains(t, out, `"x":30`)
	assert.NotContains(t, out, `"x":10`)
}

func TestBadBatchFailsClosedAndKeepsEarlierEvents(t *testing.T) {
	p, _ := newPage(t, "", `<p id="a">x</p>`)
	out, err := p.write(func(w *capture.Writer) {
		w.Viewport(2000, 800, 600)
		w.Text(99999, "SECRET for a node that does not exist")
	})
	require.Error(t, err)
	assert.Contains(t, out, `"source":4`, "events before the bad op stand")
	assert.NotContains(t, out, "SECRET")

	_, err = p.write(func(w *capture.Writer) { w.Viewport(2001, 1, 1) })
	require.ErrorIs(t, err, ErrOutOfStep)

	batch, err := capture.FromHTML(strings.NewReader(`<p>again</p>`), "https://x.example/", 3000)
	require.NoError(t, err)
	events, err := p.s.Write(batch)
	require.NoError(t, err, "a fresh full snapshot resynchronizes")
	assert.Len(t, events, 2)
}

func attrs(kv ...string) (out []html.Attribute) {
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, html.Attribute{Key: kv[i], Val: kv[i+1]})
	}
	return out
}
