package masking

import "strings"

// People in URL paths. A profile, a patient's chart or a customer's record is
// named by the path segment after the word that says whose it is
// ("/users/hannelore-quist/orders", "/in/hannelore-quist", "/patients/hq-1984")
// or by a handle ("/@jfaraday", "/~hquist/"). The page's own URL keeps its
// path in every mode, and a link's path wherever links are kept, so the name
// went out in clear; no detector can tell a name from a word there. A URL
// that navigates (navURL) is shown, never fetched, by a replay: such a
// segment is masked whatever it holds, but for a few words of the site's own
// ("/users/new", "/profile/edit") that keep the page list readable. Resource
// URLs (an avatar's path) are left alone: the replay fetches them.

// personWords name whose the next segment is.
const personWords = "u user users in profile profiles people person member members customer customers client clients " +
	"patient patients employee employees staff author authors contact contacts student students " +
	"citizen citizens applicant applicants candidate candidates " +
	"kunde kunden benutzer nutzer mitglied mitglieder patienten cliente clientes usuario usuarios paciente pacientes " +
	"utilisateur utilisateurs membre membres utente utenti klant klanten gebruiker gebruikers"

// siteWords are the segments after a person word that name no one.
const siteWords = "new edit me self settings search list all index login logout signup register dashboard home show view details overview"

// maskPersonSegments masks, in the path of URL u that starts at byte from,
// every segment that follows a person word and every handle's name, and
// reports how many it masked. It returns u itself when there is none.
// Masking writes '*', which no word holds, so masking again finds the
// same segments.
func maskPersonSegments(u string, from int) (string, int) {
	end := len(u)
	if i := strings.IndexAny(u[from:], "?#"); i >= 0 {
		end = from + i
	}
	var b []byte
	hits := 0
	person := false
	mask := func(i, j int) {
		if strings.Trim(u[i:j], "*") == "" {
			return // masked already (a detector's match): no new hit
		}
		if b == nil {
			b = []byte(u)
		}
		for k := i; k < j; k++ {
			b[k] = maskChar
		}
		hits++
	}
	for i := from; i < end; {
		if u[i] == '/' {
			i++
			continue
		}
		j := i
		for j < end && u[j] != '/' {
			j++
		}
		seg := u[i:j]
		if k := strings.IndexByte(seg, ';'); k >= 0 {
			seg = seg[:k] // matrix parameters: the query scrub's
		}
		switch {
		case len(seg) > 1 && (seg[0] == '@' || seg[0] == '~'):
			mask(i+1, i+len(seg))
		case person && !grInWords(siteWords, seg, false):
			mask(i, i+len(seg))
		}
		person = grInWords(personWords, seg, false)
		i = j
	}
	if b == nil {
		return u, 0
	}
	return string(b), hits
}

// sheetURL is a stylesheet link's URL where the node's URLs are masked
// (mask-all, allow-list outside what the rules reveal), kept (scrubbed) so
// that a replay keeps its styling. A member's own theme is served under
// their profile ("/users/hannelore-quist/theme.css", "/~hquist/site.css"):
// the segment that names whose it is goes as in a link. The recorder
// inlines a same-origin sheet's text, so a replay seldom fetches the path;
// a content hash in it is no person's and stays.
func (s *Session) sheetURL(v string) string {
	return s.maskPeople(s.url(v))
}

// maskPeople masks the segments of scrubbed URL u's path that name a person
// (maskPersonSegments) and the handle of a profile host or of a person's own
// subdomain (maskProfileHandle: "https://hquist.github.io/theme.css",
// "https://github.com/jfaraday/…/a.css"), and counts them.
func (s *Session) maskPeople(u string) string {
	u, people := maskPersonSegments(u, urlPathStart(u))
	u, profile := maskProfileHandle(u)
	s.stats.PII += people + profile
	return u
}

// maskProfileHandle masks the handle a profile link's path starts with
// ("https://github.com/jfaraday", "https://t.me/hquist"), as the text
// detectors mask it in prose (profileHosts): the segment names no one by
// its own words, its host says whose it is, and the URL detectors read
// paths without their host. It reports how many it masked.
func maskProfileHandle(u string) (string, int) {
	i := urlPathStart(u)
	st, e := profileSubdomain(u, i)
	if e <= st && i < len(u) && u[i] == '/' {
		st, e = profileSegment(u, i)
	}
	if e <= st {
		st, e = repoOwner(u, i)
	}
	if e <= st {
		return u, 0
	}
	return u[:st] + strings.Repeat(string(maskChar), e-st) + u[e:], 1
}

// profileSuffixes are the hosts under which a person's handle is a
// subdomain: a blog or a site of one's own ("hquist.github.io").
const profileSuffixes = ".github.io .gitlab.io .substack.com .tumblr.com .wordpress.com .blogspot.com .bsky.social .medium.com"

// profileSubdomain returns the start and end of the handle in the host of
// URL u, whose path starts at byte end: the labels before a suffix of
// profileSuffixes (but "www"), or equal values when there is none.
func profileSubdomain(u string, end int) (int, int) {
	st := strings.Index(u[:end], "//")
	if st < 0 {
		return 0, 0
	}
	st += 2
	if at := strings.LastIndexByte(u[st:end], '@'); at >= 0 {
		st += at + 1 // credentials, scrubbed already
	}
	host := u[st:end]
	if c := strings.IndexByte(host, ':'); c >= 0 {
		host = host[:c]
	}
	for rest := profileSuffixes; rest != ""; {
		suf, more, _ := strings.Cut(rest, " ")
		rest = more
		if len(host) > len(suf) && asciiEqualFold(host[len(host)-len(suf):], suf) {
			h := host[:len(host)-len(suf)]
			if asciiEqualFold(h, "www") || strings.Trim(h, "*") == "" {
				return 0, 0
			}
			return st, st + len(h)
		}
	}
	return 0, 0
}

// repoHosts serve files out of someone's repository, whose owner (a
// person's handle, as often as not) is the path's segment after the
// prefix: "https://cdn.jsdelivr.net/gh/jfaraday/theme/a.css". A package's
// scope ("/npm/@hquist/ui") is a handle already (maskPersonSegments).
const repoHosts = "cdn.jsdelivr.net/gh/ fastly.jsdelivr.net/gh/ gcore.jsdelivr.net/gh/ testingcf.jsdelivr.net/gh/ " +
	"cdn.statically.io/gh/ cdn.statically.io/gl/ cdn.statically.io/bb/ esm.sh/gh/ raw.githubusercontent.com/ " +
	"gist.githubusercontent.com/ raw.githack.com/ rawcdn.githack.com/ cdn.rawgit.com/ rawgit.com/ " +
	"bitbucket.org/ codeberg.org/ gitee.com/"

// repoOwner returns the start and end of the owner's segment in URL u
// whose path starts at byte path, on a host of repoHosts (its port aside),
// or equal values.
func repoOwner(u string, path int) (int, int) {
	st := strings.Index(u[:path], "//")
	if st < 0 {
		return 0, 0
	}
	host := u[st+2 : path]
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	if c := strings.IndexByte(host, ':'); c >= 0 {
		host = host[:c]
	}
	for rest := repoHosts; rest != ""; {
		p, more, _ := strings.Cut(rest, " ")
		rest = more
		h := strings.IndexByte(p, '/')
		if !asciiEqualFold(host, p[:h]) || !hasFoldPrefix(u[path:], p[h:]) {
			continue
		}
		k := path + len(p) - h
		e := k
		for e < len(u) && indexByte("/?#", u[e]) == 3 {
			e++
		}
		if strings.Trim(u[k:e], "*") == "" {
			return 0, 0
		}
		return k, e
	}
	return 0, 0
}
