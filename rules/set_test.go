package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAttrPolicy(t *testing.T) {
	s := mustSet(t, `{"mode":"block-list","attributes":{"allow":["alt","aria-*","data-id"],"mask":["class","data-secret*"]}}`)
	cases := []struct {
		name string
		want AttrPolicy
	}{
		{"id", AttrFollow},
		{"type", AttrFollow},
		{"viewBox", AttrFollow},
		{"stroke-width", AttrFollow},
		{"class", AttrMask},
		{"CLASS", AttrMask},
		{"alt", AttrKeep},
		{"aria-label", AttrKeep},
		{"Aria-Describedby", AttrKeep},
		{"data-id", AttrKeep},
		{"data-secret", AttrMask},
		{"data-secret-token", AttrMask},
		{"data-other", AttrFollow},
		{"title", AttrFollow},
		{"value", AttrFollow},
		{"href", AttrFollow},
		{"src", AttrFollow},
		{"srcset", AttrFollow},
		{"style", AttrFollow},
		{"placeholder", AttrFollow},
		{"name", AttrFollow},
		{"checked", AttrFollow},
		{"aria", AttrFollow},
		{"", AttrFollow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, s.Attr(c.name)) })
	}
	t.Run("ASCII case folding only", func(t *testing.T) {
		u := mustSet(t, `{"mode":"block-list","attributes":{"allow":["id"]}}`)
		assert.Equal(t, AttrKeep, u.Attr("ID"))
		assert.Equal(t, AttrFollow, u.Attr("İd"), "Unicode folding turns İd into id; browsers do not")
	})
	t.Run("defaults", func(t *testing.T) {
		// The rules keep nothing by themselves: what is structural is the
		// masking classifier's decision, made on what a value is.
		d := mustSet(t, `{}`)
		for _, name := range []string{"title", "alt", "aria-label", "data-x", "value", "srcdoc", "action", "class", "id", "lang", "fill"} {
			assert.Equal(t, AttrFollow, d.Attr(name), name)
		}
	})
}

// TestAttrNamed: a name only a mask prefix covers is the page's word, kept
// as a name no rule names (a placeholder in mask-all and allow-list).
func TestAttrNamed(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","attributes":{"allow":["alt","data-test-*"],"mask":["data-secret","aria-*","data-user*"]}}`)
	for name, want := range map[string]bool{
		"alt": true, "ALT": true, "data-test-id": true, "data-secret": true, "Data-Secret": true,
		"aria-hannelore": false, "data-user-hannelore-quist": false, "data-secret-jane": false, "title": false,
	} {
		t.Run(name, func(t *testing.T) { assert.Equal(t, want, s.AttrNamed(name)) })
	}
}

func TestAllowParam(t *testing.T) {
	s := mustSet(t, `{"allowParams":["page","utm_source"]}`)
	cases := []struct {
		name string
		want bool
	}{{"page", true}, {"utm_source", true}, {"Page", false}, {"pag", false}, {"pages", false}, {"", false}, {"token", false}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, s.AllowParam(c.name)) })
	}
}

func TestVersion(t *testing.T) {
	a := mustSet(t, `{"mode":"block-list","mask":[".a"]}`)
	b := mustSet(t, ` { "mask" : [ ".a" ], "block" : [], "mode" : "block-list" } `)
	c := mustSet(t, `{"mode":"block-list","mask":[".b"]}`)
	d := mustSet(t, `{"mode":"allow-list","mask":[".a"]}`)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{12}$`), a.Version())
	assert.Equal(t, a.Version(), b.Version(), "same rules, different spelling")
	assert.NotEqual(t, a.Version(), c.Version())
	assert.NotEqual(t, a.Version(), d.Version())
	again, err := Compile(a.Rules())
	require.NoError(t, err)
	assert.Equal(t, a.Version(), again.Version())
	// Pinned (FNV-1a 64 of {"mode":"mask-all"}, checked independently): a change
	// here changes the rules version of every recorded session.
	assert.Equal(t, "bbf3e098f7f0", mustSet(t, `{}`).Version())
}

func TestSetAccessors(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":[".x"]}`)
	assert.Equal(t, ModeAllowList, s.Mode())
	assert.Equal(t, []string{".x"}, s.Rules().Allow)
	zero, err := Compile(Rules{})
	require.NoError(t, err)
	assert.Equal(t, ModeMaskAll, zero.Mode())
}

func TestStricter(t *testing.T) {
	base := `{"mode":"block-list","mask":[".m"],"block":[".b"],"allow":[".a"],"hideInteractions":[".pin"],` +
		`"attributes":{"allow":["alt","aria-*"],"mask":["data-x"]},"allowParams":["page"]}`
	cases := []struct {
		name, rules string
		want        bool
	}{
		{"same", base, true},
		{"mask-all with the blocks", `{"block":[".b"],"hideInteractions":[".pin"],"attributes":{"mask":["data-*"]}}`, true},
		{"mask-all without the blocks", `{"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}`, false},
		{"allow-list, fewer allows", `{"mode":"allow-list","mask":[".m"],"block":[".b"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}`, true},
		{"mask turned into block", `{"mode":"block-list","block":[".b",".m"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}`, true},
		{"dropped a mask", `{"mode":"block-list","block":[".b"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}`, false},
		{"extra allow", `{"mode":"block-list","mask":[".m"],"block":[".b"],"allow":[".a",".z"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}`, false},
		{"dropped hide", `{"mode":"block-list","mask":[".m"],"block":[".b"],"attributes":{"mask":["data-x"]}}`, false},
		{"extra attribute allow", `{"mode":"block-list","mask":[".m"],"block":[".b"],"hideInteractions":[".pin"],"attributes":{"allow":["title"],"mask":["data-x"]}}`, false},
		{"narrower attribute allow", `{"mode":"block-list","mask":[".m"],"block":[".b"],"hideInteractions":[".pin"],"attributes":{"allow":["aria-label"],"mask":["data-x"]}}`, true},
		{"extra param", `{"mode":"block-list","mask":[".m"],"block":[".b"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]},"allowParams":["token"]}`, false},
		{"looser mode", `{"mode":"block-list","mask":[".m"],"block":[".b"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}`, false},
	}
	than := mustSet(t, base)
	for _, c := range cases[:len(cases)-1] {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, mustSet(t, c.rules).Stricter(than)) })
	}
	t.Run("looser mode", func(t *testing.T) {
		allowList := mustSet(t, `{"mode":"allow-list"}`)
		assert.False(t, mustSet(t, `{"mode":"block-list"}`).Stricter(allowList))
		assert.True(t, mustSet(t, `{}`).Stricter(allowList))
		assert.False(t, allowList.Stricter(mustSet(t, `{}`)))
	})
}

// Stricter compares selectors by their canonical text: spellings that match
// the same elements compare equal, different selectors never do.
func TestSelectorCanonicalText(t *testing.T) {
	same := [][]string{
		{".a>.b", ".a > .b", " .a  >  .b ", `.\61 > .b`, "*.a > *.b", "*|*.a>.b"},
		{"DIV p", "div P", `d\iv p`},
		{"li:first-child", "li:nth-child(1)", "LI:FIRST-CHILD", "li:nth-child(0n+1)"},
		{"li:last-of-type", "li:nth-last-of-type(1)"},
		{"li:nth-child(odd)", "li:nth-child(2n+1)", "li:nth-child(2n + 1)"},
		{`[type=password]`, `[TYPE="password"]`}, // not [type=password i]: that one folds on SVG elements too
		{`[data-x="a b"]`, `[data-x='a b']`, `[data-x=a\ b]`},
		{":is(p, q)", ":where(p,q)"},
		{":has(> p)", ":has(>p)"},
		{`[data-x="a\"]"]`, `[data-x='a"]']`},
	}
	for _, group := range same {
		t.Run(group[0], func(t *testing.T) {
			want := mustCanon(t, group[0])
			for _, sel := range group[1:] {
				assert.Equal(t, want, mustCanon(t, sel), sel)
			}
		})
	}
	different := []string{".a > .b", ".a .b", ".a + .b", ".a ~ .b", ".A > .b", "[data-x=a]", "[data-x=a i]",
		"[data-x=A]", `[data-x="a\"]"]`, `[data-x='a"]x']`, "li:nth-child(1)", "li:nth-last-child(1)",
		"li:nth-of-type(1)", "li:nth-child(1 of .a)", ":has(p)", ":has(> p)", ":not(p)", ":is(p)", `#\31`, "#_1",
		`.a\,b`, ".a, .b", ":lang(en)", ":lang(fr)", `:contains("x")`, `:contains("X ")`}
	seen := map[string]string{}
	for _, sel := range different {
		c := mustCanon(t, sel)
		if prev, ok := seen[c]; ok {
			t.Errorf("%q and %q share the canonical text %q", prev, sel, c)
		}
		seen[c] = sel
	}
	s := mustSet(t, `{"mode":"block-list","mask":[".a>.b"],"block":["LI:first-child"]}`)
	assert.True(t, mustSet(t, `{"mode":"block-list","mask":[".a > .b"],"block":["li:nth-child(1)"]}`).Stricter(s))
}

func mustCanon(t *testing.T, sel string) string {
	t.Helper()
	g, err := parseSelectors(sel)
	require.NoError(t, err)
	parts := make([]string, len(g))
	for i, c := range g {
		parts[i] = c.canon()
	}
	return strings.Join(parts, ", ")
}
