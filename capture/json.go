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
	dst = append(dst, `{"type":`...)
	dst = jsonx.AppendInt(dst, int64(e.Type))
	dst = append(dst, `,"data":`...)
	dst = appendData(dst, e.Data)
	dst = append(dst, `,"timestamp":`...)
	dst = jsonx.AppendInt(dst, e.Timestamp)
	return append(dst, '}')
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
	for _, a := range d.Adds {
		dst = comma(dst)
		dst = append(dst, '{')
		dst = intField(dst, "parentId", a.ParentID)
		dst = key(dst, "nextId")
		if a.NextID == 0 {
			dst = append(dst, "null"...)
		} else {
			dst = jsonx.AppendInt(dst, int64(a.NextID))
		}
		dst = key(dst, "node")
		dst = appendNode(dst, a.Node)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if d.IsAttachIframe {
		dst = boolField(dst, "isAttachIframe", true)
	}
	return dst
}

// appendNode writes an rrweb-snapshot serializedNodeWithId. Optional flags
// follow the id and appear only when set; a nil node is written as null.
func appendNode(dst []byte, n *SNode) []byte {
	if n == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	dst = intField(dst, "type", int(n.Type))
	switch n.Type {
	case DocumentNode:
		dst = appendChildren(dst, n.ChildNodes)
	case DocumentTypeNode:
		dst = strField(dst, "name", n.Name)
		dst = strField(dst, "publicId", n.PublicID)
		dst = strField(dst, "systemId", n.SystemID)
	case ElementNode:
		dst = strField(dst, "tagName", n.TagName)
		dst = key(dst, "attributes")
		dst = append(dst, '{')
		for _, a := range n.Attributes {
			dst = comma(dst)
			dst = jsonx.AppendString(dst, a.Name)
			dst = append(dst, ':')
			dst = jsonx.AppendString(dst, a.Value)
		}
		dst = append(dst, '}')
		dst = appendChildren(dst, n.ChildNodes)
	default:
		dst = strField(dst, "textContent", n.TextContent)
	}
	dst = intField(dst, "id", n.ID)
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

func appendChildren(dst []byte, cs []*SNode) []byte {
	dst = key(dst, "childNodes")
	dst = append(dst, '[')
	for _, c := range cs {
		dst = comma(dst)
		dst = appendNode(dst, c)
	}
	return append(dst, ']')
}
