package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/ingest"
	"github.com/veil-replay/veil/server/insights"
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
		if !app.AllowsOrigin(o) && o != s.requestOrigin(r) {
			fail(w, http.StatusForbidden, "origin "+strconv.Quote(o)+" is not allowed for application "+strconv.Quote(name))
			return nil
		}
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Expose-Headers", SessionFullHeader)
		w.Header().Add("Vary", "Origin")
	}
	return app
}

// SessionFullHeader marks the 413 of a batch that would take its session
// over MaxSessionBytes: the recorder then starts a new session with a fresh
// full snapshot instead of sending more to one that takes nothing more.
const SessionFullHeader = "Veil-Session-Full"

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
	// settings strings (excludeUrls patterns, endpoints) may read as markup:
	// never sniffed, like every other JSON answer
	w.Header().Set("X-Content-Type-Options", "nosniff")
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

// contentEncodingError says why a batch's Content-Encoding cannot be read,
// "" when it can. The protocol has none (beacons cannot set headers): a
// body is gzip or plain JSON, told apart by its first bytes. A request that
// names one coding of those (gzip, x-gzip, identity) is read the same way; any
// other coding, or a list of them ("gzip, gzip", "br"), would be read as
// something it is not, failing later with an unhelpful error or, for a
// proxy in front that decodes what it names, reading differently from it.
func contentEncodingError(values []string) string {
	if len(values) == 0 {
		return ""
	}
	all := strings.Join(values, ", ")
	switch strings.ToLower(strings.TrimSpace(all)) {
	case "", "gzip", "x-gzip", "identity":
		return ""
	}
	if len(all) > 64 {
		all = all[:64] + "…"
	}
	return "Content-Encoding " + strconv.Quote(all) + " is not supported: send the batch as one layer of gzip or as plain JSON " +
		"(told apart by its first bytes), with no Content-Encoding or gzip"
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
// accepted (or already accepted) batch, a 4xx naming the problem otherwise,
// 429 or 503 with Retry-After when the collector cannot take it now.
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
	seq, ok := parseSeq(q.Get("seq"))
	if !ok && !q.Has("delete") {
		fail(w, http.StatusBadRequest, "bad or missing seq: a whole number from 0 to "+strconv.Itoa(MaxSeq))
		return
	}
	secret := q.Get(SecretParam)
	client := clientNet(s.clientAddr(r))
	if q.Has("delete") {
		// A deletion asks the store as admission does, so it counts within
		// its client's share of the work slots as admission does: one
		// client's flood of deletions of made-up sessions (answered 204
		// whatever the secret) runs MaxClientWork at a time instead of all
		// at once ahead of every recorder's batches. It takes no slot of
		// the collector's own: a visitor's deletion is not refused because
		// other clients keep the collector busy.
		if !s.ing.clients.take(r.Context(), client, s.ing.lim.Wait) {
			busy(w, http.StatusServiceUnavailable, "too many requests of this client in progress; retry later")
			return
		}
		defer s.ing.clients.give(client)
		// No secret check before the session is found: the answer for a
		// session that is not there does not depend on it.
		s.visitorDelete(w, r, app.Name, id, secretHash(id, secret))
		return
	}
	if msg := contentEncodingError(r.Header.Values("Content-Encoding")); msg != "" {
		fail(w, http.StatusUnsupportedMediaType, msg)
		return
	}
	if !validSecret(secret) {
		// An older recorder sends no secret: it fails closed, its batches
		// refused, until the page loads the recorder that ships with this
		// collector.
		fail(w, http.StatusForbidden, "missing or bad session secret ("+SecretParam+"): 22-64 characters of A-Z a-z 0-9 _ -; "+
			"the recorder must be the one served with this collector")
		return
	}
	hash := secretHash(id, secret)
	// Admission takes a work slot (it asks the store), within the client's
	// share of them as the work on the body does: one client's requests,
	// however many, cannot hold every slot while the store is slow.
	if !s.ing.clients.take(r.Context(), client, s.ing.lim.Wait) {
		busy(w, http.StatusServiceUnavailable, "too many batches of this client in progress; retry later")
		return
	}
	if !s.ing.work.acquire(r.Context()) {
		s.ing.clients.give(client)
		busy(w, http.StatusServiceUnavailable, "the collector is busy; retry later")
		return
	}
	status, msg, err := s.admit(r, app.Name, id, seq, hash)
	s.ing.work.release()
	s.ing.clients.give(client)
	if err != nil {
		s.internal(w, "ingest", err)
		return
	} else if status == http.StatusNoContent {
		w.WriteHeader(status) // the visitor deleted this session: late batches are discarded
		return
	} else if status != 0 {
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			busy(w, status, msg)
		} else {
			fail(w, status, msg)
		}
		return
	}
	// The body is read outside the work slots (see wire.go): a client
	// sending slowly holds its connection and its bytes, not a slot.
	wire, releaseWire, status, msg := s.readWire(w, r)
	defer releaseWire()
	if status != 0 {
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			busy(w, status, msg)
		} else {
			fail(w, status, msg)
		}
		return
	}
	if !s.ing.clients.take(r.Context(), client, s.ing.lim.Wait) {
		busy(w, http.StatusServiceUnavailable, "too many batches of this client in progress; retry later")
		return
	}
	defer s.ing.clients.give(client)
	if !s.ing.work.acquire(r.Context()) {
		busy(w, http.StatusServiceUnavailable, "the collector is busy; retry later")
		return
	}
	defer s.ing.work.release()
	body, u, status, msg := inflate(wire)
	if status != 0 {
		fail(w, status, msg)
		return
	}
	cost := decodeCost(body, u)
	if cost > s.ing.lim.Memory {
		fail(w, http.StatusRequestEntityTooLarge, tooCostly(cost, s.ing.lim.Memory))
		return
	}
	if !s.reserve(r.Context(), cost) {
		busy(w, http.StatusServiceUnavailable, "the collector is busy; retry later")
		return
	}
	release := func() { s.ing.mem.release(cost) }
	p, err := ingest.ParseBatch(body)
	if err != nil || len(p.Events) == 0 {
		release()
		if err == nil {
			err = errors.New("an empty batch")
		}
		fail(w, http.StatusBadRequest, "malformed events: "+err.Error())
		return
	}
	res, err := s.live.eng.Accept(r.Context(), ingest.Batch{App: app.Name, Session: id, Seq: seq, SecretHash: hash,
		Wire: wire, Parsed: p, Release: release, Client: liveClient(s.clientAddr(r)),
		// coarse values only (browser family, OS family, class): the raw
		// User-Agent is never stored
		Device: insights.DeviceOf(r.Header.Get("User-Agent"))})
	if err != nil {
		s.internal(w, "ingest", err)
		return
	}
	switch res.Outcome {
	case ingest.Accepted, ingest.Discarded:
		w.WriteHeader(http.StatusNoContent) // Discarded: the visitor deleted this session, late batches go
	case ingest.Conflict:
		fail(w, http.StatusBadRequest, res.Msg)
	case ingest.WrongSecret:
		fail(w, http.StatusForbidden, res.Msg)
	case ingest.Later:
		busy(w, http.StatusTooManyRequests, res.Msg)
	case ingest.TooLarge:
		w.Header().Set(SessionFullHeader, "1")
		fail(w, http.StatusRequestEntityTooLarge, res.Msg)
	case ingest.OverQuota:
		// Not SessionFullHeader: a new session would be refused too, and a
		// recorder that rolled over on it would loop.
		fail(w, http.StatusRequestEntityTooLarge, res.Msg)
	default:
		busy(w, http.StatusServiceUnavailable, res.Msg)
	}
}

// admit refuses, before the body is read, a batch that names a session of
// another application or lacks its secret, and a new session over the rate
// limits; 204 discards a batch of a session its visitor deleted (the
// tombstones outlive restarts). The live session's own check in accept is the
// authority; this one keeps refusals cheap.
func (s *Server) admit(r *http.Request, app, id string, seq int, hash []byte) (int, string, error) {
	// An application at its storage quota takes no batch: refused before
	// the body is read (the store's own check in AddBatch is the authority).
	if used, err := s.st.AppBytes(r.Context(), app); err != nil {
		return 0, "", err
	} else if used >= s.ing.lim.AppBytes {
		return http.StatusRequestEntityTooLarge, "application " + strconv.Quote(app) + " has used its storage quota (" +
			strconv.FormatInt(used, 10) + " of " + strconv.FormatInt(s.ing.lim.AppBytes, 10) +
			" bytes): no batch is taken until retention or deletion frees space, or the quota is raised", nil
	}
	if s.live.has(id) {
		return 0, "", nil // not new; accept checks its secret
	}
	if dead, err := s.buried(r.Context(), id); err != nil || dead {
		return http.StatusNoContent, "", err
	}
	a, ok, err := s.st.SessionAccess(r.Context(), id)
	switch {
	case err != nil:
		return 0, "", err
	case ok && a.App != app:
		return http.StatusBadRequest, "session id is in use by another application", nil
	case ok && !secretMatches(a.SecretHash, hash):
		return http.StatusForbidden, "not this session's secret", nil
	case ok:
		return 0, "", nil
	}
	// A new session's batch ahead of seq 0 waits in the store: while what
	// waits is at its caps it is refused here, before its body is read
	// (and before a new session is counted), not once it was read,
	// inflated and parsed — a flood of new sessions each sending seq 1
	// kept the caps full and had every body decoded for a 503.
	if seq > 0 {
		_, ofApp, total, err := s.st.PendingBytes(r.Context(), app, id)
		if err != nil {
			return 0, "", err
		}
		if ofApp >= s.ing.lim.PendingApp || total >= s.ing.lim.PendingTotal {
			return http.StatusServiceUnavailable, "too many batches are waiting for an earlier seq; retry later", nil
		}
	}
	allowed, err := s.ing.started.allow(r.Context(), app, s.ingestClient(r), s.opt.Now())
	switch {
	case err != nil:
		return 0, "", err
	case !allowed:
		return http.StatusTooManyRequests, "too many new sessions; retry later", nil
	}
	return 0, "", nil
}

// visitorDelete is veil.optOut({deleteRecorded: true}) from the recording
// tab, which holds the session's secret. The answer is 204 when the session
// does not exist (or belongs to another application); 403 when the secret
// is not the session's (as a batch's is: that an id is in use can be told,
// not what its session holds).
func (s *Server) visitorDelete(w http.ResponseWriter, r *http.Request, app, id string, hash []byte) {
	if r.ContentLength > 0 {
		fail(w, http.StatusBadRequest, "a delete request has an empty body")
		return
	}
	if n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, 1)); n > 0 {
		fail(w, http.StatusBadRequest, "a delete request has an empty body")
		return
	}
	a, ok, err := s.st.SessionAccess(r.Context(), id)
	if err != nil {
		s.internal(w, "delete", err)
		return
	}
	if ok && a.App == app && !secretMatches(a.SecretHash, hash) {
		fail(w, http.StatusForbidden, "not this session's secret")
		return
	}
	// What a deletion leaves in the store (an audit entry, kept for good, and
	// a tombstone) is written one by one within the application's budget
	// (VisitorDeletesPerApp); beyond it the session is deleted all the same
	// and the deletions are audited together (visitorDeletes).
	proven := ok && a.App == app
	itemized := !proven || s.visitorDeletes.take(r.Context(), app, s.opt.Now())
	found, err := s.deleteSessionAudited(r.Context(), id, app, "visitor", itemized)
	if err != nil {
		s.internal(w, "delete", err)
		return
	}
	if found && !itemized {
		s.unitemized.add(app)
	}
	// Only a deletion proven by the secret is remembered in the store: others
	// (no such session yet) stay in the bounded memory of the live set, so
	// that nobody can fill the store with tombstones.
	if proven && itemized {
		if err := s.bury(r.Context(), id); err != nil {
			s.internal(w, "delete", err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteSession deletes a session of app (any app when app is "") with its
// data key, and audits it under a digest of its id, which must leave no
// trace in the files; a session of another application is left alone.
func (s *Server) deleteSession(ctx context.Context, id, app, actor string) error {
	_, err := s.deleteSessionAudited(ctx, id, app, actor, true)
	return err
}

// deleteSessionAudited is deleteSession, audited on its own when itemized
// (else the caller counts it); found reports whether it was there.
func (s *Server) deleteSessionAudited(ctx context.Context, id, app, actor string, itemized bool) (found bool, err error) {
	sess, ok, err := s.st.Session(ctx, id)
	if err != nil || (ok && app != "" && sess.App != app) {
		return false, err
	}
	if app == "" {
		app = sess.App
	}
	s.live.forget(id, ok)
	if !ok {
		return false, nil
	}
	var entry store.AuditEntry
	if itemized {
		entry = store.AuditEntry{Time: s.opt.Now(), Actor: actor, Action: "session.delete",
			App: app, Target: sessionDigest(id), Detail: `{"by":"` + actor + `"}`}
	}
	return s.st.DeleteSession(ctx, id, entry)
}

// liveClient is the network a session counts under in the live set: its
// share group (an IPv4 /24, an IPv6 /48), as for connections.
func liveClient(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return shareGroup(a.Unmap()).String()
}
