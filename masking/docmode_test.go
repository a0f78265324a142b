package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// TestDoctypeInsertedLaterKeepsQuirksMode: a browser fixes the document
// mode while parsing. A quirks page (no DOCTYPE), where the mask rule
// ".Secret" matches class="secret", keeps matching after a script inserts a
// DOCTYPE before <html>; the mirror must not switch to standards mode (where
// class selectors are case-sensitive) and record the text in clear.
func TestDoctypeInsertedLaterKeepsQuirksMode(t *testing.T) {
	p, first := newPage(t, `{"mode":"block-list","mask":[".Secret"]}`, `<html><body><p class="secret" id="a">hidden</p><p id="b">open</p></body></html>`)
	require.NotContains(t, first, "hidden", "quirks mode: .Secret matches class=secret")
	require.Contains(t, first, "open")
	html, body := p.id("html"), p.id("body")
	out, err := p.write(func(w *capture.Writer) {
		w.Node(p.nextID, p.mirror.Root().ID, html, &capture.NodeData{Kind: capture.KindDoctype, Name: "html"})
		w.MutationEnd(2000)
		w.Node(p.nextID+1, body, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "p", Attrs: attrs("class", "secret")})
		w.Node(p.nextID+2, p.nextID+1, 0, &capture.NodeData{Kind: capture.KindText, Data: "SECRET-DOCTYPE-LATE"})
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "SECRET-DOCTYPE-LATE")
}

// TestDoctypeRemovedLaterKeepsStandardsMode: in a standards page the allow
// rule ".Public" does not match class="public"; removing the DOCTYPE does
// not put the page in quirks mode, so the rule still does not reveal it.
func TestDoctypeRemovedLaterKeepsStandardsMode(t *testing.T) {
	p, first := newPage(t, `{"mode":"allow-list","allow":[".Public"]}`, `<!DOCTYPE html><html><body><p class="public" id="a">hidden</p></body></html>`)
	require.NotContains(t, first, "hidden")
	body := p.id("body")
	var doctype int
	for c := p.mirror.Root().FirstChild; c != nil; c = c.NextSibling {
		if n := capture.NodeOf(c); n.Kind() == capture.KindDoctype {
			doctype = n.ID
		}
	}
	require.NotZero(t, doctype)
	out, err := p.write(func(w *capture.Writer) {
		w.Remove(doctype)
		w.MutationEnd(2000)
		w.Node(p.nextID, body, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "p", Attrs: attrs("class", "public")})
		w.Node(p.nextID+1, p.nextID, 0, &capture.NodeData{Kind: capture.KindText, Data: "SECRET-DOCTYPE-GONE"})
	})
	require.NoError(t, err)
	assert.NotContains(t, out, "SECRET-DOCTYPE-GONE")
}
