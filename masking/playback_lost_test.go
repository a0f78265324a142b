package masking_test

import (
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// A playback mask or block rule whose target the allow-list capture showed
// only as a placeholder or '*' matches nothing at playback; what the
// capture revealed below that target must not be shown (fail closed), while
// a rule whose tokens the recording shows in clear from the start still
// hides exactly what it names.
func TestPlaybackRulesThatLostTheirTarget(t *testing.T) {
	const sheet = `<link rel="stylesheet" href="/site.css" _cssText=".vip{color:red}">`
	cases := []struct {
		name, page, playback string
		secret, shown        string // must not / must appear at playback
	}{
		{"class hashed at capture", `<section class="vip"><p class="pub">Hannelore Quist</p></section>`,
			`"mask":[".vip"]`, "Hannelore", ""},
		{"id hashed at capture, block", `<section id="vip"><p class="pub">Hannelore Quist</p></section>`,
			`"block":["#vip"]`, "Hannelore", ""},
		{"custom element name", `<vip-card><p class="pub">Hannelore Quist</p></vip-card>`,
			`"mask":["vip-card"]`, "Hannelore", ""},
		{"data attribute name", `<div data-vip><p class="pub">Hannelore Quist</p></div>`,
			`"mask":["[data-vip]"]`, "Hannelore", ""},
		{"data attribute value", `<div data-tier="gold"><p class="pub">Hannelore Quist</p></div>`,
			`"mask":["[data-tier=gold]"]`, "Hannelore", ""},
		{"class substring", `<div class="vip-card"><p class="pub">Hannelore Quist</p></div>`,
			`"mask":["[class^=vip]"]`, "Hannelore", ""},
		{"sibling of a hashed class", `<div class="vip"></div><p class="pub">Hannelore Quist</p>`,
			`"mask":[".vip + p"]`, "Hannelore", ""},
		{"has a hashed class", `<div><span class="vip"></span><p class="pub">Hannelore Quist</p></div>`,
			`"mask":["div:has(.vip)"]`, "Hannelore", ""},
		{"text", `<section><h2>VIP</h2><p class="pub">Hannelore Quist</p></section>`,
			`"mask":["section:contains(VIP)"]`, "Hannelore", ""},
		{"hashed in a style, then in clear in a revealed area", `<style>.vip{color:red}</style><p class="pub vip">Jane</p>
<section class="vip"><p class="pub">Hannelore Quist</p></section>`, `"mask":[".vip"]`, "Hannelore", ""},
		{"class a linked sheet names", sheet + `<section class="vip"><p class="pub">Hannelore Quist</p></section>
<div class="other"><p class="pub">Shown twice</p></div>`, `"mask":[".vip"]`, "Hannelore", "Shown twice"},
		{"keyword value", `<div class="other" role="dialog"><p class="pub">Hannelore Quist</p></div>
<div class="other"><p class="pub">Shown twice</p></div>`, `"mask":["[role=dialog]"]`, "Hannelore", "Shown twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set, err := compileRules([]byte(`{"mode":"allow-list","allow":[".pub"]}`))
			if err != nil {
				t.Fatal(err)
			}
			body, linked := strings.CutPrefix(c.page, sheet)
			head := ""
			if linked {
				head = sheet
			}
			page := `<!DOCTYPE html><html><head>` + head + `</head><body>` + body + `</body></html>`
			batch, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", 1700000000000)
			if err != nil {
				t.Fatal(err)
			}
			events, err := masking.NewSession(set).Write(batch)
			if err != nil {
				t.Fatal(err)
			}
			if captured := snapshotHTML(t, events); !strings.Contains(captured, c.secret) {
				t.Fatalf("the capture did not reveal %q, so the case tests nothing:\n%s", c.secret, captured)
			}
			pset, err := compileRules([]byte(`{"mode":"allow-list","allow":[".pub"],` + c.playback + `}`))
			if err != nil {
				t.Fatal(err)
			}
			out, err := masking.Replay(pset, events)
			if err != nil {
				t.Fatal(err)
			}
			got := snapshotHTML(t, out)
			if strings.Contains(got, c.secret) {
				t.Errorf("playback %s shows %q:\n%s", c.playback, c.secret, got)
			}
			if c.shown != "" && !strings.Contains(got, c.shown) {
				t.Errorf("playback %s masks %q, which no rule names:\n%s", c.playback, c.shown, got)
			}
		})
	}
}

// A playback rule that is one of the rules the recording was made under had
// its effect at capture: it needs no watch, and a token of it that the
// page never shows does not mask what the capture revealed.
func TestPlaybackRulesAppliedAtCapture(t *testing.T) {
	const recording = `{"mode":"allow-list","allow":[".pub"],"mask":[".ssn"]}`
	page := `<!DOCTYPE html><html><head></head><body><div class="card"><p class="pub">Shown twice</p></div></body></html>`
	set, err := compileRules([]byte(recording))
	if err != nil {
		t.Fatal(err)
	}
	batch, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/", 1700000000000)
	if err != nil {
		t.Fatal(err)
	}
	events, err := masking.NewSession(set).Write(batch)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, playback string
		recorded       bool // ReplayRecorded with the recording rules, else Replay
		shown          bool
	}{
		{"the recording rules", recording, false, true},
		{"stricter, told the recording rules", `{"mode":"allow-list","allow":[".pub"],"mask":[".ssn","[role=dialog]"]}`, true, true},
		{"stricter, not told", `{"mode":"allow-list","allow":[".pub"],"mask":[".ssn","[role=dialog]"]}`, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pset, err := compileRules([]byte(c.playback))
			if err != nil {
				t.Fatal(err)
			}
			var out []capture.Event
			if c.recorded {
				out, err = masking.ReplayRecorded(pset, set, events)
			} else {
				out, err = masking.Replay(pset, events)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := snapshotHTML(t, out); strings.Contains(got, "Shown twice") != c.shown {
				t.Errorf("%q shown: %v, want %v:\n%s", "Shown twice", !c.shown, c.shown, got)
			}
		})
	}
}
