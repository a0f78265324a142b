//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heavySymbols are functions that, once the linker keeps them, each bring a
// large part of a library into veil.wasm (docs/wasm-size.md has the sizes):
// every fmt print goes through printArg (fmt with reflect, ~50 KiB brotli),
// encoding/json costs ~105 KiB, and the mirror needs x/net/html's Node and
// atom only, not its tokenizer, parser, renderer or entity table; regexp
// (~67 KiB with its Unicode tables) gave way to internal/urlpattern.
var heavySymbols = []string{
	"regexp.Compile",
	"regexp/syntax.Parse",
	"fmt.(*pp).printArg",
	"encoding/json.Unmarshal",
	"encoding/json.Marshal",
	"golang.org/x/net/html.Parse",
	"golang.org/x/net/html.ParseFragment",
	"golang.org/x/net/html.(*Tokenizer).Next",
	"golang.org/x/net/html.Render",
	"golang.org/x/net/html.UnescapeString",
	"golang.org/x/net/html.EscapeString",
	"strconv.ParseFloat", // jsonx reads numbers itself (internal/jsonx/number.go): 3.4 KB
}

// TestEngineLinksNoHeavySymbols builds the engine as make wasm does and
// reads the linker's reachability dump: a kept heavy symbol fails the test
// with the chain of calls that keeps it, which is the place to fix.
func TestEngineLinksNoHeavySymbols(t *testing.T) {
	out := filepath.Join(t.TempDir(), "veil.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -dumpdep", "-o", out, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	dump, err := cmd.CombinedOutput()
	require.NoError(t, err, "building the engine: %s", firstLines(string(dump), 20))
	assert.Empty(t, heavyChains(string(dump), heavySymbols))
}

func TestHeavyChains(t *testing.T) {
	tests := []struct {
		name string
		dump string
		want []string
	}{
		{
			name: "kept through a chain",
			dump: "# github.com/veil-replay/veil/wasm\n_ -> main.main\nmain.main -> x.F\nx.F -> fmt.Errorf\n" +
				"fmt.Errorf -> fmt.(*pp).printArg\nfmt.(*pp).printArg -> reflect.ValueOf\n",
			want: []string{"fmt.(*pp).printArg <- fmt.Errorf <- x.F <- main.main <- _"},
		},
		{
			name: "kept by an init task",
			dump: "go:main.inittasks -> y..inittask\ny..inittask -> golang.org/x/net/html.Parse\n",
			want: []string{"golang.org/x/net/html.Parse <- y..inittask <- go:main.inittasks"},
		},
		{
			name: "only fmt's init kept",
			dump: "_ -> go:main.inittasks\ngo:main.inittasks -> fmt..inittask\nfmt..inittask -> fmt.init\n",
			want: nil,
		},
		{
			name: "a name that only starts like a heavy one",
			dump: "_ -> golang.org/x/net/html.ParseOptionEnableScripting\n",
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, heavyChains(tc.dump, heavySymbols))
		})
	}
}

// heavyChains reads the linker's -dumpdep output ("from -> to", one line
// for the edge by which each symbol was first reached) and returns, for each
// reached symbol of heavy, the chain back to the root.
func heavyChains(dump string, heavy []string) []string {
	parent := map[string]string{}
	for _, line := range strings.Split(dump, "\n") {
		from, to, ok := strings.Cut(line, " -> ")
		if !ok {
			continue
		}
		to = strings.TrimSuffix(to, " <UsedInIface>")
		if _, seen := parent[to]; !seen {
			parent[to] = strings.TrimSuffix(from, " <UsedInIface>")
		}
	}
	var chains []string
	for _, sym := range heavy {
		from, ok := parent[sym]
		if !ok {
			continue
		}
		chain := []string{sym}
		for seen := map[string]bool{sym: true}; from != "" && !seen[from] && len(chain) < 40; from = parent[from] {
			seen[from] = true
			chain = append(chain, from)
		}
		chains = append(chains, strings.Join(chain, " <- "))
	}
	return chains
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
