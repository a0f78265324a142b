package server

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"strings"
)

// LogFormats are the values of `veil serve --log-format`.
var LogFormats = []string{"text", "json"}

// NewLogger returns the collector's logger: a *log.Logger (what
// Options.Log and http.Server.ErrorLog take) whose every line becomes a
// log/slog record in format "text" or "json" on out. A Server given it
// also writes one "request" record per request (ops.go). The lines say
// what failed and never carry event content, tokens, session secrets or
// client addresses; the one source of addresses, net/http's own error lines
// ("http: ... from 192.0.2.1:1234"), has them replaced by "[client]". Safe
// for concurrent use.
func NewLogger(out io.Writer, format string) (*log.Logger, error) {
	var h slog.Handler
	switch format {
	case "text":
		h = slog.NewTextHandler(out, nil)
	case "json":
		h = slog.NewJSONHandler(out, nil)
	default:
		return nil, fmt.Errorf("log format %q: expected %s", format, strings.Join(LogFormats, " or "))
	}
	return log.New(&slogWriter{l: slog.New(h)}, "", 0), nil
}

// slogWriter turns each line a *log.Logger writes into a slog record, like
// slog.NewLogLogger, but keeps the *slog.Logger reachable through
// log.Logger.Writer, so the server finds it without a new Options field.
type slogWriter struct{ l *slog.Logger }

func (w *slogWriter) Write(p []byte) (int, error) {
	msg := strings.TrimSuffix(string(p), "\n")
	level := slog.LevelInfo
	if strings.HasPrefix(msg, "http: ") {
		msg = scrubAddr(msg)
		level = slog.LevelWarn
	} else if strings.Contains(msg, "WARNING") {
		level = slog.LevelWarn
	}
	w.l.Log(context.Background(), level, msg)
	return len(p), nil
}

// scrubAddr replaces the client address net/http writes after "from " or
// "serving " in its error lines ("http: TLS handshake error from
// 192.0.2.1:1234: EOF", "http: panic serving [::1]:1234: ...").
func scrubAddr(msg string) string {
	for _, lead := range []string{"from ", "serving "} {
		i := strings.Index(msg, lead)
		if i < 0 {
			continue
		}
		start := i + len(lead)
		end := start
		for end < len(msg) && msg[end] != ' ' {
			end++
		}
		addr := strings.TrimSuffix(msg[start:end], ":")
		if addr != "" && (strings.ContainsAny(addr, ".:") || strings.HasPrefix(addr, "[")) {
			msg = msg[:start] + "[client]" + msg[start+len(addr):]
		}
	}
	return msg
}
