package insights

import "strings"

// Device is the coarse device of a session: a browser family, an OS family
// and a class, each from a short fixed list, so a User-Agent's version
// numbers, build strings and device models (which narrow a visitor down)
// are never kept.
type Device struct {
	Browser string // chrome, edge, firefox, safari, opera, samsung, other
	OS      string // windows, macos, ios, android, linux, chromeos, other
	Class   string // desktop, tablet, mobile, bot, unknown
}

// Device classes.
const (
	Desktop = "desktop"
	Tablet  = "tablet"
	Mobile  = "mobile"
	Bot     = "bot"
	Unknown = "unknown"
)

// MaxUserAgent is the longest User-Agent read; a longer one is Unknown.
const MaxUserAgent = 1024

// DeviceOf classifies a User-Agent header. Anything it cannot place is
// "other" / Unknown; an empty or oversized header is Unknown.
func DeviceOf(ua string) Device {
	d := Device{Browser: "other", OS: "other", Class: Unknown}
	if ua == "" || len(ua) > MaxUserAgent {
		return d
	}
	l := strings.ToLower(ua)
	has := func(s string) bool { return strings.Contains(l, s) }
	switch {
	case has("edg/") || has("edga/") || has("edgios/"):
		d.Browser = "edge"
	case has("opr/") || has("opera"):
		d.Browser = "opera"
	case has("samsungbrowser/"):
		d.Browser = "samsung"
	case has("firefox/") || has("fxios/"):
		d.Browser = "firefox"
	case has("chrome/") || has("crios/") || has("chromium/"):
		d.Browser = "chrome"
	case has("safari/") && has("version/"):
		d.Browser = "safari"
	}
	switch {
	case has("iphone") || has("ipad") || has("ipod"):
		d.OS = "ios"
	case has("android"):
		d.OS = "android"
	case has("cros "):
		d.OS = "chromeos"
	case has("windows"):
		d.OS = "windows"
	case has("mac os x") || has("macintosh"):
		d.OS = "macos"
	case has("linux") || has("x11"):
		d.OS = "linux"
	}
	switch {
	case has("bot") || has("crawler") || has("spider") || has("headless") || has("slurp") || has("lighthouse"):
		d.Class = Bot
	case has("ipad") || has("tablet") || d.OS == "android" && !has("mobile"):
		d.Class = Tablet
	case has("mobi") || has("iphone") || has("ipod"):
		d.Class = Mobile
	case d.OS == "windows" || d.OS == "macos" || d.OS == "linux" || d.OS == "chromeos":
		d.Class = Desktop
	}
	return d
}

// The values Device's fields take: what a filter by device may name.
var (
	Browsers = []string{"chrome", "edge", "firefox", "safari", "opera", "samsung", "other"}
	OSes     = []string{"windows", "macos", "ios", "android", "linux", "chromeos", "other"}
	Classes  = []string{Desktop, Tablet, Mobile, Bot, Unknown}
)
