package masking

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A second reading of the handles and profile links of pii_handles.go,
// for referenceScrubPII: regular expressions tried at every '@' and host.
var (
	refHandle        = regexp.MustCompile(`^@[A-Za-z0-9_][A-Za-z0-9_.\x00-\x08\x0e-\x1f\x7f-]*`)
	refProfileHosts  = strings.Split(strings.TrimSuffix(profileHosts, "|"), "|")
	refProfileHandle = regexp.MustCompile(`^[A-Za-z0-9_.%-]{2,}`)
	refQuotedAt      = regexp.MustCompile(`^[")].{0,2}[@#%*\x{80}-\x{10FFFF}]`)
	// what may open the quotes or the comment before the '@', nearest first
	refOpenedBefore = map[byte]*regexp.Regexp{
		'"': regexp.MustCompile(`(?:["%#]|[^\x00-\x7f])[^"%#@|\x{80}-\x{10FFFF}]*$`),
		')': regexp.MustCompile(`(?:[(%#]|[^\x00-\x7f])[^()%#@|\x{80}-\x{10FFFF}]*$`),
	}
	refHandleDigits = regexp.MustCompile(`^ ([0-9]{2,4})(?:[^0-9A-Za-z]|$)`)
	refNotPeople    = regexp.MustCompile(`^(?i:media|import|font-face|keyframes|supports|charset|page|layer|container|property|namespace|apply|tailwind)$`)
)

var (
	refENS     = regexp.MustCompile(`[.-]*([A-Za-z0-9_\x{80}-\x{10FFFF}][A-Za-z0-9_.\x{80}-\x{10FFFF}-]*)?$`)
	refENSByte = regexp.MustCompile(`^[A-Za-z0-9_.\x{80}-\x{FFFD}-]`)
	// a subdomain handle: the run before the host, its leading '.' and '-' left out
	refSubdomain     = regexp.MustCompile(`[.-]*([A-Za-z0-9_][A-Za-z0-9_.-]*)?$`)
	refSubdomainByte = regexp.MustCompile(`^[A-Za-z0-9_.-]`)
)

func refMarkHandles(s string, mark func(start, end int)) {
	for i := 0; i < len(s); i++ {
		free := i == 0 || !isRefAlnum(s[i-1]) && s[i-1] < 0x80 && !strings.ContainsRune("._-+%*", rune(s[i-1]))
		if m := refHandle.FindString(s[i:]); free && m != "" {
			h := strings.TrimRight(m[1:], ".-")
			end := i + 1 + len(h)
			if len(h) >= 3 && len(h) <= 30 && strings.ContainsAny(strings.ToLower(h), "abcdefghijklmnopqrstuvwxyz") &&
				(i+len(m) == len(s) || s[i+len(m)] != '*') && !refNotPeople.MatchString(h) && !(refQuotedAt.MatchString(s[end:]) && refOpenedBefore[s[end]].MatchString(s[max(0, i-70):i])) && !(strings.Contains(h, ".") && refTLDs[strings.ToLower(h[strings.LastIndexByte(h, '.')+1:])]) && (end == len(s) || s[end] != ':' && s[end] != '*' && s[end] < 0x80) {
				// a handle of 3 bytes, masked four '*', takes 2 to 4 digits
				// after a space ("**** **** 00" would be a card's last digits)
				if d := refHandleDigits.FindStringSubmatch(s[end:]); len(h) == 3 && d != nil {
					end += 1 + len(d[1])
				}
				mark(i, end)
			}
		}
		// an ENS name: a run of name bytes and dots before ".eth" that ends
		// a word, its last label of 3 bytes or more, not after an '@'
		if len(s)-i < 4 || !strings.EqualFold(s[i:i+4], ".eth") || len(s) > i+4 && refENSByte.MatchString(s[i+4:i+5]) && s[i+4] != '.' {
			// no ".eth" that ends a word here
		} else if m := refENS.FindStringSubmatchIndex(s[:i]); m != nil && m[2] >= 0 && m[2] < m[3] && i-m[0] <= 64 && (m[0] == 0 || s[m[0]-1] != '@') {
			if last := strings.LastIndexByte(s[m[2]:i], '.'); i-m[2]-last-1 >= 3 && last >= 0 || last < 0 && i-m[2] >= 3 {
				mark(m[2], i+4)
			}
		}
		// a handle before a host that gives each person a subdomain
		for _, suf := range strings.Fields(profileSuffixes) {
			if len(s)-i >= len(suf) && refASCIILower(s[i:i+len(suf)]) == suf && (len(s) == i+len(suf) || !refSubdomainByte.MatchString(s[i+len(suf):i+len(suf)+1]) || s[i+len(suf)] == '.') {
				if m := refSubdomain.FindStringSubmatchIndex(s[:i]); m != nil && m[2] < m[3] && i-m[0] <= 64 && !strings.EqualFold(s[m[2]:m[3]], "www") && (m[0] == 0 || s[m[0]-1] != '@') {
					mark(m[2], i)
				}
			}
		}
		if i > 0 && (isRefLetter(s[i-1]) || s[i-1] == '-') {
			continue // a digit does not hide a host: masking makes it a '*'
		}
		for _, host := range refProfileHosts {
			if len(s)-i >= len(host) && refASCIILower(s[i:i+len(host)]) == host {
				if m := refProfileHandle.FindString(s[i+len(host):]); m != "" {
					mark(i+len(host), i+len(host)+len(m))
					break
				}
			}
		}
	}
}

// TestScrubPIIHandles pins the handles and profile links, each by the
// input it reads, and what stays in clear around them.
func TestScrubPIIHandles(t *testing.T) {
	for in, want := range map[string]string{
		"Follow @jfaraday":                      "Follow *********",
		"Twitter: @jfaraday":                    "Twitter: *********",
		"Signal: @jfaraday.01":                  "Signal: ************",
		"(@hanni_q)":                            "(********)",
		"@jfaraday.":                            "*********.",
		"@jane@mastodon.social":                 "*********************",
		"linkedin.com/in/hannelore-quist":       "linkedin.com/in/***************",
		"https://www.LinkedIn.com/in/hquist/":   "https://www.LinkedIn.com/in/******/",
		"github.com/jfaraday/dotfiles":          "github.com/********/dotfiles",
		"instagram.com/hanni.quist":             "instagram.com/***********",
		"t.me/jfaraday":                         "t.me/********",
		"x.com/jfaraday":                        "x.com/********",
		"/@jfaraday":                            "/*********",
		"Handy: 01710171t.me/jfaraday":          "Handy: ********t.me/********", // after a masked run (fuzzing)
		"10.0.0.12linkedin.com/in/hquist":       "*********linkedin.com/in/******",
		"@jfaraday-********":                    "@jfaraday-********",      // a '*' after its '-' stood for more of it (fuzzing)
		"\"@00A\"******":                        "\"@00A\"******",          // "\"@00A\"0#0.AA" masked: still left to the e-mail rules (fuzzing)
		"@jfaraday\"@example.com":               "*********\"@example.com", // nothing before it opens quotes (fuzzing)
		"\"@jfaraday\"@example.com":             "***********************", // a quoted local part may hold an '@' (fuzzing)
		"@00A\x0000":                            "*******",                 // a control the reading leaves out goes on with it (fuzzing)
		"Follow @jfa\x7fraday":                  "Follow **********",
		"@A00 @A00 00":                          "**** *******", // masked, "**** **** 00" would be a card's last digits (fuzzing)
		"see hquist.github.io for more":         "see ******.github.io for more",
		"hannelore.substack.com":                "*********.substack.com",
		"Blog: blog.t-blackwood.WordPress.com/": "Blog: ****************.WordPress.com/",
		"Bluesky hanni.bsky.social":             "Bluesky *****.bsky.social",
		// what stays: the host's own, a longer host
		"www.tumblr.com":           "www.tumblr.com",
		"see .github.io":           "see .github.io",
		"pages.github.community":   "pages.github.community",
		"jane@hquist.substack.com": "************************", // the e-mail rules read it
		// what stays
		"jane@example.com":      "****************",
		"use @media to size it": "use @media to size it",
		"@container queries":    "@container queries",
		"@lg:flex":              "@lg:flex",
		"meet @ 5pm":            "meet @ 5pm",
		"@ab":                   "@ab",
		"@123456":               "@******",
		"fedex.com/track":       "fedex.com/track",
		"github.com/":           "github.com/",
		"see x.com/ for more":   "see x.com/ for more",
		"icon-@2x":              "icon-@2x",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
		})
	}
}

// refASCIILower folds ASCII capitals only, as HTML compares names.
func refASCIILower(s string) string {
	b := []byte(s)
	for k, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[k] = c + 0x20
		}
	}
	return string(b)
}

// TestScrubPIIENSNames pins ENS names, each by the input it reads, and the
// words with "eth" in them that stay.
func TestScrubPIIENSNames(t *testing.T) {
	for in, want := range map[string]string{
		"Send to hannelore.eth now": "Send to ************* now",
		"pay.quist.eth":             "*************",
		"vitalik.eth.limo":          "***********.limo",
		"🦊🦊.eth":                    "******",
		"Pay 0.5 ETH":               "Pay 0.5 ETH",
		"the.ethereum foundation":   "the.ethereum foundation",
		"eth0 is up":                "eth0 is up",
		"ab.eth":                    "ab.eth",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
		})
	}
}
