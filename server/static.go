package server

import (
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// staticFiles serves the files under dir (--static, --demo-site) and
// nothing else: no directory listings (a directory serves its index.html or
// is not found), no dotfiles or dot-directories (.git, .env), and no symlink
// that leads out of dir (os.Root refuses to follow it). Everything refused
// answers the same JSON 404 as a missing file, so the refusal reveals
// nothing. .wasm is application/wasm whatever the system's MIME table says
// (browsers refuse streaming compilation otherwise). The recorder's own
// files (recorderFiles) carry CORS and Cross-Origin-Resource-Policy headers
// so that pages on any origin can load them. Safe for concurrent use.
func staticFiles(dir string, s *Server) http.Handler {
	openRoot := sync.OnceValues(func() (*os.Root, error) { return os.OpenRoot(dir) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		root, err := openRoot()
		if err != nil {
			s.log.Printf("veil: static files: %v", err)
			fail(w, http.StatusNotFound, "not found")
			return
		}
		f, name, ok := openStatic(root, r.URL.Path)
		if !ok {
			fail(w, http.StatusNotFound, "not found")
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			fail(w, http.StatusNotFound, "not found")
			return
		}
		if ext := strings.ToLower(filepath.Ext(name)); ext == ".wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		} else if t := mime.TypeByExtension(ext); t != "" {
			w.Header().Set("Content-Type", t)
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if recorderFiles[path.Base(name)] {
			// Pages on any origin load the recorder (a CDN path, the collector):
			// its worker and engine are fetched with CORS and checked against
			// the hashes inside veil.js, and cross-origin isolated pages need
			// CORP to embed them. Public, credential-free files: "*" is right.
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
		}
		http.ServeContent(w, r, name, st.ModTime(), f)
	})
}

// recorderFiles are the files a page on another origin loads to record
// (make build writes them to dist/); only these are shared cross-origin,
// never the replay viewer's.
var recorderFiles = map[string]bool{
	"veil.js":        true,
	"veil-worker.js": true,
	"wasm_exec.js":   true,
	"veil.wasm":      true,
	"veil.sri.json":  true,
}

// openStatic opens the file a URL path names inside root: the path's
// index.html when it names a directory. ok is false for anything not served.
func openStatic(root *os.Root, urlPath string) (f *os.File, name string, ok bool) {
	name = strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" {
		name = "."
	}
	for _, seg := range strings.Split(name, "/") {
		if seg != "." && strings.HasPrefix(seg, ".") {
			return nil, "", false
		}
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, "", false
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", false
	}
	if st.IsDir() {
		f.Close()
		name = path.Join(name, "index.html")
		if f, err = root.Open(name); err != nil {
			return nil, "", false
		}
	}
	return f, name, true
}
