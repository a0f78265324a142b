//go:build !js

package e2e

import (
	"regexp"
	"strings"
	"testing"
)

// countLeaks counts the secrets in text (what the collector got, as the
// test reads it), logging each one found and the batch that carried it.
// The events' times are left out: a millisecond clock holds a short
// secret of digits ("4821") now and then.
func countLeaks(t *testing.T, s *site, text string, secrets ...string) int {
	t.Helper()
	text = eventTimes.ReplaceAllString(text, "")
	leaked := 0
	for _, secret := range secrets {
		if n := strings.Count(text, secret); n > 0 {
			t.Logf("%s at the collector %d times", secret, n)
			leaked += n
			logWhere(t, s, secret)
		}
	}
	return leaked
}

var eventTimes = regexp.MustCompile(`"timestamp":[0-9]+`)

// logWhere logs each request that holds secret, by seq, with what is
// around it: which batch carried it says which path of the recorder let
// it through.
func logWhere(t *testing.T, s *site, secret string) {
	for _, r := range s.Requests() {
		body := s.withoutPort(string(r.Body))
		i := strings.Index(body, secret)
		if i < 0 {
			continue
		}
		from, to := max(0, i-600), min(len(body), i+len(secret)+200)
		t.Logf("seq %s of %d bytes: …%s…", r.Query.Get("seq"), len(body), body[from:to])
	}
}
