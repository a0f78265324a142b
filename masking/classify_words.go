package masking

// Keyword lists of the attribute table, as the specs spell them (HTML
// living standard, WAI-ARIA 1.2/1.3, DPUB-ARIA, Graphics-ARIA, SVG 2,
// MathML). Matching is ASCII case-insensitive unless the table says exact.

const (
	wordsBool    = "true false"
	wordsTri     = "true false undefined"
	wordsMixed   = "true false mixed undefined"
	wordsAlign   = "left right center justify top middle bottom baseline texttop absmiddle absbottom char"
	wordsVAlign  = "top middle bottom baseline"
	wordsCORS    = "anonymous use-credentials"
	wordsRefPol  = "no-referrer no-referrer-when-downgrade same-origin origin strict-origin origin-when-cross-origin strict-origin-when-cross-origin unsafe-url"
	wordsMethod  = "get post dialog"
	wordsEnctype = "application/x-www-form-urlencoded multipart/form-data text/plain"

	wordsInputType = "hidden text search tel url email password date month week time datetime-local " +
		"number range color checkbox radio file submit image reset button datetime"

	// wordsRel: link types of the HTML standard, the microformats registry's
	// common ones, and the legacy spellings pages still use.
	wordsRel = "alternate author bookmark canonical compression-dictionary dns-prefetch expect external " +
		"help icon license manifest me modulepreload next nofollow noopener noreferrer opener pingback " +
		"preconnect prefetch preload prerender prev privacy-policy search stylesheet tag terms-of-service " +
		"shortcut apple-touch-icon apple-touch-icon-precomposed apple-touch-startup-image mask-icon " +
		"fluid-icon sponsored ugc home index start first last up contents chapter section subsection " +
		"appendix glossary copyright archives edit enclosure feed hub webmention micropub authorization_endpoint " +
		"token_endpoint openid.server openid.delegate openid2.provider openid2.local_id profile " +
		"previous top payment related via"

	// wordsRole: WAI-ARIA 1.2/1.3 roles, DPUB-ARIA and Graphics-ARIA.
	wordsRole = "alert alertdialog application article banner blockquote button caption cell checkbox code " +
		"columnheader combobox comment complementary contentinfo definition deletion dialog directory " +
		"document emphasis feed figure form generic grid gridcell group heading img image insertion link " +
		"list listbox listitem log main mark marquee math menu menubar menuitem menuitemcheckbox " +
		"menuitemradio meter navigation none note option paragraph presentation progressbar radio " +
		"radiogroup region row rowgroup rowheader scrollbar search searchbox sectionfooter sectionheader " +
		"separator slider spinbutton status strong subscript suggestion superscript switch tab table " +
		"tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem " +
		"doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry " +
		"doc-bibliography doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit " +
		"doc-credits doc-dedication doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata " +
		"doc-example doc-footnote doc-foreword doc-glossary doc-glossref doc-index doc-introduction " +
		"doc-noteref doc-notice doc-pagebreak doc-pagefooter doc-pageheader doc-pagelist doc-part " +
		"doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc " +
		"graphics-document graphics-object graphics-symbol"

	wordsSandbox = "allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock " +
		"allow-popups allow-popups-to-escape-sandbox allow-presentation allow-same-origin allow-scripts " +
		"allow-top-navigation allow-top-navigation-by-user-activation allow-top-navigation-to-custom-protocols " +
		"allow-storage-access-by-user-activation"

	// wordsAutofill: the autofill detail tokens.
	wordsAutofill = "on off name honorific-prefix given-name additional-name family-name honorific-suffix " +
		"nickname username new-password current-password one-time-code organization-title organization " +
		"street-address address-line1 address-line2 address-line3 address-level4 address-level3 " +
		"address-level2 address-level1 country country-name postal-code cc-name cc-given-name " +
		"cc-additional-name cc-family-name cc-number cc-exp cc-exp-month cc-exp-year cc-csc cc-type " +
		"transaction-currency transaction-amount language bday bday-day bday-month bday-year sex url photo " +
		"tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix " +
		"tel-extension email impp shipping billing home work mobile fax pager webauthn"

	wordsHTTPEquiv = "content-type default-style refresh x-ua-compatible content-security-policy " +
		"content-language set-cookie pragma cache-control expires x-dns-prefetch-control imagetoolbar " +
		"cleartype origin-trial"

	// wordsMetaName: the standard metadata names and the registered
	// extensions pages commonly use. Other names are masked (fail closed):
	// they are the page author's, and may be anything.
	wordsMetaName = "application-name author description generator keywords referrer theme-color " +
		"color-scheme viewport robots googlebot bingbot format-detection apple-mobile-web-app-capable " +
		"apple-mobile-web-app-status-bar-style apple-mobile-web-app-title apple-itunes-app " +
		"mobile-web-app-capable msapplication-tilecolor msapplication-tileimage msapplication-config " +
		"msapplication-tap-highlight handheldfriendly mobileoptimized twitter:card twitter:site " +
		"twitter:creator twitter:title twitter:description twitter:image twitter:image:alt " +
		"google-site-verification google rating copyright creator publisher subject language " +
		"supported-color-schemes darkreader-lock monetization csrf-param csrf-token"

	wordsAs = "audio audioworklet document embed fetch font image json manifest object paintworklet report " +
		"script serviceworker sharedworker style track video worker xslt"

	// wordsCharset: WHATWG Encoding labels in common use.
	wordsCharset = "utf-8 utf8 unicode-1-1-utf-8 unicode11utf8 unicode20utf8 x-unicode20utf8 " +
		"utf-16 utf-16le utf-16be unicode unicodefeff unicodefffe csunicode iso-10646-ucs-2 ucs-2 " +
		"us-ascii ascii ansi_x3.4-1968 latin1 l1 iso-8859-1 iso8859-1 iso88591 iso_8859-1 cp819 ibm819 " +
		"iso-8859-2 iso-8859-3 iso-8859-4 iso-8859-5 iso-8859-6 iso-8859-7 iso-8859-8 iso-8859-8-i " +
		"iso-8859-9 iso-8859-10 iso-8859-13 iso-8859-14 iso-8859-15 iso-8859-16 latin2 latin3 latin4 " +
		"latin5 latin6 latin9 l2 l3 l4 l5 l6 l9 windows-874 windows-1250 windows-1251 windows-1252 " +
		"windows-1253 windows-1254 windows-1255 windows-1256 windows-1257 windows-1258 cp1250 cp1251 " +
		"cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 x-cp1250 x-cp1251 x-cp1252 x-cp1253 x-cp1254 " +
		"x-cp1255 x-cp1256 x-cp1257 x-cp1258 koi8-r koi8-u koi8 koi8_r cskoi8r ibm866 cp866 866 " +
		"macintosh mac x-mac-roman x-mac-cyrillic gbk gb2312 gb18030 chinese x-gbk big5 big5-hkscs " +
		"cn-big5 x-x-big5 euc-jp x-euc-jp iso-2022-jp shift_jis shift-jis sjis ms_kanji csshiftjis " +
		"windows-31j x-sjis euc-kr ks_c_5601-1987 windows-949 cseuckr korean tis-620 iso-8859-11 " +
		"x-user-defined"

	wordsDisplay = "inline block contents flex grid inline-block inline-flex inline-grid inline-table " +
		"flow-root list-item none table table-row table-cell table-caption table-column table-column-group " +
		"table-footer-group table-header-group table-row-group run-in ruby ruby-text"

	wordsCursor = "auto default none context-menu help pointer progress wait cell crosshair text " +
		"vertical-text alias copy move no-drop not-allowed grab grabbing all-scroll col-resize row-resize " +
		"n-resize e-resize s-resize w-resize ne-resize nw-resize se-resize sw-resize ew-resize ns-resize " +
		"nesw-resize nwse-resize zoom-in zoom-out"

	wordsBlendMode = "normal multiply screen overlay darken lighten color-dodge color-burn hard-light " +
		"soft-light difference exclusion hue saturation color luminosity plus-darker plus-lighter"

	wordsPointerEvents = "auto bounding-box visiblepainted visiblefill visiblestroke visible painted " +
		"fill stroke all none"

	wordsFontWeight  = "normal bold bolder lighter"
	wordsFontSize    = "xx-small x-small small medium large x-large xx-large xxx-large smaller larger math"
	wordsFontStyle   = "normal italic oblique"
	wordsFontStretch = "normal ultra-condensed extra-condensed condensed semi-condensed semi-expanded " +
		"expanded extra-expanded ultra-expanded"

	wordsMathVariant = "normal bold italic bold-italic double-struck bold-fraktur script bold-script " +
		"fraktur sans-serif bold-sans-serif sans-serif-italic sans-serif-bold-italic monospace initial " +
		"tailed looped stretched"

	// wordsMathSpace: MathML 3 named spaces, accepted with lengths.
	wordsMathSpace = "veryverythinmathspace verythinmathspace thinmathspace mediummathspace " +
		"thickmathspace verythickmathspace veryverythickmathspace negativeveryverythinmathspace " +
		"negativeverythinmathspace negativethinmathspace negativemediummathspace " +
		"negativethickmathspace negativeverythickmathspace negativeveryverythickmathspace infinity " +
		"thin medium thick"

	wordsNotation = "longdiv actuarial phasorangle radical box roundedbox circle left right top bottom " +
		"updiagonalstrike downdiagonalstrike verticalstrike horizontalstrike northeastarrow madruwb text " +
		"updiagonalarrow"

	wordsEncoding = "text/html application/xhtml+xml application/mathml+xml application/mathml-presentation+xml " +
		"application/mathml-content+xml mathml-content mathml-presentation mathml text/plain " +
		"application/x-tex text/x-tex tex latex image/svg+xml application/openmath+xml asciimath " +
		"text/x-asciimath application/x-llamath wiki"
)
