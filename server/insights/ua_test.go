package insights

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDeviceOf(t *testing.T) {
	for _, tc := range []struct {
		ua   string
		want Device
	}{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			Device{"chrome", "windows", Desktop}},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
			Device{"edge", "windows", Desktop}},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
			Device{"safari", "macos", Desktop}},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
			Device{"firefox", "linux", Desktop}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
			Device{"safari", "ios", Mobile}},
		{"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1",
			Device{"chrome", "ios", Tablet}},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
			Device{"chrome", "android", Mobile}},
		{"Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36",
			Device{"samsung", "android", Tablet}},
		{"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			Device{"chrome", "chromeos", Desktop}},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Device{"other", "other", Bot}},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
			Device{"chrome", "linux", Bot}},
		{"", Device{"other", "other", Unknown}},
		{"curl/8.5.0", Device{"other", "other", Unknown}},
		{strings.Repeat("Chrome/1 Windows ", 100), Device{"other", "other", Unknown}},
	} {
		t.Run(tc.ua, func(t *testing.T) { assert.Equal(t, tc.want, DeviceOf(tc.ua)) })
	}
}
