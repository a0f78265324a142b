package rules

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/veil-replay/veil/internal/jsonx"
)

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`[]`, `rules: top level: expected an object, got array`},
		{`{"mode":"mask-all","mode":"block-list"}`, `rules: json: duplicate key "mode"`},
		{`{"modes":"mask-all"}`, `rules: "modes": unknown key`},
		{`{"mode":"mask-user-input"}`, `rules: mode "mask-user-input": expected mask-all, allow-list or block-list`},
		{`{"mode":1}`, `rules: mode: expected a string, got number`},
		{`{"mask":".a"}`, `rules: mask: expected an array of strings, got string`},
		{`{"mask":[".a",3]}`, `rules: mask[1]: expected a string, got number`},
		{`{"allow":[".a"]}`, `rules: allow: mask-all cannot be loosened; use mode allow-list (or block-list) to allow content`},
		{`{"mode":"block-list","mask":[".a",".b","form >"]}`, `rules: mask[2] "form >": expected selector, found EOF instead`},
		{`{"mask":["  "]}`, `rules: mask[0] "  ": empty selector`},
		{`{"block":["a:hover"]}`, `rules: block[0] "a:hover": :hover depends on live browser state the engine cannot see`},
		{`{"mask":["input:FOCUS"]}`, `rules: mask[0] "input:FOCUS": :focus depends on live browser state the engine cannot see`},
		{`{"mask":["div:focus-within"]}`, `rules: mask[0] "div:focus-within": :focus-within depends on live browser state the engine cannot see`},
		{`{"hideInteractions":[".pin :active"]}`, `rules: hideInteractions[0] ".pin :active": :active depends on live browser state the engine cannot see`},
		{`{"mask":["a:visited"]}`, `rules: mask[0] "a:visited": :visited depends on live browser state the engine cannot see`},
		{`{"mask":[":target"]}`, `rules: mask[0] ":target": :target depends on live browser state the engine cannot see`},
		{`{"mask":["input:not(:checked)"]}`, `rules: mask[0] "input:not(:checked)": :checked depends on live browser state the engine cannot see`},
		{`{"mode":"allow-list","allow":["a:focus-visible"]}`, `rules: allow[0] "a:focus-visible": :focus-visible depends on live browser state the engine cannot see`},
		{`{"mask":["p::before"]}`, `rules: mask[0] "p::before": ::before is a pseudo-element; the mirror has none, so the rule would never match`},
		{`{"mask":["p:after"]}`, `rules: mask[0] "p:after": :after is a pseudo-element; the mirror has none, so the rule would never match`},
		{`{"mask":["input::placeholder"]}`, `rules: mask[0] "input::placeholder": ::placeholder is a pseudo-element; the mirror has none, so the rule would never match`},
		{`{"mask":["p::part(x)"]}`, `rules: mask[0] "p::part(x)": ::part is a pseudo-element; the mirror has none, so the rule would never match`},
		{`{"mask":["p:bogus"]}`, `rules: mask[0] "p:bogus": unknown pseudoclass or pseudoelement :bogus`},
		{`{"mask":[".a,"]}`, `rules: mask[0] ".a,": expected selector, found EOF instead`},
		{`{"attributes":{"allow":["Title"]}}`, `rules: attributes.allow[0] "Title": attribute names are written in lowercase`},
		{`{"attributes":{"allow":["*"]}}`, `rules: attributes.allow[0] "*": a lone * would cover every attribute; list names or prefixes such as data-*`},
		{`{"attributes":{"mask":[""]}}`, `rules: attributes.mask[0] "": empty attribute name`},
		{`{"attributes":{"mask":["da*ta"]}}`, `rules: attributes.mask[0] "da*ta": * may only end a prefix such as data-*`},
		{`{"attributes":{"mask":["on click"]}}`, `rules: attributes.mask[0] "on click": attribute names use only a-z, 0-9, -, _, . and :`},
		{`{"attributes":{"mask":["-x"]}}`, `rules: attributes.mask[0] "-x": an attribute name starts with a letter or _`},
		{`{"attributes":{"allow":["alt","title"],"mask":["title"]}}`, `rules: attributes.allow[1] "title": also masked by attributes.mask[0] "title"; mask wins, so remove one of them`},
		{`{"attributes":{"allow":["data-id"],"mask":["data-*"]}}`, `rules: attributes.allow[0] "data-id": also masked by attributes.mask[0] "data-*"; mask wins, so remove one of them`},
		{`{"attributes":{"allow":["title"]}}`, `rules: attributes.allow: mask-all cannot be loosened, attribute values included; use mode allow-list (or block-list) to keep them`},
		{`{"attributes":{"allow":["x"],"other":[]}}`, `rules: "attributes.other": unknown key`},
		{`{"attributes":[]}`, `rules: attributes: expected an object, got array`},
		{`{"allowParams":["page",""]}`, `rules: allowParams[1] "": empty parameter name`},
		{`{"allowParams":["q=1"]}`, `rules: allowParams[0] "q=1": a parameter name cannot contain =, & or #`},
		{`{"allowParams":["a&b"]}`, `rules: allowParams[0] "a&b": a parameter name cannot contain =, & or #`},
		{`{"allowParams":["#x"]}`, `rules: allowParams[0] "#x": a parameter name cannot contain =, & or #`},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := Parse([]byte(c.in))
			require.EqualError(t, err, c.want)
			var re *Error
			require.ErrorAs(t, err, &re)
		})
	}
}

func TestFromJSONPath(t *testing.T) {
	v, err := jsonx.Parse([]byte(`{"mask":[".ok",".ok2","form >"]}`))
	require.NoError(t, err)
	_, err = FromJSON(v, "recording")
	require.EqualError(t, err, `rules: recording.mask[2] "form >": expected selector, found EOF instead`)

	v, err = jsonx.Parse([]byte(`{"attributes":{"nope":1}}`))
	require.NoError(t, err)
	_, err = FromJSON(v, "playback")
	require.EqualError(t, err, `rules: "playback.attributes.nope": unknown key`)
}

func TestCompileRejectsBadMode(t *testing.T) {
	_, err := Compile(Rules{Mode: Mode(9)})
	require.EqualError(t, err, "rules: mode 9: not a mode")
	assert.Equal(t, "Mode(9)", Mode(9).String())
}

func TestParseDefaults(t *testing.T) {
	for _, in := range []string{`{}`, `{"mode":"mask-all"}`, `{"mask":[],"block":null,"attributes":{}}`, ` { } `} {
		t.Run(in, func(t *testing.T) {
			r, err := Parse([]byte(in))
			require.NoError(t, err)
			assert.Equal(t, MaskAll(), r)
			assert.Equal(t, Rules{}, r, "the default is the zero value")
		})
	}
}

func TestModeWords(t *testing.T) {
	for _, m := range []Mode{ModeMaskAll, ModeAllowList, ModeBlockList} {
		t.Run(m.String(), func(t *testing.T) {
			r, err := Parse([]byte(`{"mode":"` + m.String() + `"}`))
			require.NoError(t, err)
			assert.Equal(t, m, r.Mode)
		})
	}
	r, err := Parse([]byte(`{"mode":"block-list"}`))
	require.NoError(t, err)
	assert.Equal(t, MaskUserInput(), r, "mask-user-input is block-list with no selectors")
}

func TestCanonicalJSONRoundTrip(t *testing.T) {
	cases := map[string]Rules{
		"zero":   {},
		"preset": MaskUserInput(),
		"full": {
			Mode: ModeAllowList, Allow: []string{".public", "main p"}, Mask: []string{`[data-x="a\"b"]`},
			Block: []string{"#card"}, HideInteractions: []string{".pin-pad button"},
			Attributes:  Attributes{Allow: []string{"alt", "aria-*"}, Mask: []string{"data-ssn"}},
			AllowParams: []string{"page", "lang"},
		},
		"attributes mask only": {Mode: ModeBlockList, Attributes: Attributes{Mask: []string{"class"}}},
		"unicode":              {Mode: ModeBlockList, Mask: []string{".naïve", "[title='\u2028']"}},
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			js := r.AppendJSON(nil)
			back, err := Parse(js)
			require.NoError(t, err, "%s", js)
			assert.Equal(t, r, back)
			assert.Equal(t, string(js), string(back.AppendJSON(nil)))
		})
	}
	got := string(Rules{Mode: ModeBlockList, Mask: []string{".a"}, Attributes: Attributes{Mask: []string{"title"}}}.AppendJSON(nil))
	assert.Equal(t, `{"mode":"block-list","mask":[".a"],"attributes":{"mask":["title"]}}`, got)
	assert.Equal(t, `{"mode":"mask-all"}`, string(Rules{}.AppendJSON(nil)))
}

func TestEscapedPseudoClassesAreRejected(t *testing.T) {
	cases := []struct{ sel, want string }{
		{`a:\68 over`, `:hover depends on live browser state the engine cannot see`},
		{`a:\000068over`, `:hover depends on live browser state the engine cannot see`},
		{`a:f\ocus`, `:focus depends on live browser state the engine cannot see`},
		{`p:\61 fter`, `:after is a pseudo-element; the mirror has none, so the rule would never match`},
	}
	for _, c := range cases {
		t.Run(c.sel, func(t *testing.T) {
			_, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{c.sel}})
			require.EqualError(t, err, "rules: mask[0] "+strconv.Quote(c.sel)+": "+c.want)
		})
	}
}
