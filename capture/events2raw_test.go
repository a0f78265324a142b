package capture

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// apply decodes batch into m, failing the test on any error.
func apply(t testing.TB, m *Mirror, batch []byte) {
	t.Helper()
	r, err := NewReader(batch)
	require.NoError(t, err)
	var op Op
	for {
		err := r.Next(&op)
		if err == io.EOF {
			return
		}
		require.NoError(t, err)
		_, err = m.Apply(&op)
		require.NoError(t, err)
	}
}

// fullDump describes every node of m in tree order with all its data.
func fullDump(m *Mirror) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(h *html.Node, depth int) {
		n := NodeOf(h)
		d := n.NodeData()
		fmt.Fprintf(&b, "%s%d %s %s:%s %v %dx%d %q %s/%s/%s blocked=%v\n", strings.Repeat(" ", depth), n.ID, d.Kind,
			d.Namespace, d.Tag, d.Attrs, d.Width, d.Height, d.Data, d.Name, d.PublicID, d.SystemID, n.WasBlocked)
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	if m.Root() != nil {
		walk(&m.Root().Node, 0)
	}
	return b.String()
}

// serialize is a tiny test-only version of what the masking session emits:
// the mirror as rrweb nodes, shadow roots flattened into their hosts and
// iframe documents split off for attach mutations.
func serialize(n *Node, iframes *[]AddedNode) *SNode {
	s := &SNode{ID: n.ID}
	d := n.NodeData()
	switch d.Kind {
	case KindDocument:
		s.Type = DocumentNode
	case KindDoctype:
		s.Type, s.Doctype = DocumentTypeNode, &Doctype{Name: d.Name, PublicID: d.PublicID, SystemID: d.SystemID}
	case KindElement:
		s.Type, s.TagName, s.IsSVG = ElementNode, d.Tag, d.Namespace == "svg"
		for _, a := range d.Attrs {
			s.Attributes = append(s.Attributes, Attr{a.Key, a.Val})
		}
	case KindText:
		s.Type, s.TextContent = TextNode, d.Data
	case KindCDATA:
		s.Type, s.TextContent = CDATANode, d.Data
	case KindComment:
		s.Type, s.TextContent = CommentNode, d.Data
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cn := NodeOf(c)
		switch cn.Kind() {
		case KindShadowRoot:
			s.IsShadowHost = true
			for sc := c.FirstChild; sc != nil; sc = sc.NextSibling {
				child := serialize(NodeOf(sc), iframes)
				child.IsShadow = true
				s.ChildNodes = append(s.ChildNodes, child)
			}
		case KindDocument:
			*iframes = append(*iframes, AddedNode{ParentID: n.ID, Node: serialize(cn, iframes)})
		default:
			s.ChildNodes = append(s.ChildNodes, serialize(cn, iframes))
		}
	}
	return s
}

func TestEncodeEventsRebuildsMirror(t *testing.T) {
	const page = `<!DOCTYPE html><html><body><div id=host><p>light</p></div><iframe src="https://other.example/"></iframe>` +
		`<svg><title>s</title></svg><!--c--></body></html>`
	batch, err := FromHTML(strings.NewReader(page), "https://x/", base)
	require.NoError(t, err)
	want := NewMirror()
	apply(t, want, batch)
	// Add what FromHTML cannot produce: a shadow root and an iframe document.
	host := NodeOf(htmlFind(&want.Root().Node, "div")).ID
	iframe := NodeOf(htmlFind(&want.Root().Node, "iframe")).ID
	w := NewWriter(base)
	w.Node(100, host, 0, &NodeData{Kind: KindShadowRoot})
	w.Node(101, 100, 0, &NodeData{Kind: KindElement, Tag: "slot"})
	w.Node(102, 100, 0, &NodeData{Kind: KindText, Data: "shadow text"})
	w.Node(103, iframe, 0, &NodeData{Kind: KindDocument})
	w.Node(104, 103, 0, &NodeData{Kind: KindElement, Tag: "html"})
	w.MutationEnd(base)
	apply(t, want, w.Bytes())

	var iframes []AddedNode
	root := serialize(want.Root(), &iframes)
	events := []Event{
		{Type: Meta, Timestamp: base, Data: MetaData{Href: "https://x/", Width: 1280, Height: 800}},
		{Type: FullSnapshot, Timestamp: base, Data: FullSnapshotData{Node: root}},
		{Type: IncrementalSnapshot, Timestamp: base + 1, Data: MutationData{Adds: iframes, IsAttachIframe: true}},
	}
	raw, err := EncodeEvents(events, base)
	require.NoError(t, err)
	got := NewMirror()
	apply(t, got, raw)

	expected := strings.Replace(fullDump(want), "100 ShadowRoot", fmt.Sprint(ShadowRootID(host), " ShadowRoot"), 1)
	assert.Equal(t, expected, fullDump(got))

	// The snapshot part of the batch is FromHTML's batch, byte for byte.
	ops := readAll(t, raw)
	fromHTML := readAll(t, batch)
	assert.Equal(t, fromHTML[0], ops[0], "SnapshotStart")
}

func htmlFind(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := htmlFind(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func TestEncodeEventsMutations(t *testing.T) {
	doc := &SNode{Type: DocumentNode, ID: 1, ChildNodes: []*SNode{
		{Type: ElementNode, ID: 2, TagName: "html", ChildNodes: []*SNode{
			{Type: ElementNode, ID: 3, TagName: "div", IsShadowHost: true, Attributes: []Attr{{"class", "a"}}},
			{Type: TextNode, ID: 4, TextContent: "t"},
		}}}}
	events := []Event{
		{Type: Meta, Timestamp: base, Data: MetaData{Href: "https://x/", Width: 10, Height: 20}},
		{Type: FullSnapshot, Timestamp: base, Data: FullSnapshotData{Node: doc, InitialTop: 7, InitialLeft: 3}},
		{Type: IncrementalSnapshot, Timestamp: base + 1, Data: MutationData{
			Removes: []RemovedNode{{ParentID: 2, ID: 4}},
			// Out of order: 12 goes under 11, which goes before 10, which
			// goes under 3's shadow root.
			Adds: []AddedNode{
				{ParentID: 11, Node: &SNode{Type: TextNode, ID: 12, TextContent: "deep"}},
				{ParentID: 3, NextID: 10, Node: &SNode{Type: ElementNode, ID: 11, TagName: "i", IsShadow: true}},
				{ParentID: 3, Node: &SNode{Type: ElementNode, ID: 10, TagName: "b", IsShadow: true}},
				{ParentID: 2, Node: &SNode{Type: ElementNode, ID: 13, TagName: "img", NeedBlock: true,
					Attributes: []Attr{{"rr_width", "123.4px"}, {"rr_height", "45px"}, {"class", "c"}, {"rr_dataURL", "data:secret"}}}},
			},
			Texts:      []TextMutation{{ID: 12, Value: "deeper"}},
			Attributes: []AttributeMutation{{ID: 3, Attributes: []AttrChange{{Name: "class", Removed: true}, {Name: "title", Value: "x"}, {Name: "rr_scrollTop", Value: "5"}}}},
		}},
		{Type: IncrementalSnapshot, Timestamp: base + 2, Data: InputData{ID: 3, Text: "v", IsChecked: true}},
		{Type: IncrementalSnapshot, Timestamp: base + 3, Data: MouseInteractionData{Kind: Click, ID: 3, X: 1, Y: 2, PointerType: 1}},
		{Type: IncrementalSnapshot, Timestamp: base + 4, Data: MouseMoveData{Positions: []MousePosition{{X: 1, Y: 2, ID: 3, TimeOffset: -1}}}},
		{Type: IncrementalSnapshot, Timestamp: base + 5, Data: ScrollData{ID: 1, Y: 9}},
		{Type: IncrementalSnapshot, Timestamp: base + 6, Data: ViewportResizeData{Width: 5, Height: 6}},
		{Type: IncrementalSnapshot, Timestamp: base + 7, Data: StyleSheetRuleData{ID: 3, Adds: []StyleRuleAdd{{Rule: "a{}", Index: 2}}, Removes: []int{4}}},
		{Type: Custom, Timestamp: base + 8, Data: CustomData{Tag: "veil"}},
		{Type: Meta, Timestamp: base + 9, Data: MetaData{Href: "https://x/b", Width: 5, Height: 6}},
	}
	raw, err := EncodeEvents(events, base)
	require.NoError(t, err)
	got := describe(t, raw)
	sid := ShadowRootID(3)
	assert.Equal(t, []string{
		fmt.Sprintf("start https://x/ 10x20 3,7 @%d", base),
		"1<0 Document", "2<1 Element :html", "3<2 Element :div class=a", `4<2 Text "t"`,
		fmt.Sprintf("SnapshotEnd @%d", base),
		"Remove @0",
		fmt.Sprintf("%d<3 ShadowRoot", sid),
		fmt.Sprintf("10<%d Element :b", sid),
		"13<2 Element :img class=c data-veil-block= 123x45",
		fmt.Sprintf("11<%d Element :i next=10", sid),
		`12<11 Text "deep"`,
		"Text @0", "AttrRemove @0", "Attr @0",
		fmt.Sprintf("MutationEnd @%d", base+1),
		fmt.Sprintf("Input @%d", base+2), fmt.Sprintf("Mouse @%d", base+3), fmt.Sprintf("MouseMove @%d", base+4),
		fmt.Sprintf("Scroll @%d", base+5), fmt.Sprintf("Viewport @%d", base+6),
		fmt.Sprintf("StyleRule @%d", base+7), fmt.Sprintf("StyleRule @%d", base+7),
		fmt.Sprintf("Navigate @%d", base+9),
	}, got)

	m := NewMirror()
	apply(t, m, raw)
	assert.Equal(t, fmt.Sprintf("1(2(3(%d(11(12) 10)) 13))", sid), dump(&m.Root().Node))
	assert.True(t, m.Node(13).WasBlocked)
	assert.Equal(t, "deeper", m.Node(12).Data)
	assert.Equal(t, []html.Attribute{{Key: "title", Val: "x"}}, m.Node(3).Attr)
	assert.True(t, m.Node(3).HasInput)

	ops := readAll(t, raw)
	byKind := map[OpKind]Op{}
	for _, op := range ops {
		if _, ok := byKind[op.Kind]; !ok {
			byKind[op.Kind] = op
		}
	}
	assert.Equal(t, Op{Kind: OpMouse, Time: base + 3, MouseKind: Click, ID: 3, X: 1, Y: 2, Pointer: 1}, byKind[OpMouse])
	assert.Equal(t, Op{Kind: OpStyleRule, Time: base + 7, ID: 3, StyleOp: StyleInsert, Index: 2, Rule: "a{}"}, byKind[OpStyleRule])
	assert.Equal(t, Op{Kind: OpNavigate, Time: base + 9, Href: "https://x/b", Width: 5, Height: 6}, byKind[OpNavigate])
}

func TestEncodeEventsErrors(t *testing.T) {
	snap := func(children ...*SNode) []Event {
		return []Event{{Type: FullSnapshot, Timestamp: base, Data: FullSnapshotData{Node: &SNode{Type: DocumentNode, ID: 1, ChildNodes: children}}}}
	}
	mut := func(m MutationData) []Event {
		return append(snap(&SNode{Type: ElementNode, ID: 2, TagName: "html"}), Event{Type: IncrementalSnapshot, Timestamp: base, Data: m})
	}
	tests := []struct {
		name   string
		events []Event
		want   string
	}{
		{"before base time", []Event{{Type: Meta, Timestamp: base - 1, Data: MetaData{}}}, "event 0: timestamp before the base time"},
		{"snapshot of an element", []Event{{Type: FullSnapshot, Timestamp: base, Data: FullSnapshotData{Node: &SNode{Type: ElementNode, ID: 1, TagName: "a"}}}},
			"event 0: a full snapshot must hold a document"},
		{"duplicate id", snap(&SNode{Type: ElementNode, ID: 1, TagName: "a"}), "event 0: duplicate node id 1"},
		{"huge id", snap(&SNode{Type: ElementNode, ID: 1 << 50, TagName: "a"}), "out of range"},
		{"orphan add", mut(MutationData{Adds: []AddedNode{{ParentID: 99, Node: &SNode{Type: TextNode, ID: 5}}}}),
			"event 1: added node 5 has no parent 99 or next sibling 0"},
		{"unknown remove", mut(MutationData{Removes: []RemovedNode{{ParentID: 2, ID: 42}}}), "event 1: unknown node id 42"},
		{"text on element", mut(MutationData{Texts: []TextMutation{{ID: 2, Value: "x"}}}), "Text on node 2"},
		{"no data", []Event{{Type: Load, Timestamp: base}}, "event 0: no raw form for this event"},
		{"negative size", []Event{{Type: IncrementalSnapshot, Timestamp: base, Data: ViewportResizeData{Width: -1}}}, "negative value -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeEvents(tt.events, base)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "capture: EncodeEvents: "), err.Error())
		})
	}
}

func TestPixels(t *testing.T) {
	for in, want := range map[string]int{"123px": 123, "12.5px": 13, " 7px ": 7, "0": 0, "-3px": 0, "abc": 0, "NaNpx": 0, "": 0} {
		t.Run(in, func(t *testing.T) { assert.Equal(t, want, pixels(in)) })
	}
}

// Recorded page errors become PageError ops again, with their name, message
// and frames, for the engine to mask with the playback rules.
func TestEncodeEventsPageError(t *testing.T) {
	errEvent := func(d CustomData) []Event {
		return []Event{{Type: Custom, Timestamp: base + 1, Data: d}}
	}
	long := strings.Repeat("é", MaxErrorMessageBytes) // twice the limit in bytes
	tests := []struct {
		name   string
		events []Event
		want   []Op
	}{
		{"name, message, frames", errEvent(CustomData{Tag: ErrorTag,
			Payload: []Attr{{"name", "TypeError"}, {"message", "**** ****"}},
			Frames:  []ErrorFrame{{URL: "https://x/a.js", Line: 3, Column: 9}}}),
			[]Op{{Kind: OpPageError, Time: base + 1, Name: "TypeError", Value: "**** ****",
				Frames: []ErrorFrame{{URL: "https://x/a.js", Line: 3, Column: 9}}}}},
		{"non-Error rejection stays bare", errEvent(CustomData{Tag: ErrorTag, Payload: []Attr{{"name", RejectionName}}}),
			[]Op{{Kind: OpPageError, Time: base + 1, ErrorSource: ErrorRejectionValue, Name: RejectionName}}},
		{"a rejection name with a message is an error like others", errEvent(CustomData{Tag: ErrorTag,
			Payload: []Attr{{"name", RejectionName}, {"message", "m"}}}),
			[]Op{{Kind: OpPageError, Time: base + 1, ErrorSource: ErrorUncaught, Name: RejectionName, Value: "m"}}},
		{"recorded before names and frames", errEvent(CustomData{Tag: ErrorTag, Payload: []Attr{{"message", "** *"}}}),
			[]Op{{Kind: OpPageError, Time: base + 1, Value: "** *"}}},
		{"unknown members are dropped", errEvent(CustomData{Tag: ErrorTag, Payload: []Attr{{"stack", "at f (https://x/a.js:1:1)"}}}),
			[]Op{{Kind: OpPageError, Time: base + 1}}},
		{"over the limits, cut to fit", errEvent(CustomData{Tag: ErrorTag,
			Payload: []Attr{{"name", strings.Repeat("N", MaxErrorNameBytes+1)}, {"message", long}},
			Frames:  append([]ErrorFrame{{URL: "https://x/" + strings.Repeat("p", MaxErrorURLBytes), Line: 1}}, frames(MaxErrorFrames, "https://x/a.js")...)}),
			[]Op{{Kind: OpPageError, Time: base + 1, Value: strings.Repeat("é", MaxErrorMessageBytes/2),
				Frames: append([]ErrorFrame{{URL: "", Line: 1}}, frames(MaxErrorFrames-1, "https://x/a.js")...)}}},
		{"other custom events are dropped", errEvent(CustomData{Tag: "veil-consent", Payload: []Attr{{"message", "m"}}}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := EncodeEvents(tt.events, base)
			require.NoError(t, err)
			ops := readAll(t, raw)
			for i := range ops {
				if len(ops[i].Frames) == 0 {
					ops[i].Frames = nil
				}
			}
			assert.Equal(t, tt.want, ops)
		})
	}
}

// The recorded event keeps its frames: cutting them to fit must not write
// into the caller's slice.
func TestEncodeEventsPageErrorKeepsInput(t *testing.T) {
	in := []ErrorFrame{{URL: "https://x/" + strings.Repeat("p", MaxErrorURLBytes), Line: 1}}
	_, err := EncodeEvents([]Event{{Type: Custom, Timestamp: base, Data: CustomData{Tag: ErrorTag, Frames: in}}}, base)
	require.NoError(t, err)
	assert.Len(t, in[0].URL, MaxErrorURLBytes+10)
}

func TestCutUTF8(t *testing.T) {
	for _, tt := range []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"}, {"abcd", 3, "abc"}, {"aé", 2, "a"}, {"aé", 3, "aé"}, {"€x", 2, ""}, {"", 0, ""},
	} {
		t.Run(tt.in, func(t *testing.T) { assert.Equal(t, tt.want, cutUTF8(tt.in, tt.max)) })
	}
}
