package rules

// The conditions a selector puts on elements, for the masking session at
// playback: a recording masked at capture shows some of what a playback
// rule tests only as placeholders or '*' (a class no sheet named, a
// data-* value outside the revealed areas), and such a rule then matches
// nothing while content the capture revealed below its target stays
// shown. The session reads what each mask and block rule tests, to know
// when a rule may have lost its target.

// TestKind says what a Test compares.
type TestKind uint8

const (
	TestType  TestKind = iota // Name: an element's local name (ASCII lowercase)
	TestID                    // Name: an id
	TestClass                 // Name: a class
	TestAttr                  // Name: an attribute (ASCII lowercase); Op and Value as written, Tag the compound's type
	TestText                  // :contains(): the element's text
)

// Test is one condition of a selector.
type Test struct {
	Kind  TestKind
	Tag   string // the type of the compound the test is in ("" any element)
	Name  string
	Value string
	Op    byte // TestAttr: 0 (present), '=', '~', '|', '^', '$', '*'
}

// SelectorTests calls fn with every test of the selector list sel, also
// those inside :not(), :is(), :where(), :has() and :nth-*(of S), and
// returns its Scope: beyond ScopeSubtree, a test may be on an element
// other than the subject and its ancestors.
func SelectorTests(sel string, fn func(Test)) (Scope, error) {
	g, err := parseSelectors(sel)
	if err != nil {
		return ScopeSubtree, err
	}
	scope := ScopeSubtree
	for _, c := range g {
		scope = max(scope, c.scope())
	}
	g.tests(fn)
	return scope, nil
}

func (g selGroup) tests(fn func(Test)) {
	for _, c := range g {
		for i := range c.parts {
			cp := &c.parts[i]
			if cp.tag != "" {
				fn(Test{Kind: TestType, Tag: cp.tag, Name: cp.tag})
			}
			for j := range cp.simple {
				s := &cp.simple[j]
				switch s.kind {
				case skID:
					fn(Test{Kind: TestID, Tag: cp.tag, Name: s.name})
				case skClass:
					fn(Test{Kind: TestClass, Tag: cp.tag, Name: s.name})
				case skAttr:
					fn(Test{Kind: TestAttr, Tag: cp.tag, Name: s.name, Value: s.value, Op: s.op})
				case skContains:
					fn(Test{Kind: TestText, Tag: cp.tag, Name: s.name})
				}
				s.list.tests(fn)
			}
		}
	}
}

// Applied reports whether every selector of the group sel is one of s's
// mask or block selectors (hide: one of its hideInteractions selectors),
// compared by canonical text as Stricter compares them: a recording made
// under s had sel applied before anything left the page.
func (s *Set) Applied(sel string, hide bool) bool {
	group, err := parseSelectors(sel)
	if err != nil || len(group) == 0 {
		return false
	}
	for _, c := range group {
		text := c.canon()
		_, masked := s.sels[kindMask][text]
		_, blocked := s.sels[kindBlock][text]
		_, hidden := s.sels[kindHide][text]
		if hide && !hidden || !hide && !masked && !blocked {
			return false
		}
	}
	return true
}
