package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A frame that navigates gets a second isAttachIframe document with no
// removal of the first (rrweb's recorder and Veil send none): reading the
// events back replaces the frame's document, as rrweb's Replayer does.
func TestEncodeEventsAttachReplacesFrameDocument(t *testing.T) {
	frameDoc := func(id int, text string) *SNode {
		return &SNode{Type: DocumentNode, ID: id, ChildNodes: []*SNode{
			{Type: ElementNode, ID: id + 1, TagName: "p", RootID: id, ChildNodes: []*SNode{
				{Type: TextNode, ID: id + 2, TextContent: text, RootID: id}}}}}
	}
	attach := func(t int64, doc *SNode) Event {
		return Event{Type: IncrementalSnapshot, Timestamp: t,
			Data: MutationData{Adds: []AddedNode{{ParentID: 3, Node: doc}}, IsAttachIframe: true}}
	}
	events := []Event{
		{Type: Meta, Timestamp: 1, Data: MetaData{Href: "https://x/", Width: 1280, Height: 800}},
		{Type: FullSnapshot, Timestamp: 1, Data: FullSnapshotData{Node: &SNode{Type: DocumentNode, ID: 1, ChildNodes: []*SNode{
			{Type: ElementNode, ID: 2, TagName: "html", ChildNodes: []*SNode{
				{Type: ElementNode, ID: 3, TagName: "iframe"}}}}}}},
		attach(2, frameDoc(10, "first")),
		attach(3, frameDoc(20, "second")),
	}
	raw, err := EncodeEvents(events, 1)
	require.NoError(t, err)
	m := NewMirror()
	apply(t, m, raw)
	dump := fullDump(m)
	assert.Contains(t, dump, "second")
	assert.NotContains(t, dump, "first")
	assert.Nil(t, m.Node(10), "the first document is gone")
	assert.Equal(t, 1, strings.Count(dump, "Document")-1, "one frame document besides the top one:\n%s", dump)
}
