package rules

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Unit tests of the selector semantics. The differential test against
// Chromium (e2e/selector_diff_test.go) is the proof that they are the
// browser's; these pin the individual rules and run without a browser.

// ownMatches returns the elements under root that s marks masked by their
// own selectors (each decided with a zero parent Decision, so nothing is
// inherited), named by id, else by tag.
func ownMatches(s *Set, root *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && s.Decide(n, Decision{}).Masked {
			name := attr(n, "id")
			if name == "" {
				name = n.Data
			}
			out = append(out, name)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func parsePage(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	return doc
}

func byID(t *testing.T, root *html.Node, id string) *html.Node {
	t.Helper()
	var found *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	require.NotNil(t, found, "no element #%s", id)
	return found
}

// attachShadow gives host an open shadow root holding the parsed markup,
// placed first among its children as the mirror places it.
func attachShadow(t *testing.T, host *html.Node, markup string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	require.NoError(t, err)
	root := &html.Node{Type: html.DocumentNode, Data: shadowRootData}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	host.InsertBefore(root, host.FirstChild)
}

// attachFrame gives an iframe its parsed document, last among its children.
func attachFrame(t *testing.T, iframe *html.Node, page string) {
	t.Helper()
	iframe.AppendChild(parsePage(t, page))
}

func TestSelectorMatching(t *testing.T) {
	const forms = `<!DOCTYPE html><fieldset id=fs disabled><legend id=lg1><input id=in-lg1></legend>` +
		`<legend><input id=in-lg2></legend><input id=in-fs><select><optgroup id=og disabled><option id=o1>x</option></optgroup>` +
		`<option id=o2>y</option></select></fieldset><input id=in><a id=a href=x></a><a id=a2></a><area id=ar href=x>` +
		`<link id=l href=x><svg><a id=sa xlink:href=#x></a><a id=sa2></a></svg>`
	cases := []struct {
		name, page, sel string
		want            []string
	}{
		{"legacy case-insensitive type", `<!DOCTYPE html><input id=a type=password><input id=b type=PassWord><input id=c type=text>`, `[type=PASSWORD]`, []string{"a", "b"}},
		{"legacy list with every operator", `<!DOCTYPE html><a id=a rel="NoFollow Me"></a><a id=b rel="x"></a>`, `[rel~=nofollow]`, []string{"a"}},
		{"legacy list on html only", `<!DOCTYPE html><svg><style id=s type="TEXT/css"></style></svg><style id=h type="TEXT/css"></style>`, `[type="text/css"]`, []string{"h"}},
		{"i flag on svg too", `<!DOCTYPE html><svg><style id=s type="TEXT/css"></style></svg>`, `[type="text/css" i]`, []string{"s"}},
		{"other values case-sensitive", `<!DOCTYPE html><p id=a title=ABC></p><p id=b title=abc></p>`, `[title=abc]`, []string{"b"}},
		{"i flag is ASCII-only", `<!DOCTYPE html><p id=a title="É"></p><p id=b title="é"></p><p id=c title="ABC"></p>`, `[title="é" i], [title=abc i]`, []string{"b", "c"}},
		{"empty value operators match nothing", `<!DOCTYPE html><p id=a title=""></p><p id=b title=x></p>`, `[title^=""], [title$=""], [title*=""], [title~=""]`, nil},
		{"empty value equality", `<!DOCTYPE html><p id=a title=""></p><p id=b title=x></p>`, `[title=""]`, []string{"a"}},
		{"whitespace value is not empty", `<!DOCTYPE html><p id=a title=" "></p>`, `[title^=" "]`, []string{"a"}},
		{"dash match", `<!DOCTYPE html><p id=a data-l="en"></p><p id=b data-l="en-GB"></p><p id=c data-l="english"></p>`, `[data-l|=en]`, []string{"a", "b"}},
		{"svg type selector any case", `<!DOCTYPE html><svg><foreignObject id=fo></foreignObject><linearGradient id=lg></linearGradient></svg>`, `foreignobject, LINEARGRADIENT`, []string{"fo", "lg"}},
		{"svg camel-case attribute", `<!DOCTYPE html><svg id=s viewBox="0 0 1 1"></svg>`, `[viewbox]`, []string{"s"}},
		{"html attribute names are lowercase", `<!DOCTYPE html><p id=p DATA-X=1></p>`, `[Data-X]`, []string{"p"}},
		{"namespaced svg attributes are not matched", `<!DOCTYPE html><svg><a id=a xlink:href=#x></a><g id=g xml:lang=de></g></svg>`, `[href], [lang]`, nil},
		{"nth-of-type counts namespace", `<!DOCTYPE html><div><a id=h1></a><svg><a id=s1></a><a id=s2></a></svg><a id=h2></a></div>`, `a:nth-of-type(2)`, []string{"s2", "h2"}},
		{"nth-child of S", `<!DOCTYPE html><ul><li id=1 class=a></li><li id=2></li><li id=3 class=a></li><li id=4 class=a></li></ul>`, `li:nth-child(2 of .a)`, []string{"3"}},
		{"nth-last-child of S", `<!DOCTYPE html><ul><li id=1 class=a></li><li id=2></li><li id=3 class=a></li><li id=4 class=a></li></ul>`, `li:nth-last-child(odd of .a)`, []string{"1", "4"}},
		{"an+b", `<!DOCTYPE html><ul><li id=1></li><li id=2></li><li id=3></li><li id=4></li><li id=5></li></ul>`, `li:nth-child(-n + 3):nth-child(2n- 1)`, []string{"1", "3"}},
		{"empty counts whitespace not comments", `<!DOCTYPE html><p id=a></p><p id=b> </p><p id=c><!--x--></p>`, `p:empty`, []string{"a", "c"}},
		{"root", `<!DOCTYPE html><p></p>`, `:root`, []string{"html"}},
		{"is and where", `<!DOCTYPE html><h1 id=h></h1><p id=a></p><p id=b></p>`, `:is(h1, h2) + p, :where(:is()) p`, []string{"a"}},
		{"not with a complex list", `<!DOCTYPE html><div class=x><p id=a></p></div><p id=b></p>`, `p:not(.x p, #c)`, []string{"b"}},
		{"has relative", `<!DOCTYPE html><div id=d1><p></p></div><div id=d2><span><p></p></span></div><h1 id=h></h1><p id=after></p>`, `div:has(> p), h1:has(+ p)`, []string{"d1", "h"}},
		{"has descendant after sibling", `<!DOCTYPE html><b id=b></b><div><i id=i></i></div>`, `b:has(~ div i)`, []string{"b"}},
		{"enabled", forms, `:enabled`, []string{"in-lg1", "in"}},
		{"an optgroup takes its select's disabled state", `<!DOCTYPE html><select disabled><optgroup id=g1><option id=o1>x</option></optgroup></select><fieldset disabled><select><optgroup id=g2></optgroup></select></fieldset><select><optgroup id=g3></optgroup></select>`, `optgroup:disabled`, []string{"g1", "g2"}},
		{"disabled", forms, `:disabled`, []string{"fs", "in-lg2", "in-fs", "select", "og", "o1", "o2"}}, // o2: its select is disabled
		{"any-link", forms, `:any-link`, []string{"a", "ar", "sa"}},
		{"lang inherits, prefix and case", `<!DOCTYPE html><html lang=EN-us><p id=a></p><div lang=english><p id=b></p></div><div lang=""><p id=c></p></div></html>`, `p:lang(en)`, []string{"a"}},
		{"lang from svg xml:lang, not html xml:lang", `<!DOCTYPE html><html lang=en><div xml:lang=de><p id=h></p></div><svg><g xml:lang=de><text id=s></text></g></svg></html>`, `:lang(de)`, []string{"g", "s"}},
		{"lang from the last content-language pragma", `<!DOCTYPE html><head><meta http-equiv=content-language content=fr><meta http-equiv=Content-Language content=de-AT><meta http-equiv=content-language></head><p id=a></p><div lang=it><p id=b></p></div>`, `p:lang(de)`, []string{"a"}},
		{"an empty pragma means no language", `<!DOCTYPE html><head><meta http-equiv=content-language content=fr><meta http-equiv=content-language content=""></head><p id=a></p>`, `p:lang(fr)`, nil},
		{"an+b beyond 2^30 never matches", `<!DOCTYPE html><p id=a></p><p id=b></p>`, `p:nth-child(1073741823n+1), p:nth-child(1073741824n+2), p:nth-child(n-1073741825)`, []string{"a"}},
		{"a backslash at the end is U+FFFD", `<!DOCTYPE html><p id=a class="a&#xFFFD;"></p><p id=b class=a></p>`, `.a\`, []string{"a"}},
		{"U+0000 reads as U+FFFD", `<!DOCTYPE html><p id=a class="a&#xFFFD;"></p><p id=b class=a></p>`, ".a\x00", []string{"a"}},
		{"a malformed language matches nothing", `<!DOCTYPE html><html lang=en><p id=a lang=en-></p><p id=b lang=en--US></p><p id=c lang=1en></p><p id=d lang=en-abcdefghi></p><p id=e lang=en-é></p><p id=f lang=en-1-US></p><p id=g lang=en-a></p></html>`, `p:lang(en)`, []string{"f", "g"}},
		// Chromium reads a content-language pragma wherever the meta is in
		// the document, not only in the head (only a CSP pragma must be there)
		{"a pragma in the body", `<!DOCTYPE html><head></head><body><p id=a></p><div><meta http-equiv=content-language content=de></div></body>`, `p:lang(de)`, []string{"a"}},
		{"a pragma in the body after one in the head", `<!DOCTYPE html><head><meta http-equiv=content-language content=fr></head><body><p id=a></p><meta http-equiv=content-language content=de></body>`, `p:lang(de)`, []string{"a"}},
		{"a pragma in svg's foreignObject", `<!DOCTYPE html><head></head><body><p id=a></p><svg><foreignObject><div><meta http-equiv=content-language content=de></div></foreignObject></svg></body>`, `p:lang(de)`, []string{"a"}},
		{"a pragma in a template is none", `<!DOCTYPE html><head></head><body><p id=a></p><template><meta http-equiv=content-language content=de></template></body>`, `p:lang(de)`, nil},
		{"a pragma is taken as it is", `<!DOCTYPE html><head><meta http-equiv=content-language content=" de"></head><p id=a></p>`, `p:lang(de)`, nil},
		{"contains", `<!DOCTYPE html><p id=a>Hello <b>World</b></p><p id=b>other</p>`, `p:contains("hello world")`, []string{"a"}},
		{"escaped names", `<!DOCTYPE html><p id="x.y" class="a:b"></p><p id=123 class=1></p>`, `#x\.y, .a\:b, #\31 23, .\31`, []string{"x.y", "123"}},
		{"no-quirks class and id exact", `<!DOCTYPE html><p id=Main class=Item></p>`, `#main, .item`, nil},
		{"quirks class and id fold", `<p id=Main class="x Item"></p><p id=other class=ITEMS></p>`, `#main, .item`, []string{"Main"}},
		{"quirks does not fold attributes", `<p id=a title=Item></p>`, `[title=item]`, nil},
		{"limited quirks is exact", `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x"><p id=Main></p>`, `#main`, nil},
		{"legacy public id is quirks", `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><p id=Main></p>`, `#main`, []string{"Main"}},
		{"html 4.01 with a system id is limited quirks", `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd"><p id=Main></p>`, `#main`, nil},
	}
	for _, c := range cases {
		t.Run(c.name+"/"+c.sel, func(t *testing.T) {
			s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{c.sel}})
			require.NoError(t, err)
			assert.Equal(t, c.want, ownMatches(s, parsePage(t, c.page)))
		})
	}
}

// Matching stays inside one node tree: a shadow root or an iframe document
// is queried as querySelectorAll on its root would be.
func TestSelectorTrees(t *testing.T) {
	doc := parsePage(t, `<!DOCTYPE html><div id=host class=x lang=fr><p id=light></p></div>`+
		`<iframe id=frame srcdoc="x"></iframe><iframe id=blank></iframe>`)
	attachShadow(t, byID(t, doc, "host"), `<span id=top></span><p id=sp class=Item></p><div id=host2></div>`)
	attachShadow(t, byID(t, doc, "host2"), `<i id=deep></i>`)
	attachFrame(t, byID(t, doc, "frame"), `<div id=fdiv class=Item><span id=fspan></span></div>`)
	attachFrame(t, byID(t, doc, "blank"), `<p id=bp class=Item></p>`)
	cases := []struct {
		sel  string
		want []string
	}{
		{".x span", nil},
		{".x > span", nil},
		{"div span", []string{"fspan"}},
		{"div:has(span)", []string{"fdiv"}},
		{"div:has(p)", []string{"host"}},
		{":root", []string{"html", "html", "html"}},
		{"span:first-child", []string{"top", "fspan"}},
		{"i:only-child", []string{"deep"}},
		{"div:empty", []string{"host2"}},
		{"iframe:empty", []string{"frame", "blank"}},
		{":lang(fr)", []string{"host", "top", "sp", "host2", "deep", "light"}},
		{"div:has(p) > span", nil},
		{":is(*):has(p) > span", nil}, // the featureless host never matches
		{":has(p) + span", nil},
		{":not(.y) > #top", nil},
		{":not(.y) > span", []string{"fspan"}},
		{":not(.y :has(i)) > #top", nil},
		// the srcdoc document is never in quirks mode; about:blank is
		{".item", []string{"bp"}},
	}
	for _, c := range cases {
		t.Run(c.sel, func(t *testing.T) {
			s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{c.sel}})
			require.NoError(t, err)
			assert.Equal(t, c.want, ownMatches(s, doc))
		})
	}
}

// An HTML element whose local name has upper case (a script's
// createElementNS) matches no type selector, as in Chromium.
func TestSelectorUpperCaseHTMLName(t *testing.T) {
	doc := parsePage(t, `<!DOCTYPE html><div id=p><div id=a></div><span id=b></span></div><svg><rect id=r></rect></svg>`)
	byID(t, doc, "a").Data, byID(t, doc, "b").Data, byID(t, doc, "r").Data = "DIV", "Span", "Rect"
	for sel, want := range map[string][]string{"#p > div, #p > DIV": nil, "#p > :not(span)": {"a", "b"}, "#p:has(> span)": nil, "rect": {"r"}} {
		s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{sel}})
		require.NoError(t, err)
		assert.Equal(t, want, ownMatches(s, doc), sel)
	}
}

func TestSelectorRejections(t *testing.T) {
	cases := []struct{ sel, want string }{
		{`p:matches(\d+)`, `:matches() is cascadia's regular-expression text match, but in browsers an old alias of :is(); write :is() for the browser meaning, or :contains() for text`},
		{`p:MATCHES(a)`, `:matches() is cascadia's`},
		{`p:matchesown(x)`, `:matchesown() is a cascadia extension`},
		{`p:containsown("x")`, `:containsown() is a cascadia extension`},
		{`div:haschild(p)`, `:haschild() is a cascadia extension that browsers do not have; write :has(> …)`},
		{`:input`, `:input is a cascadia extension`},
		{`[a!=b]`, `the attribute operator != is a cascadia extension`},
		{`[a#=(b)]`, `the attribute operator #= is a cascadia extension`},
		{`* .a`, `starts with * and a descendant combinator`},
		{`p, *|*  * div`, `starts with * and a descendant combinator`},
		{`[xlink\:href]`, `namespace prefix`},
		{`:not([xml\:lang=de])`, `namespace prefix`},
		{`:has(p) > span`, `could match a shadow host`},
		{`:is(:has(.x)) span`, `could match a shadow host`},
		{`:not(:has(i), .x) > #top`, `could match a shadow host`},
		{`li:is(:not(:has(p)) *)`, `could match a shadow host`},
		{`:nth-child(n-2147483649)`, `invalid :nth-*() argument`},
		{`a:link`, `:link depends on live browser state`},
		{`input:required`, `:required depends on live browser state`},
		{`p:dir(rtl)`, `:dir depends on live browser state`},
		{`:scope > p`, `:scope means something only relative to a stylesheet`},
		{`:host(.x)`, `:host means something only relative to a stylesheet`},
		{`& p`, `the nesting selector & means something only relative to a stylesheet`},
		{`::slotted(p)`, `::slotted is a pseudo-element`},
		{`p:first-line`, `:first-line is a pseudo-element`},
		{`svg|rect`, `namespace prefix "svg|": only *| is accepted`},
		{`|p`, `namespace prefixes are not accepted`},
		{`[*|href]`, `namespace prefixes in attribute selectors are not accepted`},
		{`[xlink|href]`, `namespace prefixes in attribute selectors are not accepted`},
		{`[type=password s]`, `the s flag is not accepted`},
		{`[type=password x]`, `unknown attribute selector flag`},
		{`:is(p, $)`, `invalid selector inside :is() (Chromium would drop it silently): expected selector, found '$' instead`},
		{`:where(p::before)`, `invalid selector inside :where()`},
		{`:has(:has(p))`, `:has() cannot be nested in :has()`},
		{`:has(:is(:has(p)))`, `:has() cannot be nested in :has()`},
		{`:not()`, `expected selector, found ')' instead`},
		{`:has()`, `expected selector, found ')' instead`},
		{`:lang("en")`, `expected a language identifier`},
		{`:lang(en, fr)`, `expected ')'`},
		{`#1a`, `expected an identifier after #`},
		{`.1a`, `expected an identifier after .`},
		{`[a=1]`, `expected an attribute value`},
		{`p/**/.a`, `CSS comments are not accepted`},
		{`[title="a`, `unclosed ( or [ at the end of the selector: unterminated string`},
		{`:not(p`, `unclosed ( or [ at the end of the selector`},
		{"[title=\"a\nb\"]", `newline in a string`},
		{`p:nth-child(- n+1)`, `invalid :nth-*() argument`},
		{`p:nth-child(2 n)`, `expected ')'`},
		{`p:nth-child(n1)`, `invalid :nth-*() argument`},
		{`p:nth-child(2n+-1)`, `invalid :nth-*() argument`},
		{`p:nth-of-type(2 of .a)`, `expected ')'`},
		{`li:nth-child(2 OF .a)`, `expected ')'`},
		{`p:nth-child(\6e)`, `escapes inside :nth-*() arguments are not accepted`},
		{`p:-webkit-any(a)`, `unknown pseudoclass or pseudoelement :-webkit-any()`},
		{`p q)`, `unexpected ')'`},
		{`p` + strings.Repeat(`:not(`, 40) + `p` + strings.Repeat(`)`, 40), `selector nesting too deep`},
	}
	for _, c := range cases {
		t.Run(c.sel, func(t *testing.T) {
			_, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{c.sel}})
			require.Error(t, err)
			prefix := "rules: mask[0] " + strconv.Quote(c.sel) + ": "
			require.True(t, strings.HasPrefix(err.Error(), prefix), "%v", err)
			assert.Contains(t, strings.TrimPrefix(err.Error(), prefix), c.want)
		})
	}
}

func TestSelectorAccepted(t *testing.T) {
	for _, sel := range []string{
		`*|p`, `*|*`, `*`, `p:is()`, `:where()`, `p:nth-child(n of :has(b))`, `a[href^="https:" i]`, `[ data-x = "1" ]`,
		`p:NOT(.a)`, `LI:First-Child`, `\70`, `d\iv`, `-x`, `--x`, `.-a`, `#--a`, `:nth-child(ODD)`, `:nth-child(+5)`,
		`:nth-child(-n+3)`, `:nth-child(3n +1)`, `:nth-child(2n-1)`, `:lang(\*-us)`, `:contains(word)`, `a > b ~ c + d e`,
		`p:has(> b, + c, ~ d, e f)`, `li:nth-child(2n+1 of .a\:b)`, `[data-x=a i]`, `[lang|=EN]`, `:enabled`, `:disabled`, `:any-link`, `:root`, `:empty`,
	} {
		t.Run(sel, func(t *testing.T) {
			_, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{sel}})
			assert.NoError(t, err)
		})
	}
}

func TestAnPlusB(t *testing.T) {
	cases := []struct {
		in   string
		a, b int
	}{
		{"odd", 2, 1}, {"EVEN", 2, 0}, {"3", 0, 3}, {"+3", 0, 3}, {"-3", 0, -3}, {"n", 1, 0}, {"+n", 1, 0},
		{"-n", -1, 0}, {"N", 1, 0}, {"2n", 2, 0}, {"-2n", -2, 0}, {"2n+1", 2, 1}, {"2n-1", 2, -1}, {"2n- 1", 2, -1},
		{"2n -1", 2, -1}, {"2n + 1", 2, 1}, {"2n +1", 2, 1}, {"2n+ 1", 2, 1}, {"-n+3", -1, 3}, {"-n-3", -1, -3},
		{"n-1", 1, -1}, {"0n+4", 0, 4}, {"99999999999n", 1<<31 + 1, 0}, {"n-2147483648", 1, -1 << 31},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p := &selParser{s: c.in}
			a, b, err := p.anPlusB()
			require.NoError(t, err)
			assert.Equal(t, [2]int{c.a, c.b}, [2]int{a, b})
			assert.True(t, p.eof(), "left %q", p.s[p.i:])
		})
	}
	for _, bad := range []string{"", "- n", "+ n", "n-", "2n+", "2n + -1", "2n1", "odd2", "nn", "1.5", "a", "-odd"} {
		t.Run("bad "+bad, func(t *testing.T) {
			p := &selParser{s: bad}
			_, _, err := p.anPlusB()
			if err == nil {
				// "2n+" style leftovers are caught by the caller, which
				// then needs ')' at once.
				assert.False(t, p.eof(), "%q parsed completely", bad)
			}
		})
	}
}

func TestDocumentMode(t *testing.T) {
	cases := []struct {
		page string
		want docMode
	}{
		{`<!DOCTYPE html><p>`, modeNoQuirks},
		{`<!doctype HTML><p>`, modeNoQuirks},
		{`<p>`, modeQuirks},
		{`<!DOCTYPE svg><p>`, modeQuirks},
		{`<!DOCTYPE html PUBLIC "HTML"><p>`, modeQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN" "x"><p>`, modeQuirks},
		{`<!DOCTYPE html PUBLIC "-//w3c//dtd html 3.2 final//en"><p>`, modeQuirks},
		{`<!DOCTYPE html SYSTEM "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"><p>`, modeQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN"><p>`, modeQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN" "x"><p>`, modeNoQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><p>`, modeNoQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Frameset//EN" "x"><p>`, modeNoQuirks},
	}
	for _, c := range cases {
		t.Run(c.page, func(t *testing.T) {
			doc := parsePage(t, c.page)
			p := doc.LastChild.LastChild.FirstChild // html > body > p
			require.Equal(t, "p", p.Data)
			assert.Equal(t, c.want, documentMode(p))
		})
	}
	t.Run("no document above", func(t *testing.T) {
		assert.Equal(t, modeNoQuirks, documentMode(element("p")))
	})
}

// The index must never skip a selector that matches: compare it with every
// selector tested on every element, on pages where case folding matters.
func TestIndexAgreesWithMatching(t *testing.T) {
	sels := []string{
		"div", "P", "#main", "#MAIN", ".card", ".CARD", "[data-secret]", "[DATA-UPPER]", "div.card > p#x",
		"input[type=password]", "*", ":not(.x)", "foreignobject", "linearGradient", "[viewbox]", "[VIEWBOX]",
		".Bar", "#Pic", "svg .bar", "li:nth-child(2n+1)", "section:has(.a)", "body > *", ":has(p) + span",
	}
	pages := map[string]string{
		"no-quirks": `<!DOCTYPE html><div id=Main class="Card wide"><p id=x class=card>x</p><section><span class="a">z</span></section>` +
			`<input type=PASSWORD data-secret DATA-UPPER><svg viewBox="0 0 1 1" id=pic><foreignObject></foreignObject>` +
			`<linearGradient></linearGradient><rect class=BAR></rect></svg><ul><li>1</li><li>2</li><li>3</li></ul></div>`,
		"quirks": `<div id=Main class="Card wide"><p id=x class=CARD>x</p><section><span class="A">z</span></section>` +
			`<input type=Password data-Secret><svg id=Pic class=bar><rect class=bar></rect></svg></div>`,
	}
	for name, page := range pages {
		doc := parsePage(t, page)
		for _, sel := range sels {
			t.Run(name+"/"+sel, func(t *testing.T) {
				s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{sel}})
				require.NoError(t, err)
				group, err := parseSelectors(sel)
				require.NoError(t, err)
				var walk func(n *html.Node)
				walk = func(n *html.Node) {
					if n.Type == html.ElementNode {
						var f facts
						var c matchCtx
						assert.Equal(t, group.matches(&c, n), s.idx.match(n, kindMask, &f) != 0, "%s %v", n.Data, n.Attr)
					}
					for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
						walk(ch)
					}
				}
				walk(doc)
			})
		}
	}
}

func TestSelectorScope(t *testing.T) {
	cases := []struct {
		sel  string
		want Scope
	}{
		{":is(h1 + p)", ScopeSiblings},
		{":where(.a) ~ p", ScopeSiblings},
		{"li:nth-child(2 of .a)", ScopeSiblings},
		{"p:not(:first-child)", ScopeSiblings},
		{":where(:has(a))", ScopeDocument},
		{"p:has(+ b)", ScopeDocument},
		{"p:nth-child(2 of :has(b))", ScopeDocument},
		{":lang(en)", ScopeDocument}, // the content-language pragma lives in the head
		{":root > body", ScopeSubtree},
		{":any-link", ScopeSubtree},
		{"[type=PASSWORD]", ScopeSubtree},
		{"svg foreignObject", ScopeSubtree},
	}
	for _, c := range cases {
		t.Run(c.sel, func(t *testing.T) {
			assert.Equal(t, c.want, mustSet(t, `{"mode":"block-list","mask":[`+quote(c.sel)+`]}`).Scope())
		})
	}
}

func TestSelectorIndexKeys(t *testing.T) {
	cases := []struct {
		sel  string
		kind keyKind
		key  string
	}{
		{"div", keyTag, "div"},
		{"foreignObject", keyTag, "foreignobject"},
		{"p.A.b#Main", keyID, "main"},
		{"p.A[x]", keyClass, "a"},
		{"p[DATA-X]", keyAttr, "data-x"},
		{"a b", keyTag, "b"},
		{"*", keyNone, ""},
		{":is(.a)", keyNone, ""},
	}
	for _, c := range cases {
		t.Run(c.sel, func(t *testing.T) {
			g, err := parseSelectors(c.sel)
			require.NoError(t, err)
			in := g[0].info()
			assert.Equal(t, c.kind, in.kind)
			assert.Equal(t, c.key, in.key)
		})
	}
}

func FuzzSelector(f *testing.F) {
	for _, seed := range []string{`p`, `.a > b + c ~ d e`, `:has(> p, + q)`, `[a|=b i]`, `:nth-child(2n+1 of .x)`,
		`:lang(en)`, `:is(:where(a), b):not(c)`, `\61 \62`, `[a="\"x"]`, `*|p:empty:root`} {
		f.Add(seed)
	}
	doc, err := html.Parse(strings.NewReader(`<div class=a lang=en><b></b><c></c><p id=x>t</p><svg><rect/></svg></div>`))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, sel string) {
		g, err := parseSelectors(sel)
		if err != nil {
			return
		}
		var c matchCtx
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			g.matches(&c, n)
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch)
			}
		}
		walk(doc)
		for _, s := range g {
			require.NotEmpty(t, s.parts)
			require.Len(t, s.combs, len(s.parts)-1)
			require.True(t, slices.Contains([]Scope{ScopeSubtree, ScopeSiblings, ScopeDocument}, s.scope()))
		}
	})
}

// A selector that fails only at its leftmost compound must not try every
// combination of ancestors: on a chain of 2000 divs ".x div div div div"
// would take C(2000, 4) steps per element without the retry statuses.
func TestSelectorBacktrackingIsBounded(t *testing.T) {
	const depth = 2000
	doc := &html.Node{Type: html.DocumentNode}
	n := doc
	for range depth {
		div := element("div")
		n.AppendChild(div)
		n = div
	}
	n.AppendChild(element("p"))
	for _, sel := range []string{".x div div div div", ".x div ~ div > div div", "div:has(.x) div div div p"} {
		t.Run(sel, func(t *testing.T) {
			s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{sel}})
			require.NoError(t, err)
			done := make(chan []string, 1)
			go func() { done <- ownMatches(s, doc) }()
			select {
			case got := <-done:
				assert.Empty(t, got)
			case <-time.After(30 * time.Second):
				t.Fatal("matching backtracks through every combination of ancestors")
			}
		})
	}
}
