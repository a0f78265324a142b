package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	_ "modernc.org/sqlite" // the embedded default: pure Go, no cgo
)

// Bounds of the page URLs kept per session, which every session listing
// loads, scrubs and sends for each of its up to 1000 sessions: a recorded
// URL may be as long as any recorded string (1 MiB), so without them one
// session could hold 100 MiB of page URLs and a listing hundreds of times
// that. The events keep the whole URL; only the list is bounded.
const (
	// MaxPages bounds the page URLs kept per session.
	MaxPages = 100
	// MaxPageBytes bounds one page URL as kept: a longer one is cut, on a
	// character boundary, and ends with PageCut.
	MaxPageBytes = 2 << 10
	// MaxPagesBytes bounds the page URLs kept per session together (their
	// bytes as kept, MaxPageBytes each at most); pages past it are not kept.
	MaxPagesBytes = 16 << 10
	// PageCut ends a page URL cut at MaxPageBytes.
	PageCut = "…"
)

const schema = `
CREATE TABLE IF NOT EXISTS sessions (
	id TEXT PRIMARY KEY,
	app TEXT NOT NULL,
	first_seen INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	pages TEXT NOT NULL DEFAULT '',
	errors INTEGER NOT NULL DEFAULT 0,
	rules_version TEXT NOT NULL DEFAULT '',
	consent TEXT NOT NULL DEFAULT '',
	consent_source TEXT NOT NULL DEFAULT '',
	batches INTEGER NOT NULL DEFAULT 0,
	pending INTEGER NOT NULL DEFAULT 0,
	dropped INTEGER NOT NULL DEFAULT 0,
	gaps INTEGER NOT NULL DEFAULT 0,
	remasked INTEGER NOT NULL DEFAULT 0,
	bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_app_seen ON sessions(app, last_seen);
CREATE TABLE IF NOT EXISTS batches (
	session TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	state INTEGER NOT NULL,
	data BLOB,
	events INTEGER NOT NULL DEFAULT 0,
	received INTEGER NOT NULL,
	PRIMARY KEY (session, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings (
	app TEXT PRIMARY KEY,
	data BLOB NOT NULL,
	updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
	id TEXT PRIMARY KEY,
	hash TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	apps TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created INTEGER NOT NULL,
	revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	time INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	app TEXT NOT NULL DEFAULT '',
	target TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS audit_time ON audit(time);
CREATE TRIGGER IF NOT EXISTS audit_append_only_u BEFORE UPDATE ON audit
	BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_d BEFORE DELETE ON audit
	BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
` + settingsVersionTable

// SQLite is the embedded Store: one file, WAL mode. Writes are serialised in
// the process (SQLite has one writer anyway); reads run concurrently.
type SQLite struct {
	db     *sql.DB
	wu     sync.Mutex
	locks  sessionLocks
	tokens memTokens
	cps    checkpoints
	// chunkDone, when not nil, is called between the transactions of
	// deleteSessions (tests).
	chunkDone func()
}

// SQLiteConns bounds the connections the SQLite store opens at once; a
// query beyond them waits for one (or for its context). Without a bound
// database/sql opens one per concurrent query: a flood of cheap
// unauthenticated requests that each ask the store one question (visitor
// deletions of made-up sessions, a made-up viewer cookie) opened about 1,500
// of them, each with its own files (three descriptors) and page cache — 5,000
// descriptors and 390 MiB of RSS from 1,800 connections, over the collector's
// memory target. Reads are short and writes are serialised anyway: a few
// connections serve two cores as fast as many.
const SQLiteConns = 8

// Open opens or creates the database at path.
func Open(path string) (*SQLite, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)", "secure_delete(1)"} {
		q.Add("_pragma", p)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(SQLiteConns)
	db.SetMaxIdleConns(SQLiteConns)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	if err := migrateIngest(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	if err := migrateUsage(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	if err := migrateAccess(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return &SQLite{db: db, cps: checkpoints{rate: CheckpointsPerSecond, burst: CheckpointBurst}}, nil
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// write runs fn in one transaction, serialised with every other write.
func (s *SQLite) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.wu.Lock()
	defer s.wu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// errNoop rolls a transaction back without reporting an error.
var errNoop = errors.New("no-op")

// AddBatch implements Store.
func (s *SQLite) AddBatch(ctx context.Context, b Batch, d Delta) (bool, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var app, pages string
		var secret []byte
		newSession := false
		err := tx.QueryRowContext(ctx, `SELECT app, pages, secret_hash FROM sessions WHERE id = ?`, b.Session).Scan(&app, &pages, &secret)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if len(d.SecretHash) > 0 && len(d.DataKey) == 0 {
				return ErrGone // a batch of a bound session whose row went
			}
			newSession = true
			_, err = tx.ExecContext(ctx, `INSERT INTO sessions (id, app, first_seen, last_seen, secret_hash, data_key) VALUES (?, ?, ?, ?, ?, ?)`,
				b.Session, b.App, ms(d.Seen), ms(d.Seen), d.SecretHash, d.DataKey)
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case app != b.App:
			return ErrConflict
		case subtle.ConstantTimeCompare(secret, d.SecretHash) != 1:
			return ErrCapability
		}
		var old, oldLen int
		err = tx.QueryRowContext(ctx, `SELECT state, coalesce(length(data), 0) FROM batches WHERE session = ? AND seq = ?`, b.Session, b.Seq).Scan(&old, &oldLen)
		exists := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if exists && (b.State == Pending || BatchState(old) != Pending) {
			return errNoop
		}
		if exists {
			_, err = tx.ExecContext(ctx, `UPDATE batches SET state = ?, data = ?, events = ?, received = ? WHERE session = ? AND seq = ?`,
				b.State, b.Data, b.Events, ms(b.Received), b.Session, b.Seq)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO batches (session, seq, state, data, events, received) VALUES (?, ?, ?, ?, ?, ?)`,
				b.Session, b.Seq, b.State, b.Data, b.Events, ms(b.Received))
		}
		if err != nil {
			return err
		}
		var pend, pendBytes, stored, dropped, size int
		switch b.State {
		case Pending:
			pend, pendBytes = 1, len(b.Data)
		case Stored:
			stored, size = 1, len(b.Data)
		case Dropped:
			dropped = 1
		}
		if exists {
			pend, pendBytes = -1, -oldLen
		}
		merged := mergePages(pages, d.Pages)
		args := []any{ms(d.Seen), merged, d.Errors,
			d.RulesVersion, d.RulesVersion, d.Consent, d.Consent, d.ConsentSource, d.ConsentSource,
			stored, pend, dropped, d.Gaps, d.Remasked, size, b.plainBytes(), pendBytes}
		set := insightSet(d.Insights, func(v any) string { args = append(args, v); return "?" }, "min", "max")
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET
			last_seen = max(last_seen, ?), pages = ?, errors = errors + ?,
			rules_version = CASE WHEN ? = '' THEN rules_version ELSE ? END,
			consent = CASE WHEN ? = '' THEN consent ELSE ? END,
			consent_source = CASE WHEN ? = '' THEN consent_source ELSE ? END,
			batches = batches + ?, pending = pending + ?, dropped = dropped + ?,
			gaps = gaps + ?, remasked = remasked + ?, bytes = bytes + ?, plain_bytes = plain_bytes + ?,
			pending_bytes = pending_bytes + ?, `+set+` WHERE id = ?`, append(args, b.Session)...)
		if err != nil {
			return err
		}
		return sqliteCharge(ctx, tx, b.App, usage{chargeOf(newSession, exists, b, oldLen, pages, merged), oneIf(newSession), int64(pendBytes)}, d.Quota)
	})
	if errors.Is(err, errNoop) {
		return false, nil
	}
	return err == nil, err
}

func mergePages(old string, add []string) string {
	pages := splitPages(old)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	for _, p := range add {
		if len(pages) >= MaxPages {
			break
		}
		p = cutPage(cleanPage(p))
		if p != "" && !contains(pages, p) {
			if size+len(p) > MaxPagesBytes {
				break
			}
			pages = append(pages, p)
			size += len(p)
		}
	}
	return strings.Join(pages, "\n")
}

// cutPage cuts a page URL longer than MaxPageBytes on a character boundary
// and marks it with PageCut, within MaxPageBytes.
func cutPage(p string) string {
	if len(p) <= MaxPageBytes {
		return p
	}
	n := MaxPageBytes - len(PageCut)
	for n > 0 && !utf8.RuneStart(p[n]) {
		n--
	}
	return p[:n] + PageCut
}

// cleanPage makes a page URL storable in every backend and in the
// newline-joined list: control characters (NUL, which PostgreSQL text
// refuses, and line breaks, which would split the list) are percent-encoded
// and invalid UTF-8 becomes U+FFFD.
func cleanPage(p string) string {
	p = strings.ToValidUTF8(p, "\uFFFD")
	if strings.IndexFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) < 0 {
		return p
	}
	var b strings.Builder
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(r)+0x100, 16)[1:]))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitPages reads a stored page list within the bounds mergePages keeps
// (MaxPages, MaxPageBytes, MaxPagesBytes), which lists stored before those
// bounds may exceed.
func splitPages(s string) []string {
	if s == "" {
		return nil
	}
	var pages []string
	size := 0
	for p := range strings.SplitSeq(s, "\n") {
		if len(pages) == MaxPages {
			break
		}
		p = cutPage(p)
		if size += len(p); size > MaxPagesBytes {
			break
		}
		pages = append(pages, p)
	}
	return pages
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// BatchExists implements Store.
func (s *SQLite) BatchExists(ctx context.Context, session string, seq int) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM batches WHERE session = ? AND seq = ?`, session, seq).Scan(&n)
	return n > 0, err
}

// NextSeq implements Store.
func (s *SQLite) NextSeq(ctx context.Context, session string) (int, error) {
	var n sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(seq) FROM batches WHERE session = ? AND state != ?`, session, Pending).Scan(&n)
	if err != nil || !n.Valid {
		return 0, err
	}
	return int(n.Int64) + 1, nil
}

// PendingBatches implements Store.
func (s *SQLite) PendingBatches(ctx context.Context, session string) ([]Batch, error) {
	return s.batches(ctx, session, Pending)
}

// PendingBefore implements Store, on the index batches_waiting (named: the
// planner, without statistics, scanned the table to spare a sort).
func (s *SQLite) PendingBefore(ctx context.Context, before time.Time) ([]string, error) {
	return s.strings(ctx, `SELECT DISTINCT session FROM batches INDEXED BY batches_waiting WHERE state = 0 AND received < ? ORDER BY session`, ms(before))
}

// StoredBatches implements Store.
func (s *SQLite) StoredBatches(ctx context.Context, session string) ([]Batch, error) {
	return s.batches(ctx, session, Stored)
}

func (s *SQLite) batches(ctx context.Context, session string, state BatchState) ([]Batch, error) {
	return queryAll(ctx, s.db, func(r *sql.Rows) (Batch, error) {
		b := Batch{Session: session, State: state}
		var recv int64
		err := r.Scan(&b.Seq, &b.Data, &b.Events, &recv, &b.App)
		b.Received = fromMS(recv)
		return b, err
	}, `SELECT b.seq, b.data, b.events, b.received, s.app FROM batches b JOIN sessions s ON s.id = b.session
		WHERE b.session = ? AND b.state = ? ORDER BY b.seq`, session, state)
}

const sessionCols = `id, app, first_seen, last_seen, pages, errors, rules_version, consent, consent_source,
	batches, pending, dropped, gaps, remasked, bytes, plain_bytes, ` + insightCols

func scanSession(sc interface{ Scan(...any) error }) (Session, error) {
	var x Session
	var first, last int64
	var pages string
	err := sc.Scan(append([]any{&x.ID, &x.App, &first, &last, &pages, &x.Errors, &x.RulesVersion, &x.Consent, &x.ConsentSource,
		&x.Batches, &x.Pending, &x.Dropped, &x.Gaps, &x.Remasked, &x.Bytes, &x.PlainBytes}, x.Insights.scanDest()...)...)
	x.FirstSeen, x.LastSeen, x.Pages = fromMS(first), fromMS(last), splitPages(pages)
	return x, err
}

// Session implements Store.
func (s *SQLite) Session(ctx context.Context, id string) (Session, bool, error) {
	x, err := scanSession(s.db.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, false, nil
	}
	return x, err == nil, err
}

// filterWhere builds the WHERE clause shared by the session and audit
// listings: one application, a scope of applications ("*" is all), and a time
// range on column timeCol.
func filterWhere(app string, apps []string, timeCol string, from, to time.Time) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	if app != "" {
		where, args = append(where, "app = ?"), append(args, app)
	}
	if apps != nil && !contains(apps, "*") {
		where = append(where, "app IN ("+placeholders(len(apps))+")")
		for _, a := range apps {
			args = append(args, a)
		}
	}
	if !from.IsZero() {
		where, args = append(where, timeCol+" >= ?"), append(args, ms(from))
	}
	if !to.IsZero() {
		where, args = append(where, timeCol+" <= ?"), append(args, ms(to))
	}
	return strings.Join(where, " AND "), args
}

// Sessions implements Store, newest first.
func (s *SQLite) Sessions(ctx context.Context, f SessionFilter) ([]Session, error) {
	q, args := sqliteSessionsQuery(f)
	return queryAll(ctx, s.db, func(r *sql.Rows) (Session, error) { return scanSession(r) }, q, args...)
}

// sqliteSessionsQuery is the query of Sessions. The cursor's condition
// repeats last_seen <= its time, so that an index in the listing's order
// (sessions_seen, sessions_app_seen) starts at the cursor instead of
// reading every session before it.
func sqliteSessionsQuery(f SessionFilter) (string, []any) {
	where, args := filterWhere(f.App, f.Apps, "last_seen", f.From, f.To)
	if c := f.After; c != nil {
		where += ` AND last_seen <= ? AND (last_seen < ? OR (last_seen = ? AND id > ?))`
		args = append(args, ms(c.LastSeen), ms(c.LastSeen), ms(c.LastSeen), c.ID)
	}
	if w := insightWhere(f.Insights, func(v any) string { args = append(args, v); return "?" }); w != "" {
		where += " AND " + w
	}
	q := `SELECT ` + sessionCols + ` FROM sessions WHERE ` + where + ` ORDER BY last_seen DESC, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return q, args
}

func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// DeleteSession implements Store.
func (s *SQLite) DeleteSession(ctx context.Context, id string, audit AuditEntry) (bool, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var app string
		var used, pend int64
		err := tx.QueryRowContext(ctx, `SELECT app, `+sqliteUsage+`, pending_bytes FROM sessions WHERE id = ?`, id).Scan(&app, &used, &pend)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoop
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
			return err
		}
		if err := sqliteCharge(ctx, tx, app, usage{-used, -1, -pend}, 0); err != nil || audit.Action == "" {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
	if errors.Is(err, errNoop) {
		return false, nil
	}
	if err == nil {
		err = s.checkpoint(ctx)
	}
	return err == nil, err
}

// DeleteChunk bounds the sessions SQLite's DeleteIdle and DeleteApp
// delete in one transaction: a transaction holds SQLite's one write lock,
// every batch of every session waiting behind it, and the WAL holds all it
// overwrote until it ends (one transaction of 200,000 sessions held the
// lock for 50 s).
const DeleteChunk = 1000

// DeleteIdle implements Store, DeleteChunk sessions a transaction.
func (s *SQLite) DeleteIdle(ctx context.Context, app string, cutoff time.Time) (int, error) {
	n, err := s.deleteSessions(ctx, app, ms(cutoff))
	if err == nil && n > 0 {
		err = s.checkpoint(ctx)
	}
	return n, err
}

// deleteSessions deletes the sessions of app started before cutoff (ms),
// DeleteChunk a transaction, and gives back their stored bytes with each.
func (s *SQLite) deleteSessions(ctx context.Context, app string, cutoff int64) (int, error) {
	total := 0
	for {
		var n int
		err := s.write(ctx, func(tx *sql.Tx) error {
			ids, err := queryAll(ctx, tx, func(r *sql.Rows) (v any, err error) {
				var id string
				err = r.Scan(&id)
				return id, err
			}, `SELECT id FROM sessions WHERE app = ? AND first_seen < ? LIMIT ?`, app, cutoff, DeleteChunk)
			if err != nil || len(ids) == 0 {
				return err
			}
			in := placeholders(len(ids))
			var used, pend int64
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(`+sqliteUsage+`), 0), coalesce(sum(pending_bytes), 0) FROM sessions WHERE id IN (`+in+`)`,
				ids...).Scan(&used, &pend); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id IN (`+in+`)`, ids...); err != nil {
				return err
			}
			n = len(ids)
			return sqliteCharge(ctx, tx, app, usage{-used, -int64(n), -pend}, 0)
		})
		total += n
		if err != nil || n < DeleteChunk {
			return total, err
		}
		if s.chunkDone != nil {
			s.chunkDone()
		}
	}
}

// DeleteApp implements Store: its sessions DeleteChunk a transaction, then
// its settings, its count and the audit entry in one. Its name is gone
// from the caller's applications first, so no new session of it comes; a
// failure part way leaves its settings, and a retry goes on.
func (s *SQLite) DeleteApp(ctx context.Context, app string, audit func(sessions int) AuditEntry) (int, error) {
	n, err := s.deleteSessions(ctx, app, math.MaxInt64)
	if err != nil {
		return n, err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM settings WHERE app = ?`, `DELETE FROM app_usage WHERE app = ?`} {
			if _, err := tx.ExecContext(ctx, q, app); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, bumpSettings); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit(n))
	})
	if err == nil {
		err = s.checkpoint(ctx)
	}
	return n, err
}

// AppBytes implements Store.
func (s *SQLite) AppBytes(ctx context.Context, app string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT bytes FROM app_usage WHERE app = ?`, app).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// sqliteCharge adds u to app's row of app_usage, refusing (QuotaError) a
// positive u.Bytes that would take its stored bytes over quota (0: no
// bound). Writes are serialised (write), so reading and then writing is
// atomic.
func sqliteCharge(ctx context.Context, tx *sql.Tx, app string, u usage, quota int64) error {
	if u.zero() {
		return nil
	}
	delta := u.Bytes
	var used int64
	err := tx.QueryRowContext(ctx, `SELECT bytes FROM app_usage WHERE app = ?`, app).Scan(&used)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if delta > 0 && quota > 0 && used+delta > quota {
		return &QuotaError{App: app, Used: used, Add: delta, Quota: quota}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO app_usage (app, bytes, sessions, pending_bytes) VALUES (?, max(0, ?), max(0, ?), max(0, ?))
		ON CONFLICT(app) DO UPDATE SET bytes = max(0, bytes + ?), sessions = max(0, sessions + ?), pending_bytes = max(0, pending_bytes + ?)`,
		app, delta, u.Sessions, u.Pending, delta, u.Sessions, u.Pending)
	return err
}

func oneIf(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// SessionApps implements Store.
func (s *SQLite) SessionApps(ctx context.Context) ([]string, error) {
	return s.strings(ctx, `SELECT DISTINCT app FROM sessions ORDER BY app`)
}

func (s *SQLite) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	return queryAll(ctx, s.db, func(r *sql.Rows) (v string, err error) { err = r.Scan(&v); return v, err }, q, args...)
}

// queryAll runs q, on the database or in a transaction, and scans every
// row with scan.
func queryAll[T any](ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, scan func(*sql.Rows) (T, error), q string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Settings implements Store.
func (s *SQLite) Settings(ctx context.Context, app string) ([]byte, bool, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM settings WHERE app = ?`, app).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// AllSettings implements Store.
func (s *SQLite) AllSettings(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT app, data FROM settings ORDER BY app`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var app string
		var data []byte
		if err := rows.Scan(&app, &data); err != nil {
			return nil, err
		}
		out[app] = data
	}
	return out, rows.Err()
}

// PutSettings implements Store.
func (s *SQLite) PutSettings(ctx context.Context, puts map[string][]byte, audit []AuditEntry) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, bumpSettings); err != nil {
			return err
		}
		now := time.Now().UnixMilli()
		for app, data := range puts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (app, data, updated) VALUES (?, ?, ?)
				ON CONFLICT(app) DO UPDATE SET data = excluded.data, updated = excluded.updated`, app, data, now); err != nil {
				return err
			}
		}
		for _, a := range audit {
			if err := appendAudit(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddToken implements Store.
func (s *SQLite) AddToken(ctx context.Context, t Token, audit AuditEntry) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tokens WHERE id = ? OR hash = ?`, t.ID, t.Hash).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrConflict
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, hash, role, apps, note, created) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, t.Hash, t.Role, strings.Join(t.Apps, ","), t.Note, ms(t.Created)); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

const tokenCols = `id, hash, role, apps, note, created, revoked`

func scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var apps string
	var created, revoked int64
	err := sc.Scan(&t.ID, &t.Hash, &t.Role, &apps, &t.Note, &created, &revoked)
	t.Apps, t.Created, t.Revoked = strings.Split(apps, ","), fromMS(created), fromMS(revoked)
	return t, err
}

// TokenByHash implements Store; revoked tokens are returned too, with
// Revoked set, so the caller decides.
func (s *SQLite) TokenByHash(ctx context.Context, hash string) (Token, bool, error) {
	t, err := scanToken(s.db.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM tokens WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, false, nil
	}
	return t, err == nil, err
}

// Tokens implements Store, oldest first.
func (s *SQLite) Tokens(ctx context.Context) ([]Token, error) {
	return queryAll(ctx, s.db, func(r *sql.Rows) (Token, error) { return scanToken(r) },
		`SELECT `+tokenCols+` FROM tokens ORDER BY created, id`)
}

// RevokeToken implements Store.
func (s *SQLite) RevokeToken(ctx context.Context, id string, at time.Time, audit AuditEntry) (bool, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked = ? WHERE id = ? AND revoked = 0`, ms(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoop
		}
		return appendAudit(ctx, tx, audit)
	})
	if errors.Is(err, errNoop) {
		return false, nil
	}
	return err == nil, err
}

// Audit implements Store.
func (s *SQLite) Audit(ctx context.Context, e AuditEntry) error {
	return s.write(ctx, func(tx *sql.Tx) error { return appendAudit(ctx, tx, e) })
}

func appendAudit(ctx context.Context, tx *sql.Tx, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (time, actor, action, app, target, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		ms(e.Time), e.Actor, e.Action, e.App, e.Target, e.Detail)
	return err
}

// AuditLog implements Store, oldest first.
func (s *SQLite) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	where, args := filterWhere(f.App, f.Apps, "time", f.From, f.To)
	if f.AfterID > 0 {
		where, args = where+` AND id > ?`, append(args, f.AfterID)
	}
	q := `SELECT id, time, actor, action, app, target, detail FROM audit WHERE ` + where + ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryAll(ctx, s.db, func(r *sql.Rows) (AuditEntry, error) {
		var e AuditEntry
		var t int64
		err := r.Scan(&e.ID, &t, &e.Actor, &e.Action, &e.App, &e.Target, &e.Detail)
		e.Time = fromMS(t)
		return e, err
	}, q, args...)
}

var _ Store = (*SQLite)(nil)
