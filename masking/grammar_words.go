package masking

// Grammars of word-shaped values: language tags, MIME types, media queries,
// sizes, icon sizes, font families.

// validLang: a BCP 47 tag in the shapes pages use, language[-script]
// [-region][-variant…]: a 2–3 letter primary subtag, a 4-letter script, a
// 2-letter or 3-digit region, variants of 5–8 characters starting with a
// digit, or 4 starting with a digit ("1901"), or one langVariants names; at
// most 4 subtags and maxLangLen bytes. "x-default" (hreflang) is accepted.
// The shape is tight so that "Jane-Doe" is not a language, and a variant's
// shape holds any word of 5–8 letters ("de-hannelor", "en-quistjan"):
// only the registered ones read as a language.
func validLang(v string) bool {
	if len(v) > maxLangLen {
		return false
	}
	if v == "" || asciiEqualFold(v, "x-default") {
		return true
	}
	stage, n := 0, 0 // stage: 0 primary, 1 script, 2 region, 3 variants
	for i := 0; i <= len(v); {
		j := i
		for j < len(v) && v[j] != '-' {
			j++
		}
		sub := v[i:j]
		n++
		if n > 4 || !grAlnum(sub) {
			return false
		}
		switch {
		case stage == 0:
			if !grLetters(sub) || len(sub) < 2 || len(sub) > 3 {
				return false
			}
			stage = 1
		case stage == 1 && len(sub) == 4 && grInWords(langScripts, sub, false):
			stage = 2
		case stage <= 2 && (len(sub) == 2 && grLetters(sub) || len(sub) == 3 && grDigits(sub)):
			stage = 3
		case len(sub) >= 4 && len(sub) <= 8 && grDigit(sub[0]), grInWords(langVariants, sub, false):
			stage = 3
		default:
			return false
		}
		i = j + 1
	}
	return true
}

// langVariants are the registered variant subtags led by a letter that
// pages use (IANA's language subtag registry: orthographies, dialects,
// transcriptions).
const langVariants = "valencia rozaj biske nedis fonipa fonupa fonxsamp pinyin wadegile jyutping hepburn polyton monoton " +
	"scouse ulster oxendict ekavsk ijekavsk tarask aluku boont arevela arevmda gascon lemosin provenc nicard"

// langScripts are the ISO 15924 script subtags pages use: any four letters
// in that place would be a word of the page's (en-Jane, de-Anna).
const langScripts = "latn cyrl grek arab hebr hans hant hani deva beng jpan kore hang hira kana thai armn geor " +
	"ethi khmr mong tibt taml telu knda mlym gujr guru orya sinh laoo mymr syrc thaa cher copt brai tfng " +
	"vaii yiii cans adlm nkoo olck rohg java bali sund cakm bopo zyyy zxxx zmth zsym zinh zzzz"

// validLangList: comma-separated language tags (SVG systemLanguage).
func validLangList(v string) bool {
	if len(v) > 4*maxLangLen {
		return false
	}
	for i := 0; i <= len(v); {
		j := i
		for j < len(v) && v[j] != ',' {
			j++
		}
		if t := grTrim(v[i:j]); t == "" || !validLang(t) {
			return false
		}
		i = j + 1
	}
	return true
}

func grLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !grLetter(s[i]) {
			return false
		}
	}
	return true
}

func grDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !grDigit(s[i]) {
			return false
		}
	}
	return true
}

func grAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !grLetter(s[i]) && !grDigit(s[i]) {
			return false
		}
	}
	return true
}

// mimeTopTypes are the registered top-level media types.
const mimeTopTypes = "application audio font image message model multipart text video haptics"

// validMIME: type/subtype, the type registered, the subtype one mimeSubtypes
// names; then optionally a charset mimeCharset reads, and codecs, a codec
// id or a quoted comma-separated list of them (<source type='video/mp4;
// codecs="avc1.42E01E, mp4a.40.2"'>: without it a replay cannot pick the
// source). Any other parameter is refused. A subtype is open to anyone
// ("x-hannelore-quist", "vnd.jane-doe+json"), and so is a parameter's
// token: only the ones replays need are kept.
func validMIME(v string) bool {
	if len(v) > maxMIMELen {
		return false
	}
	slash := -1
	for i := 0; i < len(v); i++ {
		if v[i] == '/' {
			slash = i
			break
		}
	}
	if slash <= 0 || !grInWords(mimeTopTypes, v[:slash], false) {
		return false
	}
	i := scanMIMEToken(v, slash+1)
	if i == slash+1 || !grInWords(mimeSubtypes, v[slash+1:i], false) {
		return false
	}
	for i < len(v) {
		if i = grSkipSpace(v, i); i == len(v) || v[i] != ';' {
			return false
		}
		i = grSkipSpace(v, i+1)
		j := i
		for j < len(v) && grLetter(v[j]) {
			j++
		}
		codecs := asciiEqualFold(v[i:j], "codecs")
		if !codecs && !asciiEqualFold(v[i:j], "charset") || j == len(v) || v[j] != '=' {
			return false
		}
		if i = scanMIMEValue(v, j+1, codecs); i < 0 {
			return false
		}
	}
	return true
}

// mimeSubtypes are the subtypes of the media types pages name in type
// attributes: styles, scripts, documents, images, fonts, audio and video.
const mimeSubtypes = "css html plain javascript ecmascript json ld+json xml xhtml+xml svg+xml atom+xml rss+xml " +
	"manifest+json pdf zip octet-stream wasm csv calendar vtt markdown png jpeg jpg pjpeg gif webp avif apng " +
	"bmp x-icon vnd.microsoft.icon tiff heic heif jxl woff woff2 ttf otf sfnt collection font-woff x-font-woff " +
	"vnd.ms-fontobject mp4 webm ogg mpeg quicktime x-matroska 3gpp 3gpp2 mp2t x-m4v mp3 wav x-wav aac flac opus " +
	"x-m4a vnd.apple.mpegurl x-mpegurl dash+xml"

// scanMIMEToken returns the end of the token at v[i]: letters, digits and
// ".+-_", starting with a letter or digit. It returns i when there is none.
func scanMIMEToken(v string, i int) int {
	if i >= len(v) || !grLetter(v[i]) && !grDigit(v[i]) {
		return i
	}
	for i < len(v) && (grLetter(v[i]) || grDigit(v[i]) || v[i] == '.' || v[i] == '+' || v[i] == '-' || v[i] == '_') {
		i++
	}
	return i
}

// scanMIMEValue reads a parameter value at v[i], a token or a quoted list of
// tokens, and returns its end, or -1. Each token must read as a codec id
// (codecs) or a charset (mimeToken).
func scanMIMEValue(v string, i int, codecs bool) int {
	if i < len(v) && v[i] != '"' {
		if j := scanMIMEToken(v, i); j > i && mimeToken(v[i:j], codecs) {
			return j
		}
		return -1
	}
	for i++; i < len(v); {
		switch c := v[i]; {
		case c == '"':
			return i + 1
		case c == ',', c == ' ':
			i++
		default:
			j := scanMIMEToken(v, i)
			if j == i || !mimeToken(v[i:j], codecs) {
				return -1
			}
			i = j
		}
	}
	return -1
}

// mimeToken reports whether t is a codec id — one of mimeCodecs, or a
// sample entry of 2–5 characters with a digit ("avc1", "mp4a", "vp09",
// "ac-3") and its dotted parameters ("avc1.42E01E", "av01.0.04M.08") — or,
// when not codecs, a charset: one of mimeCharsets, or "iso-8859-" or
// "windows-" and digits.
func mimeToken(t string, codecs bool) bool {
	if !codecs {
		for _, p := range [...]string{"iso-8859-", "windows-"} {
			if len(t) > len(p) && asciiEqualFold(t[:len(p)], p) && grDigits(t[len(p):]) {
				return true
			}
		}
		return grInWords(mimeCharsets, t, false)
	}
	if grInWords(mimeCodecs, t, false) {
		return true
	}
	e := indexByte(t, '.')
	digit := false
	for k := 0; k < e; k++ {
		digit = digit || grDigit(t[k])
	}
	return e >= 2 && e <= 5 && digit
}

const (
	mimeCodecs   = "vorbis opus flac theora vp8 vp9 mp3 pcm alac speex"
	mimeCharsets = "utf-8 utf8 utf-16 utf-16le utf-16be us-ascii ascii latin1 shift_jis euc-jp euc-kr iso-2022-jp " +
		"gbk gb2312 gb18030 big5 koi8-r koi8-u"
)

// mediaWords are the media types, features, feature values and operators a
// media query may name.
const mediaWords = "all screen print speech tv handheld projection braille embossed tty aural " +
	"and or not only " +
	"width height min-width max-width min-height max-height aspect-ratio min-aspect-ratio max-aspect-ratio " +
	"device-width device-height min-device-width max-device-width min-device-height max-device-height " +
	"device-aspect-ratio min-device-aspect-ratio max-device-aspect-ratio orientation portrait landscape " +
	"resolution min-resolution max-resolution device-pixel-ratio min-device-pixel-ratio max-device-pixel-ratio " +
	"-webkit-device-pixel-ratio -webkit-min-device-pixel-ratio -webkit-max-device-pixel-ratio " +
	"-moz-device-pixel-ratio min--moz-device-pixel-ratio max--moz-device-pixel-ratio infinite " +
	"prefers-color-scheme light dark prefers-reduced-motion prefers-reduced-transparency prefers-reduced-data " +
	"reduce no-preference prefers-contrast more less custom forced-colors active none hover any-hover " +
	"pointer any-pointer fine coarse color min-color max-color color-index min-color-index max-color-index " +
	"color-gamut srgb p3 rec2020 display-mode fullscreen standalone minimal-ui browser picture-in-picture " +
	"window-controls-overlay monochrome min-monochrome max-monochrome grid scan interlace progressive " +
	"scripting enabled initial-only update fast slow inverted-colors inverted dynamic-range " +
	"video-dynamic-range high standard overflow-block overflow-inline scroll paged optional-paged " +
	"horizontal-viewport-segments vertical-viewport-segments"

// sizesWords are what the sizes attribute adds to media queries.
const sizesWords = "auto calc min max clamp"

// validMedia: a media query list of known words, numbers with units,
// parentheses, ':', ',', '/' (ratios) and the range operators '<', '>', '='.
// Strings, url() and at-rules are rejected.
func validMedia(v string) bool { return scanMediaLike(v, false) }

// validSizes: the sizes attribute, media conditions followed by lengths,
// which may use calc() and friends.
func validSizes(v string) bool { return scanMediaLike(v, true) }

func scanMediaLike(v string, sizes bool) bool {
	if len(v) > maxMediaLen {
		return false
	}
	depth := 0
	for i := 0; i < len(v); {
		c := v[i]
		switch {
		case c == '/' && i > 0 && v[i-1] == '/':
			return false // "//" starts a URL
		case isHTMLSpace(c), c == ':', c == ',', c == '/', c == '<', c == '>', c == '=':
			i++
		case c == '(':
			if depth++; depth > maxNesting {
				return false
			}
			i++
		case c == ')':
			if depth--; depth < 0 {
				return false
			}
			i++
		case startsNumber(v, i):
			// a length ends at punctuation or space: "10%20" is not two
			if i = scanLength(v, i); i < 0 || i < len(v) && (grLetter(v[i]) || grDigit(v[i]) || v[i] == '.') {
				return false
			}
		case sizes && (c == '+' || c == '*' || c == '-' && (i+1 == len(v) || isHTMLSpace(v[i+1]))):
			i++
		case grLetter(c), c == '-', c == '_':
			j := i + 1
			for j < len(v) && (grLetter(v[j]) || grDigit(v[j]) || v[j] == '-' || v[j] == '_') {
				j++
			}
			w := v[i:j]
			if !grInWords(mediaWords, w, false) && !(sizes && grInWords(sizesWords, w, false)) {
				return false
			}
			i = j
		default:
			return false
		}
	}
	return depth == 0
}

// validIconSizes: link sizes, "any" or space-separated WxH with 1–5 digit
// dimensions.
func validIconSizes(v string) bool {
	if len(v) > maxNumbersLen {
		return false
	}
	for i := grSkipSpace(v, 0); i < len(v); i = grSkipSpace(v, i) {
		j := i
		for j < len(v) && !isHTMLSpace(v[j]) {
			j++
		}
		if t := v[i:j]; !asciiEqualFold(t, "any") && !isIconSize(t) {
			return false
		}
		i = j
	}
	return true
}

func isIconSize(t string) bool {
	x := -1
	for i := 0; i < len(t); i++ {
		if t[i] == 'x' || t[i] == 'X' {
			x = i
			break
		}
	}
	return x > 0 && x <= 5 && len(t)-x-1 >= 1 && len(t)-x-1 <= 5 && grDigits(t[:x]) && grDigits(t[x+1:])
}

// validFontFamily: a comma-separated list of font family names, each
// unquoted words or one quoted name, of letters, digits, '-', '_', '.' and
// spaces. Font names are not personal (DESIGN §3); the tight alphabet keeps
// anything else out, and fewer than minDigitRun digits in all keep numbers
// out ("Mary 078 05 1120" is no font: real names carry a weight or a
// version, "Helvetica Neue LT 55", "Source Sans 3").
func validFontFamily(v string) bool {
	if len(v) > maxFontLen {
		return false
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		if grDigit(v[i]) {
			if digits++; digits >= minDigitRun {
				return false
			}
		}
	}
	for i := 0; i <= len(v); {
		j := i
		for j < len(v) && v[j] != ',' {
			j++
		}
		name := grTrim(v[i:j])
		if n := len(name); n >= 2 && (name[0] == '"' || name[0] == '\'') && name[n-1] == name[0] {
			name = name[1 : n-1]
		}
		if !grFontName(name) {
			return false
		}
		i = j + 1
	}
	return true
}

func grFontName(s string) bool {
	if grTrim(s) == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !grLetter(c) && !grDigit(c) && c != '-' && c != '_' && c != '.' && c != ' ' {
			return false
		}
	}
	return true
}
