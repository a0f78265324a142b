package config

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// referenceEndpoint is the check badEndpoint replaces, written with net/url;
// the two must answer alike for every string.
func referenceEndpoint(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return "must not contain spaces or control characters"
		}
	}
	if strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") {
		return "starts like a URL without a scheme; write https://host/path or a path on this site"
	}
	if strings.HasPrefix(s, "/") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "expected an absolute http(s) URL or a path starting with /"
	}
	if u.User != nil {
		return "must not contain credentials"
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return "must not contain a fragment"
	}
	return ""
}

var endpointCorpus = []string{
	"", "/", "/veil/ingest", "//x", "/\\x", "veil/ingest", "http", "http:", "https:", "http:x", "http:/x",
	"http://", "https:///x", "http://x", "https://collector.example/veil/ingest", "HTTPS://C.example/x",
	"hTtP://x/", "httpſ://x", "ftp://x/y", ":x", "https://x:8443/i", "https://x:/i", "https://:80/i",
	"https://x:80:90/", "https://x:8a/", "https://x::/", "https://a,b:1,c:2/", "https://u@x/", "https://u:p@x/",
	"https://@x/", "https://u@/x", "https://u%41@x/", "https://u%4@x/", "https://u%zz:p@x/", "https://ü@x/",
	"https://u p@x/", "https://a@b@x/", "https://u{@x/", "https://x/a%20b", "https://x/a%2", "https://x/%zz",
	"https://x/?q=%zz", "https://x/?q#", "https://x/#", "https://x/#f", "https://x/#%zz", "https://x/#a#b",
	"https://u:p@x/#f", "https://u:p@x/%zz", "https://x?y", "https://x?", "https://x#y", "https://x%41/",
	"https://x%C3%A9/", "https://x%25/", "https://x%2/", "https://xé/", "https://x{/", "https://x\\y/",
	"https://x|y/", "https://x<y>/", "https://x\"y/", "https://x]y/", "https://x[y/", "https://[::1]/",
	"https://[::1]:8443/", "https://[::1]x/", "https://[::1]:x/", "https://[::1/", "https://a[::1]/",
	"https://[::1]]/", "https://[1.2.3.4]/", "https://[::ffff:1.2.3.4]/", "https://[::ffff:1.2.3.04]/",
	"https://[::ffff:1.2.3.256]/", "https://[::ffff:1.2.3]/", "https://[1:2:3:4:5:6:1.2.3.4]/",
	"https://[1:2:3:4:5:6:7:1.2.3.4]/", "https://[1:2:3:4:5:1.2.3.4]/", "https://[1:2:3:4:5::1.2.3.4]/",
	"https://[::]/", "https://[:::]/", "https://[::1::]/", "https://[1::2::3]/", "https://[1:2:3:4:5:6:7:8]/",
	"https://[1:2:3:4:5:6:7:8:9]/", "https://[1:2:3:4:5:6:7::8]/", "https://[1:2:3:4:5:6:7]/",
	"https://[1:2:3:4:5:6::8]/", "https://[12345::]/", "https://[1:]/", "https://[:1]/", "https://[1::]/",
	"https://[fe80::1%25en0]/", "https://[fe80::1%25]/", "https://[fe80::1%en0]/", "https://[fe80::1%25%41]/",
	"https://[fe80::1%25%20x]/", "https://[fe80::1%25%C3]/", "https://[fe80::1%25é]/", "https://[fe80::1%25a{]/",
	"https://[fe80::1%25%25]/", "https://[%25en0]/", "https://[fe80::%C3%A9]/", "https://[]/", "https://[/",
	"https://[::1]:8443:1/", "https://[a.b::]/", "https://[::a.1.2.3]/", "https://[::1.2.3.4.5]/",
	"https://[::1..2.3]/", "https://[::.1.2.3]/", "https://[::12345.1.1.1]/", "https://[1.2::]/", "https://[ABCD::EF]/",
	"https://[g::1]/", "https://x/\xff", "https://\xff/", "https://u\xff@x/",
}

func TestBadEndpointMatchesNetURL(t *testing.T) {
	for _, s := range endpointCorpus {
		t.Run(s, func(t *testing.T) {
			assert.Equal(t, referenceEndpoint(s), badEndpoint(s))
		})
	}
}

func TestBadEndpointReasons(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://collector.example:8443/veil/ingest", ""},
		{"https://[fe80::1%25en0]:8443/i", ""},
		{"https://u:p@[::1]/", "must not contain credentials"},
		{"https://x/#", "must not contain a fragment"},
		{"https://x/#%zz", "expected an absolute http(s) URL or a path starting with /"},
		{"https://x:80:90/", "expected an absolute http(s) URL or a path starting with /"},
		{"https://[1.2.3.4]/", "expected an absolute http(s) URL or a path starting with /"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, badEndpoint(tc.in))
		})
	}
}

func FuzzBadEndpoint(f *testing.F) {
	for _, s := range endpointCorpus {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := badEndpoint(s), referenceEndpoint(s); got != want {
			t.Fatalf("badEndpoint(%q) = %q, net/url says %q", s, got, want)
		}
	})
}
