package masking_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// identPage names a person in tokens no stylesheet names, and holds tokens
// its stylesheet and the rules below name.
const identPage = `<!DOCTYPE html><html><head><style>.card{color:red}</style></head><body>
<div id="user-hannelore-quist" class="card profile-hannelore pin-pad">Hi</div>
<div id="keypad">k</div></body></html>`

// maskIdentPage records identPage under rulesJSON and returns the events
// and the snapshot's HTML.
func maskIdentPage(t *testing.T, rulesJSON string) ([]capture.Event, string) {
	t.Helper()
	set, err := compileRules([]byte(rulesJSON))
	if err != nil {
		t.Fatalf("rules %s: %v", rulesJSON, err)
	}
	batch, err := capture.FromHTML(strings.NewReader(identPage), "https://shop.example/", 1700000000000)
	if err != nil {
		t.Fatal(err)
	}
	events, err := masking.NewSession(set).Write(batch)
	if err != nil {
		t.Fatal(err)
	}
	return events, snapshotHTML(t, events)
}

func snapshotHTML(t *testing.T, events []capture.Event) string {
	t.Helper()
	for _, e := range events {
		if d, ok := e.Data.(capture.FullSnapshotData); ok {
			var b bytes.Buffer
			if err := capture.RenderHTML(&b, d.Node); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
	}
	t.Fatal("no FullSnapshot")
	return ""
}

func TestIdentTokensByMode(t *testing.T) {
	cases := []struct {
		rules      string
		kept, gone []string
	}{
		// block-list records page text in clear by design: tokens stay
		{`{"mode":"block-list"}`, []string{`id="user-hannelore-quist"`, "profile-hannelore", `id="keypad"`}, nil},
		// tokens the stylesheet or the rules name are structural
		{`{"mode":"mask-all","mask":[".pin-pad"],"hideInteractions":["#keypad"]}`,
			[]string{`class="card `, " pin-pad", `id="keypad"`}, []string{"hannelore"}},
		{`{"mode":"mask-all"}`, []string{`class="card `}, []string{"hannelore", "pin-pad", "keypad"}},
		{`{"mode":"allow-list","allow":["p"]}`, []string{`class="card `}, []string{"hannelore", "pin-pad", "keypad"}},
	}
	for _, c := range cases {
		t.Run(c.rules, func(t *testing.T) {
			_, out := maskIdentPage(t, c.rules)
			for _, k := range c.kept {
				if !strings.Contains(out, k) {
					t.Errorf("%q is not kept in:\n%s", k, out)
				}
			}
			for _, g := range c.gone {
				if strings.Contains(out, g) {
					t.Errorf("%q leaked in:\n%s", g, out)
				}
			}
		})
	}
}

// A recording masked again at playback keeps its placeholders: every view
// of a session shows the same tokens, and its stylesheets keep matching.
func TestIdentPlaceholdersSurviveReplay(t *testing.T) {
	events, captured := maskIdentPage(t, `{"mode":"mask-all"}`)
	set, _ := compileRules(nil)
	for i := range 2 {
		replayed, err := masking.Replay(set, events)
		if err != nil {
			t.Fatal(err)
		}
		if got := snapshotHTML(t, replayed); got != captured {
			t.Fatalf("replay %d changed the tokens:\n%s\nwant\n%s", i, got, captured)
		}
	}
}

// A block-list recording shows tokens in clear; played back under
// mask-all, they are hashed as a mask-all recording would have them.
func TestIdentTokensHashedAtPlayback(t *testing.T) {
	events, _ := maskIdentPage(t, `{"mode":"block-list"}`)
	set, _ := compileRules(nil)
	replayed, err := masking.Replay(set, events)
	if err != nil {
		t.Fatal(err)
	}
	if out := snapshotHTML(t, replayed); strings.Contains(out, "hannelore") || !strings.Contains(out, `class="card `) {
		t.Errorf("mask-all playback of a block-list recording:\n%s", out)
	}
}
