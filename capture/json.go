package capture

import "github.com/veil-replay/veil/internal/jsonx"

// AppendEvents appends events as a JSON array, one event per line, in rrweb's
// format. The output is deterministic: the same events give the same bytes.
func AppendEvents(dst []byte, es []Event) []byte {
	dst = append(dst, '[')
	for i := range es {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '\n')
		dst = AppendEvent(dst, &es[i])
	}
	if len(es) > 0 {
		dst = append(dst, '\n')
	}
	return append(dst, ']')
}

// AppendEvent appends one event as rrweb JSON. Its Data must match its Type; a
// nil Data is written as an empty object.
func AppendEvent(dst []byte, e *Event) []byte {
	dst = reserve(dst)
	dst = append(dst, `{"type":`...)
	dst = jsonx.AppendInt(dst, int64(e.Type))
	dst = append(dst, `,"data":`...)
	dst = appendData(dst, e.Data)
	dst = append(dst, `,"timestamp":`...)
	dst = jsonx.AppendInt(dst, e.Timestamp)
	return append(dst, '}')
}

// spare is the room reserve keeps ahead of the writer: more than one node
// needs but for long texts and attribute values, which append grows for.
const spare = 4 << 10

// reserve makes room for spare more bytes, doubling the buffer when it is
// short. append alone grows a large buffer by a quarter at a time, and each
// step copies everything written so far (and, in WebAssembly, clears and
// often grows linear memory): a megabyte of events written into a fresh
// buffer took 33 allocations, 10 with doubling (json_growth_test.go).
// Called once per event, add and node.
func reserve(dst []byte) []byte {
	if cap(dst)-len(dst) >= spare {
		return dst
	}
	out := make([]byte, len(dst), 2*cap(dst)+spare)
	copy(out, dst)
	return out
}

// The field helpers below are marked noinline: copied into each of their
// many call sites they cost about 4.5 KiB brotli in the WebAssembly engine,
// far more than one call per field costs in time.

// key appends ,"name": (or "name": after an opening brace). Names are
// constants that need no escaping.
//
//go:noinline
func key(dst []byte, name string) []byte {
	dst = comma(dst)
	dst = append(dst, '"')
	dst = append(dst, name...)
	return append(dst, '"', ':')
}

//go:noinline
func intField(dst []byte, name string, v int) []byte {
	return jsonx.AppendInt(key(dst, name), int64(v))
}

//go:noinline
func strField(dst []byte, name, v string) []byte {
	return jsonx.AppendString(key(dst, name), v)
}

//go:noinline
func boolField(dst []byte, name string, v bool) []byte {
	dst = key(dst, name)
	if v {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendData(dst []byte, d EventData) []byte {
	dst = append(dst, '{')
	switch d := d.(type) {
	case MetaData:
		dst = strField(dst, "href", d.Href)
		dst = intField(dst, "width", d.Width)
		dst = intField(dst, "height", d.Height)
		if d.RulesVersion != "" {
			dst = key(dst, "veil")
			dst = append(dst, '{')
			dst = strField(dst, "rulesVersion", d.RulesVersion)
			dst = strField(dst, "consent", d.Consent)
			dst = strField(dst, "consentSource", d.ConsentSource)
			dst = append(dst, '}')
		}
	case FullSnapshotData:
		dst = key(dst, "node")
		dst = appendNode(dst, d.Node)
		dst = key(dst, "initialOffset")
		dst = append(dst, '{')
		dst = intField(dst, "top", d.InitialTop)
		dst = intField(dst, "left", d.InitialLeft)
		dst = append(dst, '}')
	case MutationData:
		dst = appendMutation(dst, &d)
	case InputData:
		dst = intField(dst, "source", int(SourceInput))
		dst = strField(dst, "text", d.Text)
		dst = boolField(dst, "isChecked", d.IsChecked)
		dst = intField(dst, "id", d.ID)
	case MouseInteractionData:
		dst = intField(dst, "source", int(SourceMouseInteraction))
		dst = intField(dst, "type", d.Kind)
		dst = intField(dst, "id", d.ID)
		dst = intField(dst, "x", d.X)
		dst = intField(dst, "y", d.Y)
		dst = intField(dst, "pointerType", d.PointerType)
	case MouseMoveData:
		dst = intField(dst, "source", int(SourceMouseMove))
		dst = key(dst, "positions")
		dst = append(dst, '[')
		for _, p := range d.Positions {
			dst = comma(dst)
			dst = append(dst, '{')
			dst = intField(dst, "x", p.X)
			dst = intField(dst, "y", p.Y)
			dst = intField(dst, "id", p.ID)
			dst = intField(dst, "timeOffset", p.TimeOffset)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	case ScrollData:
		dst = intField(dst, "source", int(SourceScroll))
		dst = intField(dst, "id", d.ID)
		dst = intField(dst, "x", d.X)
		dst = intField(dst, "y", d.Y)
	case ViewportResizeData:
		dst = intField(dst, "source", int(SourceViewportResize))
		dst = intField(dst, "width", d.Width)
		dst = intField(dst, "height", d.Height)
	case StyleSheetRuleData:
		dst = intField(dst, "source", int(SourceStyleSheetRule))
		dst = intField(dst, "id", d.ID)
		if len(d.Adds) > 0 {
			dst = key(dst, "adds")
			dst = append(dst, '[')
			for _, a := range d.Adds {
				dst = comma(dst)
				dst = append(dst, '{')
				dst = strField(dst, "rule", a.Rule)
				dst = intField(dst, "index", a.Index)
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
		if len(d.Removes) > 0 {
			dst = key(dst, "removes")
			dst = append(dst, '[')
			for _, idx := range d.Removes {
				dst = comma(dst)
				dst = append(dst, '{')
				dst = intField(dst, "index", idx)
				dst = append(dst, '}')
			}
			dst = append(dst, ']')
		}
	case CustomData:
		dst = strField(dst, "tag", d.Tag)
		dst = key(dst, "payload")
		dst = append(dst, '{')
		for _, a := range d.Payload {
			dst = comma(dst)
			dst = jsonx.AppendString(dst, a.Name)
			dst = append(dst, ':')
			dst = jsonx.AppendString(dst, a.Value)
		}
		dst = appendErrorFrames(dst, d.Frames)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// comma separates array items and object members.
//
//go:noinline
func comma(dst []byte) []byte {
	if c := dst[len(dst)-1]; c != '{' && c != '[' {
		return append(dst, ',')
	}
	return dst
}

func appendMutation(dst []byte, d *MutationData) []byte {
	dst = intField(dst, "source", int(SourceMutation))
	dst = key(dst, "texts")
	dst = append(dst, '[')
	for _, t := range d.Texts {
		dst = comma(dst)
		dst = append(dst, '{')
		dst = intField(dst, "id", t.ID)
		dst = strField(dst, "value", t.Value)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	dst = key(dst, "attributes")
	dst = append(dst, '[')
	for _, a := range d.Attributes {
		dst = comma(dst)
		dst = append(dst, '{')
		dst = intField(dst, "id", a.ID)
		dst = key(dst, "attributes")
		dst = append(dst, '{')
		for _, c := range a.Attributes {
			dst = comma(dst)
			dst = jsonx.AppendString(dst, c.Name)
			dst = append(dst, ':')
			if c.Removed {
				dst = append(dst, "null"...)
			} else {
				dst = jsonx.AppendString(dst, c.Value)
			}
		}
		dst = append(dst, '}', '}')
	}
	dst = append(dst, ']')
	dst = key(dst, "removes")
	dst = append(dst, '[')
	for _, r := range d.Removes {
		dst = comma(dst)
		dst = append(dst, '{')
		dst = intField(dst, "parentId", r.ParentID)
		dst = intField(dst, "id", r.ID)
		if r.IsShadow {
			dst = boolField(dst, "isShadow", true)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	dst = key(dst, "adds")
	dst = append(dst, '[')
	// Adds are most of a large mutation: written with constant runs
	// rather than a helper call per member.
	for i, a := range d.Adds {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = reserve(dst)
		dst = append(dst, `{"parentId":`...)
		dst = jsonx.AppendInt(dst, int64(a.ParentID))
		if a.NextID == 0 {
			dst = append(dst, `,"nextId":null,"node":`...)
		} else {
			dst = append(dst, `,"nextId":`...)
			dst = jsonx.AppendInt(dst, int64(a.NextID))
			dst = append(dst, `,"node":`...)
		}
		dst = appendAddedNode(dst, a.Node)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if d.IsAttachIframe {
		dst = boolField(dst, "isAttachIframe", true)
	}
	return dst
}

// appendAddedNode writes the node of an add with its id first, next to the
// parentId before it: adds come parent first, so the two numbers mostly
// differ in their last digits and gzip matches the run between them (in a
// snapshot, where children sit between them, id first costs more).
func appendAddedNode(dst []byte, n *SNode) []byte {
	if n == nil || len(n.ChildNodes) > 0 {
		return appendNode(dst, n)
	}
	dst = reserve(dst)
	dst = append(dst, `{"id":`...)
	dst = jsonx.AppendInt(dst, int64(n.ID))
	dst = append(dst, ',')
	return appendNodeBody(dst, n, false)
}

// appendNode writes an rrweb-snapshot serializedNodeWithId. Optional flags
// follow the id and appear only when set; a nil node is written as null.
// Every node of a snapshot and of an added subtree comes through here, so
// the common members are written as constant runs: in WebAssembly a call
// per member cost more than the bytes.
func appendNode(dst []byte, n *SNode) []byte {
	if n == nil {
		return append(dst, "null"...)
	}
	dst = reserve(dst)
	dst = append(dst, '{')
	return appendNodeBody(dst, n, true)
}

// appendNodeBody writes a node's members after its opening brace (and, for
// an add, its id), with the id at the end when withID.
func appendNodeBody(dst []byte, n *SNode, withID bool) []byte {
	switch n.Type {
	case DocumentNode:
		dst = append(dst, `"type":0,"childNodes":[`...)
		dst = appendChildren(dst, n.ChildNodes)
	case DocumentTypeNode:
		dt := doctypeOf(n)
		dst = append(dst, `"type":1,"name":`...)
		dst = jsonx.AppendString(dst, dt.Name)
		dst = append(dst, `,"publicId":`...)
		dst = jsonx.AppendString(dst, dt.PublicID)
		dst = append(dst, `,"systemId":`...)
		dst = jsonx.AppendString(dst, dt.SystemID)
	case ElementNode:
		dst = append(dst, `"type":2,"tagName":`...)
		dst = jsonx.AppendString(dst, n.TagName)
		dst = append(dst, `,"attributes":{`...)
		for i, a := range n.Attributes {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonx.AppendString(dst, a.Name)
			dst = append(dst, ':')
			dst = jsonx.AppendString(dst, a.Value)
		}
		dst = append(dst, `},"childNodes":[`...)
		dst = appendChildren(dst, n.ChildNodes)
	default:
		dst = append(dst, `"type":`...)
		dst = jsonx.AppendInt(dst, int64(n.Type))
		dst = append(dst, `,"textContent":`...)
		dst = jsonx.AppendString(dst, n.TextContent)
	}
	if withID {
		dst = append(dst, `,"id":`...)
		dst = jsonx.AppendInt(dst, int64(n.ID))
	}
	if n.IsSVG {
		dst = boolField(dst, "isSVG", true)
	}
	if n.NeedBlock {
		dst = boolField(dst, "needBlock", true)
	}
	if n.IsStyle {
		dst = boolField(dst, "isStyle", true)
	}
	if n.IsShadowHost {
		dst = boolField(dst, "isShadowHost", true)
	}
	if n.IsShadow {
		dst = boolField(dst, "isShadow", true)
	}
	if n.RootID != 0 {
		dst = intField(dst, "rootId", n.RootID)
	}
	return append(dst, '}')
}

// appendChildren writes the items of a childNodes array, whose opening
// bracket is written, and closes it.
func appendChildren(dst []byte, cs []*SNode) []byte {
	for i, c := range cs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendNode(dst, c)
	}
	return append(dst, ']')
}
