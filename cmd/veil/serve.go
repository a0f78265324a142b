package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// runServe implements `veil serve`; it stops gracefully on SIGINT or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// applyMemoryLimit sets the Go runtime's soft memory limit to
// server.MemoryLimit unless GOMEMLIMIT sets one (the operator's choice wins).
func applyMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(server.MemoryLimit)
	}
}

// serve runs the collector until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("veil serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbPath := fs.String("db", "veil.db", "SQLite database file (created if missing) or postgres:// URL")
	keyFile := fs.String("keys", "", "keyring file, lines id:base64key, the last is current (default: $"+keys.EnvVar+")")
	demo := fs.Bool("demo", false, "allow running without a keyring: an ephemeral key, data unreadable after exit")
	static := fs.String("static", "", "directory served at /veil/ (the recorder's dist/ and the viewer's viewer.js)")
	demoSite := fs.String("demo-site", "", "directory of a demo site served at /demo/; its settings.json becomes application \"demo\" and an admin token is printed")
	trustProxy := fs.String("trust-proxy", "", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (e.g. 127.0.0.1,10.0.0.0/8)")
	logFormat := fs.String("log-format", "text", "log format: text or json (log/slog records on standard error)")
	appQuota := fs.String("app-quota", "8GiB", "storage quota of each application: what its sessions may hold in the database (bytes, or with KiB, MiB, GiB, TiB); a batch over it is answered 413 until retention or deletion frees space")
	metricsAddr := fs.String("metrics-addr", "", "address of a separate listener serving Prometheus metrics at /metrics (off when empty; keep it private: loopback or an internal network, never the public port)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: veil serve [--addr HOST:PORT] [--db FILE|URL] [--keys FILE] [--demo] [--static DIR] [--demo-site DIR] [--trust-proxy CIDR,...] [--log-format text|json] [--metrics-addr HOST:PORT] [--app-quota SIZE]\n\nRuns the collector: ingest at "+server.IngestPath+", recorder configuration at "+server.ConfigPath+"?app=, the API under /api/, the replay viewer at /viewer/, health at /healthz and /readyz.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	logger, err := server.NewLogger(stderr, *logFormat)
	if err != nil {
		fmt.Fprintln(stderr, "veil serve: --log-format:", err)
		return 2
	}
	quota, err := parseSize(*appQuota)
	if err != nil {
		fmt.Fprintln(stderr, "veil serve: --app-quota:", err)
		return 2
	}
	applyMemoryLimit()
	proxies, err := parseTrustProxy(*trustProxy)
	if err != nil {
		fmt.Fprintln(stderr, "veil serve: --trust-proxy:", err)
		return 2
	}
	ring, err := keys.Load(*keyFile)
	if err != nil && *keyFile == "" && *demo {
		var line string
		if line, err = keys.NewLine("demo"); err == nil {
			ring, err = keys.Parse(line)
		}
		logger.Print("veil serve: WARNING: DEMO MODE: event data is encrypted with an EPHEMERAL key;")
		logger.Print("veil serve: WARNING: everything recorded now is UNREADABLE after this process exits.")
	}
	if err != nil {
		fmt.Fprintln(stderr, "veil serve:", err)
		if *keyFile == "" {
			fmt.Fprintln(stderr, "veil serve: refusing to store recordings unencrypted; pass --keys FILE (create one with: veil keys new --keys veil.keys), set "+keys.EnvVar+", or use --demo")
		}
		return 1
	}
	st, err := store.OpenDSN(*dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "veil serve:", err)
		return 1
	}
	defer st.Close()
	srv, err := server.New(ctx, server.Options{Store: st, Keys: ring, Static: *static, DemoSite: *demoSite, Log: logger,
		TrustProxy: proxies, Ingest: server.IngestLimits{AppBytes: quota}})
	if err != nil {
		fmt.Fprintln(stderr, "veil serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "veil serve:", err)
		return 1
	}
	hs := server.NewHTTPServer(srv.Handler(), server.HTTPLimits{}, logger)
	ln = server.LimitConnections(ln, server.HTTPLimits{Trusted: proxies})
	bg, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { srv.Run(bg); close(done) }()
	fmt.Fprintf(stdout, "veil serve: listening on http://%s (database %s, key %s)\n", ln.Addr(), store.RedactDSN(*dbPath), ring.Current())
	if *demoSite != "" {
		secret, err := srv.InstallDemo(ctx, *demoSite)
		if err != nil {
			fmt.Fprintln(stderr, "veil serve:", err)
			ln.Close()
			cancel()
			<-done
			return 1
		}
		printDemo(stdout, "http://"+ln.Addr().String(), secret)
	}
	var metrics *http.Server
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			fmt.Fprintln(stderr, "veil serve: --metrics-addr:", err)
			ln.Close()
			cancel()
			<-done
			return 1
		}
		metrics = server.NewHTTPServer(metricsHandler(srv), server.HTTPLimits{}, logger)
		go metrics.Serve(server.LimitConnections(mln, server.HTTPLimits{}))
		fmt.Fprintf(stdout, "veil serve: metrics on http://%s/metrics\n", mln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	code := 0
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "veil serve:", err)
		code = 1
	case <-ctx.Done():
		fmt.Fprintln(stdout, "veil serve: shutting down")
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := hs.Shutdown(sctx); err != nil {
			fmt.Fprintln(stderr, "veil serve: shutdown:", err)
			code = 1
		}
		scancel()
	}
	if metrics != nil {
		metrics.Close()
	}
	cancel()
	<-done
	return code
}

// metricsHandler is the metrics listener's only route: GET /metrics.
func metricsHandler(srv *server.Server) http.Handler {
	m := http.NewServeMux()
	m.Handle("GET /metrics", srv.Metrics().Handler())
	return m
}

// printDemo tells a newcomer where to go after `make demo`.
func printDemo(w io.Writer, base, secret string) {
	fmt.Fprintf(w, `
  Demo site:   %[1]s/demo/          (sign up, pay, open "My account": you are being recorded)
  Viewer:      %[1]s/viewer/        (log in with the admin token below, open a session, press Play)
  Admin token: %[2]s

  The token is shown only this once. Stop with Ctrl-C; demo data dies with the process.
`, base, secret)
}

// minAppQuota is the smallest --app-quota: one full session.
const minAppQuota = server.MaxSessionBytes

// parseSize reads a byte count: a whole number, optionally followed by KiB,
// MiB, GiB or TiB, at least minAppQuota and at most 1 PiB.
func parseSize(v string) (int64, error) {
	n, unit := strings.TrimSpace(v), int64(1)
	for i, suffix := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if num, ok := strings.CutSuffix(n, suffix); ok {
			n, unit = strings.TrimSpace(num), int64(1)<<(10*(i+1))
			break
		}
	}
	x, err := strconv.ParseInt(n, 10, 64)
	if err != nil || x <= 0 || x > (1<<50)/unit {
		return 0, fmt.Errorf("%q is not a size: a whole number of bytes, or of KiB, MiB, GiB or TiB (at most 1024TiB)", v)
	}
	if x*unit < minAppQuota {
		return 0, fmt.Errorf("%q is under %d bytes (one full session)", v, minAppQuota)
	}
	return x * unit, nil
}
