package masking_test

// Invariants that every golden case must satisfy whatever want.golden says.
// They are written from DESIGN.md, independently of the masking package: the
// code under test never judges its own output here.

import (
	"html"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/jsonx"
)

// views returns the forms in which a secret could leave inside out: as
// written, with HTML entities undone, and every JSON string of every line
// decoded (so "J\u0061ne" reads "Jane"), each also with %XX escapes undone.
func views(out []byte) []string {
	raw := string(out)
	vs := []string{raw, html.UnescapeString(raw), percentDecode(raw)}
	for _, line := range strings.Split(raw, "\n") {
		v, err := jsonx.Parse([]byte(line))
		if err != nil {
			continue // the rendered HTML part, or a blank line
		}
		for _, s := range jsonStrings(v, nil) {
			vs = append(vs, s, html.UnescapeString(s), percentDecode(s))
		}
	}
	return vs
}

// jsonStrings collects every string and object key under v.
func jsonStrings(v jsonx.Value, dst []string) []string {
	switch v.Kind {
	case jsonx.String:
		dst = append(dst, v.Str)
	case jsonx.Array:
		for _, item := range v.Items {
			dst = jsonStrings(item, dst)
		}
	case jsonx.Object:
		for _, m := range v.Members {
			dst = append(dst, m.Key)
			dst = jsonStrings(m.Val, dst)
		}
	}
	return dst
}

// percentDecode undoes every valid %XX escape and leaves the rest alone.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// minStripped keeps the whitespace-free comparison for secrets long enough
// not to match by chance.
const minStripped = 6

// contains reports whether secret occurs in any view, ignoring case, and
// also with all whitespace removed ("4111 1111" leaking as "41111111").
func contains(vs []string, secret string) bool {
	s := strings.ToLower(secret)
	ss := stripSpace(s)
	for _, v := range vs {
		v = strings.ToLower(v)
		if strings.Contains(v, s) {
			return true
		}
		if len(ss) >= minStripped && strings.Contains(stripSpace(v), ss) {
			return true
		}
	}
	return false
}

// occursIn reports whether a secret really is in a case's input.
func occursIn(secret, input string) bool {
	return contains([]string{input, html.UnescapeString(input), percentDecode(input)}, secret)
}

// leaks lists every secret found in out.
func leaks(out []byte, secrets []string) []string {
	vs := views(out)
	var found []string
	for _, s := range secrets {
		if contains(vs, s) {
			found = append(found, "secret leaked: "+strconv.Quote(s))
		}
	}
	return found
}

// missing lists every expected string not found in out (exact case).
func missing(out []byte, expect []string) []string {
	vs := views(out)
	var lost []string
outer:
	for _, e := range expect {
		for _, v := range vs {
			if strings.Contains(v, e) {
				continue outer
			}
		}
		lost = append(lost, "expected in the output, not found: "+strconv.Quote(e))
	}
	return lost
}

// isMaskedText: nothing but '*' and whitespace (which masking keeps for
// layout). The empty string qualifies.
func isMaskedText(s string) bool {
	for _, r := range s {
		if r != '*' && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// placeholderWords: a string of name placeholders ("h" + 16 consonants)
// and the dots of empty grid cells, as grid-template-areas is written in
// mask-all.
func placeholderWords(s string) bool {
	for _, w := range strings.Fields(s) {
		if strings.Trim(w, ".") == "" {
			continue
		}
		if len(w) != 17 || w[0] != 'h' || strings.Trim(w[1:], "bcdfghjklmnpqrst") != "" {
			return false
		}
	}
	return true
}

// keptShapes restates, independently of the engine's classifier, which
// attribute values mask-all may keep and what they must look like: values
// whose grammar leaves no room for free text (DESIGN.md §3). style is here
// because its CSS is checked separately. Anything else must be masked.
var keptShapes = map[string]func(string) bool{}

func init() {
	for shape, names := range map[*func(string) bool][]string{
		&identShape: {"class", "id", "for", "name", "slot", "form", "list", "headers", "aria-labelledby",
			"aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant", "itemprop", "part", "popovertarget", "is", "cd"},
		&numberShape: {"width", "height", "colspan", "rowspan", "span", "tabindex", "size", "cols", "rows", "start",
			"maxlength", "minlength", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy",
			"stroke-width", "opacity", "fill-opacity", "stroke-opacity", "offset", "border", "cellpadding",
			"cellspacing", "font-size", "stroke-dasharray", "stroke-miterlimit", "stop-opacity", "version", "coords",
			"step", "stddeviation", "radius"},
		// SMIL timing: numbers in ';'-separated lists
		&numberListShape: {"keytimes", "keysplines"},
		&geometryShape:   {"d", "points", "transform", "viewbox", "gradienttransform", "patterntransform"},
		&colorShape:      {"fill", "stroke", "color", "bgcolor", "stop-color", "flood-color", "text", "link", "vlink", "alink"},
		&fragmentShape:   {"filter", "clip-path", "mask"},
		&keywordShape: {"type", "rel", "role", "dir", "lang", "charset", "media", "sizes", "xmlns", "contenteditable",
			"inputmode", "as", "autocomplete", "align", "valign", "target", "method", "enctype", "loading", "decoding",
			"crossorigin", "referrerpolicy", "preserveaspectratio", "fill-rule", "clip-rule", "stroke-linecap",
			"stroke-linejoin", "text-anchor", "gradientunits", "spreadmethod", "draggable", "spellcheck", "translate",
			"hidden", "aria-hidden", "aria-expanded", "aria-selected", "aria-live", "aria-current", "aria-haspopup", "wrap", "scope",
			"attributename", "calcmode", "dur", "http-equiv", "property", "encoding", "style", "shape", "repeatcount", "begin", "end"},
		&smilShape: {"values", "from", "to", "by"},
		&fontShape: {"font-family", "face", "fontfamily"},
		&boolShape: {"disabled", "readonly", "required", "multiple", "open", "controls", "autoplay", "loop", "muted",
			"async", "defer", "novalidate", "reversed", "itemscope", "nowrap", "playsinline", "autofocus", "inert"},
	} {
		for _, n := range names {
			keptShapes[n] = *shape
		}
	}
}

var (
	identShape = func(v string) bool {
		return len(v) <= 256 && !strings.ContainsAny(v, "@/?=\\\"'<>") && !longDigitRun(v)
	}
	numberShape     = onlyBytes("0123456789.+-eE%pxmrtchinvwdgsa ,")
	numberListShape = onlyBytes("0123456789.+-eE ,;")
	// fragmentShape: none, or url(#id) naming an id's placeholder
	fragmentShape = func(v string) bool {
		id, ok := strings.CutPrefix(v, "url(#")
		id, closed := strings.CutSuffix(id, ")")
		return v == "none" || ok && closed && id != "" && placeholderWords(id)
	}
	geometryShape = onlyBytes("0123456789.+-eE ,MmZzLlHhVvCcSsQqTtAa()matrixtranslatescalerotateskewXY\t\n")
	colorShape    = func(v string) bool {
		return onlyBytes("#0123456789abcdefABCDEFghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ(),.% /-")(v) &&
			(!strings.Contains(v, "url(") || strings.HasPrefix(strings.TrimSpace(v[strings.Index(v, "url(")+4:]), "#"))
	}
	// fontShape: a list of font families, each a generic family, a font
	// every viewer has, or placeholders (an author's font is a name).
	fontShape = func(v string) bool {
		for _, f := range strings.Split(v, ",") {
			f = strings.Trim(strings.TrimSpace(f), `"'`)
			if !placeholderWords(f) && !slices.Contains([]string{"serif", "sans-serif", "monospace", "cursive",
				"fantasy", "system-ui", "math", "emoji", "arial", "helvetica", "georgia", "verdana"}, strings.ToLower(f)) {
				return false
			}
		}
		return true
	}
	smilShape = func(v string) bool {
		for _, item := range strings.Split(v, ";") {
			if !geometryShape(item) && !colorShape(item) && !keywordShape(item) {
				return false
			}
		}
		return true
	}
	keywordShape = func(v string) bool {
		return len(v) <= 128 && !strings.ContainsAny(v, "@?\\\"'<>") && !longDigitRun(v) && !strings.Contains(v, "//") ||
			strings.HasPrefix(v, "http://www.w3.org/")
	}
	boolShape = func(v string) bool { return len(v) <= 32 && onlyBytes("abcdefghijklmnopqrstuvwxyz-")(v) }
)

func onlyBytes(set string) func(string) bool {
	return func(v string) bool {
		for i := 0; i < len(v); i++ {
			if strings.IndexByte(set, v[i]) < 0 {
				return false
			}
		}
		return true
	}
}

// longDigitRun: six or more digits in a row, the detectors' threshold.
func longDigitRun(v string) bool {
	run := 0
	for i := 0; i < len(v); i++ {
		if v[i] >= '0' && v[i] <= '9' {
			if run++; run >= 6 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// viewportKeys are the properties of <meta name=viewport content>, the one
// meta content recorded.
var viewportKeys = map[string]bool{"width": true, "height": true, "initial-scale": true, "minimum-scale": true,
	"maximum-scale": true, "user-scalable": true, "viewport-fit": true, "interactive-widget": true}

// viewportWords are the words a viewport property's value may be besides a
// number: any other (width=hannelore) is the page's.
var viewportWords = map[string]bool{"device-width": true, "device-height": true, "yes": true, "no": true,
	"auto": true, "cover": true, "contain": true, "true": true, "false": true,
	"resizes-visual": true, "resizes-content": true, "overlays-content": true}

func isViewportContent(v string) bool {
	for _, part := range strings.Split(v, ",") {
		key, val, ok := strings.Cut(part, "=")
		if !ok || !viewportKeys[strings.ToLower(strings.TrimSpace(key))] {
			return false
		}
		val = strings.ToLower(strings.TrimSpace(val))
		if _, err := strconv.ParseFloat(val, 64); err != nil && !viewportWords[val] {
			return false
		}
	}
	return true
}

// isScrubbedURL: no fragment, no credentials, no query value.
func isScrubbedURL(u string) bool {
	if strings.Contains(u, "#") {
		return false
	}
	rest, query, _ := strings.Cut(u, "?")
	if scheme, after, ok := strings.Cut(rest, "://"); ok && !strings.ContainsAny(scheme, "/?") {
		host, _, _ := strings.Cut(after, "/")
		if strings.Contains(host, "@") {
			return false
		}
	}
	for _, pair := range strings.Split(query, "&") {
		if _, v, _ := strings.Cut(pair, "="); v != "" {
			return false
		}
	}
	return true
}

// isMaskedCSS: every string literal and url() argument is masked; the rest
// is structure (selectors, properties, numbers).
func isMaskedCSS(css string) bool {
	for i := 0; i < len(css); i++ {
		switch c := css[i]; {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(css) && css[j] != c {
				if css[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(css) || !isMaskedText(css[i+1:j]) && !fontFamilyAt(css, i) && !fontSourceAt(css, i) && !placeholderWords(css[i+1:j]) && !identSelectorValueAt(css, i, css[i+1:j]) {
				return false
			}
			i = j
		case (c == 'u' || c == 'U') && len(css) >= i+4 && strings.EqualFold(css[i:i+4], "url("):
			j := i + 4
			for j < len(css) && unicode.IsSpace(rune(css[j])) {
				j++
			}
			if j < len(css) && (css[j] == '"' || css[j] == '\'') {
				i = j - 1 // the string case checks it
				continue
			}
			end := strings.IndexByte(css[j:], ')')
			if end < 0 || !isMaskedText(css[j:j+end]) && !(fontSourceAt(css, i) && isScrubbedURL(css[j:j+end])) {
				return false
			}
			i = j + end
		}
	}
	return true
}

// identSelectorValueAt: a string at i, v, that is the value of a class or
// id attribute selector ([class^="icon-"]), or of is= (a custom element's
// name), holds identifier tokens, which a linked sheet keeps as markup
// keeps the tokens it names.
func identSelectorValueAt(css string, i int, v string) bool {
	open := strings.LastIndexByte(css[:i], '[')
	if open < 0 {
		return false
	}
	attr := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(css[open+1:i]), "="))
	attr = strings.ToLower(strings.TrimRight(attr, "~|^$*"))
	if attr != "class" && attr != "id" && attr != "is" {
		return false
	}
	for _, w := range strings.Fields(v) {
		if !identShape(w) {
			return false
		}
	}
	return true
}

// declarationAt returns the declaration that position i of css is in, from
// its property name on.
func declarationAt(css string, i int) string {
	start := strings.LastIndexAny(css[:i], ";{") + 1
	return strings.TrimSpace(css[start:i])
}

// fontFamilyAt: a string in a font-family or font declaration is a font
// name, which mask-all keeps (fonts are not personal).
func fontFamilyAt(css string, i int) bool {
	d := strings.ToLower(declarationAt(css, i))
	return strings.HasPrefix(d, "font-family:") || strings.HasPrefix(d, "font:")
}

// fontSourceAt: a url() in the src of an @font-face rule is a font, kept
// scrubbed so a replay has its fonts.
func fontSourceAt(css string, i int) bool {
	face := strings.LastIndex(strings.ToLower(css[:i]), "@font-face")
	return face >= 0 && !strings.Contains(css[face:i], "}") &&
		strings.HasPrefix(strings.ToLower(declarationAt(css, i)), "src:")
}

// maskAllChecker walks mask-all output, knowing each node's tag and parent
// from the events themselves.
type maskAllChecker struct {
	tag        map[int]string
	parent     map[int]int
	violations []string
}

func (c *maskAllChecker) fail(what string, id int, v string) {
	c.violations = append(c.violations, "mask-all: "+what+" of node "+strconv.Itoa(id)+" not masked: "+strconv.Quote(v))
}

func (c *maskAllChecker) inStyle(textID int) bool {
	return c.tag[c.parent[textID]] == "style"
}

func (c *maskAllChecker) attr(id int, name, value string) {
	tag := c.tag[id]
	name = strings.ToLower(name)
	switch {
	case name == "checked" || name == "selected":
		c.fail("state attribute "+name, id, value) // the state itself is an input value
	case isMaskedText(value):
	case keptShapes[name] != nil && name != "style":
		if !keptShapes[name](value) {
			c.fail("attribute "+name+" outside its shape", id, value)
		}
	case strings.HasPrefix(name, "xmlns:") && keptShapes["xmlns"](value): // a real namespace's URI
	case tag == "use" && (name == "href" || name == "xlink:href") && strings.HasPrefix(value, "#") && identShape(value[1:]):
	case name == "usemap" && strings.HasPrefix(value, "#") && identShape(value[1:]):
	case (name == "rr_width" || name == "rr_height") && strings.HasSuffix(value, "px"):
		if _, err := strconv.ParseFloat(strings.TrimSuffix(value, "px"), 64); err != nil {
			c.fail("attribute "+name, id, value)
		}
	case (tag == "link" || tag == "base") && name == "href":
		if !isScrubbedURL(value) {
			c.fail("stylesheet href", id, value)
		}
	case tag == "meta" && name == "content":
		if !isViewportContent(value) {
			c.fail("meta content", id, value)
		}
	case name == "style" || name == "_csstext": // a linked sheet the recorder inlined is CSS too
		if !isMaskedCSS(value) {
			c.fail(name+" attribute", id, value)
		}
	default:
		c.fail("attribute "+name, id, value)
	}
}

func (c *maskAllChecker) node(n *capture.SNode, parent int) {
	if n == nil {
		return
	}
	c.parent[n.ID] = parent
	switch n.Type {
	case capture.ElementNode:
		c.tag[n.ID] = strings.ToLower(n.TagName)
		for _, a := range n.Attributes {
			c.attr(n.ID, a.Name, a.Value)
		}
	case capture.TextNode, capture.CDATANode, capture.CommentNode:
		c.text(n.ID, n.TextContent)
	}
	for _, k := range n.ChildNodes {
		c.node(k, n.ID)
	}
}

func (c *maskAllChecker) text(id int, v string) {
	if c.inStyle(id) {
		if !isMaskedCSS(v) {
			c.fail("CSS text", id, v)
		}
	} else if !isMaskedText(v) {
		c.fail("text", id, v)
	}
}

// maskAllViolations checks mask-all output: text, input values and attribute
// values carry nothing but layout.
func maskAllViolations(events []capture.Event) []string {
	c := &maskAllChecker{tag: map[int]string{}, parent: map[int]int{}}
	for _, e := range events {
		switch d := e.Data.(type) {
		case capture.MetaData:
			if !isScrubbedURL(d.Href) {
				c.fail("Meta href", 0, d.Href)
			}
		case capture.FullSnapshotData:
			c.tag, c.parent = map[int]string{}, map[int]int{}
			c.node(d.Node, 0)
		case capture.MutationData:
			for _, a := range d.Adds {
				c.node(a.Node, a.ParentID)
			}
			for _, tm := range d.Texts {
				c.text(tm.ID, tm.Value)
			}
			for _, am := range d.Attributes {
				for _, ch := range am.Attributes {
					if !ch.Removed {
						c.attr(am.ID, ch.Name, ch.Value)
					}
				}
			}
		case capture.InputData:
			if !isMaskedText(d.Text) {
				c.fail("input value", d.ID, d.Text)
			}
			if d.IsChecked {
				c.fail("checked state", d.ID, "true")
			}
		case capture.StyleSheetRuleData:
			for _, r := range d.Adds {
				if !isMaskedCSS(r.Rule) {
					c.fail("inserted CSS rule", d.ID, r.Rule)
				}
			}
		}
	}
	return c.violations
}

// The checkers must catch what they are meant to catch, or every golden case
// passes vacuously.
func TestLeaksFindsEncodedSecrets(t *testing.T) {
	tests := []struct {
		out  string
		leak bool
	}{
		{`{"text":"Jane Q. Doe"}`, true},
		{`{"text":"JANE q. DOE"}`, true},
		{`{"text":"J\u0061ne Q. Doe"}`, true},
		{`<p>Jane&#32;Q.&nbsp;Doe</p>`, true}, // whitespace of another kind still spells the name
		{`<p>J&#97;ne Q. Doe</p>`, true},
		{`{"href":"/u?n=Jane%20Q.%20Doe"}`, true},
		{`{"text":"JaneQ.Doe"}`, true},
		{`{"text":"**** ** ***"}`, false},
		{`{"text":"Jane"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			assert.Equal(t, tt.leak, len(leaks([]byte(tt.out), []string{"Jane Q. Doe"})) > 0)
		})
	}
}

func TestMissingNeedsEveryExpectedString(t *testing.T) {
	out := []byte(`{"text":"Order \u0063onfirmed"}` + "\n--- html\n<p>Total</p>\n")
	assert.Empty(t, missing(out, []string{"Order confirmed", "Total"}))
	assert.Len(t, missing(out, []string{"Order shipped", "Total", "total"}), 2)
}

func TestIsScrubbedURL(t *testing.T) {
	tests := map[string]bool{
		"https://shop.example/checkout":                true,
		"https://shop.example/checkout?session=":       true,
		"https://shop.example/checkout?session=SECRET": false,
		"https://shop.example/checkout#frag":           false,
		"https://jane:pw@shop.example/":                false,
		"/late.css?u=&page=":                           true,
	}
	for u, want := range tests {
		t.Run(u, func(t *testing.T) { assert.Equal(t, want, isScrubbedURL(u)) })
	}
}

func TestIsMaskedCSS(t *testing.T) {
	tests := map[string]bool{
		`.a{color:red}`:                        true,
		`.a::after{content:"***"}`:             true,
		`.a::after{content:"Jane"}`:            false,
		`.a{background:url(***)}`:              true,
		`.a{background:url( "" )}`:             true,
		`.a{background:url(/img.png)}`:         false,
		`.a{background:URL('/img.png')}`:       false,
		`.a::after{content:'it\'s ***'}`:       false,
		`.a{background:url(/unterminated.png}`: false,
	}
	for css, want := range tests {
		t.Run(css, func(t *testing.T) { assert.Equal(t, want, isMaskedCSS(css)) })
	}
}

func TestMaskAllViolations(t *testing.T) {
	text := &capture.SNode{Type: capture.TextNode, ID: 4, TextContent: "** *"}
	el := &capture.SNode{Type: capture.ElementNode, ID: 3, TagName: "p",
		Attributes: []capture.Attr{{Name: "class", Value: "note"}, {Name: "title", Value: "*****"}},
		ChildNodes: []*capture.SNode{text}}
	style := &capture.SNode{Type: capture.ElementNode, ID: 5, TagName: "style", ChildNodes: []*capture.SNode{
		{Type: capture.TextNode, ID: 6, TextContent: `.a{color:red}`}}}
	doc := &capture.SNode{Type: capture.DocumentNode, ID: 1, ChildNodes: []*capture.SNode{el, style}}
	clean := []capture.Event{
		{Type: capture.Meta, Data: capture.MetaData{Href: "https://shop.example/checkout?session="}},
		{Type: capture.FullSnapshot, Data: capture.FullSnapshotData{Node: doc}},
		{Type: capture.IncrementalSnapshot, Data: capture.InputData{ID: 3, Text: "*****"}},
	}
	assert.Empty(t, maskAllViolations(clean))

	tests := map[string]capture.EventData{
		"meta href":  capture.MetaData{Href: "https://shop.example/?t=x"},
		"text":       capture.MutationData{Texts: []capture.TextMutation{{ID: 4, Value: "Jane"}}},
		"css text":   capture.MutationData{Texts: []capture.TextMutation{{ID: 6, Value: `.a{content:"Jane"}`}}},
		"attribute":  capture.MutationData{Attributes: []capture.AttributeMutation{{ID: 3, Attributes: []capture.AttrChange{{Name: "title", Value: "Jane"}}}}},
		"checked":    capture.MutationData{Attributes: []capture.AttributeMutation{{ID: 3, Attributes: []capture.AttrChange{{Name: "checked", Value: ""}}}}},
		"added node": capture.MutationData{Adds: []capture.AddedNode{{ParentID: 3, Node: &capture.SNode{Type: capture.TextNode, ID: 9, TextContent: "Jane"}}}},
		"input":      capture.InputData{ID: 3, Text: "Jane"},
		"is checked": capture.InputData{ID: 3, IsChecked: true},
		"css rule":   capture.StyleSheetRuleData{ID: 5, Adds: []capture.StyleRuleAdd{{Rule: `.a{background:url(/x.png)}`}}},
	}
	for name, d := range tests {
		t.Run(name, func(t *testing.T) {
			bad := append(clean[:2:2], capture.Event{Type: capture.IncrementalSnapshot, Data: d})
			assert.NotEmpty(t, maskAllViolations(bad))
		})
	}
}
