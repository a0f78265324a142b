//go:build !js

package e2e

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tightenCase is one call of npm-tighten.js's tighten(served, local).
type tightenCase struct {
	Name    string          `json:"name"`
	Served  json.RawMessage `json:"served"`
	Local   json.RawMessage `json:"local"`
	Want    string          `json:"-"` // the merged configuration, compact JSON
	WantErr string          `json:"-"` // or a part of the error
}

// TestNPMOptionsOnlyTighten runs js-shim/src/npm-tighten.js under node: each
// option given in code either tightens the collector's configuration or is
// refused with an error naming it — never taken when it would loosen.
func TestNPMOptionsOnlyTighten(t *testing.T) {
	const base = `{"application":"shop","endpoint":"/veil/ingest"}`
	cases := []tightenCase{
		{Name: "no options", Served: json.RawMessage(base), Local: json.RawMessage(`null`),
			Want: base},
		{Name: "optIn true", Served: json.RawMessage(base), Local: json.RawMessage(`{"optIn":true}`),
			Want: `{"application":"shop","endpoint":"/veil/ingest","optIn":true}`},
		{Name: "optIn false over true", Served: json.RawMessage(`{"optIn":true}`), Local: json.RawMessage(`{"optIn":false}`),
			WantErr: "options: optIn: false would record without the consent the collector asks for; options given in code may only tighten"},
		{Name: "samplePercent lower", Served: json.RawMessage(`{"samplePercent":50}`), Local: json.RawMessage(`{"samplePercent":10}`),
			Want: `{"samplePercent":10}`},
		{Name: "samplePercent higher", Served: json.RawMessage(`{"samplePercent":50}`), Local: json.RawMessage(`{"samplePercent":80}`),
			WantErr: "options: samplePercent: 80 is more than the collector's 50"},
		{Name: "samplePercent not a number", Served: json.RawMessage(`{}`), Local: json.RawMessage(`{"samplePercent":"5"}`),
			WantErr: `options: samplePercent: expected a whole number from 0 to 100, got "5"`},
		{Name: "privacySignals ignore over default", Served: json.RawMessage(`{}`), Local: json.RawMessage(`{"privacySignals":"ignore"}`),
			WantErr: "options: privacySignals: ignore would record visitors"},
		{Name: "privacySignals honor over ignore", Served: json.RawMessage(`{"privacySignals":"ignore"}`), Local: json.RawMessage(`{"privacySignals":"honor"}`),
			Want: `{"privacySignals":"honor"}`},
		{Name: "excludeUrls added", Served: json.RawMessage(`{"excludeUrls":["/admin"]}`), Local: json.RawMessage(`{"excludeUrls":["/admin","/checkout"]}`),
			Want: `{"excludeUrls":["/admin","/checkout"]}`},
		{Name: "endpoint", Served: json.RawMessage(base), Local: json.RawMessage(`{"endpoint":"https://elsewhere.example/"}`),
			WantErr: "options: endpoint: cannot be set in code (set it in the collector's settings)"},
		{Name: "selectors added", Served: json.RawMessage(`{"recording":{"mode":"allow-list","allow":["nav"],"mask":[".a"]}}`),
			Local: json.RawMessage(`{"recording":{"mask":[".b"],"block":["#chat"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}}`),
			Want:  `{"recording":{"mode":"allow-list","allow":["nav"],"mask":[".a",".b"],"block":["#chat"],"hideInteractions":[".pin"],"attributes":{"mask":["data-x"]}}}`},
		{Name: "allow", Served: json.RawMessage(`{"recording":{"mode":"allow-list"}}`), Local: json.RawMessage(`{"recording":{"allow":["main"]}}`),
			WantErr: "options: recording.allow: allow selectors loosen the rules"},
		{Name: "attributes.allow", Served: json.RawMessage(`{"recording":{"mode":"block-list"}}`), Local: json.RawMessage(`{"recording":{"attributes":{"allow":["title"]}}}`),
			WantErr: "options: recording.attributes.allow: allowed attributes loosen the rules"},
		{Name: "allowParams", Served: json.RawMessage(`{}`), Local: json.RawMessage(`{"recording":{"allowParams":["page"]}}`),
			WantErr: "options: recording.allowParams: allowed URL parameters loosen the rules"},
		{Name: "looser mode", Served: json.RawMessage(`{}`), Local: json.RawMessage(`{"recording":{"mode":"allow-list"}}`),
			WantErr: `options: recording.mode: "allow-list" is looser than the collector's "mask-all"`},
		{Name: "mask-all over block-list drops what it allowed",
			Served: json.RawMessage(`{"recording":{"mode":"block-list","allow":["#q"],"attributes":{"allow":["title"],"mask":["data-*"]},"errorMessages":"reveal"}}`),
			Local:  json.RawMessage(`{"recording":{"mode":"mask-all"}}`),
			Want:   `{"recording":{"mode":"mask-all","attributes":{"mask":["data-*"]},"errorMessages":"mask"}}`},
		{Name: "errorMessages reveal", Served: json.RawMessage(`{"recording":{"mode":"block-list"}}`), Local: json.RawMessage(`{"recording":{"errorMessages":"reveal"}}`),
			WantErr: "options: recording.errorMessages: reveal would record page error messages the collector masks"},
		{Name: "unknown recording key", Served: json.RawMessage(`{}`), Local: json.RawMessage(`{"recording":{"masks":[".a"]}}`),
			WantErr: "options: recording.masks: unknown key"},
	}
	input, err := json.Marshal(cases)
	require.NoError(t, err)
	module, err := filepath.Abs("../js-shim/src/npm-tighten.js")
	require.NoError(t, err)
	script := `import { tighten } from ` + jsString("file://"+module) + `;
let text = '';
process.stdin.on('data', (d) => { text += d; });
process.stdin.on('end', () => {
  const out = JSON.parse(text).map((c) => {
    try { return { got: JSON.stringify(tighten(c.served, c.local)) }; } catch (err) { return { err: err.message }; }
  });
  process.stdout.write(JSON.stringify(out));
});`
	cmd := exec.Command("node", "--input-type=module", "-e", script)
	cmd.Stdin = strings.NewReader(string(input))
	stdout, err := cmd.Output()
	require.NoError(t, err, "node: %s", stdout)
	var results []struct{ Got, Err string }
	require.NoError(t, json.Unmarshal(stdout, &results))
	require.Len(t, results, len(cases))
	for i, c := range cases {
		r := results[i]
		if c.WantErr != "" {
			assert.Contains(t, r.Err, c.WantErr, "%s: refused (got %s)", c.Name, r.Got)
			assert.Empty(t, r.Got, c.Name)
			continue
		}
		assert.Empty(t, r.Err, c.Name)
		assert.JSONEq(t, c.Want, r.Got, c.Name)
	}
}
