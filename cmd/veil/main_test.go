package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const page = `<!DOCTYPE html><html><head><title>Account of Jane Roe</title></head>
<body><p class="greet">Hello Jane Roe</p><input name="email" value="jane@roe.example">
<div id="chat">Support chat with Jane</div></body></html>`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestMaskExitCodes(t *testing.T) {
	pagePath := writeFile(t, "page.html", page)
	badRules := writeFile(t, "bad.json", `{"mode":"mask-all","mask":["form >"]}`)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "usage: veil"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"mask", "--nope"}, 2, "flag provided but not defined"},
		{"two pages", []string{"mask", pagePath, pagePath}, 2, "at most one page"},
		{"missing page", []string{"mask", filepath.Join(t.TempDir(), "none.html")}, 1, "no such file"},
		{"missing rules", []string{"mask", "--rules", filepath.Join(t.TempDir(), "none.json"), pagePath}, 1, "no such file"},
		{"bad selector", []string{"mask", "--rules", badRules, pagePath}, 1, `mask[0] "form >"`},
		{"serve without keys", []string{"serve", "--db", filepath.Join(t.TempDir(), "v.db")}, 1, "key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(c.args, strings.NewReader(""), &out, &errOut)
			assert.Equal(t, c.code, code)
			assert.Contains(t, errOut.String(), c.stderr)
		})
	}
}

func TestMaskPreview(t *testing.T) {
	secrets := []string{"Jane", "Roe", "jane@roe.example"}
	t.Run("mask-all from stdin", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := run([]string{"mask"}, strings.NewReader(page), &out, &errOut)
		require.Equal(t, 0, code, errOut.String())
		for _, s := range secrets {
			assert.NotContains(t, out.String(), s)
		}
		// a class no style sheet names is a placeholder under mask-all
		assert.Regexp(t, `<p class="h[bcdfghjklmnpqrst]{16}">\*\*\*\*\* \*\*\*\* \*\*\*</p>`, out.String(), "text keeps its length and spaces")
		assert.Contains(t, out.String(), `value="*****"`, "input values become the fixed mask")
	})
	t.Run("block-list blocks the chat", func(t *testing.T) {
		rulesPath := writeFile(t, "rules.json", `{"mode":"block-list","block":["#chat"]}`)
		var out, errOut bytes.Buffer
		code := run([]string{"mask", "--rules", rulesPath, writeFile(t, "p.html", page)}, nil, &out, &errOut)
		require.Equal(t, 0, code, errOut.String())
		assert.Contains(t, out.String(), "<title>Account of ********</title>", "block-list records page text; the name a label names is masked")
		assert.Contains(t, out.String(), "Hello ********", "a name a greeting names is masked by the detectors")
		assert.NotContains(t, out.String(), "Support chat", "blocked element content")
		assert.Contains(t, out.String(), "data-veil-blocked")
		assert.NotContains(t, out.String(), "jane@roe.example", "input values stay masked in block-list")
	})
	t.Run("events", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := run([]string{"mask", "--events"}, strings.NewReader(page), &out, &errOut)
		require.Equal(t, 0, code, errOut.String())
		assert.Contains(t, out.String(), `"type":2`)
		for _, s := range secrets {
			assert.NotContains(t, out.String(), s)
		}
	})
}
