//go:build !js

package e2e

import (
	"context"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const matrixPage = "testdata/matrix/vectors.html"

// cssomProbe is the rule vectors.html inserts, as a StyleSheetRule event
// carries it: its class in clear (block-list) or as a placeholder.
var cssomProbe = regexp.MustCompile(`"rule":"\.(cssom-probe|h[bcdfghjklmnpqrst]{16})::before`)

// Secrets the test itself puts into the page: typed, pasted, chosen as a
// file, or carried in the page's URL. The page's own secrets are read from
// its source (every MX-… string), so adding a vector there adds a check.
var drivenSecrets = []string{
	"MX-TYPED-02", "MX-PASTE-03", "MX-PASTEAREA-63", "MX-TATYPED-07", "MX-FILE-15",
	"MX-PASS-16", "MX-PASSTOG-17", "MX-EDIT-49", "MX-URLQ-33", "MX-URLF-34",
	"MX-MISTYPE-70", "MX-PWBTN-71", "MX-CEOFF-72",
}

var secretPattern = regexp.MustCompile(`MX-[A-Z]+-[0-9]+`)

// matrixModes are the three recording modes with the same hideInteractions
// keypad and blocked area. allow-list and block-list also try to allow
// controls under the hard floor (password, card number, hidden input): the
// floor must win.
var matrixModes = []struct {
	name   string
	config string
	// want appear in the recording, wantNot must not (public text a mode
	// masks), beside the secrets nothing may leak.
	want, wantNot []string
}{
	{
		name: "mask-all",
		config: `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all",
			"block": [".blocked"], "hideInteractions": ["#keypad"]}}`,
		wantNot: []string{"PUBLIC-BLOCKLIST-TEXT", "PUBLIC-ALLOWED-TEXT", "Continue"},
	},
	{
		name: "allow-list",
		config: `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list",
			"allow": ["#allowed", "#pw", "#cc", "#hidden", "#file"], "block": [".blocked"], "hideInteractions": ["#keypad"]}}`,
		want:    []string{"PUBLIC-ALLOWED-TEXT"},
		wantNot: []string{"PUBLIC-BLOCKLIST-TEXT", "Continue"},
	},
	{
		name: "block-list",
		config: `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list",
			"mask": [".private", "title", "style"], "block": [".blocked"], "allow": ["#pw", "#cc", "#hidden", "#file"],
			"hideInteractions": ["#keypad"]}}`,
		want: []string{"PUBLIC-BLOCKLIST-TEXT", "PUBLIC-ALLOWED-TEXT", "Continue"},
	},
}

// Every leak vector of DESIGN.md §5 on one page, driven with real key
// events, clicks, a paste, a file choice and script mutations, under each
// mode. Nothing secret may reach the collector; what the mode records must.
func TestPrivacyMatrix(t *testing.T) {
	source, err := os.ReadFile(matrixPage)
	require.NoError(t, err)
	secrets := append(secretPattern.FindAllString(string(source), -1), drivenSecrets...)
	require.Greater(t, len(secrets), 50, "secrets found in %s", matrixPage)

	upload := filepath.Join(t.TempDir(), "MX-FILE-15.txt")
	require.NoError(t, os.WriteFile(upload, []byte("statement"), 0o600))

	for _, mode := range matrixModes {
		t.Run(mode.name, func(t *testing.T) {
			s := newPagesSite(t, mode.config)
			b := newBrowser(t)
			b.do(t, chromedp.Navigate(s.URL+"/matrix/vectors.html?token=MX-URLQ-33#MX-URLF-34"))
			b.waitFor(t, `window.veil && veil.status().state === "recording"`)
			eventually(t, "a full snapshot at the collector", func() bool {
				return strings.Contains(s.All(), `"type":2,`)
			})
			drive(t, b, upload)
			eval[bool](t, b, `veil.flush().then(() => true)`)
			// The last action was a click outside the keypad: once it has
			// arrived, everything before it has too.
			log := eval[clickLog](t, b, `window.clickLog`)
			require.Len(t, log.Keypad, 4, "clicks on the keypad")
			require.NotEmpty(t, log.Other)
			last := log.Other[len(log.Other)-1]
			eventually(t, "the click on Continue at the collector", func() bool {
				for _, c := range clicks(t, collectedEvents(t, s)) {
					if near(c, last) {
						return true
					}
				}
				return false
			})

			st := eval[status](t, b, `veil.status()`)
			require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
			assert.Zero(t, st.Dropped)

			all := s.All()
			lower := strings.ToLower(all)
			for _, secret := range secrets {
				absent(t, lower, strings.ToLower(secret), "secret leaked")
			}
			absent(t, lower, "mx-", "part of a secret leaked")
			for _, w := range mode.want {
				assert.True(t, strings.Contains(all, w), "%q is not in the recording, but %s records it", w, mode.name)
			}
			for _, w := range mode.wantNot {
				absent(t, all, w, "public text that "+mode.name+" masks")
			}
			assert.True(t, strings.Contains(all, `"*****"`), "masked input values are missing")
			assert.True(t, strings.Contains(all, strings.Repeat("*", len("MX-TEXT-01"))), "masked text of the same length is missing")
			absent(t, all, "data:image", "canvas pixels")
			// The URL change by pushState is recorded, its query and
			// fragment scrubbed.
			assert.True(t, strings.Contains(all, "/matrix/next"), "the pushState navigation is not in the recording")

			// No press, release, click or pointer move over the keypad:
			// its positions would spell the PIN.
			events := collectedEvents(t, s)
			for _, c := range append(interactions(t, events), movePositions(t, events)...) {
				for _, k := range log.Keypad {
					assert.False(t, near(c, k), "an interaction (type %d) over the hideInteractions keypad was recorded at %v,%v", c.Type, c.X, c.Y)
				}
			}
			// CSSOM: the inserted rule must be recorded (structure kept,
			// strings and URLs masked), not merely left out. A page's own
			// sheet names no structural class: in mask-all and allow-list
			// the class is its placeholder.
			assert.Regexp(t, cssomProbe, all, "the rule added with insertRule is not in the recording: the recorder does not record CSSOM insertRule")
		})
	}
}

// clickLog is what the page's own click listener saw, in client
// coordinates: clicks on the keypad and everywhere else.
type clickLog struct {
	Keypad [][2]float64 `json:"keypad"`
	Other  [][2]float64 `json:"other"`
}

// near says whether a recorded interaction is at a logged click position;
// the recorder may round fractional client coordinates.
func near(c incremental, at [2]float64) bool {
	return math.Abs(c.X-at[0]) < 1 && math.Abs(c.Y-at[1]) < 1
}

// absent fails the test if needle occurs in haystack, showing where,
// without dumping the whole recording.
func absent(t *testing.T, haystack, needle, what string) {
	t.Helper()
	i := strings.Index(haystack, needle)
	if i < 0 {
		return
	}
	from, to := max(0, i-160), min(len(haystack), i+len(needle)+40)
	t.Errorf("%s: %q found in the recording: …%s…", what, needle, haystack[from:to])
}

// drive does to the page what a person and the page's own scripts would.
func drive(t *testing.T, b *browser, upload string) {
	t.Helper()
	b.do(t,
		chromedp.SendKeys("#typed", "MX-TYPED-02"),
		chromedp.SendKeys("#ta", " MX-TATYPED-07"),
		chromedp.SendKeys("#pw", "MX-PASS-16"),
	)
	// "Show password": the field becomes text and gets more typing.
	eval[bool](t, b, `(document.getElementById("pw").type = "text", true)`)
	b.do(t,
		chromedp.SendKeys("#pw", "MX-PASSTOG-17"),
		chromedp.SendKeys("#edit", "MX-EDIT-49"),
		chromedp.Focus("#pasted"),
		// A paste through the browser's own text insertion path.
		func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "MX-PASTE-03"})
			return chromedp.Void{}, err
		},
		chromedp.SetUploadFiles("#file", []string{upload}),
		chromedp.Click("#radio"),
		chromedp.Click("#check"),
	)
	require.True(t, eval[bool](t, b, `(() => {
		const ta = document.getElementById("pastearea");
		ta.focus();
		const dt = new DataTransfer();
		dt.setData("text/plain", "MX-PASTEAREA-63");
		ta.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		return ta.value === "MX-PASTEAREA-63";
	})()`), "the paste handler did not insert the pasted text")
	// The secrets really are in the page, so their absence from the
	// recording means something.
	require.Equal(t, []string{"MX-TYPED-02", "MX-PASTE-03", "MX-PASSTOG-17", "MX-EDIT-49", "MX-FILE-15.txt"},
		eval[[]string](t, b, `(() => {
			const $ = (id) => document.getElementById(id);
			return [$("typed").value, $("pasted").value, $("pw").value.replace("MX-PASS-16", ""),
				$("edit").textContent, $("file").files[0] ? $("file").files[0].name : ""];
		})()`))
	b.do(t,
		chromedp.SendKeys("#mistyped", "MX-MISTYPE-70"),
		chromedp.SendKeys("#pwbtn", "MX-PWBTN-71"),
		chromedp.SendKeys("#ceoff", "MX-CEOFF-72"),
	)
	require.True(t, eval[bool](t, b, `mutationForms()`), "the mutation forms did not take effect in the page")
	require.True(t, eval[bool](t, b, `mutate()`))
	require.True(t, eval[bool](t, b, `maskLate()`))
	require.True(t, eval[bool](t, b, `cssom()`))
	for _, key := range []string{"#k3", "#k1", "#k5", "#k2"} {
		b.do(t, chromedp.Click(key))
	}
	// Let the mutations above reach a batch before the last click.
	time.Sleep(100 * time.Millisecond)
	b.do(t, chromedp.Click("#continue"))
}

// mutationFormModes are the modes TestPrivacyMatrixMutationForms runs in;
// allow-list and block-list allow the switched password fields, whose
// values the hard floor must keep masked all the same.
var mutationFormModes = []struct {
	name   string
	config string
	// floorOnly: the mode reveals value attributes by design, so only the
	// hard floor's secrets are checked.
	floorOnly bool
	want      []string // recorded in clear
}{
	{name: "mask-all", config: `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}}`},
	{name: "allow-list", config: `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list",
		"allow": ["#public", "#pwbtn", "#pwsub"]}}`, want: []string{"PUBLIC-V2-TEXT"}},
	{name: "block-list", config: `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list",
		"allow": ["#pwbtn", "#pwsub"]}}`, want: []string{"PUBLIC-V2-TEXT"}},
	{name: "block-list-value-attribute-allowed", config: `{"application": "e2e", "endpoint": "/veil/collect",
		"recording": {"mode": "block-list", "allow": ["#pwbtn", "#pwsub"], "attributes": {"allow": ["value"]}}}`,
		floorOnly: true, want: []string{"PUBLIC-V2-TEXT"}},
}

// The mutation forms of "Privacy model v2", on a page of their own where
// no rule masks the controls (testdata/matrix/v2_mutations.html): text typed
// into fields whose type is " submit" or "submİt" (text fields to a browser)
// and then written into their value attribute; passwords switched to a
// button and to submit, allowed by a rule; editing hosts switched off after
// typing (contenteditable=false, the attribute removed, the typed text moved
// out); a customizable select whose choice the browser copies into
// <selectedcontent>, and a datalist. Each mode must keep every secret out;
// with attributes.allow: ["value"] the hard floor must still hold.
func TestPrivacyMatrixMutationForms(t *testing.T) {
	const page = "testdata/matrix/v2_mutations.html"
	source, err := os.ReadFile(page)
	require.NoError(t, err)
	typed := map[string]string{
		"#mistyped-space": "MV-MISTYPE-80", "#mistyped-dotless": "MV-MISTYPE-81",
		"#pwbtn": "MV-PWBTN-82", "#pwsub": "MV-PWSUB-83",
		"#ceoff-false": "MV-CEOFF-84", "#ceoff-removed": "MV-CEOFF-85", "#ceoff-moved": "MV-CEOFF-86",
	}
	secrets := regexp.MustCompile(`MV-[A-Z]+-[0-9]+`).FindAllString(string(source), -1)
	for _, v := range typed {
		secrets = append(secrets, v)
	}
	require.Greater(t, len(secrets), 15, "secrets found in %s", page)

	b := newBrowser(t)
	for _, mode := range mutationFormModes {
		t.Run(mode.name, func(t *testing.T) {
			s := newPagesSite(t, mode.config)
			b.do(t, chromedp.Navigate(s.URL+"/matrix/v2_mutations.html"))
			b.waitFor(t, `window.veil && veil.status().state === "recording"`)
			eventually(t, "a full snapshot at the collector", func() bool {
				return strings.Contains(s.All(), `"type":2,`)
			})
			for _, sel := range slices.Sorted(maps.Keys(typed)) {
				b.do(t, chromedp.SendKeys(sel, typed[sel]))
			}
			require.True(t, eval[bool](t, b, `mutationForms()`), "the mutation forms did not take effect in the page")
			// flush resolves once every batch so far reached the collector.
			eval[bool](t, b, `veil.flush().then(() => true)`)
			st := eval[status](t, b, `veil.status()`)
			require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
			assert.Zero(t, st.Dropped)

			all := s.All()
			lower := strings.ToLower(all)
			checked := 0
			for _, secret := range secrets {
				if mode.floorOnly && !strings.HasPrefix(secret, "MV-PW") {
					continue
				}
				checked++
				absent(t, lower, strings.ToLower(secret), "secret leaked")
			}
			require.NotZero(t, checked)
			if !mode.floorOnly {
				absent(t, lower, "mv-", "part of a secret leaked")
			}
			for _, w := range mode.want {
				assert.True(t, strings.Contains(all, w), "%q is not in the recording, but %s records it", w, mode.name)
			}
			// The switched controls reached the recording, values masked:
			// the secrets are absent because they were masked, not lost.
			for _, w := range []string{`"type":"button","value":"*****"`, `"type":"submit","value":"*****"`, `"contenteditable":"false"`} {
				assert.True(t, strings.Contains(all, w), "%s is not in the recording", w)
			}
		})
	}
}
