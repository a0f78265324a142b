package masking

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// allowUTM allows the campaign parameters a site typically wants to see.
func allowUTM(name string) bool {
	return name == "utm_source" || name == "page"
}

func TestScrubURL(t *testing.T) {
	tests := []struct{ in, want string }{
		// Query values, fragments and credentials go; the rest stays.
		{"https://shop.example/cart?id=42&token=abc#pay", "https://shop.example/cart?id=&token="},
		{"https://user:pass@example.com:8443/a/b?x=1", "https://example.com:8443/a/b?x="},
		{"https://a@b@example.com/", "https://example.com/"},
		{"https://user%3Apass%40x@example.com/", "https://example.com/"},
		{"http://example.com/reset#token=s3cr3t", "http://example.com/reset"},
		{"HTTPS://Example.com/Path", "https://Example.com/Path"},
		{"https://[2001:db8::1]:8080/x?a=b", "https://[2001:db8::1]:8080/x?a="},
		{"wss://u:p@live.example/socket?session=1", "wss://live.example/socket?session="},
		{"ssh://git@host.example/repo", "ssh://host.example/repo"},
		// allowParams keep their value, matched on the decoded name.
		{"/p?utm_source=news&email=jane%40x.com", "/p?utm_source=news&email="},
		{"/p?utm%5Fsource=mail&page=2&x", "/p?utm%5Fsource=mail&page=2&"}, // a bare part is a value
		{"/list?a=1&&=2&b", "/list?a=&&=&"},
		// ';' separates parameters too, and matrix parameters in paths lose their values.
		{"/p?page=1;token=abc", "/p?page=1;token="},
		{"/p?token=abc;page=2&x=1", "/p?token=;page=2&x="},
		{"https://shop.example/app;jsessionid=ABC123/cart", "https://shop.example/app;jsessionid=/cart"},
		{"/a;x=1;page=3;y/b;z=9", "/a;x=;page=3;/b;z="},
		{"/a%3Ftoken=abc/b", "/a%3F"}, // an encoded delimiter ends the kept path
		{"/a%23frag;x=1", "/a%23"},
		{"//h.example/?eyJhbGciOiJ9&a=1", "//h.example/?&a="},
		{"/a;", "/a;"},
		// Relative forms.
		{"/a?b=c", "/a?b="},
		{"a.png", "a.png"},
		{"../img/a.png?v=3#x", "../img/a.png?v="},
		{"//cdn.example/x?sig=1", "//cdn.example/x?sig="},
		{"//user:pw@cdn.example/x", "//cdn.example/x"},
		{"///user:pw@cdn.example/x", "///cdn.example/x"},
		{`\\user:pw@cdn.example\x`, "//cdn.example/x"},
		{"?q=1", "?q="},
		{"#section", ""},
		{`//@\ 0`, aboutBlank},
		{"a:///@", "a:///@"},
		{"https://user@/x", aboutBlank},
		{"0 #x", "0"},
		{"", ""},
		{"  \t/a?b=1\n ", "/a?b="},
		{"/pa\nth?to\tken=1", "/path?token="},
		{"user@example.com", "user@example.com"},
		// Script URLs, in any case and with what browsers ignore inside.
		{"javascript:alert(1)", aboutBlank},
		{" JaVaScRiPt:alert(1)", aboutBlank},
		{"java\tscr\nipt:alert(1)", aboutBlank},
		{"\x01javascript:alert(1)", aboutBlank},
		{"vbscript:msgbox", aboutBlank},
		// data: keeps only harmless media types, never the payload.
		{"data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,"},
		{"data:IMAGE/SVG+XML,<svg>Jane</svg>", "data:image/svg+xml,"},
		{"data:image/png;name=passport.png;base64,AAAA", "data:image/png;base64,"},
		{"data:font/woff2;base64,d09G", "data:font/woff2;base64,"},
		{"data:text/css,body{}", "data:text/css,"},
		{"data:text/html,<h1>Jane</h1>", aboutBlank},
		{"data:application/pdf;base64,JVBER", aboutBlank},
		{"data:image/png", aboutBlank},
		{"data:image/png#,x", aboutBlank},
		{"blob:https://example.com/550e8400-e29b", "blob:"},
		// Opaque URLs keep only their scheme: their path is the personal part.
		{"mailto:jane@example.com?subject=hi", "mailto:"},
		{"tel:+15551234567", "tel:"},
		{"user:pass@example.com/x", "user:"},
		{"about:blank", "about:blank"},
		{"about:srcdoc#x", "about:srcdoc"},
		{"about:config", aboutBlank},
		// What cannot be parsed with certainty is dropped.
		{"https://host%40evil.example/", aboutBlank},
		{"https://exa mple.com/", aboutBlank},
		{"https://example.com:80x/", aboutBlank},
		{"https://[::1/", aboutBlank},
		{"https:?a=1", aboutBlank},
		{"http://", aboutBlank},
		{"file:///C:/x?y=1", "file:///C:/x?y="},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			got := scrubURL(tc.in, allowUTM)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, got, scrubURL(got, allowUTM), "not idempotent")
		})
	}
}

func TestScrubURLNilAllowParam(t *testing.T) {
	assert.Equal(t, "/p?utm_source=", scrubURL("/p?utm_source=news", nil))
}

func Example_scrubURL() {
	allow := func(name string) bool { return name == "lang" }
	fmt.Println(scrubURL("https://jane:pw@example.com/orders?id=42&lang=en#invoice", allow))
	// Output: https://example.com/orders?id=&lang=en
}

func TestURLPathStart(t *testing.T) {
	cases := []struct {
		in   string
		want string // the part the detectors read
	}{
		{"http://127.0.0.1:8080/orders/123456", "/orders/123456"},
		{"https://shop.example", ""},
		{"//cdn.example/a/123456", "/a/123456"},
		{"/orders/123456?x=", "/orders/123456?x="},
		{"orders/123456", "orders/123456"},
		{"mailto:", ""},
		{"about:blank", "blank"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := c.in[urlPathStart(c.in):]; got != c.want {
				t.Errorf("path part %q, want %q", got, c.want)
			}
		})
	}
	s := NewSession(nil)
	if got := s.url("http://127.0.0.1:8080/orders/12345678?t=1"); got != "http://127.0.0.1:8080/orders/********?t=" {
		t.Errorf("url = %q: the host stays, the path's account number is masked", got)
	}
}

// TestURLHost: the host name the detectors read, without port or
// credentials; none for IP addresses and relative URLs.
func TestURLHost(t *testing.T) {
	for _, c := range []struct{ u, want string }{
		{"https://415-555-2671.voicemail.example", "415-555-2671.voicemail.example"},
		{"https://shop.example:8443", "shop.example"},
		{"https://user@shop.example", "shop.example"},
		{"//cdn.example", "cdn.example"},
		{"http://127.0.0.1:8080", ""},
		{"http://[::1]:8080", ""},
		{"mailto:", ""},
		{"", ""},
	} {
		h, e := urlHost(c.u)
		assert.Equal(t, c.want, c.u[h:e], "%q", c.u)
	}
}
