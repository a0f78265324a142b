package masking

import (
	"fmt"
	"strings"
	"testing"
)

var valueClassNames = [...]string{
	classUnknown: "unknown", classNever: "never", classText: "text", classInput: "input", classCSS: "css",
	classURL: "url", classSrcset: "srcset", classKeyword: "keyword", classKeywords: "keywords",
	classNumber: "number", classGeometry: "geometry", classColor: "color", classFragment: "fragment",
	classIdent: "ident", classBoolean: "boolean",
}

func (c valueClass) testName() string {
	if int(c) < len(valueClassNames) {
		return valueClassNames[c]
	}
	return fmt.Sprintf("class(%d)", c)
}

func TestClassifyAttr(t *testing.T) {
	for _, tc := range []struct {
		ns, tag, name string
		want          valueClass
	}{
		// never, in every namespace and case
		{"", "div", "onclick", classNever},
		{"", "div", "ONCLICK", classNever},
		{"", "body", "onload", classNever},
		{"svg", "svg", "onload", classNever},
		{"svg", "animate", "onbegin", classNever},
		{"math", "mi", "onclick", classNever},
		{"", "my-widget", "onanything", classNever},
		{"xyz", "foo", "onclick", classNever},
		{"", "iframe", "srcdoc", classNever},
		{"", "iframe", "SrcDoc", classNever},
		{"", "script", "nonce", classNever},
		{"svg", "style", "nonce", classNever},
		{"", "link", "integrity", classNever},
		{"", "div", "rr_width", classNever},
		{"", "div", "RR_mediaState", classNever},
		// identifiers
		{"", "div", "id", classIdent},
		{"", "DIV", "ID", classIdent},
		{"", "div", "İd", classUnknown},
		{"", "div", "ıd", classUnknown},
		{"", "div", "class", classIdent},
		{"", "label", "for", classIdent},
		{"", "output", "for", classIdent},
		{"", "input", "name", classIdent},
		{"", "iframe", "name", classIdent},
		{"", "map", "name", classIdent},
		{"", "div", "slot", classIdent},
		{"", "input", "form", classIdent},
		{"", "input", "list", classIdent},
		{"", "td", "headers", classIdent},
		{"", "div", "itemref", classIdent},
		{"", "div", "itemprop", classIdent},
		{"", "div", "aria-labelledby", classIdent},
		{"", "div", "aria-describedby", classIdent},
		{"", "div", "aria-controls", classIdent},
		{"", "div", "aria-owns", classIdent},
		{"", "div", "aria-activedescendant", classInput}, // the option a listbox stands on: most often the one chosen
		{"", "div", "aria-details", classIdent},
		{"", "div", "aria-errormessage", classIdent},
		{"", "div", "aria-flowto", classIdent},
		{"", "button", "popovertarget", classIdent},
		{"", "button", "commandfor", classIdent},
		{"", "div", "anchor", classIdent},
		{"", "div", "part", classIdent},
		{"", "div", "is", classIdent},
		{"", "a", "target", classIdent},
		{"svg", "rect", "id", classIdent},
		{"svg", "g", "class", classIdent},
		{"math", "mi", "id", classIdent},
		{"svg", "feGaussianBlur", "result", classIdent},
		{"svg", "feBlend", "in2", classIdent},
		{"", "my-widget", "id", classIdent},
		{"", "x-unknown-thing", "class", classIdent},
		// free text
		{"", "div", "title", classText},
		{"", "img", "alt", classText},
		{"", "input", "placeholder", classText},
		{"", "textarea", "placeholder", classText},
		{"", "div", "aria-label", classText},
		{"", "div", "aria-description", classText},
		{"", "div", "aria-roledescription", classText},
		{"", "div", "aria-valuetext", classInput},
		{"", "div", "aria-valuenow", classInput}, // a custom slider's chosen value
		{"svg", "g", "aria-valuenow", classInput},
		{"", "div", "aria-placeholder", classText},
		{"", "track", "label", classText},
		{"", "optgroup", "label", classText},
		{"", "table", "summary", classText},
		{"", "th", "abbr", classText},
		{"", "a", "download", classText},
		{"", "span", "content", classText},
		{"", "div", "data-user", classText},
		{"", "div", "DATA-X", classText},
		{"svg", "rect", "data-x", classText},
		{"svg", "rect", "DATA-X", classUnknown},
		{"math", "mi", "data-v", classText},
		{"", "div", "data-", classUnknown},
		{"svg", "a", "xlink:title", classText},
		{"math", "math", "alttext", classText},
		{"math", "mfenced", "open", classText},
		{"", "data", "value", classText},
		{"", "time", "datetime", classText},
		// input values
		{"", "input", "value", classInput},
		{"", "INPUT", "VALUE", classInput},
		{"", "textarea", "value", classInput},
		{"", "select", "value", classInput},
		{"", "option", "value", classInput},
		{"", "option", "label", classInput},
		{"", "option", "selected", classInput},
		{"", "input", "checked", classInput},
		{"", "button", "value", classInput},
		{"", "li", "value", classNumber},
		{"", "meter", "value", classNumber},
		{"", "progress", "value", classNumber},
		{"", "param", "value", classUnknown},
		{"", "div", "value", classUnknown},
		// CSS, URL, srcset
		{"", "div", "style", classCSS},
		{"svg", "rect", "style", classCSS},
		{"math", "mrow", "style", classCSS},
		{"", "a", "href", classURL},
		{"", "link", "href", classURL},
		{"", "img", "src", classURL},
		{"", "form", "action", classURL},
		{"", "button", "formaction", classURL},
		{"", "video", "poster", classURL},
		{"", "blockquote", "cite", classURL},
		{"", "body", "background", classURL},
		{"", "object", "data", classURL},
		{"", "a", "ping", classURL},
		{"", "html", "manifest", classURL},
		{"", "img", "longdesc", classURL},
		{"", "img", "usemap", classFragment},
		{"", "menuitem", "icon", classURL},
		{"", "template", "shadowrootmode", classKeyword},
		{"svg", "svg", "focusable", classKeyword},
		{"", "div", "exportparts", classIdent},
		{"", "object", "codebase", classURL},
		{"", "applet", "archive", classURL},
		{"", "img", "lowsrc", classURL},
		{"", "img", "dynsrc", classURL},
		{"", "div", "itemid", classURL},
		{"", "div", "itemtype", classURL},
		{"", "div", "xml:base", classURL},
		{"svg", "g", "xml:base", classURL},
		{"", "head", "profile", classURL},
		{"", "object", "classid", classURL},
		{"svg", "image", "href", classURL},
		{"svg", "image", "xlink:href", classURL},
		{"svg", "a", "href", classURL},
		{"svg", "feImage", "href", classURL},
		{"svg", "script", "href", classURL},
		{"math", "mi", "href", classURL},
		{"math", "csymbol", "definitionURL", classURL}, // a MathML-wide URL row: scrubbed on any element
		{"math", "semantics", "definitionURL", classURL},
		{"", "img", "srcset", classSrcset},
		{"", "source", "srcset", classSrcset},
		{"", "link", "imagesrcset", classSrcset},
		{"", "div", "src", classUnknown},
		{"", "div", "href", classUnknown},
		// same-document references
		{"svg", "use", "href", classFragment},
		{"svg", "use", "xlink:href", classFragment},
		{"svg", "textPath", "href", classFragment},
		{"svg", "linearGradient", "href", classFragment},
		{"svg", "mpath", "xlink:href", classFragment},
		{"svg", "rect", "clip-path", classFragment},
		{"svg", "g", "mask", classFragment},
		{"svg", "g", "filter", classFragment},
		{"svg", "path", "marker-start", classFragment},
		{"svg", "path", "marker-mid", classFragment},
		{"svg", "path", "marker-end", classFragment},
		// keywords
		{"", "input", "type", classKeyword},
		{"", "button", "type", classKeyword},
		{"", "ol", "type", classKeyword},
		{"", "link", "type", classKeyword},
		{"", "script", "type", classKeyword},
		{"", "div", "dir", classKeyword},
		{"", "div", "lang", classKeyword},
		{"", "div", "xml:lang", classKeyword},
		{"svg", "text", "xml:lang", classKeyword},
		{"", "a", "hreflang", classKeyword},
		{"", "track", "srclang", classKeyword},
		{"", "div", "role", classKeywords},
		{"svg", "svg", "role", classKeywords},
		{"", "link", "rel", classKeywords},
		{"", "a", "rel", classKeywords},
		{"", "input", "autocomplete", classKeywords},
		{"", "input", "inputmode", classKeyword},
		{"", "input", "enterkeyhint", classKeyword},
		{"", "form", "method", classKeyword},
		{"", "form", "enctype", classKeyword},
		{"", "img", "crossorigin", classKeyword},
		{"", "img", "referrerpolicy", classKeyword},
		{"", "img", "loading", classKeyword},
		{"", "img", "decoding", classKeyword},
		{"", "img", "fetchpriority", classKeyword},
		{"", "iframe", "sandbox", classKeywords},
		{"", "iframe", "allow", classUnknown},
		{"", "area", "shape", classKeyword},
		{"", "th", "scope", classKeyword},
		{"", "p", "align", classKeyword},
		{"", "td", "valign", classKeyword},
		{"", "br", "clear", classKeyword},
		{"", "table", "frame", classKeyword},
		{"", "table", "rules", classKeyword},
		{"", "textarea", "wrap", classKeyword},
		{"", "track", "kind", classKeyword},
		{"", "video", "preload", classKeyword},
		{"", "div", "autocapitalize", classKeyword},
		{"", "div", "contenteditable", classKeyword},
		{"", "div", "draggable", classKeyword},
		{"", "div", "spellcheck", classKeyword},
		{"", "div", "translate", classKeyword},
		{"", "div", "hidden", classKeyword},
		{"", "div", "popover", classKeyword},
		{"", "div", "aria-hidden", classKeyword},
		{"", "div", "aria-expanded", classKeyword},
		{"", "div", "aria-checked", classInput}, // a custom checkbox's state is a choice
		{"", "div", "aria-live", classKeyword},
		{"", "div", "aria-relevant", classKeywords},
		{"", "div", "aria-current", classKeyword},
		{"", "div", "aria-sort", classKeyword},
		{"", "div", "aria-autocomplete", classKeyword},
		{"", "div", "aria-madeup", classUnknown},
		{"", "meta", "charset", classKeyword},
		{"", "meta", "http-equiv", classKeyword},
		{"", "meta", "name", classKeyword},
		{"", "meta", "content", classUnknown},
		{"", "link", "media", classKeyword},
		{"", "img", "sizes", classKeyword},
		{"", "link", "sizes", classKeyword},
		{"svg", "path", "fill-rule", classKeyword},
		{"svg", "path", "stroke-linecap", classKeyword},
		{"svg", "path", "stroke-linejoin", classKeyword},
		{"svg", "text", "text-anchor", classKeyword},
		{"svg", "text", "dominant-baseline", classKeyword},
		{"svg", "g", "visibility", classKeyword},
		{"svg", "g", "display", classKeyword},
		{"svg", "svg", "overflow", classKeyword},
		{"svg", "linearGradient", "spreadMethod", classKeyword},
		{"svg", "linearGradient", "gradientUnits", classKeyword},
		{"svg", "lineargradient", "gradientunits", classKeyword},
		{"svg", "pattern", "patternUnits", classKeyword},
		{"svg", "clipPath", "clipPathUnits", classKeyword},
		{"svg", "mask", "maskUnits", classKeyword},
		{"svg", "svg", "preserveAspectRatio", classKeyword},
		{"svg", "svg", "preserveaspectratio", classKeyword},
		{"svg", "svg", "PreserveAspectRatio", classUnknown},
		{"svg", "text", "font-weight", classNumber},
		{"svg", "text", "font-style", classKeyword},
		{"svg", "svg", "xmlns", classKeyword},
		{"svg", "svg", "xmlns:xlink", classKeyword},
		{"", "html", "xmlns", classKeyword},
		{"math", "math", "xmlns", classKeyword},
		{"", "div", "xmlns:foo", classKeyword},
		{"svg", "feColorMatrix", "type", classKeyword},
		{"svg", "animate", "fill", classKeyword},
		{"math", "math", "display", classKeyword},
		{"math", "mstyle", "mathvariant", classKeyword},
		{"math", "menclose", "notation", classKeywords},
		{"math", "annotation-xml", "encoding", classKeyword},
		// booleans
		{"", "input", "disabled", classBoolean},
		{"", "input", "multiple", classBoolean},
		{"", "input", "readonly", classBoolean},
		{"", "input", "required", classBoolean},
		{"", "details", "open", classBoolean},
		{"", "video", "controls", classBoolean},
		{"", "video", "autoplay", classBoolean},
		{"", "video", "loop", classBoolean},
		{"", "video", "muted", classBoolean},
		{"", "video", "playsinline", classBoolean},
		{"", "ol", "reversed", classBoolean},
		{"", "script", "async", classBoolean},
		{"", "script", "defer", classBoolean},
		{"", "form", "novalidate", classBoolean},
		{"", "button", "formnovalidate", classBoolean},
		{"", "iframe", "allowfullscreen", classBoolean},
		{"", "div", "inert", classBoolean},
		{"", "div", "itemscope", classBoolean},
		{"", "script", "nomodule", classBoolean},
		{"", "input", "autofocus", classBoolean},
		{"", "track", "default", classBoolean},
		{"", "img", "ismap", classBoolean},
		{"", "td", "nowrap", classBoolean},
		{"", "ul", "compact", classBoolean},
		{"", "frame", "noresize", classBoolean},
		{"", "hr", "noshade", classBoolean},
		// numbers
		{"", "img", "width", classNumber},
		{"", "img", "height", classNumber},
		{"", "td", "colspan", classNumber},
		{"", "td", "rowspan", classNumber},
		{"", "col", "span", classNumber},
		{"", "div", "tabindex", classNumber},
		{"", "ol", "start", classNumber},
		{"", "select", "size", classNumber},
		{"", "input", "size", classNumber},
		{"", "font", "size", classNumber},
		{"", "textarea", "cols", classNumber},
		{"", "textarea", "rows", classNumber},
		{"", "input", "maxlength", classNumber},
		{"", "input", "minlength", classNumber},
		{"", "input", "min", classNumber},
		{"", "input", "max", classNumber},
		{"", "input", "step", classNumber},
		{"", "meter", "low", classNumber},
		{"", "meter", "optimum", classNumber},
		{"", "table", "border", classNumber},
		{"", "table", "cellpadding", classNumber},
		{"", "table", "cellspacing", classNumber},
		{"", "img", "hspace", classNumber},
		{"", "iframe", "frameborder", classNumber},
		{"", "iframe", "marginwidth", classNumber},
		{"svg", "rect", "x", classNumber},
		{"svg", "circle", "cx", classNumber},
		{"svg", "circle", "r", classNumber},
		{"svg", "line", "x1", classNumber},
		{"svg", "line", "y2", classNumber},
		{"svg", "svg", "width", classNumber},
		{"svg", "path", "stroke-width", classNumber},
		{"svg", "path", "stroke-dasharray", classNumber},
		{"svg", "path", "stroke-dashoffset", classNumber},
		{"svg", "g", "opacity", classNumber},
		{"svg", "stop", "offset", classNumber},
		{"svg", "stop", "stop-opacity", classNumber},
		{"svg", "feGaussianBlur", "stdDeviation", classNumber},
		{"svg", "fegaussianblur", "stddeviation", classNumber},
		{"svg", "feGaussianBlur", "STDDEVIATION", classUnknown},
		{"svg", "path", "pathLength", classNumber},
		{"svg", "feComposite", "k1", classNumber},
		{"svg", "text", "letter-spacing", classNumber},
		{"svg", "text", "rotate", classNumber},
		{"math", "mspace", "width", classNumber},
		{"math", "mtd", "columnspan", classNumber},
		{"", "div", "aria-level", classNumber},
		// geometry
		{"svg", "path", "d", classGeometry},
		{"svg", "polygon", "points", classGeometry},
		{"svg", "polyline", "points", classGeometry},
		{"svg", "g", "transform", classGeometry},
		{"svg", "linearGradient", "gradientTransform", classGeometry},
		{"svg", "pattern", "patternTransform", classGeometry},
		{"svg", "svg", "viewBox", classGeometry},
		{"svg", "symbol", "viewBox", classGeometry},
		{"svg", "rect", "d", classUnknown},
		// colours
		{"svg", "rect", "fill", classColor},
		{"svg", "rect", "stroke", classColor},
		{"svg", "text", "color", classColor},
		{"svg", "stop", "stop-color", classColor},
		{"svg", "feFlood", "flood-color", classColor},
		{"svg", "feDiffuseLighting", "lighting-color", classColor},
		{"", "body", "bgcolor", classColor},
		{"", "body", "text", classColor},
		{"", "body", "link", classColor},
		{"", "body", "vlink", classColor},
		{"", "body", "alink", classColor},
		{"", "font", "color", classColor},
		{"math", "mi", "mathcolor", classColor},
		// unknown: names, elements and namespaces the table does not know
		{"", "div", "fill", classUnknown},
		{"", "div", "viewBox", classUnknown},
		{"", "div", "madeup", classUnknown},
		{"", "div", "", classUnknown},
		{"", "div", strings.Repeat("a", 65), classUnknown},
		{"", "div", "href\x00a", classUnknown},
		{"", "div", "type\x00ol", classUnknown},
		{"", "frobnicate", "type", classUnknown},
		{"svg", "rect", "madeup", classUnknown},
		{"svg", "frobnicate", "href", classUnknown},
		{"math", "mi", "madeup", classUnknown},
		{"xyz", "div", "id", classUnknown},
		{"svg", "svg", "ID", classUnknown},
		{"", "div", "xlink:href", classUnknown},
		{"", "input", "pattern", classUnknown},
		{"", "input", "accept", classUnknown},
	} {
		t.Run(tc.ns+":"+tc.tag+"@"+tc.name, func(t *testing.T) {
			if got := classifyAttr(tc.ns, tc.tag, tc.name).class; got != tc.want {
				t.Errorf("classifyAttr(%q, %q, %q) = %s, want %s", tc.ns, tc.tag, tc.name, got.testName(), tc.want.testName())
			}
		})
	}
}

// TestClassifiedValues checks table and grammar together: which values of
// which attributes are kept as they are.
func TestClassifiedValues(t *testing.T) {
	for _, tc := range []struct {
		ns, tag, name, value string
		keep                 bool
	}{
		{"", "input", "type", "submit", true},
		{"", "input", "type", "SUBMIT", true},
		{"", "input", "type", "submit ", false},
		{"", "input", "type", " submit", false},
		{"", "input", "type", "submİt", false},
		{"", "input", "type", "jane@example.com", false},
		{"", "ol", "type", "A", true},
		{"", "ol", "type", "a", true},
		{"", "ol", "type", "b", false},
		{"", "ol", "type", "inherit", false},
		{"", "img", "usemap", "#map", true},
		{"", "img", "usemap", "/map?u=1", false},
		{"", "ul", "type", "DISC", true},
		{"", "div", "lang", "en-US", true},
		{"", "div", "lang", "Jane-Doe", false},
		{"", "div", "role", "button", true},
		{"", "div", "role", "button jane", false},
		{"", "div", "dir", "rtl", true},
		{"", "div", "dir", "Jane", false},
		{"", "link", "rel", "stylesheet preload", true},
		{"", "link", "rel", "me jane", false},
		{"", "input", "autocomplete", "shipping street-address", true},
		{"", "input", "autocomplete", "section-jane street-address", false},
		{"", "link", "type", "text/css", true},
		{"", "script", "type", "module", true},
		{"", "meta", "charset", "UTF-8", true},
		{"", "meta", "charset", "jane", false},
		{"", "meta", "http-equiv", "refresh", true},
		{"", "meta", "name", "viewport", true},
		{"", "meta", "name", "jane-doe", false},
		{"", "meta", "content", "width=device-width", false},
		{"", "div", "hidden", "until-found", true},
		{"", "div", "hidden", "", true},
		{"", "input", "disabled", "", true},
		{"", "input", "disabled", "DISABLED", true},
		{"", "input", "disabled", "jane", false},
		{"", "div", "id", "main-nav", true},
		{"", "div", "id", "jane@example.com", false},
		{"", "div", "id", "a b", false},
		{"", "div", "class", "btn btn-primary w-1/2 hover:bg-[#fff]", true},
		{"", "div", "class", "x https://evil", false},
		{"", "div", "class", "content-['Jane']", false},
		{"", "div", "aria-labelledby", "label-1 label-2", true},
		{"", "img", "width", "100", true},
		{"", "img", "width", "100%", true},
		{"", "img", "width", "4111111111111111", false},
		{"", "input", "min", "0", true},
		{"", "input", "min", "1970-01-01", false},
		{"", "input", "step", "any", true},
		{"", "td", "colspan", "2", true},
		{"", "input", "value", "anything", false},
		{"", "div", "title", "anything", false},
		{"", "a", "href", "/x", false},
		{"svg", "path", "d", "M10.123456 20 L30 40Z", true},
		{"svg", "path", "d", "M10 20 jane", false},
		{"svg", "rect", "fill", "#fff", true},
		{"svg", "rect", "transform", "translate(50%,50%) rotate(45)", true},
		{"svg", "rect", "transform", "trAnslAte(0%00)", false}, // a percent-encoded byte
		{"svg", "rect", "fill", "rgb(10% 20% 30%)", true},
		{"svg", "rect", "fill", "rgb(10%41 0 0)", false},
		{"svg", "rect", "fill", "url(#grad1)", true},
		{"svg", "rect", "fill", "url(#grad1) red", true},
		{"svg", "rect", "fill", "url(https://t.example/?token=1)", false},
		{"svg", "rect", "fill", "url(/a.svg#g)", false},
		{"svg", "use", "href", "#icon-home", true},
		{"svg", "use", "href", "/sprite.svg#icon", false},
		{"svg", "use", "href", "#a?b", false},
		{"svg", "rect", "clip-path", "url(#clip)", true},
		{"svg", "rect", "filter", "url(https://x/y)", false},
		{"svg", "svg", "viewBox", "0 0 24 24", true},
		{"svg", "svg", "viewBox", "0 0 24", false},
		{"svg", "svg", "preserveAspectRatio", "xMidYMid meet", true},
		{"svg", "g", "transform", "translate(10,20) rotate(45)", true},
		{"svg", "g", "transform", "translate(jane)", false},
		{"svg", "svg", "xmlns", "http://www.w3.org/2000/svg", true},
		{"svg", "svg", "xmlns", "http://evil.example/?u=jane", false},
		{"svg", "text", "font-family", "Helvetica Neue, 'Open Sans', sans-serif", true},
		{"svg", "text", "font-weight", "bold", true},
		{"svg", "text", "font-weight", "700", true},
		{"svg", "path", "stroke-dasharray", "5, 10", true},
		{"svg", "path", "stroke-dasharray", "none", true},
		{"svg", "path", "fill-rule", "evenodd", true},
		{"svg", "path", "fill-rule", "inherit", true},
		{"svg", "animate", "repeatCount", "indefinite", true},
		{"svg", "animate", "values", "0;1", true}, // SMIL values: numbers, colours, paths (grammar_smil.go)
		{"svg", "animate", "values", "M0 0L1 1;red;hidden", true},
		{"svg", "set", "to", "https://a.example/?t=1", false},
		{"svg", "animate", "values", "Jane;Doe", false},
		{"svg", "animate", "values", "4111;1111;1111;1111", false}, // a card over the items
		{"math", "math", "display", "block", true},
		{"", "link", "media", "(max-width: 600px)", true},
		{"", "link", "media", "print and (url(x))", false},
		{"", "img", "sizes", "(max-width: 600px) 480px, 800px", true},
		{"", "link", "sizes", "16x16 32x32", true},
		{"", "div", "tabindex", "-1", true},
		{"", "div", "contenteditable", "plaintext-only", true},
		{"", "div", "aria-hidden", "true", true},
		{"", "div", "aria-hidden", "yes please", false},
	} {
		t.Run(tc.ns+":"+tc.tag+"@"+tc.name+"="+tc.value, func(t *testing.T) {
			c := classifyAttr(tc.ns, tc.tag, tc.name)
			if got := c.valid(tc.value); got != tc.keep {
				t.Errorf("%s %q on %s:%s: valid(%q) = %v, want %v", c.class.testName(), tc.name, tc.ns, tc.tag, tc.value, got, tc.keep)
			}
		})
	}
}

func TestClassifyElement(t *testing.T) {
	for _, tc := range []struct {
		ns, tag string
		want    elemClass
	}{
		{"", "div", elemKnown},
		{"", "DIV", elemKnown},
		{"", "Div", elemKnown},
		{"", "search", elemKnown},
		{"", "dialog", elemKnown},
		{"", "slot", elemKnown},
		{"", "menu", elemKnown},
		{"", "center", elemKnown},
		{"", "font", elemKnown},
		{"", "marquee", elemKnown},
		{"", "big", elemKnown},
		{"", "tt", elemKnown},
		{"", "strike", elemKnown},
		{"", "frame", elemKnown},
		{"", "frameset", elemKnown},
		{"", "applet", elemKnown},
		{"", "script", elemNever},
		{"", "SCRIPT", elemNever},
		{"svg", "script", elemNever},
		{"math", "script", elemNever},
		{"xyz", "Script", elemNever},
		{"", "style", elemCSS},
		{"", "STYLE", elemCSS},
		{"svg", "style", elemCSS},
		{"math", "style", elemUnknown}, // not a MathML element: the parser makes <math><style> math:style, rendering nothing as CSS
		{"", "noscript", elemChildless},
		{"", "template", elemChildless},
		{"", "iframe", elemChildless},
		{"", "canvas", elemChildless},
		{"", "noembed", elemChildless},
		{"", "textarea", elemInput},
		{"", "select", elemInput},
		{"", "option", elemInput},
		{"", "optgroup", elemInput},
		{"", "datalist", elemInput},
		{"", "selectedcontent", elemInput},
		{"", "my-widget", elemCustom},
		{"", "x-é", elemCustom},
		{"", "my-widget.v2", elemCustom},
		{"", "My-Widget", elemUnknown},
		{"", "mywidget", elemUnknown},
		{"", "-widget", elemUnknown},
		{"", "1-widget", elemUnknown},
		{"", "my-wid get", elemUnknown},
		{"", "my-wid@get", elemUnknown},
		{"", "annotation-xml", elemUnknown},
		{"", "font-face", elemUnknown},
		{"", "missing-glyph", elemUnknown},
		{"", "frobnicate", elemUnknown},
		{"", "rect", elemUnknown},
		{"", "foreignObject", elemUnknown},
		{"", "mi", elemUnknown},
		{"", "dıv", elemUnknown},
		{"svg", "svg", elemKnown},
		{"svg", "foreignObject", elemKnown},
		{"svg", "foreignobject", elemKnown},
		{"svg", "FOREIGNOBJECT", elemUnknown},
		{"svg", "linearGradient", elemKnown},
		{"svg", "textPath", elemKnown},
		{"svg", "feGaussianBlur", elemKnown},
		{"svg", "clipPath", elemKnown},
		{"svg", "font-face", elemKnown},
		{"svg", "feDropShadow", elemKnown},
		{"svg", "div", elemUnknown},
		{"svg", "my-widget", elemUnknown},
		{"svg", "Rect", elemUnknown},
		{"math", "math", elemKnown},
		{"math", "mi", elemKnown},
		{"math", "mfrac", elemKnown},
		{"math", "annotation-xml", elemKnown},
		{"math", "semantics", elemKnown},
		{"math", "mprescripts", elemKnown},
		{"math", "MI", elemUnknown},
		{"math", "div", elemUnknown},
		{"xyz", "div", elemUnknown},
		{"", "", elemUnknown},
	} {
		t.Run(tc.ns+":"+tc.tag, func(t *testing.T) {
			if got := classifyElement(tc.ns, tc.tag); got != tc.want {
				t.Errorf("classifyElement(%q, %q) = %d, want %d", tc.ns, tc.tag, got, tc.want)
			}
		})
	}
}

// TestClassifyTableWellFormed: no row repeats a (namespace, element, name), every
// element a row names is known in its namespace, every keyword class has
// words or a grammar, and every class is one valid knows.
func TestClassifyTableWellFormed(t *testing.T) {
	if len(attrTableErrors) > 0 {
		t.Errorf("attribute table: %s", strings.Join(attrTableErrors, "; "))
	}
	for _, row := range attrRows {
		for ns := 0; ns < nsCount; ns++ {
			if row.ns&(1<<ns) == 0 {
				continue
			}
			for _, tag := range strings.Fields(row.tags) {
				if _, ok := lookupElement(ns, tag); !ok {
					t.Errorf("row %q names element %q unknown in namespace %d", row.names, tag, ns)
				}
			}
		}
		c, ok := parseKind(row.kind)
		if !ok {
			t.Errorf("row %q: unknown kind %q", row.names, row.kind)
		}
		switch c.class {
		case classKeyword, classKeywords:
			if len(c.keywords) == 0 && c.gram == gramNone {
				t.Errorf("row %q: keyword class without words or grammar", row.names)
			}
			if c.class == classKeywords && c.gram != gramNone {
				t.Errorf("row %q: a keyword list ignores its grammar", row.names)
			}
		case classGeometry:
			if c.gram == gramNone {
				t.Errorf("row %q: geometry without a grammar", row.names)
			}
		}
		for _, w := range c.keywords {
			if !c.valid(w) {
				t.Errorf("row %q: its own keyword %q is not valid", row.names, w)
			}
			if c.gram == gramNone && !c.exact && strings.ContainsAny(w, "@?=\"' ") {
				t.Errorf("row %q: keyword %q holds a character no keyword needs", row.names, w)
			}
		}
		for _, name := range strings.Fields(row.names) {
			if neverAttr(name) {
				t.Errorf("row %q: %q is never recorded; a row cannot keep it", row.names, name)
			}
		}
	}
}

// TestClassifyBooleanAcceptsOwnName: the name a boolean accepts is its own.
func TestClassifyBooleanAcceptsOwnName(t *testing.T) {
	for _, tc := range []struct{ tag, name, other string }{
		{"input", "disabled", "readonly"},
		{"video", "muted", "controls"},
		{"details", "open", "closed"},
	} {
		t.Run(tc.tag+"@"+tc.name, func(t *testing.T) {
			c := classifyAttr("", tc.tag, tc.name)
			if !c.valid(tc.name) || !c.valid(strings.ToUpper(tc.name)) {
				t.Errorf("%s does not accept its own name", tc.name)
			}
			if c.valid(tc.other) || c.valid("true") {
				t.Errorf("%s accepts %q or \"true\"", tc.name, tc.other)
			}
		})
	}
}

func TestClassifyDoesNotAllocate(t *testing.T) {
	for _, tc := range []struct{ ns, tag, name, value string }{
		{"", "DIV", "Aria-Hidden", "true"},
		{"svg", "linearGradient", "gradientTransform", "rotate(45) translate(1 2)"},
		{"svg", "rect", "fill", "url(#g) rgb(1 2 3 / 50%)"},
		{"", "my-el", "data-x", "v"},
		{"", "div", "class", "a b c"},
	} {
		t.Run(tc.ns+":"+tc.tag+"@"+tc.name, func(t *testing.T) {
			n := testing.AllocsPerRun(100, func() {
				classifyAttr(tc.ns, tc.tag, tc.name).valid(tc.value)
				classifyElement(tc.ns, tc.tag)
			})
			if n != 0 {
				t.Errorf("%v allocations per call", n)
			}
		})
	}
}

// TestClassifyStructuralClassesOnly: valid never keeps a value of a class the
// caller must mask or scrub by the node's decision.
func TestClassifyStructuralClassesOnly(t *testing.T) {
	for _, c := range []valueClass{classUnknown, classNever, classText, classInput, classCSS, classURL, classSrcset} {
		t.Run(c.testName(), func(t *testing.T) {
			ac := attrClass{class: c}
			if ac.structural() || ac.valid("") || ac.valid("x") {
				t.Errorf("%s: structural or valid", c.testName())
			}
		})
	}
}

func BenchmarkClassifyAttr(b *testing.B) {
	cases := []struct{ ns, tag, name, value string }{
		{"", "div", "class", "flex items-center justify-between px-4 py-2"},
		{"", "a", "href", "/x"},
		{"", "input", "type", "text"},
		{"svg", "path", "d", "M7 18c-1.1 0-1.99.9-1.99 2S5.9 22 7 22s2-.9 2-2-.9-2-2-2z"},
		{"svg", "rect", "fill", "url(#g1)"},
		{"", "div", "data-testid", "row"},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cases {
			classifyAttr(c.ns, c.tag, c.name).valid(c.value)
		}
	}
}

// TestClassifyConcurrent: the tables are read-only, so concurrent callers
// agree with a sequential one (run with -race to check for writes).
func TestClassifyConcurrent(t *testing.T) {
	inputs := [][4]string{
		{"", "div", "id", "main"}, {"svg", "path", "d", "M0 0L1 1"}, {"", "input", "type", "submit"},
		{"math", "mi", "mathcolor", "red"}, {"", "my-el", "data-x", "v"}, {"svg", "use", "href", "#i"},
	}
	want := make([]bool, len(inputs))
	for i, in := range inputs {
		want[i] = classifyAttr(in[0], in[1], in[2]).valid(in[3])
	}
	done := make(chan []bool)
	for range 4 {
		go func() {
			got := make([]bool, len(inputs))
			for range 200 {
				for i, in := range inputs {
					got[i] = classifyAttr(in[0], in[1], in[2]).valid(in[3]) && classifyElement(in[0], in[1]) != elemNever
				}
			}
			done <- got
		}()
	}
	for range 4 {
		got := <-done
		for i := range inputs {
			if got[i] != want[i] {
				t.Errorf("%v: concurrent %v, sequential %v", inputs[i], got[i], want[i])
			}
		}
	}
}
