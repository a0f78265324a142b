package capture

import (
	"errors"
	"math"
	"strconv"

	"github.com/veil-replay/veil/internal/jsonx"
)

// ParseEvents decodes a JSON array of rrweb events, as the collector stores
// Veil's output, for masking again at playback. Keys Veil does not model are
// ignored (rrweb adds some, such as userTriggered), but the types of the keys
// it reads are checked, and an event Veil cannot mask again — another event
// type or incremental source, a style-object attribute, a nested rule index —
// is an error naming the event's index: playback fails closed rather than
// passing through content it does not understand.
//
// In attribute maps a number becomes its decimal text, true becomes "" (a
// present boolean attribute), and null and false mean the attribute is absent
// (removed, in a mutation). Coordinates may be fractional in rrweb and are
// rounded; ids, sizes and timestamps must be whole numbers.
func ParseEvents(data []byte) ([]Event, error) {
	v, err := jsonx.Parse(data)
	if err != nil {
		return nil, errors.New("capture: " + err.Error())
	}
	if v.Kind != jsonx.Array {
		return nil, errors.New("capture: events: expected an array, got " + v.Kind.String())
	}
	out := make([]Event, 0, len(v.Items))
	for i, item := range v.Items {
		e, err := parseEvent(item)
		if err != nil {
			return nil, errors.New("capture: event " + strconv.Itoa(i) + ": " + err.Error())
		}
		out = append(out, e)
	}
	return out, nil
}

// obj reads members of one JSON object; it ignores members nobody asks for.
type obj struct {
	path string
	f    *jsonx.Fields
}

func object(v jsonx.Value, path string) (obj, error) {
	f, err := v.Fields(path)
	return obj{path, f}, err
}

func (o obj) get(k string) (jsonx.Value, bool) {
	v, ok := o.f.Take(k)
	if ok && v.Kind == jsonx.Null {
		return v, false
	}
	return v, ok
}

func (o obj) need(k string) (jsonx.Value, error) {
	v, ok := o.f.Take(k)
	if !ok {
		return v, errors.New(o.f.Path(k) + ": missing")
	}
	return v, nil
}

func (o obj) int(k string, lo, hi int64, required bool) (int, error) {
	v, ok := o.get(k)
	if !ok {
		if required {
			return 0, errors.New(o.f.Path(k) + ": missing")
		}
		return 0, nil
	}
	n, err := v.AsInt(o.f.Path(k), lo, hi)
	return int(n), err
}

func (o obj) id(k string) (int, error)   { return o.int(k, 1, maxNumber, true) }
func (o obj) size(k string) (int, error) { return o.int(k, 0, maxNumber, false) }

// coord reads an optional coordinate, rounding fractions.
func (o obj) coord(k string) (int, error) {
	v, ok := o.get(k)
	if !ok {
		return 0, nil
	}
	if v.Kind != jsonx.Number {
		return 0, errors.New(o.f.Path(k) + ": expected a number, got " + v.Kind.String())
	}
	r := math.Round(v.Num)
	if r > maxNumber || r < -maxNumber {
		return 0, errors.New(o.f.Path(k) + ": number out of range")
	}
	return int(r), nil
}

func (o obj) str(k string, required bool) (string, error) {
	v, ok := o.get(k)
	if !ok {
		if required {
			return "", errors.New(o.f.Path(k) + ": missing")
		}
		return "", nil
	}
	return v.AsString(o.f.Path(k))
}

func (o obj) flag(k string) (bool, error) {
	v, ok := o.get(k)
	if !ok {
		return false, nil
	}
	return v.AsBool(o.f.Path(k))
}

// list returns the items of an optional array member.
func (o obj) list(k string) ([]jsonx.Value, string, error) {
	p := o.f.Path(k)
	v, ok := o.get(k)
	if !ok {
		return nil, p, nil
	}
	if v.Kind != jsonx.Array {
		return nil, p, errors.New(p + ": expected an array, got " + v.Kind.String())
	}
	return v.Items, p, nil
}

// errs keeps the first error of a sequence of reads.
type errs struct{ err error }

func (e *errs) int(n int, err error) int {
	if e.err == nil {
		e.err = err
	}
	return n
}

func (e *errs) str(s string, err error) string {
	if e.err == nil {
		e.err = err
	}
	return s
}

func (e *errs) flag(b bool, err error) bool {
	if e.err == nil {
		e.err = err
	}
	return b
}

func parseEvent(v jsonx.Value) (Event, error) {
	o, err := object(v, "")
	if err != nil {
		return Event{}, err
	}
	var e errs
	ev := Event{}
	ev.Type = EventType(e.int(o.int("type", 0, 255, true)))
	ts := e.int(o.int("timestamp", -maxNumber, maxNumber, true))
	ev.Timestamp = int64(ts)
	if e.err != nil {
		return Event{}, e.err
	}
	dv, err := o.need("data")
	if err != nil {
		return Event{}, err
	}
	d, err := object(dv, "data")
	if err != nil {
		return Event{}, err
	}
	switch ev.Type {
	case Meta:
		m := MetaData{Href: e.str(d.str("href", true)), Width: e.int(d.size("width")), Height: e.int(d.size("height"))}
		if vv, ok := d.get("veil"); ok {
			v, err := object(vv, "data.veil")
			if err != nil {
				return Event{}, err
			}
			m.RulesVersion = e.str(v.str("rulesVersion", false))
			m.Consent = e.str(v.str("consent", false))
			m.ConsentSource = e.str(v.str("consentSource", false))
		}
		ev.Data = m
	case FullSnapshot:
		nv, err := d.need("node")
		if err != nil {
			return Event{}, err
		}
		n, err := parseNode(nv, "data.node")
		if err != nil {
			return Event{}, err
		}
		fs := FullSnapshotData{Node: n}
		if off, ok := d.get("initialOffset"); ok {
			oo, err := object(off, "data.initialOffset")
			if err != nil {
				return Event{}, err
			}
			fs.InitialTop, fs.InitialLeft = e.int(oo.coord("top")), e.int(oo.coord("left"))
		}
		ev.Data = fs
	case IncrementalSnapshot:
		src := Source(e.int(d.int("source", 0, 255, true)))
		if e.err != nil {
			return Event{}, e.err
		}
		data, err := parseIncremental(src, d)
		if err != nil {
			return Event{}, err
		}
		ev.Data = data
	case Custom:
		c := CustomData{Tag: e.str(d.str("tag", true))}
		pv, err := d.need("payload")
		if err != nil {
			return Event{}, err
		}
		if pv.Kind != jsonx.Object {
			return Event{}, errors.New("data.payload: expected an object of strings, got " + pv.Kind.String())
		}
		for _, m := range pv.Members {
			if c.Tag == ErrorTag && m.Key == "frames" {
				if c.Frames, err = parseErrorFrames(m.Val, jsonx.Join("data.payload", m.Key)); err != nil {
					return Event{}, err
				}
				continue
			}
			s := e.str(m.Val.AsString(jsonx.Join("data.payload", m.Key)))
			c.Payload = append(c.Payload, Attr{Name: m.Key, Value: s})
		}
		ev.Data = c
	default:
		return Event{}, errors.New("event type " + strconv.Itoa(int(ev.Type)) + " cannot be masked again")
	}
	if e.err != nil {
		return Event{}, e.err
	}
	return ev, nil
}

func parseIncremental(src Source, d obj) (EventData, error) {
	var e errs
	switch src {
	case SourceMutation:
		return parseMutation(d)
	case SourceMouseMove:
		items, p, err := d.list("positions")
		if err != nil {
			return nil, err
		}
		mm := MouseMoveData{Positions: make([]MousePosition, 0, len(items))}
		for i, it := range items {
			po, err := object(it, jsonx.Index(p, i))
			if err != nil {
				return nil, err
			}
			mm.Positions = append(mm.Positions, MousePosition{X: e.int(po.coord("x")), Y: e.int(po.coord("y")),
				ID: e.int(po.int("id", 0, maxNumber, true)), TimeOffset: e.int(po.coord("timeOffset"))})
		}
		return mm, e.err
	case SourceMouseInteraction:
		mi := MouseInteractionData{Kind: e.int(d.int("type", 0, 255, true)), ID: e.int(d.int("id", 0, maxNumber, true)),
			X: e.int(d.coord("x")), Y: e.int(d.coord("y")), PointerType: e.int(d.int("pointerType", 0, 255, false))}
		return mi, e.err
	case SourceScroll:
		s := ScrollData{ID: e.int(d.id("id")), X: e.int(d.coord("x")), Y: e.int(d.coord("y"))}
		return s, e.err
	case SourceViewportResize:
		vr := ViewportResizeData{Width: e.int(d.size("width")), Height: e.int(d.size("height"))}
		return vr, e.err
	case SourceInput:
		in := InputData{ID: e.int(d.id("id")), Text: e.str(d.str("text", false)), IsChecked: e.flag(d.flag("isChecked"))}
		return in, e.err
	case SourceStyleSheetRule:
		return parseStyleRule(d)
	}
	return nil, errors.New("incremental source " + strconv.Itoa(int(src)) + " cannot be masked again")
}

func parseStyleRule(d obj) (EventData, error) {
	var e errs
	sr := StyleSheetRuleData{ID: e.int(d.id("id"))}
	if e.err != nil {
		return nil, e.err
	}
	for _, k := range []string{"replace", "replaceSync", "styleId"} {
		if _, ok := d.get(k); ok {
			return nil, errors.New(d.f.Path(k) + ": constructed style sheets cannot be masked again")
		}
	}
	adds, p, err := d.list("adds")
	if err != nil {
		return nil, err
	}
	for i, it := range adds {
		ao, err := object(it, jsonx.Index(p, i))
		if err != nil {
			return nil, err
		}
		sr.Adds = append(sr.Adds, StyleRuleAdd{Rule: e.str(ao.str("rule", true)), Index: e.int(ao.size("index"))})
	}
	removes, p, err := d.list("removes")
	if err != nil {
		return nil, err
	}
	for i, it := range removes {
		ro, err := object(it, jsonx.Index(p, i))
		if err != nil {
			return nil, err
		}
		sr.Removes = append(sr.Removes, e.int(ro.int("index", 0, maxNumber, true)))
	}
	return sr, e.err
}

func parseMutation(d obj) (EventData, error) {
	var e errs
	var m MutationData
	texts, p, err := d.list("texts")
	if err != nil {
		return nil, err
	}
	for i, it := range texts {
		o, err := object(it, jsonx.Index(p, i))
		if err != nil {
			return nil, err
		}
		m.Texts = append(m.Texts, TextMutation{ID: e.int(o.id("id")), Value: e.str(o.str("value", false))})
	}
	attrs, p, err := d.list("attributes")
	if err != nil {
		return nil, err
	}
	for i, it := range attrs {
		o, err := object(it, jsonx.Index(p, i))
		if err != nil {
			return nil, err
		}
		am := AttributeMutation{ID: e.int(o.id("id"))}
		av, err := o.need("attributes")
		if err != nil {
			return nil, err
		}
		err = eachAttr(av, o.f.Path("attributes"), func(name, value string, present bool) {
			am.Attributes = append(am.Attributes, AttrChange{Name: name, Value: value, Removed: !present})
		})
		if err != nil {
			return nil, err
		}
		m.Attributes = append(m.Attributes, am)
	}
	removes, p, err := d.list("removes")
	if err != nil {
		return nil, err
	}
	for i, it := range removes {
		o, err := object(it, jsonx.Index(p, i))
		if err != nil {
			return nil, err
		}
		m.Removes = append(m.Removes, RemovedNode{ParentID: e.int(o.id("parentId")), ID: e.int(o.id("id")),
			IsShadow: e.flag(o.flag("isShadow"))})
	}
	adds, p, err := d.list("adds")
	if err != nil {
		return nil, err
	}
	for i, it := range adds {
		ip := jsonx.Index(p, i)
		o, err := object(it, ip)
		if err != nil {
			return nil, err
		}
		a := AddedNode{ParentID: e.int(o.id("parentId")), NextID: e.int(o.int("nextId", 1, maxNumber, false))}
		nv, err := o.need("node")
		if err != nil {
			return nil, err
		}
		if a.Node, err = parseNode(nv, ip+".node"); err != nil {
			return nil, err
		}
		m.Adds = append(m.Adds, a)
	}
	m.IsAttachIframe = e.flag(d.flag("isAttachIframe"))
	return m, e.err
}

// eachAttr calls fn for every member of an rrweb attributes object, with the
// value as a string and whether the attribute is present.
func eachAttr(v jsonx.Value, path string, fn func(name, value string, present bool)) error {
	if v.Kind != jsonx.Object {
		return errors.New(path + ": expected an object, got " + v.Kind.String())
	}
	for _, m := range v.Members {
		switch m.Val.Kind {
		case jsonx.String:
			fn(m.Key, m.Val.Str, true)
		case jsonx.Number:
			fn(m.Key, string(jsonx.AppendFloat(nil, m.Val.Num)), true)
		case jsonx.Bool:
			fn(m.Key, "", m.Val.Bool)
		case jsonx.Null:
			fn(m.Key, "", false)
		default:
			return errors.New(jsonx.Join(path, m.Key) + ": expected a string, number, boolean or null, got " + m.Val.Kind.String())
		}
	}
	return nil
}

func parseNode(v jsonx.Value, path string) (*SNode, error) {
	return parseNodeAt(v, &nodePath{base: path})
}

// nodePath names a node of a snapshot tree for error messages, built into
// a string only when there is an error: a path string per node costs memory
// and time quadratic in the tree's depth, which a small, deeply nested batch
// would otherwise buy cheaply at the collector.
type nodePath struct {
	up   *nodePath
	base string // the root's path; children are up's childNodes[i]
	i    int
}

func (p *nodePath) String() string {
	if p.up == nil {
		return p.base
	}
	return jsonx.Index(p.up.String()+".childNodes", p.i)
}

// parseNodeAt reads the node's own members with paths relative to it (no
// allocation) and names the node in front of them only on error.
func parseNodeAt(v jsonx.Value, at *nodePath) (*SNode, error) {
	if v.Kind != jsonx.Object {
		return nil, errors.New(jsonx.Name(at.String()) + ": expected an object, got " + v.Kind.String())
	}
	n, items, err := parseNodeFields(v)
	if err != nil {
		return nil, errors.New(at.String() + "." + err.Error())
	}
	if len(items) > 0 {
		n.ChildNodes = make([]*SNode, 0, len(items))
	}
	for i, it := range items {
		c, err := parseNodeAt(it, &nodePath{up: at, i: i})
		if err != nil {
			return nil, err
		}
		n.ChildNodes = append(n.ChildNodes, c)
	}
	return n, nil
}

// parseNodeFields reads one node's members, not its children; errors name
// the member relative to the node.
func parseNodeFields(v jsonx.Value) (*SNode, []jsonx.Value, error) {
	o, err := object(v, "")
	if err != nil {
		return nil, nil, err
	}
	var e errs
	n := &SNode{Type: NodeType(e.int(o.int("type", 0, 5, true))), ID: e.int(o.id("id"))}
	n.IsShadowHost = e.flag(o.flag("isShadowHost"))
	n.IsShadow = e.flag(o.flag("isShadow"))
	n.RootID = e.int(o.int("rootId", 0, maxNumber, false))
	if e.err != nil {
		return nil, nil, e.err
	}
	switch n.Type {
	case DocumentTypeNode:
		n.Doctype = &Doctype{Name: e.str(o.str("name", false)), PublicID: e.str(o.str("publicId", false)),
			SystemID: e.str(o.str("systemId", false))}
	case ElementNode:
		n.TagName = e.str(o.str("tagName", true))
		n.IsSVG = e.flag(o.flag("isSVG"))
		n.NeedBlock = e.flag(o.flag("needBlock"))
		if av, ok := o.get("attributes"); ok && e.err == nil {
			e.err = eachAttr(av, "attributes", func(name, value string, present bool) {
				if present {
					n.Attributes = append(n.Attributes, Attr{Name: name, Value: value})
				}
			})
		}
	case TextNode, CDATANode, CommentNode:
		n.TextContent = e.str(o.str("textContent", false))
		n.IsStyle = e.flag(o.flag("isStyle"))
	}
	if e.err != nil {
		return nil, nil, e.err
	}
	if n.Type != DocumentNode && n.Type != ElementNode {
		return n, nil, nil
	}
	items, _, err := o.list("childNodes")
	return n, items, err
}
