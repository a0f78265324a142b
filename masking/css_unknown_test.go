package masking

import (
	"strings"
	"testing"

	"github.com/veil-replay/veil/rules"
)

// Words where CSS expects its own become placeholders in mask-all, folded
// to lower case as such words compare; the same word maps the same
// everywhere, so a property named in transition still names it.
func TestCSSUnknownWordsMapped(t *testing.T) {
	s := NewSession(nil)
	h := func(w string) string { return s.authorName(w) }
	cases := []struct{ css, want string }{
		{`a{color:red;hannelore-prop:quist}`, `a{color:red;` + h("hannelore-prop") + `:` + h("quist") + `}`},
		{`a{-webkit-hannelore:x1}`, `a{` + h("-webkit-hannelore") + `:` + h("x1") + `}`},
		{`Hannelore-Prop:1`, h("hannelore-prop") + `:1`},
		{`a{color:if(style(hannelore:quist):red;else:blue)}`, `a{color:if(style(` + h("hannelore") + `:` + h("quist") + `):red;else:blue)}`},
		{`a{width:10hannelore;margin:calc(2quist + 1px)}`, `a{width:10` + h("hannelore") + `;margin:calc(2` + h("quist") + ` + 1px)}`},
		{`a{\4a ane:Doe}`, `a{\*\*\*\*:` + h("doe") + `}`},
		{`a{will-change:Hannelore,transform}`, `a{will-change:` + h("hannelore") + `,transform}`},
		{`a{transition-property:quist,opacity}`, `a{transition-property:` + h("quist") + `,opacity}`},
		{`a{transition:hannelore 1s ease-in}`, `a{transition:` + h("hannelore") + ` 1s ease-in}`},
		{`a{-webkit-transition:hannelore 1s}`, `a{-webkit-transition:` + h("hannelore") + ` 1s}`},
		{`@media (prefers-color-scheme:dark) and (hannelore:1){}`, `@media (prefers-color-scheme:dark) and (` + h("hannelore") + `:1){}`},
		{`@media hannelore and (min-width:1px){}`, `@media ` + h("hannelore") + ` and (min-width:1px){}`},
		{`@media (prefers-color-scheme:quist){}`, `@media (prefers-color-scheme:` + h("quist") + `){}`},
		{`@media (1px<hannelore<2px){}`, `@media (1px<` + h("hannelore") + `<2px){}`},
		{`@container (hannelore:1px){}`, `@container (` + h("hannelore") + `:1px){}`},
		{`@supports (hannelore:quist){}`, `@supports (` + h("hannelore") + `:` + h("quist") + `){}`},
		{`@supports not (hannelore:1){}`, `@supports not (` + h("hannelore") + `:1){}`},
		{`@hannelore-rule quist{color:red}`, `@` + h("hannelore-rule") + ` ` + h("quist") + `{color:red}`},
		{`@hannelore quist(jane);`, `@` + h("hannelore") + ` ` + h("quist") + `(` + h("jane") + `);`},
		{`@font-feature-values Hannelore Font{@styleset{quist:1}}`, `@font-feature-values ` + h("hannelore") + ` ` + h("font") + `{@styleset{` + h("quist") + `:1}}`},
		{`@font-feature-values "Hannelore Font"{}`, `@font-feature-values "` + h("hannelore") + ` ` + h("font") + `"{}`},
		{`a{font-variant-alternates:styleset(quist) swash(Quist)}`, `a{font-variant-alternates:styleset(` + h("quist") + `) swash(` + h("quist") + `)}`},
		{`:lang(hannelore){}`, `:lang(\*\*\*\*\*){}`},
		{`p:lang(de-hannelor){}`, `p:lang(\*\*\*\*\*){}`},
		{`:dir(quist){}`, `:dir(` + h("quist") + `){}`},
		{`::picker(hannelore){}::scroll-button(quist){}`, `::picker(` + h("hannelore") + `){}::scroll-button(` + h("quist") + `){}`},
		{`*:hannelore,b::quist,i:-webkit-hannelore-thumb{}`, `*:` + h("hannelore") + `,b::` + h("quist") + `,i:` + h("-webkit-hannelore-thumb") + `{}`},
		{`:is(b:hannelore,i:quist(1)){}`, `:is(b:` + h("hannelore") + `,i:` + h("quist") + `(1)){}`},
		{`b{&:hannelore{color:red}}`, `b{&:` + h("hannelore") + `{color:red}}`},
		{`a{color:hannelore(1);width:calc(1px + quist(2px))}`, `a{color:` + h("hannelore") + `(1);width:calc(1px + ` + h("quist") + `(2px))}`},
		{`a{display:Tremayne;margin:var(--x,hannelore);top:1px !quist}`, `a{display:` + h("tremayne") + `;margin:var(--` + s.authorName("--x")[2:] + `,` + h("hannelore") + `);top:1px !` + h("quist") + `}`},
		{`@font-palette-values --p{override-colors:0 red,1 hannelore}`, `@font-palette-values ` + s.authorName("--p") + `{override-colors:0 red,1 ` + h("hannelore") + `}`},
		{`a{padding:env(hannelore)}`, `a{padding:env(` + h("hannelore") + `)}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			got := s.css(c.css, true, false)
			if got != c.want {
				t.Errorf("css(%q)\n got %q\nwant %q", c.css, got, c.want)
			}
			if again := s.css(got, true, false); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

// Real CSS keeps every word: properties (vendor-prefixed ones too), media
// features, @supports tests, at-rules, language tags and env() variables.
func TestCSSUnknownWordsKeepCSS(t *testing.T) {
	s := NewSession(nil)
	cases := []string{
		`a{-webkit-box-orient:vertical;-webkit-line-clamp:2;-moz-osx-font-smoothing:grayscale;-ms-overflow-style:none}`,
		`a{-webkit-tap-highlight-color:transparent;-webkit-text-size-adjust:100%;scrollbar-gutter:stable;inset-inline-start:0}`,
		`a{will-change:scroll-position,contents,transform}`,
		`a{transition:opacity 1s cubic-bezier(.2,.8,.2,1),all 0s steps(4,jump-end) allow-discrete;transition-property:opacity,transform}`,
		`@media screen and (-webkit-min-device-pixel-ratio:2),(min--moz-device-pixel-ratio:2),(min-resolution:2dppx){}`,
		`@media (prefers-reduced-motion:reduce),(hover:hover) and (pointer:fine),(orientation:landscape),(display-mode:standalone),(forced-colors:active){}`,
		`@media not print and (400px<=width<=700px),(prefers-contrast:more),(color-gamut:p3),(dynamic-range:high){}`,
		`@container scroll-state(stuck:top) and (min-width:1px){}`,
		`@supports (display:grid) and selector(a:hover) and font-tech(color-colrv1) and font-format(woff2){}`,
		`@media print{@page :first{margin:1cm;@top-left{margin:0}}}`,
		`@font-feature-values Arial, "Times New Roman"{}`,
		`@font-face{font-display:swap;ascent-override:90%;size-adjust:100%;unicode-range:U+0025-00FF}`,
		`@view-transition{navigation:auto}@starting-style{a{opacity:0}}`,
		`:is(a:hover,b:focus-visible){color:red}`,
		`a:link,a:visited,li:first-child,li:nth-last-of-type(2n+1),p::first-letter,:root,:where(b:has(+ i)){}`,
		`input:not(:placeholder-shown):user-invalid::placeholder,input:-webkit-autofill,details[open]::details-content{}`,
		`::-webkit-scrollbar-thumb:window-inactive,::-webkit-inner-spin-button,::-moz-focus-inner,::-ms-expand,:-moz-focusring{}`,
		`::-webkit-search-cancel-button,::-webkit-slider-runnable-track,::-moz-range-thumb,::-webkit-file-upload-button,::file-selector-button{}`,
		`a{background:-webkit-gradient(linear,left top,left bottom,from(red),to(blue)),-moz-linear-gradient(top,red,blue),repeating-conic-gradient(red 0 10%,blue 0 20%)}`,
		`a{top:anchor(bottom);width:anchor-size(width);content:leader(dotted) target-counter(attr(href),page);color:contrast-color(red)}`,
		`a{width:calc-size(auto,size);order:sibling-index();list-style:symbols(cyclic "*");background:paint(x),cross-fade(red,blue)}`,
		`b{&:hover{color:red}}`,
		`a{display:-webkit-box;display:inline-flex;display:flow-root;display:table-header-group;display:-ms-flexbox;position:-webkit-sticky;overflow:clip;overflow-x:overlay}`,
		`a{text-align:-webkit-center;vertical-align:text-top;white-space:break-spaces;word-break:keep-all;overflow-wrap:anywhere;text-wrap:balance;hyphens:manual}`,
		`a{text-decoration:underline dotted;text-decoration-line:line-through;text-transform:full-size-kana;text-overflow:ellipsis;text-rendering:optimizeLegibility}`,
		`a{font-variant-numeric:tabular-nums slashed-zero;font-variant-ligatures:no-common-ligatures;font-variant-east-asian:jis04 full-width;font-weight:bolder;font-size:xx-large}`,
		`a{cursor:not-allowed;cursor:nwse-resize;cursor:zoom-in;cursor:-webkit-grab;pointer-events:visiblePainted;user-select:none;touch-action:pan-x pinch-zoom;resize:both}`,
		`a{box-sizing:border-box;background:no-repeat center/cover fixed padding-box;background-clip:text;mask-composite:exclude;-webkit-mask-composite:source-over}`,
		`a{object-fit:scale-down;image-rendering:-webkit-optimize-contrast;mix-blend-mode:plus-lighter;writing-mode:vertical-rl;unicode-bidi:isolate-override;text-orientation:sideways}`,
		`a{border-collapse:separate;empty-cells:hide;caption-side:bottom;list-style-position:inside;float:inline-start;clear:both;visibility:collapse}`,
		`a{flex-flow:row-reverse wrap-reverse;justify-content:space-evenly;align-items:safe center;place-self:anchor-center;grid-auto-flow:column dense;content:no-open-quote}`,
		`a{break-inside:avoid-column;transform-style:preserve-3d;transform-box:fill-box;scroll-snap-type:x mandatory;scroll-snap-align:start;overscroll-behavior:contain}`,
		`a{scrollbar-gutter:stable both-edges;appearance:menulist-button;-webkit-appearance:searchfield;color-scheme:light dark only;print-color-adjust:exact;caret-shape:underscore}`,
		`a{contain:strict;container-type:inline-size;text-emphasis-style:double-circle;ruby-position:inter-character;text-justify:inter-word;line-break:loose}`,
		`a{fill-rule:evenodd;stroke-linecap:butt;stroke-linejoin:miter-clip;vector-effect:non-scaling-stroke;paint-order:stroke markers;color-interpolation:linearRGB;shape-rendering:crispEdges}`,
		`a{animation-composition:accumulate;animation-range:entry 10% exit-crossing 90%;position-area:span-all top;position-try-fallbacks:flip-block;position-try-order:most-width}`,
		`a{interpolate-size:allow-keywords;dynamic-range-limit:constrained-high;corner-shape:squircle;interactivity:inert;field-sizing:content;-ms-interpolation-mode:bicubic}`,
		`a{color:ButtonText;background:Canvas;border-color:-webkit-focus-ring-color;outline:auto;color:currentColor;background:color-mix(in oklch longer hue,red,blue)}`,
		`a{background:linear-gradient(to left top,red,blue),radial-gradient(circle closest-side at center,red,blue);color:rgb(from red r g b / alpha);clip-path:inset(1px round 2px)}`,
		`a{width:-webkit-fill-available;width:-moz-available;height:fit-content;width:calc(infinity * 1px);width:round(nearest,1px);font-display:swap;unicode-range:U+0000-00FF}`,
		`a{-webkit-box-reflect:below 0;white-space-collapse:preserve-breaks;display:-moz-inline-stack;view-transition-name:match-element;hanging-punctuation:first allow-end last}`,
		`a{width:attr(title type(<length>),0);height:attr(title px);-webkit-box-orient:block-axis;-webkit-text-security:square;-ms-overflow-style:-ms-autohiding-scrollbar}`, `dialog::backdrop,:popover-open,:fullscreen,:modal,::selection,::marker,::before,::after,:focus-within,:target{}`,
		`:lang(en-US),:lang(de-AT),p:lang(zh-Hant-TW){}:dir(rtl){}`,
		`a{color:if(style(display:grid):red;else:blue);width:if(supports(display:grid):1px;else:2px)}`,
		`a{width:calc(10px + 2em + 3rem + 1vw + 5dvh + 2cqi + 1lh);transition:opacity 1s .2ms;rotate:45deg;grid-template-columns:1fr 2fr}`,
		`li:nth-child(2n-1),li:nth-last-of-type(3n+2){}@font-face{unicode-range:U+0025-00FF,U+4??}`,
		`select::picker(select){}::scroll-button(up),::scroll-button(inline-end),::scroll-button(*){}`,
		`@media (min-resolution:2dppx) and (max-width:40em){}`,
		`a{padding:env(safe-area-inset-top,10px) env(keyboard-inset-height) env(titlebar-area-width)}`,
	}
	for _, src := range cases {
		t.Run(src, func(t *testing.T) {
			if got := s.css(src, true, false); got != src {
				t.Errorf("css(%q) changed it into %q", src, got)
			}
		})
	}
}

// A word of CSS's that the detectors would change reads as no word of
// CSS's once changed: it goes out as its placeholder at once, so masking
// again changes nothing.
func TestCSSUnknownWordsScrubbed(t *testing.T) {
	s := NewSession(nil)
	p := cssPolicy{masked: true, scrub: fuzzScrubDigits, authorName: s.authorName}
	cases := []struct{ css, word string }{
		{`0@A4`, `A4`}, {`@page{size:A4}`, `A4`}, {`:lang(es-419){}`, `es-419`}, {`@media (color-gamut:rec2020){}`, `rec2020`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			out := maskCSSWith(c.css, p)
			if strings.Contains(out, c.word) || strings.Contains(out, fuzzScrubDigits(c.word)) {
				t.Errorf("%q kept %q: %q", c.css, c.word, out)
			}
			if again := maskCSSWith(out, p); again != out {
				t.Errorf("not idempotent: %q -> %q -> %q", c.css, out, again)
			}
		})
	}
}

// Block-list records a page's own sheet as it is: its words too.
func TestCSSUnknownWordsKeptInBlockList(t *testing.T) {
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		`a{hannelore-prop:quist;will-change:hannelore}`,
		`@media (hannelore:1){}@hannelore quist{}.h:lang(hannelore){}`,
	} {
		t.Run(src, func(t *testing.T) {
			if got := NewSession(set).css(src, false, false); got != src {
				t.Errorf("block-list changed %q into %q", src, got)
			}
		})
	}
}

// An unknown ::-webkit- pseudo-element keeps its prefix and masks the rest:
// Chrome accepts any such name (matching nothing) but drops a whole
// selector list holding an unknown pseudo-element, so a plain placeholder
// would lose the list's other selectors at replay. Masking again changes
// nothing.
func TestCSSWebkitPseudoElementKeepsList(t *testing.T) {
	s := NewSession(nil)
	h := s.authorName
	cases := []struct{ css, want string }{
		{`::-webkit-hannelore, p {}`, `::-webkit-` + h("hannelore") + `, p {}`},
		{`input::-WEBKIT-Quist4821, p {}`, `input::-webkit-` + h("quist4821") + `, p {}`},
		{`::-webkit-scrollbar-jane {}`, `::-webkit-` + h("scrollbar-jane") + ` {}`},
		{`::-webkit-\68 annelore {}`, `::-webkit-\*\*\*\*\*\*\*\*\* {}`},
		{`::-webkit-scrollbar-thumb, p {}`, `::-webkit-scrollbar-thumb, p {}`},
		{`:-webkit-hannelore, p {}`, `:` + h("-webkit-hannelore") + `, p {}`},
	}
	for _, c := range cases {
		t.Run(c.css, func(t *testing.T) {
			got := s.css(c.css, true, false)
			if got != c.want {
				t.Errorf("css(%q)\n got %q\nwant %q", c.css, got, c.want)
			}
			if again := s.css(got, true, false); again != got {
				t.Errorf("masking %q again gave %q", got, again)
			}
		})
	}
}
