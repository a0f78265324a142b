//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ownSiteDoc = "../docs/own-site.md"

// fence is one fenced code block of a Markdown file.
type fence struct {
	Lang, Text string
}

// fences returns the fenced code blocks of a Markdown text, in order.
func fences(text string) []fence {
	var out []fence
	var cur *fence
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &fence{Lang: strings.TrimPrefix(trimmed, "```")}
		case cur != nil && trimmed == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.Text += line
		}
	}
	return out
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// docPages serves a directory of the reader's site, with the
// Content-Security-Policy the document gives for each page.
type docPages struct {
	dir string
	mu  sync.Mutex
	csp map[string]string // URL path → header value
}

func (p *docPages) setCSP(path, policy string) {
	p.mu.Lock()
	p.csp[path] = policy
	p.mu.Unlock()
}

func (p *docPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	v := p.csp[r.URL.Path]
	p.mu.Unlock()
	if v != "" {
		w.Header().Set("Content-Security-Policy", v)
	}
	http.FileServer(http.Dir(p.dir)).ServeHTTP(w, r)
}

// TestOwnSiteDoc runs docs/own-site.md: every shell block in order (the
// collector's long-running `veil serve` in the background), each script tag
// in a page of a second site under the CSP the document pairs with it, and
// the npm snippet bundled into a third, then lists the sessions as the
// document does: one per page visited.
//
// It differs from a reader's run in what a test cannot do: free ports stand
// for 127.0.0.1:8080, localhost:3000 and localhost:5173; HOME is a
// temporary directory; `make build` is checked (dist/ built, as every
// browser test needs) instead of run; and `npm install @veil-replay/recorder`
// installs the tarball of `make npm-pack`, as the package is not published
// from here.
func TestOwnSiteDoc(t *testing.T) {
	text, err := os.ReadFile(ownSiteDoc)
	require.NoError(t, err)
	blocks := fences(string(text))
	home := t.TempDir()
	repo, err := filepath.Abs("..")
	require.NoError(t, err)

	shop := &docPages{dir: filepath.Join(home, "shop"), csp: map[string]string{}}
	site := httptest.NewServer(shop)
	t.Cleanup(site.Close)
	app := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(home, "shop-app", "public"))))
	t.Cleanup(app.Close)
	collectorAddr := "127.0.0.1:" + freePort(t)
	collectorURL := "http://" + collectorAddr
	localize := strings.NewReplacer(
		"127.0.0.1:8080", collectorAddr,
		"http://localhost:3000", site.URL,
		"http://localhost:5173", app.URL,
		"npm install @veil-replay/recorder", "npm install --no-audit --no-fund "+npmTarball(t),
	).Replace

	env := append(os.Environ(), "HOME="+home)
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
		out, err := exec.Command("go", "env", v).Output()
		require.NoError(t, err)
		env = append(env, v+"="+strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command("npm", "config", "get", "cache").Output(); err == nil {
		env = append(env, "npm_config_cache="+strings.TrimSpace(string(out)))
	}
	// `make build` is checked, not run: the browser tests need dist/ built already.
	const makeCheck = `make() { if [ "$*" = build ] && [ -s dist/veil.js ] && [ -s dist/veil.wasm ]; then :; ` +
		`else echo "the test does not run make $*" >&2; return 1; fi; }` + "\n"
	sh := func(block string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", makeCheck+block)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "the block\n%s\nfailed:\n%s", block, out)
		return string(out)
	}

	var scriptTags, policies []string
	var npmSnippet, sessions string
	visited := 0
	for _, b := range blocks {
		code := localize(b.Text)
		switch {
		case b.Lang == "html":
			scriptTags = append(scriptTags, code)
		case b.Lang == "http":
			policies = append(policies, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(code), "Content-Security-Policy:")))
		case b.Lang == "js":
			npmSnippet = code
		case b.Lang == "sh" && strings.Contains(code, "veil serve"):
			startDocCollector(t, code, repo, env, collectorURL)
		case b.Lang == "sh" && strings.Contains(code, "/api/sessions"):
			visited = visitDocPages(t, home, shop, scriptTags, policies, npmSnippet, site.URL, app.URL)
			sessions = sh(code)
		case b.Lang == "sh":
			if strings.Contains(code, "cd ~/shop-app") {
				// The reader's app: here an empty npm project.
				require.NoError(t, os.MkdirAll(filepath.Join(home, "shop-app"), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(home, "shop-app", "package.json"), []byte(`{"private": true}`), 0o644))
			}
			sh(code)
		}
	}
	require.Len(t, scriptTags, 2, "the same-origin and the CDN script tag")
	require.Len(t, policies, 2, "a CSP for each")
	require.NotEmpty(t, npmSnippet)
	require.Equal(t, 3, visited)
	var list []struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(sessions), &list), "the sessions listing: %s", sessions)
	assert.Len(t, list, visited, "one session per page visited: %s", sessions)
}

// startDocCollector runs the document's `veil serve` block in the
// background until the test ends, and waits until it answers.
func startDocCollector(t *testing.T, block, repo string, env []string, url string) {
	t.Helper()
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", block)
	cmd.Dir, cmd.Env = repo, env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // the block's bash and the veil it started
		cmd.Wait()
		if t.Failed() {
			t.Logf("veil serve:\n%s", out.String())
		}
	})
	eventually(t, "veil serve to answer", func() bool {
		resp, err := http.Get(url + "/veil/config.json?app=none")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	})
}

// visitDocPages writes the reader's pages — one per script tag, served with
// its CSP, and the npm snippet bundled into the app — and visits each in a
// fresh browser until it records. It returns how many pages recorded.
func visitDocPages(t *testing.T, home string, shop *docPages, tags, policies []string, snippet, siteURL, appURL string) int {
	t.Helper()
	for i, tag := range tags {
		name := "/page" + strconv.Itoa(i) + ".html"
		page := "<!doctype html><html><head><title>Shop</title></head><body><nav>Shop</nav><h1>Welcome</h1>\n" +
			tag + "</body></html>\n"
		require.NoError(t, os.WriteFile(filepath.Join(shop.dir, name), []byte(page), 0o644))
		shop.setCSP(name, policies[i])
		t.Run("script tag "+strconv.Itoa(i), func(t *testing.T) {
			b := newBrowser(t)
			b.do(t, chromedp.Navigate(siteURL+name))
			b.waitFor(t, `window.veil && veil.status && veil.status().state === "recording"`)
			assert.True(t, eval[bool](t, b, `veil.flush().then(() => true)`))
			// An inline script runs only without a CSP: this page has the document's.
			ran := eval[bool](t, b, `(() => { const s = document.createElement("script"); s.textContent = "window.inlineRan = true";
				document.head.appendChild(s); return window.inlineRan === true; })()`)
			assert.False(t, ran, "the page runs under the document's CSP")
		})
	}

	appDir := filepath.Join(home, "shop-app")
	require.NoError(t, os.MkdirAll(filepath.Join(appDir, "src"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(appDir, "src", "main.js"), []byte(snippet), 0o644))
	esbuild, err := filepath.Abs(esbuildBin)
	require.NoError(t, err)
	runIn(t, appDir, esbuild, "src/main.js", "--bundle", "--format=esm", "--outfile=public/app.js", "--log-level=warning")
	page := `<!doctype html><html><head><title>Shop app</title><script type="module" src="/app.js"></script></head>
<body><h1>Shop app</h1><button id="accept">Accept</button></body></html>` + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(appDir, "public", "index.html"), []byte(page), 0o644))
	t.Run("npm package", func(t *testing.T) {
		b := newBrowser(t)
		b.do(t, chromedp.Navigate(appURL+"/"))
		b.waitFor(t, `window.veil && veil.status && veil.status().state === "waiting-for-consent"`)
		b.do(t, chromedp.Click("#accept"))
		b.waitFor(t, `veil.status().state === "recording"`)
		assert.True(t, eval[bool](t, b, `veil.flush().then(() => true)`))
	})
	return len(tags) + 1
}
