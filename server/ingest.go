package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

// IngestPath is where recorders send batches; the recorder configuration's
// endpoint points here.
const IngestPath = "/veil/ingest"

// ConfigPath serves the recorder configuration of ?app=.
const ConfigPath = "/veil/config.json"

// ingestApp validates ?app= and the Origin for the ingest and config
// endpoints, writing the CORS headers; nil means an answer was written.
func (s *Server) ingestApp(w http.ResponseWriter, r *http.Request) *settings.App {
	name := r.URL.Query().Get("app")
	if name == "" {
		fail(w, http.StatusBadRequest, "missing app parameter")
		return nil
	}
	if !auth.ValidApp(name) {
		fail(w, http.StatusBadRequest, "bad app parameter: 1-64 characters of a-z 0-9 - _")
		return nil
	}
	app := s.app(name)
	if app == nil {
		fail(w, http.StatusNotFound, "unknown application "+strconv.Quote(name))
		return nil
	}
	if o := r.Header.Get("Origin"); o != "" {
		if !app.AllowsOrigin(o) && !sameOrigin(r, o) {
			fail(w, http.StatusForbidden, "origin "+strconv.Quote(o)+" is not allowed for application "+strconv.Quote(name))
			return nil
		}
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Add("Vary", "Origin")
	}
	return app
}

// sameOrigin: a page served by the collector itself needs no allow-list
// entry.
func sameOrigin(r *http.Request, origin string) bool {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return origin == scheme+"://"+r.Host
}

// preflight answers CORS preflight for the ingest and config endpoints.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	if s.ingestApp(w, r) == nil {
		return
	}
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// serveConfig serves the recorder configuration: never the playback rules.
func (s *Server) serveConfig(w http.ResponseWriter, r *http.Request) {
	app := s.ingestApp(w, r)
	if app == nil {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(app.RecorderJSON())
}

// validSession checks a recorder session id: 16-64 of [A-Za-z0-9_-].
func validSession(id string) bool {
	if len(id) < 16 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// parseSeq reads a seq in 0..MaxSeq written in plain decimal digits.
func parseSeq(s string) (int, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n <= MaxSeq
}

// ingest is the recorder's endpoint: validate everything, answer 204 for an
// accepted (or already accepted) batch, a 4xx naming the problem otherwise.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	app := s.ingestApp(w, r)
	if app == nil {
		return
	}
	q := r.URL.Query()
	id := q.Get("session")
	if id == "" {
		fail(w, http.StatusBadRequest, "missing session parameter")
		return
	}
	if !validSession(id) {
		fail(w, http.StatusBadRequest, "bad session id: 16-64 characters of A-Z a-z 0-9 _ -")
		return
	}
	if q.Has("delete") {
		s.visitorDelete(w, r, app.Name, id)
		return
	}
	seq, ok := parseSeq(q.Get("seq"))
	if !ok {
		fail(w, http.StatusBadRequest, "bad or missing seq: a whole number from 0 to "+strconv.Itoa(MaxSeq))
		return
	}
	body, status, msg := readBody(w, r)
	if status != 0 {
		fail(w, status, msg)
		return
	}
	events, ru, err := parseBatch(body)
	if err != nil {
		fail(w, http.StatusBadRequest, "malformed events: "+err.Error())
		return
	}
	if len(events) == 0 {
		fail(w, http.StatusBadRequest, "malformed events: an empty batch")
		return
	}
	l := s.live.acquire(id, app.Name, app.RecordingSet(), s.opt.Now())
	if l == nil {
		w.WriteHeader(http.StatusNoContent) // the visitor deleted this session: late batches are discarded
		return
	}
	if l.app != app.Name {
		l.mu.Unlock()
		fail(w, http.StatusBadRequest, "session id is in use by another application")
		return
	}
	status, msg, err = s.accept(r.Context(), l, seq, events, ru, body)
	l.mu.Unlock()
	switch {
	case errors.Is(err, store.ErrConflict):
		fail(w, http.StatusBadRequest, "session id is in use by another application")
	case err != nil:
		s.internal(w, "ingest", err)
	case status != http.StatusNoContent:
		fail(w, status, msg)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

var gzipMagic = []byte{0x1f, 0x8b}

// readBody reads a request body within MaxBodyBytes and, when it is gzip,
// inflates it within MaxDecodedBytes. A non-zero status reports a problem.
func readBody(w http.ResponseWriter, r *http.Request) (body []byte, status int, msg string) {
	if r.ContentLength > MaxBodyBytes {
		return nil, http.StatusRequestEntityTooLarge, "body of " + strconv.FormatInt(r.ContentLength, 10) +
			" bytes is over the limit of " + strconv.Itoa(MaxBodyBytes)
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, http.StatusBadRequest, "reading the body: " + err.Error()
	}
	if len(raw) > MaxBodyBytes {
		return nil, http.StatusRequestEntityTooLarge, "body is over the limit of " + strconv.Itoa(MaxBodyBytes) + " bytes"
	}
	if len(raw) == 0 {
		return nil, http.StatusBadRequest, "empty body"
	}
	if !bytes.HasPrefix(raw, gzipMagic) {
		if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) == 0 || (t[0] != '[' && t[0] != '{') {
			return nil, http.StatusUnsupportedMediaType, "body is neither gzip nor JSON"
		}
		return raw, 0, ""
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, http.StatusBadRequest, "corrupt gzip: " + err.Error()
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxDecodedBytes+1))
	if len(out) > MaxDecodedBytes {
		return nil, http.StatusRequestEntityTooLarge, "body inflates to over the limit of " + strconv.Itoa(MaxDecodedBytes) + " bytes"
	}
	if err != nil {
		return nil, http.StatusBadRequest, "corrupt or truncated gzip: " + err.Error()
	}
	return out, 0, ""
}

// visitorDelete is veil.optOut({deleteRecorded: true}): knowing the session
// id is the capability. The answer is 204 whether or not the session exists,
// so ids cannot be probed.
func (s *Server) visitorDelete(w http.ResponseWriter, r *http.Request, app, id string) {
	if r.ContentLength > 0 {
		fail(w, http.StatusBadRequest, "a delete request has an empty body")
		return
	}
	if n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, 1)); n > 0 {
		fail(w, http.StatusBadRequest, "a delete request has an empty body")
		return
	}
	if err := s.deleteSession(r.Context(), id, app, "visitor"); err != nil {
		s.internal(w, "delete", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteSession deletes a session of app (any app when app is "") and
// audits it; a session of another application is left alone.
func (s *Server) deleteSession(ctx context.Context, id, app, actor string) error {
	sess, ok, err := s.st.Session(ctx, id)
	if err != nil || (ok && app != "" && sess.App != app) {
		return err
	}
	if app == "" {
		app = sess.App
	}
	s.live.forget(id)
	if !ok {
		return nil
	}
	_, err = s.st.DeleteSession(ctx, id, store.AuditEntry{Time: s.opt.Now(), Actor: actor, Action: "session.delete",
		App: app, Target: id, Detail: `{"by":"` + actor + `"}`})
	return err
}
