//go:build !js

package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readTarball returns the files of an npm tarball by their path in it.
func readTarball(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		require.NoError(t, err)
		require.Equal(t, byte(tar.TypeReg), h.Typeflag, "%s: only regular files", h.Name)
		b, err := io.ReadAll(tr)
		require.NoError(t, err)
		files[h.Name] = b
	}
}

// TestNPMPackContents: the tarball `make npm-pack` writes holds exactly the
// intended files, its manifest is publishable, the engine files are the
// ones dist/ serves to script tags and the ones whose hashes the entry pins,
// and its types name every export.
func TestNPMPackContents(t *testing.T) {
	files := readTarball(t, npmTarball(t))
	want := []string{"package/package.json", "package/README.md", "package/pkg/LICENSE", "package/pkg/index.js", "package/pkg/index.d.ts",
		"package/pkg/veil.d.ts", "package/pkg/assets/veil-worker.js", "package/pkg/assets/wasm_exec.js",
		"package/pkg/assets/veil.wasm"}
	assert.ElementsMatch(t, want, slices.Collect(maps.Keys(files)))

	var manifest struct {
		Name, Version, License, Type, Types string
		Private                             *bool
		SideEffects                         any
		Files                               []string
		Exports                             map[string]json.RawMessage
		PublishConfig                       struct{ Access string }
	}
	require.NoError(t, json.Unmarshal(files["package/package.json"], &manifest))
	assert.Equal(t, "@veil-replay/recorder", manifest.Name)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, manifest.Version)
	assert.Equal(t, "Apache-2.0", manifest.License, "the repository's LICENSE is Apache 2.0")
	assert.Nil(t, manifest.Private, "a publishable package is not private")
	assert.Equal(t, "module", manifest.Type)
	assert.Equal(t, true, manifest.SideEffects, "importing the entry installs window.veil and page listeners")
	assert.Equal(t, "public", manifest.PublishConfig.Access)
	var root struct{ Types, Default string }
	require.NoError(t, json.Unmarshal(manifest.Exports["."], &root))
	for _, p := range []string{root.Types, root.Default, manifest.Types} {
		assert.Contains(t, files, "package/"+strings.TrimPrefix(p, "./"), "exports and types point into the tarball")
	}
	assert.Contains(t, string(manifest.Exports["./assets/*"]), "./pkg/assets/*")

	license, err := os.ReadFile("../LICENSE")
	require.NoError(t, err)
	assert.Equal(t, license, files["package/pkg/LICENSE"])

	entry := string(files["package/pkg/index.js"])
	for _, name := range []string{"veil-worker.js", "wasm_exec.js", "veil.wasm"} {
		asset := files["package/pkg/assets/"+name]
		served, err := os.ReadFile(filepath.Join(distDir, name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(served, asset), "%s is the file dist/ serves to script tags (run make npm-pack after make build)", name)
		sum := sha256.Sum256(asset)
		assert.Contains(t, entry, `"sha256-`+base64.StdEncoding.EncodeToString(sum[:])+`"`, "index.js pins %s", name)
	}

	exported := jsExports(t, entry)
	assert.ElementsMatch(t, []string{"init", "start", "stop", "optIn", "optOut", "flush", "status"}, exported)
	types := string(files["package/pkg/index.d.ts"])
	for _, name := range exported {
		assert.Regexp(t, `(?m)^export (function|const) `+name+`\b`, types, "index.d.ts declares %s", name)
	}
	// The types index.d.ts takes from './veil.js' are declared in pkg/veil.d.ts.
	shared := string(files["package/pkg/veil.d.ts"])
	for _, m := range regexp.MustCompile(`(?m)^(?:import|export) type \{([^}]*)\} from '\./veil\.js'`).FindAllStringSubmatch(types, -1) {
		for _, name := range strings.Split(m[1], ",") {
			name = strings.TrimSpace(name)
			assert.Regexp(t, `(?m)^export (interface|type) `+name+`\b`, shared, "veil.d.ts declares %s", name)
		}
	}
}

// jsExports reads the names of esbuild's closing `export { a, b as c };`.
func jsExports(t *testing.T, src string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)\nexport \{([^}]*)\};\s*$`).FindStringSubmatch(src)
	require.NotNil(t, m, "index.js ends with an export list")
	var names []string
	for _, part := range strings.Split(m[1], ",") {
		fields := strings.Fields(part)
		if len(fields) > 0 {
			names = append(names, fields[len(fields)-1])
		}
	}
	return names
}
