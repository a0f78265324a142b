package rules

import (
	"strconv"
	"strings"

	"github.com/veil-replay/veil/internal/jsonx"
)

// attrName is one attributes.allow or attributes.mask entry.
type attrName struct {
	name   string // without the trailing "*"
	prefix bool
}

func (a attrName) covers(b attrName) bool {
	if a.prefix {
		return strings.HasPrefix(b.name, a.name)
	}
	return !b.prefix && a.name == b.name
}

func (a attrName) matches(name string) bool {
	if a.prefix {
		return strings.HasPrefix(name, a.name)
	}
	return a.name == name
}

// attrTable answers Set.Attr. It is immutable after newAttrTable.
type attrTable struct {
	exact        map[string]AttrPolicy
	maskPrefix   []string
	allowPrefix  []string
	allow, masks []attrName // as configured, for Stricter
}

func parseAttrNames(list []string, path string) ([]attrName, error) {
	out := make([]attrName, 0, len(list))
	for i, raw := range list {
		p := jsonx.Index(path, i)
		a := attrName{name: raw}
		if strings.HasSuffix(raw, "*") {
			a = attrName{name: raw[:len(raw)-1], prefix: true}
		}
		if why := badAttrName(a.name, a.prefix); why != "" {
			return nil, errorf(p + " " + strconv.Quote(raw) + ": " + why)
		}
		out = append(out, a)
	}
	return out, nil
}

// badAttrName says why name is not a lowercase attribute name (or prefix).
func badAttrName(name string, prefix bool) string {
	if name == "" {
		if prefix {
			return "a lone * would cover every attribute; list names or prefixes such as data-*"
		}
		return "empty attribute name"
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':':
			if i == 0 {
				return "an attribute name starts with a letter or _"
			}
		case c >= 'A' && c <= 'Z':
			return "attribute names are written in lowercase"
		case c == '*':
			return "* may only end a prefix such as data-*"
		default:
			return "attribute names use only a-z, 0-9, -, _, . and :"
		}
	}
	return ""
}

func newAttrTable(a Attributes, path string) (*attrTable, error) {
	allow, err := parseAttrNames(a.Allow, jsonx.Join(path, "attributes.allow"))
	if err != nil {
		return nil, err
	}
	masks, err := parseAttrNames(a.Mask, jsonx.Join(path, "attributes.mask"))
	if err != nil {
		return nil, err
	}
	// An allow entry that a mask entry covers would silently do nothing.
	for i, al := range allow {
		for j, m := range masks {
			if m.covers(al) {
				return nil, errorf(jsonx.Index(jsonx.Join(path, "attributes.allow"), i) + " " + strconv.Quote(a.Allow[i]) +
					": also masked by attributes.mask[" + strconv.Itoa(j) + "] " + strconv.Quote(a.Mask[j]) +
					"; mask wins, so remove one of them")
			}
		}
	}
	// Which values are structural (kept because their grammar leaves no room
	// for free text) is the masking classifier's business, not the rules':
	// the table holds only what the rule set names.
	t := &attrTable{exact: make(map[string]AttrPolicy, len(allow)+len(masks)), allow: allow, masks: masks}
	for _, al := range allow {
		if al.prefix {
			t.allowPrefix = append(t.allowPrefix, al.name)
		} else {
			t.exact[al.name] = AttrKeep
		}
	}
	for _, m := range masks {
		if m.prefix {
			t.maskPrefix = append(t.maskPrefix, m.name)
		} else {
			t.exact[m.name] = AttrMask
		}
	}
	return t, nil
}

// policy looks name up ASCII case-insensitively, as HTML compares attribute
// names: strings.ToLower would turn "İd" into a configured "id".
func (t *attrTable) policy(name string) AttrPolicy {
	name = lowerASCII(name)
	for _, p := range t.maskPrefix {
		if strings.HasPrefix(name, p) {
			return AttrMask
		}
	}
	if p, ok := t.exact[name]; ok {
		return p
	}
	for _, p := range t.allowPrefix {
		if strings.HasPrefix(name, p) {
			return AttrKeep
		}
	}
	return AttrFollow
}

// named is Set.AttrNamed.
func (t *attrTable) named(name string) bool {
	if _, ok := t.exact[lowerASCII(name)]; ok {
		return true
	}
	return t.policy(name) == AttrKeep
}
