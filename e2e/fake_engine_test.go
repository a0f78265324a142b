package e2e

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pinKeys are the names of the engine's files in dist/veil.sri.json's pins.
var pinKeys = map[string]string{"veil-worker.js": "worker", "wasm_exec.js": "wasmExec", "veil.wasm": "wasm"}

// fakeAsset serves body as the engine file name (veil-worker.js,
// wasm_exec.js or veil.wasm) and a veil.js whose built-in SHA-256 for that
// file is the fake's, as a build of the fake engine would carry: the
// recorder has no switch that turns its pins off, so a test that replaces
// the engine replaces the pin with it. One fake per site.
func (s *site) fakeAsset(t *testing.T, name, contentType, body string) {
	t.Helper()
	key, ok := pinKeys[name]
	if !ok {
		t.Fatalf("fakeAsset: %s is not an engine file", name)
	}
	var sri struct {
		Pins map[string]string `json:"pins"`
	}
	raw, err := os.ReadFile(filepath.Join(distDir, "veil.sri.json"))
	if err != nil {
		t.Fatalf("dist/veil.sri.json: %v (run make build)", err)
	}
	if err := json.Unmarshal(raw, &sri); err != nil || sri.Pins[key] == "" {
		t.Fatalf("dist/veil.sri.json has no pin %q: %v", key, err)
	}
	js, err := os.ReadFile(filepath.Join(distDir, "veil.js"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	pin := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	if strings.Count(string(js), sri.Pins[key]) != 1 {
		t.Fatalf("dist/veil.js does not hold the pin of %s once", name)
	}
	patched := strings.Replace(string(js), sri.Pins[key], pin, 1)
	s.Handle("/veil/"+name, serveString(contentType, body))
	s.Handle("/veil/veil.js", serveString("text/javascript", patched))
}
