package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A recording that arrives in parts encodes part by part: the second part
// changes nodes that only the first part created.
func TestEventEncoderContinuesThePage(t *testing.T) {
	events := []Event{
		{Type: Meta, Timestamp: 10, Data: MetaData{Href: "https://x.example/"}},
		{Type: FullSnapshot, Timestamp: 10, Data: FullSnapshotData{Node: &SNode{Type: DocumentNode, ID: 1, ChildNodes: []*SNode{
			{Type: ElementNode, ID: 2, TagName: "html", ChildNodes: []*SNode{
				{Type: ElementNode, ID: 3, TagName: "body", ChildNodes: []*SNode{{Type: TextNode, ID: 4, TextContent: "a"}}}}}}}}},
	}
	later := []Event{{Type: IncrementalSnapshot, Timestamp: 20, Data: MutationData{
		Texts: []TextMutation{{ID: 4, Value: "b"}},
		Adds:  []AddedNode{{ParentID: 3, Node: &SNode{Type: ElementNode, ID: 5, TagName: "p"}}},
	}}}

	_, err := EncodeEvents(later, 20)
	require.ErrorContains(t, err, "event 0", "alone, the second part names unknown nodes")

	enc := NewEventEncoder()
	first, err := enc.Encode(events, 10)
	require.NoError(t, err)
	second, err := enc.Encode(later, 20)
	require.NoError(t, err)

	m := NewMirror()
	apply(t, m, first)
	apply(t, m, second)
	require.Equal(t, "b", m.Node(4).Data)
	require.Equal(t, "p", m.Node(5).Data)
	require.True(t, strings.HasPrefix(string(second), "VEIL"))
}
