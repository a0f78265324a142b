package capture

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleTree() *SNode {
	return &SNode{Type: DocumentNode, ID: 1, ChildNodes: []*SNode{
		{Type: DocumentTypeNode, ID: 2, Doctype: &Doctype{Name: "html"}},
		{Type: ElementNode, ID: 3, TagName: "html", ChildNodes: []*SNode{
			{Type: ElementNode, ID: 4, TagName: "style", ChildNodes: []*SNode{
				{Type: TextNode, ID: 5, TextContent: "a{}", IsStyle: true}}},
			{Type: ElementNode, ID: 6, TagName: "div", Attributes: []Attr{{"class", "x"}, {"title", `"q"`}},
				IsShadowHost: true, ChildNodes: []*SNode{
					{Type: ElementNode, ID: 7, TagName: "span", IsShadow: true},
					{Type: CommentNode, ID: 8},
				}},
			{Type: ElementNode, ID: 9, TagName: "svg", IsSVG: true, ChildNodes: []*SNode{{Type: CDATANode, ID: 10}}},
			{Type: ElementNode, ID: 11, TagName: "img", NeedBlock: true, Attributes: []Attr{{"rr_width", "10px"}, {"rr_height", "5px"}}},
			{Type: ElementNode, ID: 12, TagName: "iframe", ChildNodes: []*SNode{
				{Type: DocumentNode, ID: 13, RootID: 13, ChildNodes: []*SNode{{Type: TextNode, ID: 14, TextContent: "in\u2028frame", RootID: 13}}}}},
		}},
	}}
}

func TestAppendEvent(t *testing.T) {
	tests := []struct {
		name string
		e    Event
		want string
	}{
		{"Meta", Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/", Width: 1280, Height: 800}},
			`{"type":4,"data":{"href":"https://x/","width":1280,"height":800},"timestamp":5}`},
		{"FullSnapshot", Event{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: &SNode{Type: DocumentNode, ID: 1,
			ChildNodes: []*SNode{{Type: DocumentTypeNode, ID: 2, Doctype: &Doctype{Name: "html"}}, {Type: ElementNode, ID: 3, TagName: "div",
				Attributes: []Attr{{"class", "x"}}, ChildNodes: []*SNode{{Type: TextNode, ID: 4, TextContent: "t"}}}}}, InitialTop: 3}},
			`{"type":2,"data":{"node":{"type":0,"childNodes":[{"type":1,"name":"html","publicId":"","systemId":"","id":2},` +
				`{"type":2,"tagName":"div","attributes":{"class":"x"},"childNodes":[{"type":3,"textContent":"t","id":4}],"id":3}],"id":1},` +
				`"initialOffset":{"top":3,"left":0}},"timestamp":6}`},
		{"flags", Event{Type: FullSnapshot, Data: FullSnapshotData{Node: &SNode{Type: ElementNode, ID: 3, TagName: "b",
			IsSVG: true, NeedBlock: true, IsShadowHost: true, IsShadow: true, RootID: 9}}},
			`{"type":2,"data":{"node":{"type":2,"tagName":"b","attributes":{},"childNodes":[],"id":3,"isSVG":true,"needBlock":true,` +
				`"isShadowHost":true,"isShadow":true,"rootId":9},"initialOffset":{"top":0,"left":0}},"timestamp":0}`},
		{"text flags", Event{Type: FullSnapshot, Data: FullSnapshotData{Node: &SNode{Type: CDATANode, ID: 3, IsStyle: true}}},
			`{"type":2,"data":{"node":{"type":4,"textContent":"","id":3,"isStyle":true},"initialOffset":{"top":0,"left":0}},"timestamp":0}`},
		{"Mutation", Event{Type: IncrementalSnapshot, Timestamp: 7, Data: MutationData{
			Texts:      []TextMutation{{ID: 1, Value: "x"}},
			Attributes: []AttributeMutation{{ID: 1, Attributes: []AttrChange{{Name: "class", Value: "a"}, {Name: "title", Removed: true}}}},
			Removes:    []RemovedNode{{ParentID: 1, ID: 2}, {ParentID: 3, ID: 4, IsShadow: true}},
			Adds: []AddedNode{{ParentID: 1, Node: &SNode{Type: CommentNode, ID: 6, TextContent: ""}},
				{ParentID: 1, NextID: 6, Node: &SNode{Type: TextNode, ID: 7, TextContent: "y"}}},
			IsAttachIframe: true}},
			`{"type":3,"data":{"source":0,"texts":[{"id":1,"value":"x"}],"attributes":[{"id":1,"attributes":{"class":"a","title":null}}],` +
				`"removes":[{"parentId":1,"id":2},{"parentId":3,"id":4,"isShadow":true}],` +
				`"adds":[{"parentId":1,"nextId":null,"node":{"id":6,"type":5,"textContent":""}},{"parentId":1,"nextId":6,"node":{"id":7,"type":3,"textContent":"y"}}],` +
				`"isAttachIframe":true},"timestamp":7}`},
		{"empty Mutation", Event{Type: IncrementalSnapshot, Data: MutationData{}},
			`{"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[]},"timestamp":0}`},
		{"Input", Event{Type: IncrementalSnapshot, Timestamp: 8, Data: InputData{ID: 3, Text: "*****"}},
			`{"type":3,"data":{"source":5,"text":"*****","isChecked":false,"id":3},"timestamp":8}`},
		{"MouseInteraction", Event{Type: IncrementalSnapshot, Data: MouseInteractionData{Kind: Click, ID: 3, X: 1, Y: 2}},
			`{"type":3,"data":{"source":2,"type":2,"id":3,"x":1,"y":2,"pointerType":0},"timestamp":0}`},
		{"MouseMove", Event{Type: IncrementalSnapshot, Data: MouseMoveData{Positions: []MousePosition{{X: 1, Y: 2, ID: 3, TimeOffset: -10}, {X: 4, Y: 5, ID: 6}}}},
			`{"type":3,"data":{"source":1,"positions":[{"x":1,"y":2,"id":3,"timeOffset":-10},{"x":4,"y":5,"id":6,"timeOffset":0}]},"timestamp":0}`},
		{"Scroll", Event{Type: IncrementalSnapshot, Data: ScrollData{ID: 1, Y: 10}},
			`{"type":3,"data":{"source":3,"id":1,"x":0,"y":10},"timestamp":0}`},
		{"ViewportResize", Event{Type: IncrementalSnapshot, Data: ViewportResizeData{Width: 1, Height: 2}},
			`{"type":3,"data":{"source":4,"width":1,"height":2},"timestamp":0}`},
		{"StyleSheetRule", Event{Type: IncrementalSnapshot, Data: StyleSheetRuleData{ID: 5, Adds: []StyleRuleAdd{{Rule: "a{}", Index: 0}}, Removes: []int{1, 2}}},
			`{"type":3,"data":{"source":8,"id":5,"adds":[{"rule":"a{}","index":0}],"removes":[{"index":1},{"index":2}]},"timestamp":0}`},
		{"StyleSheetRule/remove only", Event{Type: IncrementalSnapshot, Data: StyleSheetRuleData{ID: 5, Removes: []int{0}}},
			`{"type":3,"data":{"source":8,"id":5,"removes":[{"index":0}]},"timestamp":0}`},
		{"Custom", Event{Type: Custom, Timestamp: 9, Data: CustomData{Tag: "veil", Payload: []Attr{{"k", "v"}, {"e", "a\"b"}}}},
			`{"type":5,"data":{"tag":"veil","payload":{"k":"v","e":"a\"b"}},"timestamp":9}`},
		{"escapes", Event{Type: Meta, Data: MetaData{Href: "\n<\u2028\xff"}},
			`{"type":4,"data":{"href":"\n<\u2028\ufffd","width":0,"height":0},"timestamp":0}`},
		{"nil data", Event{Type: Load}, `{"type":1,"data":{},"timestamp":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(AppendEvent(nil, &tt.e)))
			assert.Equal(t, "x"+tt.want, string(AppendEvent([]byte("x"), &tt.e)), "appends to dst")
		})
	}
}

func TestAppendEvents(t *testing.T) {
	assert.Equal(t, "[]", string(AppendEvents(nil, nil)))
	es := []Event{{Type: Meta, Data: MetaData{Href: "a"}}, {Type: IncrementalSnapshot, Data: ViewportResizeData{Width: 1}}}
	assert.Equal(t, "[\n"+`{"type":4,"data":{"href":"a","width":0,"height":0},"timestamp":0}`+",\n"+
		`{"type":3,"data":{"source":4,"width":1,"height":0},"timestamp":0}`+"\n]", string(AppendEvents(nil, es)))
}

func sampleEvents() []Event {
	return []Event{
		{Type: Meta, Timestamp: base, Data: MetaData{Href: "https://x/", Width: 1280, Height: 800}},
		{Type: FullSnapshot, Timestamp: base, Data: FullSnapshotData{Node: sampleTree(), InitialTop: 4, InitialLeft: 2}},
		{Type: IncrementalSnapshot, Timestamp: base + 1, Data: MutationData{
			Texts:      []TextMutation{{ID: 5, Value: "b{}"}},
			Attributes: []AttributeMutation{{ID: 6, Attributes: []AttrChange{{Name: "class", Value: "y"}, {Name: "title", Removed: true}}}},
			Removes:    []RemovedNode{{ParentID: 6, ID: 7, IsShadow: true}},
			Adds: []AddedNode{
				{ParentID: 6, NextID: 8, Node: &SNode{Type: TextNode, ID: 20, TextContent: "new"}},
				{ParentID: 6, Node: &SNode{Type: ElementNode, ID: 21, TagName: "b", IsShadow: true}},
			}}},
		{Type: IncrementalSnapshot, Timestamp: base + 2, Data: InputData{ID: 6, Text: "abc", IsChecked: true}},
		{Type: IncrementalSnapshot, Timestamp: base + 3, Data: MouseInteractionData{Kind: TouchStart, ID: 6, X: -1, Y: 2, PointerType: 2}},
		{Type: IncrementalSnapshot, Timestamp: base + 4, Data: MouseMoveData{Positions: []MousePosition{{X: 1, Y: 2, ID: 6, TimeOffset: -5}}}},
		{Type: IncrementalSnapshot, Timestamp: base + 5, Data: ScrollData{ID: 1, X: 0, Y: 300}},
		{Type: IncrementalSnapshot, Timestamp: base + 6, Data: ViewportResizeData{Width: 390, Height: 844}},
		{Type: IncrementalSnapshot, Timestamp: base + 7, Data: StyleSheetRuleData{ID: 4, Adds: []StyleRuleAdd{{Rule: "p{}", Index: 1}}, Removes: []int{0}}},
		{Type: Meta, Timestamp: base + 8, Data: MetaData{Href: "https://x/next", Width: 390, Height: 844}},
		{Type: Custom, Timestamp: base + 9, Data: CustomData{Tag: "veil", Payload: []Attr{{"rules", "v1"}}}},
	}
}

func TestParseEventsRoundTrip(t *testing.T) {
	want := sampleEvents()
	data := AppendEvents(nil, want)
	got, err := ParseEvents(data)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, string(data), string(AppendEvents(nil, got)))
}

func TestParseEventsLenient(t *testing.T) {
	// Extra keys rrweb writes are ignored; rrweb's value types are mapped.
	data := `[{"type":3,"timestamp":1,"delay":0,"data":{"source":5,"text":"a","isChecked":false,"userTriggered":true,"id":2}},
	{"type":3,"timestamp":2,"data":{"source":0,"texts":[{"id":1,"value":null}],"attributes":[{"id":3,"attributes":{"n":1.5,"t":true,"f":false,"z":null,"s":"x"}}],"removes":[],"adds":[{"parentId":1,"previousId":null,"nextId":null,"node":{"type":2,"tagName":"input","attributes":{"checked":true,"value":42,"x":false,"y":null},"childNodes":[],"id":9}}]}},
	{"type":3,"timestamp":3,"data":{"source":2,"type":5,"id":4}},
	{"type":3,"timestamp":4,"data":{"source":1,"positions":[{"x":1.6,"y":-2.4,"id":1,"timeOffset":-3}]}},
	{"type":3,"timestamp":5,"data":{"source":8,"id":4,"adds":[{"rule":"a{}"}]}}]`
	got, err := ParseEvents([]byte(data))
	require.NoError(t, err)
	require.Len(t, got, 5)
	assert.Equal(t, InputData{ID: 2, Text: "a"}, got[0].Data)
	m := got[1].Data.(MutationData)
	assert.Equal(t, []TextMutation{{ID: 1, Value: ""}}, m.Texts)
	assert.Equal(t, []AttrChange{{Name: "n", Value: "1.5"}, {Name: "t", Value: ""}, {Name: "f", Removed: true},
		{Name: "z", Removed: true}, {Name: "s", Value: "x"}}, m.Attributes[0].Attributes)
	assert.Equal(t, []Attr{{"checked", ""}, {"value", "42"}}, m.Adds[0].Node.Attributes)
	assert.Equal(t, 0, m.Adds[0].NextID)
	assert.Equal(t, MouseInteractionData{Kind: Focus, ID: 4}, got[2].Data)
	assert.Equal(t, MouseMoveData{Positions: []MousePosition{{X: 2, Y: -2, ID: 1, TimeOffset: -3}}}, got[3].Data)
	assert.Equal(t, StyleSheetRuleData{ID: 4, Adds: []StyleRuleAdd{{Rule: "a{}"}}}, got[4].Data)
}

func TestParseEventsErrors(t *testing.T) {
	ev := func(s string) string { return `[{"type":4,"timestamp":1,"data":{"href":"a"}},` + s + `]` }
	tests := []struct {
		name, data, want string
	}{
		{"not JSON", `[`, "capture: json:"},
		{"not an array", `{}`, "capture: events: expected an array, got object"},
		{"event not object", ev(`1`), "capture: event 1: top level: expected an object, got number"},
		{"no type", ev(`{"timestamp":1,"data":{}}`), "event 1: type: missing"},
		{"no data", ev(`{"type":4,"timestamp":1}`), "event 1: data: missing"},
		{"string timestamp", ev(`{"type":4,"timestamp":"1","data":{}}`), "event 1: timestamp: expected a number, got string"},
		{"fractional timestamp", ev(`{"type":4,"timestamp":1.5,"data":{}}`), "event 1: timestamp: expected a whole number"},
		{"Load", ev(`{"type":1,"timestamp":1,"data":{}}`), "event 1: event type 1 cannot be masked again"},
		{"Plugin", ev(`{"type":6,"timestamp":1,"data":{}}`), "event type 6 cannot be masked again"},
		{"source 6", ev(`{"type":3,"timestamp":1,"data":{"source":6,"positions":[]}}`), "event 1: incremental source 6 cannot be masked again"},
		{"meta href type", ev(`{"type":4,"timestamp":1,"data":{"href":1}}`), "event 1: data.href: expected a string, got number"},
		{"style attribute object", ev(`{"type":3,"timestamp":1,"data":{"source":0,"texts":[],"attributes":[{"id":1,"attributes":{"style":{"color":"red"}}}],"removes":[],"adds":[]}}`),
			"event 1: data.attributes[0].attributes.style: expected a string, number, boolean or null, got object"},
		{"node id missing", ev(`{"type":2,"timestamp":1,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":3,"textContent":"x"}]}}}`),
			"event 1: data.node.childNodes[0].id: missing"},
		{"node type", ev(`{"type":2,"timestamp":1,"data":{"node":{"type":9,"id":1}}}`), "data.node.type: expected a whole number from 0 to 5"},
		{"textContent type", ev(`{"type":2,"timestamp":1,"data":{"node":{"type":3,"id":1,"textContent":[]}}}`), "data.node.textContent: expected a string, got array"},
		{"nested rule index", ev(`{"type":3,"timestamp":1,"data":{"source":8,"id":1,"adds":[{"rule":"a{}","index":[1,2]}]}}`),
			"data.adds[0].index: expected a number, got array"},
		{"replaceSync", ev(`{"type":3,"timestamp":1,"data":{"source":8,"id":1,"replaceSync":"a{}"}}`), "constructed style sheets"},
		{"input text type", ev(`{"type":3,"timestamp":1,"data":{"source":5,"id":1,"text":1}}`), "data.text: expected a string"},
		{"custom payload", ev(`{"type":5,"timestamp":1,"data":{"tag":"x","payload":{"a":1}}}`), "data.payload.a: expected a string"},
		{"add without node", ev(`{"type":3,"timestamp":1,"data":{"source":0,"adds":[{"parentId":1,"nextId":null}]}}`), "data.adds[0].node: missing"},
		{"negative id", ev(`{"type":3,"timestamp":1,"data":{"source":3,"id":-1,"x":0,"y":0}}`), "data.id: expected a whole number from 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseEvents([]byte(tt.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func ExampleAppendEvent() {
	e := Event{Type: IncrementalSnapshot, Timestamp: 1700000000000, Data: InputData{ID: 3, Text: "*****"}}
	fmt.Println(string(AppendEvent(nil, &e)))
	// Output: {"type":3,"data":{"source":5,"text":"*****","isChecked":false,"id":3},"timestamp":1700000000000}
}
