package masking

import "strings"

// The attribute table. Each row names attributes (as the mirror spells
// them), the namespaces they belong to, the elements they apply to ("" for
// every element of those namespaces — the global attributes), and their
// class. A row for specific elements wins over a global row of the same
// name. Rows are checked at init and by TestClassifyTableWellFormed: a name may
// appear once per (namespace, element).
//
// SVG attributes whose grammar is strict (numbers, keywords, colours,
// geometry) are global to the SVG namespace: the grammar, not the element,
// is what keeps data out, and SVG lets most of them appear anywhere as
// presentation attributes. URL, reference and text attributes are listed
// per element.

// Namespace sets of a row.
const (
	inHTML = 1 << nsHTML
	inSVG  = 1 << nsSVG
	inMath = 1 << nsMath
	inAll  = inHTML | inSVG | inMath
)

type attrRow struct {
	ns    uint8
	tags  string // space-separated, as the mirror spells them; "" for every element
	names string // space-separated, as the mirror spells them
	kind  string // the class: a kind word, then the kind's keywords (see attrKinds)
}

// Row kinds. A kind is a string so that the whole table is constant data
// (no init code in the WebAssembly build): its first word names the class
// and grammar (attrKinds), the other words are the keywords.
const (
	cUnknown    = "unknown"
	cText       = "text"
	cInput      = "input"
	cCSS        = "css"
	cURL        = "url"
	cSrcset     = "srcset"
	cIdent      = "ident"
	cIdents     = "idents"
	cClassNames = "classnames"
	cBoolean    = "boolean"
	cNumber     = "number"
	cNumbers    = "numbers"
	cNumberPair = "number-pair" // one or two numbers: SVG's number-optional-number
	// cDrawnNumber is a number the page draws (a list marker's: <ol start>,
	// <li value>; a gauge's: <meter>, <progress>): kept only where the
	// node's text is.
	cDrawnNumber = "drawn-number"
	// cBoundNumber bounds what a person chooses (<input min max step>,
	// aria-valuemin and aria-valuemax): the page's numbers about that
	// person (max="8642.17" on a transfer's amount is the balance it may
	// take), which a replay draws nothing by while the value is masked (a
	// range's thumb then stands in the middle): kept only where the node
	// is recorded, also around a value that is masked there (block-list).
	cBoundNumber = "bound-number"
	cColor       = "color"
	cPaint       = "paint"
	cFragment    = "fragment"
	cLang        = "lang"
	cLangList    = "langlist"
	cMIME        = "mime"
	cMedia       = "media"
	cSizes       = "sizes"
	cIconSizes   = "iconsizes"
	cFontFamily  = "fontfamily"
	cPath        = "path"
	cPoints      = "points"
	cSMIL        = "smil"
	cTransform   = "transform"
	cViewBox     = "viewbox"
	cAspect      = "aspect"
	cNamespace   = "namespace"

	kw     = "keyword "       // + the keywords
	kwx    = "keyword-exact " // + the keywords, compared case-sensitively
	kws    = "keywords "      // + the keywords of a space-separated list
	num    = "number "        // + words allowed instead of a number
	nums   = "numbers "       // + words allowed instead of a number list
	kwMIME = "mime "          // + keywords allowed besides a MIME type
)

// attrKinds maps a kind word to its class.
var attrKinds = map[string]attrClass{
	cUnknown:        {},
	cText:           {class: classText},
	cInput:          {class: classInput},
	cCSS:            {class: classCSS},
	cURL:            {class: classURL},
	cSrcset:         {class: classSrcset},
	cIdent:          {class: classIdent},
	cIdents:         {class: classIdent, gram: gramIdents},
	cClassNames:     {class: classIdent, gram: gramClassNames},
	cBoolean:        {class: classBoolean},
	cNumber:         {class: classNumber},
	cNumbers:        {class: classNumber, gram: gramNumbers},
	cNumberPair:     {class: classNumber, gram: gramNumberPair},
	cDrawnNumber:    {class: classNumber, drawn: true},
	cBoundNumber:    {class: classNumber, bound: true},
	cColor:          {class: classColor},
	cPaint:          {class: classColor, gram: gramPaint},
	cFragment:       {class: classFragment},
	cLang:           {class: classKeyword, gram: gramLang},
	cLangList:       {class: classKeyword, gram: gramLangList},
	cMIME:           {class: classKeyword, gram: gramMIME},
	cMedia:          {class: classKeyword, gram: gramMedia},
	cSizes:          {class: classKeyword, gram: gramSizes},
	cIconSizes:      {class: classKeyword, gram: gramIconSizes},
	cFontFamily:     {class: classKeyword, gram: gramFontFamily},
	cPath:           {class: classGeometry, gram: gramPath},
	cPoints:         {class: classGeometry, gram: gramPoints},
	cSMIL:           {class: classGeometry, gram: gramSMIL},
	cTransform:      {class: classGeometry, gram: gramTransform},
	cViewBox:        {class: classGeometry, gram: gramViewBox},
	cAspect:         {class: classKeyword, gram: gramAspect},
	cNamespace:      namespaceURIClass,
	"keyword":       {class: classKeyword},
	"keyword-exact": {class: classKeyword, exact: true},
	"keywords":      {class: classKeywords},
}

// parseKind turns a row kind into its class; ok is false for a kind word
// attrKinds does not know (the row is then classUnknown: fail closed).
func parseKind(kind string) (c attrClass, ok bool) {
	word, words, _ := strings.Cut(kind, " ")
	c, ok = attrKinds[word]
	if words = strings.TrimSpace(words); words != "" {
		c.keywords = strings.Fields(words)
	}
	return c, ok
}

// Element groups several rows name.
const (
	formControls = "button fieldset input object output select textarea keygen"
	mediaElems   = "audio video"
	tableCells   = "td th"
	tableParts   = "table tbody thead tfoot tr td th col colgroup caption"
)

var attrRows = []attrRow{
	// Global to every namespace.
	{inAll, "", "id", cIdent},
	{inAll, "", "class", cClassNames},
	{inAll, "", "style", cCSS},
	{inAll, "", "tabindex", cNumber},
	{inAll, "", "autofocus", cBoolean},
	{inAll, "", "role", kws + wordsRole},
	{inAll, "", "lang xml:lang", cLang},
	{inAll, "", "xml:space", kw + "default preserve"},
	{inAll, "", "xml:base", cURL},
	{inAll, "", "xmlns", cNamespace},
	{inHTML | inSVG, "", "slot", cIdent},
	{inHTML | inSVG, "", "part", cIdents},
	{inHTML | inSVG, "", "exportparts", cIdents}, // "a:b" lists; comma lists fail the grammar and are masked
	{inHTML | inMath, "", "dir", kw + "ltr rtl auto"},

	// WAI-ARIA, every namespace.
	{inAll, "", "aria-labelledby aria-describedby aria-controls aria-owns aria-flowto aria-details " +
		"aria-errormessage", cIdents},
	{inAll, "", "aria-label aria-description aria-roledescription aria-placeholder " +
		"aria-keyshortcuts aria-braillelabel aria-brailleroledescription aria-rowindextext aria-colindextext", cText},
	// aria-valuenow and aria-valuetext are a custom slider's or spinbutton's
	// current value, as a number and as words: what a person chose, like
	// <input type=range value> (an age, a salary).
	// aria-checked is a custom checkbox's, radio's or switch's state, what a
	// person chose like <input type=checkbox checked>, which is masked too;
	// so is aria-pressed, a toggle button's, and aria-selected, a custom
	// listbox option's like <option selected> (Session.maskAttr keeps it on
	// a tab, where it is where one is, not what one chose), and
	// aria-activedescendant, which names the option a combobox or listbox
	// stands on ("opt-depression"), most often the one chosen.
	{inAll, "", "aria-valuenow aria-valuetext aria-checked aria-pressed aria-selected aria-activedescendant", cInput},
	// aria-valuemin and aria-valuemax bound a custom slider's or
	// spinbutton's value (a credit limit); the page's own style places the
	// thumb.
	{inAll, "", "aria-valuemin aria-valuemax", cBoundNumber},
	{inAll, "", "aria-level aria-posinset aria-setsize " +
		"aria-colcount aria-colindex aria-colspan aria-rowcount aria-rowindex aria-rowspan", cNumber},
	{inAll, "", "aria-hidden aria-expanded aria-grabbed", kw + wordsTri},
	{inAll, "", "aria-disabled aria-atomic aria-busy aria-modal aria-multiline aria-multiselectable " +
		"aria-readonly aria-required", kw + wordsBool},
	{inAll, "", "aria-live", kw + "off polite assertive"},
	{inAll, "", "aria-relevant", kws + "additions removals text all"},
	{inAll, "", "aria-current", kw + "page step location date time true false"},
	{inAll, "", "aria-haspopup", kw + "false true menu listbox tree grid dialog"},
	{inAll, "", "aria-invalid", kw + "grammar spelling true false"},
	{inAll, "", "aria-orientation", kw + "horizontal vertical undefined"},
	{inAll, "", "aria-sort", kw + "ascending descending none other"},
	{inAll, "", "aria-autocomplete", kw + "inline list both none"},
	{inAll, "", "aria-dropeffect", kws + "copy execute link move none popup"},

	// HTML global attributes.
	{inHTML, "", "title accesskey content", cText}, // content: RDFa; <meta content> is below
	{inHTML, "", "autocapitalize", kw + "off none on sentences words characters"},
	{inHTML, "", "autocorrect", kw + "on off"},
	{inHTML, "", "contenteditable", kw + "true false plaintext-only"},
	{inHTML, "", "draggable", kw + wordsBool},
	{inHTML, "", "enterkeyhint", kw + "enter done go next previous search send"},
	{inHTML, "", "hidden", kw + "hidden until-found"},
	{inHTML, "", "inert itemscope", cBoolean},
	{inHTML, "", "inputmode", kw + "none text decimal numeric tel search email url"},
	{inHTML, "", "is anchor elementtiming", cIdent},
	{inHTML, "", "itemid itemtype", cURL},
	{inHTML, "", "itemprop itemref property", cIdents},
	{inHTML, "", "popover", kw + "auto manual hint"},
	{inHTML, "", "spellcheck writingsuggestions", kw + wordsBool},
	{inHTML, "", "translate", kw + "yes no"},
	{inHTML, "", "virtualkeyboardpolicy", kw + "auto manual"},

	// HTML, per element.
	{inHTML, "a area", "href ping attributionsrc", cURL},
	{inHTML, "a area base form", "target", cIdent}, // _blank… and frame names: both identifiers
	{inHTML, "a area", "download", cText},
	{inHTML, "a area link form", "rel rev", kws + wordsRel},
	{inHTML, "a area link", "hreflang", cLang},
	{inHTML, "a area link", "type", cMIME},
	{inHTML, "a area img iframe link script", "referrerpolicy", kw + wordsRefPol},
	{inHTML, "a", "charset", kw + wordsCharset},
	{inHTML, "a area", "coords", cNumbers},
	{inHTML, "a area", "shape", kw + "rect circle poly default circ polygon rectangle"},
	{inHTML, "area", "nohref", cBoolean},
	{inHTML, "area img input applet", "alt", cText},
	{inHTML, "base link", "href", cURL},
	{inHTML, mediaElems + " img iframe frame embed source track script bgsound", "src", cURL},
	{inHTML, mediaElems + " img link script", "crossorigin", kw + wordsCORS},
	{inHTML, mediaElems, "preload", kw + "none metadata auto"},
	{inHTML, mediaElems, "autoplay loop muted controls disableremoteplayback", cBoolean},
	{inHTML, mediaElems, "controlslist", kws + "nodownload nofullscreen noremoteplayback"},
	{inHTML, "video", "poster", cURL},
	{inHTML, "video", "playsinline disablepictureinpicture", cBoolean},
	{inHTML, "video img canvas iframe embed object input source frame applet marquee td th hr table col colgroup pre", "width", cNumber},
	{inHTML, "video img canvas iframe embed object input source applet marquee td th tr table", "height", cNumber},
	{inHTML, "blockquote q del ins", "cite", cURL},
	{inHTML, "del ins time", "datetime", cText},
	{inHTML, "body", "background", cURL},
	{inHTML, "table td th", "background", cURL},
	{inHTML, "body table td th tr marquee", "bgcolor", cColor},
	{inHTML, "body", "text link vlink alink", cColor},
	{inHTML, "body", "marginheight marginwidth topmargin bottommargin leftmargin rightmargin", cNumber},
	{inHTML, "br", "clear", kw + "left right all none both"},
	{inHTML, "button", "type", kw + "submit reset button"},
	{inHTML, "button input", "formaction", cURL},
	{inHTML, "button input", "formenctype", kw + wordsEnctype},
	{inHTML, "button input", "formmethod", kw + wordsMethod},
	{inHTML, "button input", "formnovalidate", cBoolean},
	{inHTML, "button input", "formtarget", cIdent},
	{inHTML, "button input", "popovertarget", cIdent},
	{inHTML, "button input", "popovertargetaction", kw + "toggle show hide"},
	{inHTML, "button", "commandfor", cIdent},
	{inHTML, "button", "command", kw + "show-modal close request-close show-popover hide-popover toggle-popover"},
	{inHTML, formControls + " optgroup option link style", "disabled", cBoolean},
	{inHTML, formControls + " label", "form", cIdent},
	{inHTML, "a button fieldset form iframe frame img input map object output param select slot textarea details embed keygen applet", "name", cIdent},
	{inHTML, "button input textarea select option", "value", cInput},
	{inHTML, "li", "value", cDrawnNumber},
	{inHTML, "meter progress", "value max", cDrawnNumber}, // the bar draws the value: content, not layout
	{inHTML, "meter", "min low high optimum", cDrawnNumber},
	{inHTML, "data", "value", cText},
	{inHTML, "param", "value", cUnknown}, // carries URLs and data, never shown: always masked
	{inHTML, "param", "valuetype", kw + "data ref object"},
	{inHTML, "caption", "align", kw + "top bottom left right"},
	{inHTML, "div p h1 h2 h3 h4 h5 h6 legend hr img iframe input object embed applet tbody thead tfoot tr td th col colgroup table", "align", kw + wordsAlign},
	{inHTML, tableParts, "valign", kw + wordsVAlign},
	{inHTML, "col colgroup", "span", cNumber},
	{inHTML, "details", "open", cBoolean},
	{inHTML, "dialog", "open", cBoolean},
	{inHTML, "dialog", "closedby", kw + "any closerequest none"},
	{inHTML, "embed object source", "type", cMIME},
	{inHTML, "font basefont", "color", cColor},
	{inHTML, "font basefont", "face", cFontFamily},
	{inHTML, "font basefont", "size", cNumber},
	{inHTML, "form", "action", cURL},
	{inHTML, "form", "method", kw + wordsMethod},
	{inHTML, "form", "enctype", kw + wordsEnctype},
	{inHTML, "form", "accept-charset", kws + wordsCharset},
	{inHTML, "form", "autocomplete", kw + "on off"},
	{inHTML, "form", "novalidate", cBoolean},
	{inHTML, "iframe frame object", "longdesc", cURL},
	{inHTML, "img", "longdesc lowsrc dynsrc", cURL},
	{inHTML, "iframe", "sandbox", kws + wordsSandbox},
	{inHTML, "iframe", "allowfullscreen allowpaymentrequest credentialless browsingtopics adauctionheaders sharedstoragewritable", cBoolean},
	{inHTML, "iframe frame", "frameborder", num + "yes no"},
	{inHTML, "iframe frame", "marginwidth marginheight", cNumber},
	{inHTML, "iframe frame", "scrolling", kw + "yes no auto"},
	{inHTML, "iframe img", "loading", kw + "eager lazy"},
	{inHTML, "frame", "noresize", cBoolean},
	{inHTML, "frameset", "cols rows", cNumbers},
	{inHTML, "hr", "noshade", cBoolean},
	{inHTML, "hr select input", "size", cNumber},
	{inHTML, "hr", "color", cColor},
	{inHTML, "html", "manifest", cURL},
	{inHTML, "head", "profile", cURL},
	{inHTML, "img input object", "usemap", cFragment}, // "#map-name": a same-document reference
	{inHTML, "img", "ismap", cBoolean},
	{inHTML, "img source link", "srcset", cSrcset},
	{inHTML, "img source", "sizes", cSizes},
	{inHTML, "img", "decoding", kw + "sync async auto"},
	{inHTML, "img link script iframe", "fetchpriority", kw + "high low auto"},
	{inHTML, "img object applet", "border hspace vspace", cNumber},
	{inHTML, "img", "attributionsrc", cURL},
	{inHTML, "img", "sharedstoragewritable", cBoolean},
	{inHTML, "input", "type", kw + wordsInputType},
	{inHTML, "input", "checked", cInput},
	{inHTML, "input select textarea", "autocomplete", kws + wordsAutofill},
	{inHTML, "input textarea", "dirname", cIdent},
	{inHTML, "input", "list", cIdent},
	// min and max of an input are kept only as numbers: date-shaped
	// bounds (a birth-date range) fail the number grammar and are masked.
	{inHTML, "input", "min max", cBoundNumber},
	{inHTML, "input", "step", cBoundNumber + " any"}, // the unit of an amount or a time, with them
	{inHTML, "input textarea", "maxlength minlength", cNumber},
	{inHTML, "input select", "multiple", cBoolean},
	{inHTML, "input textarea", "placeholder", cText},
	{inHTML, "input textarea select", "readonly required", cBoolean},
	{inHTML, "input", "capture", kw + "user environment"},
	{inHTML, "input", "alpha incremental webkitdirectory switch", cBoolean},
	{inHTML, "input", "colorspace", kw + "limited-srgb display-p3"},
	{inHTML, "input", "src", cURL},
	{inHTML, "input", "accept", cUnknown}, // MIME types and extensions: masked, not structural
	{inHTML, "input", "pattern", cUnknown},
	{inHTML, "label output", "for", cIdents},
	{inHTML, "li", "type", kwx + "1 a A i I disc circle square"},
	{inHTML, "ol", "type", kwx + "1 a A i I"},
	{inHTML, "ul", "type", kw + "disc circle square"},
	{inHTML, "ol", "reversed", cBoolean},
	{inHTML, "ol", "start", cDrawnNumber},
	{inHTML, "ol ul dl menu dir", "compact", cBoolean},
	{inHTML, "link", "as", kw + wordsAs},
	{inHTML, "link style meta", "media", cMedia},
	{inHTML, "link", "sizes", cIconSizes},
	{inHTML, "link", "imagesrcset", cSrcset},
	{inHTML, "link", "imagesizes", cSizes},
	{inHTML, "link script style", "blocking", kws + "render"},
	{inHTML, "link", "color", cColor},
	{inHTML, "link script", "charset", kw + wordsCharset},
	{inHTML, "marquee", "behavior", kw + "scroll slide alternate"},
	{inHTML, "marquee", "direction", kw + "left right up down"},
	{inHTML, "marquee", "hspace vspace loop scrollamount scrolldelay", cNumber},
	{inHTML, "marquee", "truespeed", cBoolean},
	{inHTML, "meta", "name", kw + wordsMetaName},
	{inHTML, "meta", "http-equiv", kw + wordsHTTPEquiv},
	{inHTML, "meta", "charset", kw + wordsCharset},
	{inHTML, "meta", "content", cUnknown}, // the caller decides meta content by http-equiv and name
	{inHTML, "meta", "scheme", cUnknown},
	{inHTML, "object", "data", cURL},
	{inHTML, "object applet", "classid codebase archive code", cURL},
	{inHTML, "object", "codetype", cMIME},
	{inHTML, "object", "typemustmatch declare", cBoolean},
	{inHTML, "object", "standby", cText},
	{inHTML, "optgroup track menuitem", "label", cText},
	{inHTML, "option", "label selected", cInput},
	{inHTML, "pre", "wrap", kw + "soft hard off"},
	{inHTML, "script", "type", kwMIME + "module importmap speculationrules"},
	{inHTML, "script", "async defer nomodule", cBoolean},
	{inHTML, "script", "language", cUnknown},
	{inHTML, "style", "type", cMIME},
	{inHTML, "source", "media", cMedia},
	{inHTML, "table", "border cellpadding cellspacing", cNumber},
	{inHTML, "table", "bordercolor", cColor},
	{inHTML, "table", "frame", kw + "void above below hsides lhs rhs vsides box border"},
	{inHTML, "table", "rules", kw + "none groups rows cols all"},
	{inHTML, "table", "summary", cText},
	{inHTML, tableCells, "colspan rowspan", cNumber},
	{inHTML, tableCells, "headers", cIdents},
	{inHTML, tableCells, "abbr axis", cText},
	{inHTML, tableCells, "nowrap", cBoolean},
	{inHTML, "th", "scope", kw + "row col rowgroup colgroup auto"},
	{inHTML, "textarea", "cols rows", cNumber},
	{inHTML, "textarea", "wrap", kw + "soft hard off"},
	{inHTML, "track", "default", cBoolean},
	{inHTML, "track", "kind", kw + "subtitles captions descriptions chapters metadata"},
	{inHTML, "track", "srclang", cLang},
	{inHTML, "keygen", "keytype", kw + "rsa dsa ec"},
	{inHTML, "keygen", "challenge", cUnknown},
	{inHTML, "isindex", "prompt", cText},
	{inHTML, "isindex", "action", cURL},
	{inHTML, "bgsound", "loop balance volume", cNumber},
	{inHTML, "menu", "type", kw + "toolbar context list"},
	{inHTML, "menuitem", "icon", cURL},
	{inHTML, "menuitem", "type", kw + "command checkbox radio"},
	{inHTML, "menuitem", "checked default", cBoolean},
	{inHTML, "template", "shadowrootmode", kw + "open closed"},
	{inHTML, "template", "shadowrootdelegatesfocus shadowrootclonable shadowrootserializable", cBoolean},
	{inHTML, "template", "shadowrootcustomelementregistry", cBoolean},
	{inHTML, "iframe", "allow", cUnknown}, // permissions policy: origins and URLs
	{inHTML, "iframe", "csp", cUnknown},

	// SVG: global to the namespace (presentation and core attributes).
	{inSVG, "", "transform gradientTransform patternTransform", cTransform},
	{inSVG, "", "fill stroke", cPaint},
	{inSVG, "", "color stop-color flood-color lighting-color solid-color", cColor},
	{inSVG, "", "clip-path mask filter marker-start marker-mid marker-end marker", cFragment},
	// Where SVG takes one number, a list draws nothing (the browser drops
	// the attribute) and could only carry data ("020 7946 0958", an
	// account number's groups): one number each; lists only where SVG
	// takes them (a text's per-glyph positions, dash patterns, matrices,
	// key times), a pair where it takes "number-optional-number".
	{inSVG, "", "x y x1 y1 x2 y2 cx cy r rx ry fx fy fr dx dy width height z", cNumber},
	{inSVG, "text tspan tref altGlyph", "x y dx dy rotate", cNumbers},
	{inSVG, "", "opacity fill-opacity stroke-opacity stop-opacity flood-opacity stroke-width " +
		"stroke-miterlimit stroke-dashoffset pathLength offset letter-spacing word-spacing kerning " +
		"font-size-adjust k k1 k2 k3 k4 scale divisor bias targetX targetY " +
		"surfaceScale diffuseConstant specularConstant specularExponent azimuth elevation " +
		"pointsAtX pointsAtY pointsAtZ limitingConeAngle numOctaves seed amplitude exponent " +
		"intercept slope markerWidth markerHeight refX refY startOffset textLength " +
		"glyph-orientation-horizontal glyph-orientation-vertical version", cNumber},
	{inSVG, "", "stdDeviation order kernelUnitLength baseFrequency radius filterRes", cNumberPair},
	{inSVG, "", "baseline-shift", num + "sub super baseline"},
	{inSVG, "", "stroke-dasharray", cNumbers},
	{inSVG, "", "rotate", cNumber},
	{inSVG, "feConvolveMatrix", "kernelMatrix", cNumbers},
	{inSVG, "feFuncR feFuncG feFuncB feFuncA", "tableValues", cNumbers},
	{inSVG, "animate animateMotion animateTransform animateColor", "keyTimes keySplines", cNumbers},
	{inSVG, "animateMotion", "keyPoints", cNumbers},
	{inSVG, "", "font-size", num + wordsFontSize},
	{inSVG, "", "font-weight", num + wordsFontWeight},
	{inSVG, "", "font-style", kw + wordsFontStyle},
	{inSVG, "", "font-variant", kw + "normal small-caps"},
	{inSVG, "", "font-stretch", kw + wordsFontStretch},
	{inSVG, "", "font-family", cFontFamily},
	{inSVG, "", "fill-rule clip-rule", kw + "nonzero evenodd"},
	{inSVG, "", "stroke-linecap", kw + "butt round square"},
	{inSVG, "", "stroke-linejoin", kw + "miter miter-clip round bevel arcs"},
	{inSVG, "", "text-anchor", kw + "start middle end"},
	{inSVG, "", "dominant-baseline alignment-baseline", kw + ("auto baseline before-edge text-before-edge middle " +
		"central after-edge text-after-edge ideographic alphabetic hanging mathematical top center bottom " +
		"text-top text-bottom use-script no-change reset-size")},
	{inSVG, "", "visibility", kw + "visible hidden collapse"},
	{inSVG, "", "display", kw + wordsDisplay},
	{inSVG, "", "overflow", kw + "visible hidden scroll auto clip"},
	{inSVG, "", "pointer-events", kw + wordsPointerEvents},
	{inSVG, "", "shape-rendering", kw + "auto optimizeSpeed crispEdges geometricPrecision"},
	{inSVG, "", "text-rendering", kw + "auto optimizeSpeed optimizeLegibility geometricPrecision"},
	{inSVG, "", "image-rendering", kw + "auto optimizeSpeed optimizeQuality smooth high-quality crisp-edges pixelated"},
	{inSVG, "", "color-rendering", kw + "auto optimizeSpeed optimizeQuality"},
	{inSVG, "", "color-interpolation color-interpolation-filters", kw + "auto sRGB linearRGB"},
	{inSVG, "", "vector-effect", kw + "none non-scaling-stroke non-scaling-size non-rotation fixed-position"},
	{inSVG, "", "paint-order", kws + "normal fill stroke markers"},
	{inSVG, "", "mask-type", kw + "luminance alpha"},
	{inSVG, "", "mix-blend-mode", kw + wordsBlendMode},
	{inSVG, "", "isolation", kw + "auto isolate"},
	{inSVG, "", "cursor", kw + wordsCursor},
	{inSVG, "", "direction", kw + "ltr rtl"},
	{inSVG, "", "unicode-bidi", kw + "normal embed isolate bidi-override isolate-override plaintext"},
	{inSVG, "", "writing-mode", kw + "horizontal-tb vertical-rl vertical-lr sideways-rl sideways-lr lr-tb rl-tb tb-rl lr rl tb"},
	{inSVG, "", "text-decoration", kws + "none underline overline line-through blink"},
	{inSVG, "", "white-space", kw + "normal pre nowrap pre-wrap break-spaces pre-line"},
	{inSVG, "", "transform-origin", nums + "left center right top bottom"},
	{inSVG, "", "transform-box", kw + "content-box border-box fill-box stroke-box view-box"},
	{inSVG, "", "preserveAspectRatio", cAspect},
	{inSVG, "", "viewBox", cViewBox},
	{inSVG, "", "gradientUnits patternUnits patternContentUnits clipPathUnits maskUnits maskContentUnits " +
		"filterUnits primitiveUnits", kw + "userSpaceOnUse objectBoundingBox"},
	{inSVG, "", "markerUnits", kw + "strokeWidth userSpaceOnUse"},
	{inSVG, "", "spreadMethod", kw + "pad reflect repeat"},
	{inSVG, "", "lengthAdjust", kw + "spacing spacingAndGlyphs"},
	{inSVG, "", "edgeMode", kw + "duplicate wrap none mirror"},
	{inSVG, "", "preserveAlpha", kw + wordsBool},
	{inSVG, "", "xChannelSelector yChannelSelector", kw + "R G B A"},
	{inSVG, "", "stitchTiles", kw + "stitch noStitch"},
	{inSVG, "", "in in2 result", cIdent}, // SourceGraphic… or a result name
	{inSVG, "", "systemLanguage", cLangList},
	{inSVG, "", "requiredExtensions requiredFeatures", cUnknown},
	{inSVG, "", "xlink:title", cText},
	{inSVG, "", "xlink:show", kw + "new replace embed other none"},
	{inSVG, "", "xlink:actuate", kw + "onLoad onRequest other none"},
	{inSVG, "", "xlink:type", kw + "simple extended locator arc resource title none"},
	{inSVG, "", "xlink:role xlink:arcrole", cURL},
	{inSVG, "", "zoomAndPan", kw + "disable magnify"},
	{inSVG, "", "focusable", kw + "true false auto"},
	{inSVG, "", "xmlns:xlink", cNamespace},

	// SVG, per element. href and xlink:href: a same-document reference on
	// the elements that can only reference an element of the same document
	// (use, paint servers, filters, text paths, animations); a URL elsewhere.
	{inSVG, "use linearGradient radialGradient pattern filter textPath mpath tref altGlyph glyphRef " +
		"animate animateMotion animateTransform animateColor set discard meshgradient hatch",
		"href xlink:href", cFragment},
	{inSVG, "a image feImage script cursor font-face-uri color-profile", "href xlink:href", cURL},
	{inSVG, "a", "target", cIdent},
	{inSVG, "a", "download", cText},
	{inSVG, "a", "hreflang", cLang},
	{inSVG, "a", "type", cMIME},
	{inSVG, "a", "ping", cURL},
	{inSVG, "a", "rel", kws + wordsRel},
	{inSVG, "a image", "referrerpolicy", kw + wordsRefPol},
	{inSVG, "image feImage script", "crossorigin", kw + wordsCORS},
	{inSVG, "image", "decoding", kw + "sync async auto"},
	{inSVG, "path glyph missing-glyph", "d", cPath},
	{inSVG, "animateMotion textPath", "path", cPath},
	{inSVG, "polygon polyline", "points", cPoints},
	{inSVG, "svg", "baseProfile", kw + "none full basic tiny"},
	{inSVG, "svg", "contentScriptType contentStyleType", cMIME},
	{inSVG, "script style", "type", cMIME},
	{inSVG, "style", "media", cMedia},
	{inSVG, "style", "title", cText},
	{inSVG, "textPath", "method", kw + "align stretch"},
	{inSVG, "textPath", "spacing", kw + "auto exact"},
	{inSVG, "textPath", "side", kw + "left right"},
	{inSVG, "marker", "orient", num + "auto auto-start-reverse"},
	{inSVG, "view", "viewTarget", cIdents},
	{inSVG, "feColorMatrix", "type", kw + "matrix saturate hueRotate luminanceToAlpha"},
	{inSVG, "feColorMatrix", "values", cNumbers},
	{inSVG, "feTurbulence", "type", kw + "fractalNoise turbulence"},
	{inSVG, "feFuncR feFuncG feFuncB feFuncA", "type", kw + "identity table discrete linear gamma"},
	{inSVG, "feFuncR feFuncG feFuncB feFuncA", "offset", cNumber},
	{inSVG, "feComposite", "operator", kw + "over in out atop xor lighter arithmetic"},
	{inSVG, "feMorphology", "operator", kw + "erode dilate"},
	{inSVG, "feBlend", "mode", kw + wordsBlendMode},
	{inSVG, "animateTransform", "type", kw + "translate scale rotate skewX skewY"},
	{inSVG, "animate animateMotion animateTransform animateColor set", "attributeName", cIdent},
	{inSVG, "animate animateMotion animateTransform animateColor set", "attributeType", kw + "CSS XML auto"},
	{inSVG, "animate animateMotion animateTransform animateColor set discard", "begin end", nums + "indefinite"},
	{inSVG, "animate animateMotion animateTransform animateColor set", "dur min max repeatDur", nums + "indefinite media"},
	{inSVG, "animate animateMotion animateTransform animateColor set", "repeatCount", nums + "indefinite"},
	{inSVG, "animate animateMotion animateTransform animateColor set", "fill", kw + "freeze remove"},
	{inSVG, "animate animateMotion animateTransform animateColor set", "restart", kw + "always whenNotActive never"},
	{inSVG, "animate animateMotion animateTransform animateColor", "calcMode", kw + "discrete linear paced spline"},
	{inSVG, "animate animateMotion animateTransform animateColor", "additive", kw + "replace sum"},
	{inSVG, "animate animateMotion animateTransform animateColor", "accumulate", kw + "none sum"},
	// what an animation moves through: numbers, colours, shapes; anything
	// else (a URL animated into href, a text) fails the grammar
	{inSVG, "animate animateMotion animateTransform animateColor set", "from to by values", cSMIL},
	{inSVG, "animateMotion", "rotate", nums + "auto auto-reverse"},

	// MathML: global to the namespace (MathML Core).
	{inMath, "", "displaystyle", kw + wordsBool},
	{inMath, "", "mathbackground mathcolor color background", cColor},
	{inMath, "", "mathsize fontsize scriptlevel scriptminsize scriptsizemultiplier", num + wordsMathSpace + " small normal big"},
	{inMath, "", "mathvariant", kw + wordsMathVariant},
	{inMath, "", "fontstyle", kw + wordsFontStyle},
	{inMath, "", "fontweight", kw + wordsFontWeight},
	{inMath, "", "fontfamily", cFontFamily},
	{inMath, "", "href", cURL},
	{inMath, "", "definitionURL", cURL},
	{inMath, "", "xmlns:xlink", cNamespace},
	{inMath, "", "xlink:href", cURL},

	// MathML, per element.
	{inMath, "math", "display", kw + "block inline"},
	{inMath, "math", "mode", kw + "display inline"},
	{inMath, "math", "alttext", cText},
	{inMath, "math mglyph", "altimg", cURL},
	{inMath, "math mtable", "overflow", kw + "linebreak scroll elide truncate scale"},
	{inMath, "mo", "form", kw + "prefix infix postfix"},
	{inMath, "mo", "fence stretchy symmetric largeop movablelimits accent separator", kw + wordsBool},
	{inMath, "mo mpadded mspace", "lspace rspace minsize maxsize voffset width height depth", num + wordsMathSpace},
	{inMath, "mfrac", "linethickness", num + wordsMathSpace},
	{inMath, "mfrac", "numalign denomalign", kw + "left center right"},
	{inMath, "mfrac", "bevelled", kw + wordsBool},
	{inMath, "mover munder munderover", "accent accentunder", kw + wordsBool},
	{inMath, "mover munder munderover mtable mstack", "align", kw + "left center right top bottom axis baseline"},
	{inMath, "mtable mtr mtd mlabeledtr", "columnalign rowalign", kws + "left center right top bottom baseline axis"},
	{inMath, "mtable", "columnlines rowlines frame", kws + "none solid dashed"},
	{inMath, "mtable", "columnspacing rowspacing framespacing", nums + wordsMathSpace},
	{inMath, "mtable", "width minlabelspacing", num + wordsMathSpace},
	{inMath, "mtable", "equalrows equalcolumns", kw + wordsBool},
	{inMath, "mtable", "side", kw + "left right leftoverlap rightoverlap"},
	{inMath, "mtd", "columnspan rowspan", cNumber},
	{inMath, "menclose", "notation", kws + wordsNotation},
	{inMath, "mfenced", "open close separators", cText}, // shown as text
	{inMath, "ms", "lquote rquote", cText},
	{inMath, "maction", "actiontype", kw + "toggle statusline tooltip input"},
	{inMath, "maction", "selection", cNumber},
	{inMath, "annotation annotation-xml semantics", "encoding", kw + wordsEncoding},
	{inMath, "annotation annotation-xml", "src", cURL},
	{inMath, "annotation annotation-xml semantics", "cd", cIdent},
	{inMath, "mglyph", "src", cURL},
	{inMath, "mglyph", "alt", cText},
	{inMath, "mglyph", "width height valign", cNumber},
}

// attrTable is keyed by the lowercase attribute name (a global row) or the
// lowercase name, NUL, and the lowercase element name (an element row).
// attrTableErrors lists rows that repeat a (namespace, element, name):
// TestClassifyTableWellFormed keeps it empty.
var attrTable, attrTableErrors = buildAttrTable(attrRows)

func buildAttrTable(rows []attrRow) (map[string]*attrEntry, []string) {
	m := map[string]*attrEntry{}
	var errs []string
	for _, row := range rows {
		kind, ok := parseKind(row.kind)
		if !ok {
			errs = append(errs, "row "+row.names+": unknown kind "+row.kind)
		}
		tags := strings.Fields(row.tags)
		for _, name := range strings.Fields(row.names) {
			c := kind
			if c.class == classBoolean {
				c.name = lowerASCII(name)
			}
			for ns := 0; ns < nsCount; ns++ {
				if row.ns&(1<<ns) == 0 {
					continue
				}
				if len(tags) == 0 {
					errs = addAttr(m, errs, lowerASCII(name), ns, name, c)
				}
				for _, tag := range tags {
					errs = addAttr(m, errs, lowerASCII(name)+"\x00"+lowerASCII(tag), ns, name, c)
				}
			}
		}
	}
	return m, errs
}

func addAttr(m map[string]*attrEntry, errs []string, key string, ns int, name string, c attrClass) []string {
	e := m[key]
	if e == nil {
		e = &attrEntry{}
		m[key] = e
	}
	if e.known[ns] {
		return append(errs, key+" repeated")
	}
	e.known[ns], e.spell[ns], e.cls[ns] = true, name, c
	return errs
}
