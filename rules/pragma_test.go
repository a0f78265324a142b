package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A content-language pragma in the body gives its document's language, and
// only its document's: not an iframe's, and one in a shadow tree none.
// NoteLanguages' cached answers agree with the walk, and follow a change
// when called again.
func TestPragmaLanguageTrees(t *testing.T) {
	doc := parsePage(t, `<!DOCTYPE html><p id=top></p><div id=host></div><iframe id=frame srcdoc="x"></iframe><iframe id=blank></iframe>`+
		`<meta http-equiv=content-language content=de>`)
	attachShadow(t, byID(t, doc, "host"), `<span id=in-shadow></span><meta http-equiv=content-language content=fr>`)
	attachFrame(t, byID(t, doc, "frame"), `<p id=in-frame></p><meta http-equiv=content-language content=it>`)
	attachFrame(t, byID(t, doc, "blank"), `<p id=in-blank></p>`)
	s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{"p:lang(de), span:lang(de), p:lang(it), span:lang(fr)"}})
	require.NoError(t, err)
	want := []string{"top", "in-shadow", "in-frame"}
	t.Run("walked", func(t *testing.T) {
		assert.Equal(t, want, ownMatches(s, doc))
	})
	t.Run("cached", func(t *testing.T) {
		NoteLanguages(doc)
		assert.Equal(t, want, ownMatches(s, doc))
	})
	t.Run("cached after a change", func(t *testing.T) {
		byID(t, doc, "frame").LastChild.LastChild.LastChild.LastChild.Attr[1].Val = "es" // the frame's meta
		NoteLanguages(doc)
		assert.Equal(t, []string{"top", "in-shadow"}, ownMatches(s, doc))
	})
}
