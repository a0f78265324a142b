package rules

import (
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/veil-replay/veil/internal/jsonx"
)

// Set is a compiled rule set. It is immutable after Compile and safe for
// concurrent use. Only Compile makes a valid Set; Compile(Rules{}) gives the
// strictest one (mask-all, no selectors).
type Set struct {
	rules   Rules
	version string
	scope   Scope
	idx     index
	attrs   *attrTable
	params  map[string]struct{}
	// canonical selector texts per kind (complexSel.canon), for Stricter
	sels map[uint8]map[string]struct{}
}

// Compile validates r and compiles its selectors. Errors are *Error values
// naming the key, index and selector at fault.
func Compile(r Rules) (*Set, error) { return compile(r, "") }

// compile is Compile with error paths under path (for rules embedded in a
// larger configuration).
func compile(r Rules, path string) (*Set, error) {
	if err := r.checkErrorMessages(path); err != nil {
		return nil, err
	}
	if !r.Mode.valid() {
		return nil, errorf(jsonx.Join(path, "mode") + " " + strconv.Itoa(int(r.Mode)) + ": not a mode")
	}
	if r.Mode == ModeMaskAll && len(r.Allow) > 0 {
		return nil, errorf(jsonx.Join(path, "allow") +
			": mask-all cannot be loosened; use mode allow-list (or block-list) to allow content")
	}
	r = r.clone()
	s := &Set{rules: r, sels: make(map[uint8]map[string]struct{})}
	lists := []struct {
		key  string
		kind uint8
		sels []string
	}{
		{"block", kindBlock, r.Block}, {"mask", kindMask, r.Mask},
		{"allow", kindAllow, r.Allow}, {"hideInteractions", kindHide, r.HideInteractions},
	}
	for _, l := range lists {
		texts := make(map[string]struct{})
		for i, sel := range l.sels {
			where := jsonx.Index(jsonx.Join(path, l.key), i) + " " + strconv.Quote(sel) + ": "
			group, infos, err := compileSelector(sel)
			if err != "" {
				return nil, errorf(where + err)
			}
			for j, one := range group {
				texts[one.canon()] = struct{}{}
				s.idx.add(one, l.kind, infos[j])
				if infos[j].scope > s.scope {
					s.scope = infos[j].scope
				}
			}
		}
		s.sels[l.kind] = texts
	}
	attrs, err := newAttrTable(r.Attributes, path)
	if err != nil {
		return nil, err
	}
	if r.Mode == ModeMaskAll && len(r.Attributes.Allow) > 0 {
		return nil, errorf(jsonx.Join(path, "attributes.allow") +
			": mask-all cannot be loosened, attribute values included; use mode allow-list (or block-list) to keep them")
	}
	s.attrs = attrs
	s.params = make(map[string]struct{}, len(r.AllowParams))
	for i, p := range r.AllowParams {
		if why := badParam(p); why != "" {
			return nil, errorf(jsonx.Index(jsonx.Join(path, "allowParams"), i) + " " + strconv.Quote(p) + ": " + why)
		}
		s.params[p] = struct{}{}
	}
	h := fnv.New64a()
	h.Write(r.AppendJSON(nil))
	v := strconv.FormatUint(h.Sum64(), 16)
	s.version = (strings.Repeat("0", 16-len(v)) + v)[:12]
	return s, nil
}

// compileSelector parses one configured selector group; err says why it is
// rejected. infos has one entry per selector of the group.
func compileSelector(sel string) (selGroup, []selInfo, string) {
	if strings.TrimSpace(sel) == "" {
		return nil, nil, "empty selector"
	}
	group, err := parseSelectors(sel)
	if err != nil {
		return nil, nil, err.Error()
	}
	infos := make([]selInfo, len(group))
	for i, c := range group {
		infos[i] = c.info()
	}
	return group, infos, ""
}

func badParam(p string) string {
	switch {
	case p == "":
		return "empty parameter name"
	case strings.ContainsAny(p, "=&#"):
		return "a parameter name cannot contain =, & or #"
	}
	return ""
}

// Rules returns the rule set s was compiled from. Its slices are shared with
// s: do not modify them.
func (s *Set) Rules() Rules { return s.rules }

// Mode returns the rule set's mode.
func (s *Set) Mode() Mode { return s.rules.Mode }

// Version is a short stable hash (12 hex digits, FNV-1a of the canonical
// JSON) that names this rule set in session meta. Equal rules give equal
// versions on every platform and release.
func (s *Set) Version() string { return s.version }

// Scope is how far a mutation can change decisions under this set: the
// widest scope of any selector in allow, mask, block and hideInteractions.
func (s *Set) Scope() Scope { return s.scope }

// Attr returns the policy for attribute name (compared ASCII
// case-insensitively): AttrMask if attributes.mask names it, else AttrKeep if
// attributes.allow names it, else AttrFollow.
func (s *Set) Attr(name string) AttrPolicy { return s.attrs.policy(name) }

// AttrNamed reports whether the attribute policies name attribute name as
// a rule's own word: an entry of either list spells it whole, or an
// attributes.allow prefix reveals it. A name an attributes.mask prefix
// only covers (data-* over data-hannelore-quist) is the page's word: a
// rule that hides values must not show names.
func (s *Set) AttrNamed(name string) bool { return s.attrs.named(name) }

// AllowParam reports whether URL query parameter name (compared exactly) keeps
// its value.
func (s *Set) AllowParam(name string) bool {
	_, ok := s.params[name]
	return ok
}
