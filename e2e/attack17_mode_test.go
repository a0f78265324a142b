//go:build !js

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A standards-mode page whose DOCTYPE a script removed before the snapshot:
// the engine, seeing no DOCTYPE when the first element arrived, took the
// document for quirks mode and matched the allow rules' class and id
// selectors case-insensitively, revealing class="pub" and id="head" that
// the browser's .Pub and #Head never match. Only the heading the rules
// name may be revealed.
func TestAttack17DocumentMode(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": [".Pub", "#Head"]}}`)
	openRecorded(t, b, s, "/pages/attack17-quirks.html")
	require.Equal(t, "CSS1Compat", eval[string](t, b, `document.doctype === null && document.compatMode`))
	require.Equal(t, 1, eval[int](t, b, `document.querySelectorAll('.Pub, #Head').length`), "the browser matches the heading only")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	sent := s.Sent()
	assert.Contains(t, sent, "PUBLIC-A17-HEADING", "the allowed heading")
	assert.Zero(t, countLeaks(t, s, sent, "AP-QUIRKCLASS-01", "AP-QUIRKID-02"), "secrets at the collector")
}

// The other way round: a quirks-mode page into which a script put a DOCTYPE
// that means no-quirks (<!DOCTYPE html SYSTEM "about:legacy-compat">) before
// the snapshot. The browser's .Secret and #Card match class="secret" and
// id="card"; block-list's mask rules must mask what they match.
func TestAttack17QuirksKept(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list", "mask": [".Secret", "#Card"]}}`)
	openRecorded(t, b, s, "/pages/attack17-quirks-in.html")
	require.Equal(t, "BackCompat", eval[string](t, b, `document.doctype !== null && document.compatMode`))
	require.Equal(t, 2, eval[int](t, b, `document.querySelectorAll('.Secret, #Card').length`), "the browser matches both")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	sent := s.Sent()
	assert.Contains(t, sent, "PUBLIC-A17-HEADING", "block-list records the heading")
	assert.Zero(t, countLeaks(t, s, sent, "AX-QUIRKMASK-03", "AX-QUIRKMASK-04"), "secrets at the collector")
}

// A standards-mode page whose DOCTYPE a script replaced with one that
// would select quirks mode (HTML 3.2): the document stays in standards
// mode, but the engine read the DOCTYPE written and took it for quirks,
// matching the allow rules .Pub and #Head case-insensitively. Only the
// heading the rules name may be revealed.
func TestAttack17DoctypeReplaced(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": [".Pub", "#Head"]}}`)
	openRecorded(t, b, s, "/pages/attack17-quirks-replaced.html")
	require.Equal(t, "CSS1Compat", eval[string](t, b, `document.doctype.publicId !== '' && document.compatMode`))
	require.Equal(t, 1, eval[int](t, b, `document.querySelectorAll('.Pub, #Head').length`), "the browser matches the heading only")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	sent := s.Sent()
	assert.Contains(t, sent, "PUBLIC-A17-HEADING", "the allowed heading")
	assert.Zero(t, countLeaks(t, s, sent, "AP-QUIRKCLASS-15", "AP-QUIRKID-16"), "secrets at the collector")
}
