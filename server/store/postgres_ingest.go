package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// needPartition says that a batch found no partition to go to: the
// transaction is rolled back, the partition made, and the batch tried again.
type needPartition struct {
	app     string
	started int64
}

func (n *needPartition) Error() string {
	return fmt.Sprintf("store: no batch partition for application %q, %s: retention keeps dropping it", n.app,
		time.UnixMilli(n.started).UTC().Format("2006-01"))
}

// AddBatch implements Store. The session row is locked (FOR UPDATE) before
// anything else, so the writes of one session are serialised across every
// collector; a session created by two collectors at once is created once
// (ON CONFLICT) and the loser reads the winner's row.
func (p *Postgres) AddBatch(ctx context.Context, b Batch, d Delta) (bool, error) {
	_, err := p.addBatch(ctx, b, d)
	// A partition made here may be dropped by a retention sweep before the
	// batch lands (a session older than its cutoff): a few tries, then an
	// error. Three were lost to sweeps running back to back on a loaded
	// machine (TestPostgresIngestDeletionAndRetentionAtOnce, once in CI).
	var np *needPartition
	for try := 0; try < 8 && errors.As(err, &np); try++ {
		if err := p.ensurePartition(ctx, np.app, np.started); err != nil {
			return false, err
		}
		_, err = p.addBatch(ctx, b, d)
	}
	if errors.Is(err, errNoop) {
		return false, nil
	}
	return err == nil, err
}

func (p *Postgres) addBatch(ctx context.Context, b Batch, d Delta) (bool, error) {
	err := p.tx(ctx, func(tx pgx.Tx) error {
		var app, pages string
		var started int64
		var secret []byte
		newSession := false
		for try := 0; ; try++ {
			err := tx.QueryRow(ctx, `SELECT s.app, s.pages, s.first_seen, k.secret_hash FROM sessions s
				LEFT JOIN session_keys k ON k.session = s.id WHERE s.id = $1 FOR UPDATE OF s`, b.Session).
				Scan(&app, &pages, &started, &secret)
			if err == nil {
				break
			}
			if !errors.Is(err, pgx.ErrNoRows) || try > 0 {
				return err
			}
			if len(d.SecretHash) > 0 && len(d.DataKey) == 0 {
				return ErrGone // a batch of a bound session whose row went
			}
			tag, err := tx.Exec(ctx, `INSERT INTO sessions (id, app, first_seen, last_seen) VALUES ($1, $2, $3, $3)
				ON CONFLICT (id) DO NOTHING`, b.Session, b.App, ms(d.Seen))
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				continue // another collector made it meanwhile: read theirs
			}
			if _, err := tx.Exec(ctx, `INSERT INTO session_keys (session, secret_hash, data_key) VALUES ($1, $2, $3)`,
				b.Session, d.SecretHash, d.DataKey); err != nil {
				return err
			}
			app, pages, started, secret = b.App, "", ms(d.Seen), d.SecretHash
			newSession = true
			break
		}
		if app != b.App {
			return ErrConflict
		}
		if subtle.ConstantTimeCompare(secret, d.SecretHash) != 1 {
			return ErrCapability
		}
		var old, oldLen int
		err := tx.QueryRow(ctx, `SELECT state, coalesce(length(data), 0) FROM batches
			WHERE session = $1 AND seq = $2 AND app = $3 AND started = $4`, b.Session, b.Seq, app, started).Scan(&old, &oldLen)
		exists := err == nil
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if exists && (b.State == Pending || BatchState(old) != Pending) {
			return errNoop
		}
		if exists {
			_, err = tx.Exec(ctx, `UPDATE batches SET state = $1, data = $2, events = $3, received = $4
				WHERE session = $5 AND seq = $6 AND app = $7 AND started = $8`,
				int(b.State), b.Data, b.Events, ms(b.Received), b.Session, b.Seq, app, started)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO batches (app, started, session, seq, state, data, events, received)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				app, started, b.Session, b.Seq, int(b.State), b.Data, b.Events, ms(b.Received))
			if pgCode(err) == pgCheckViolation {
				return &needPartition{app: app, started: started}
			}
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
		a := params{ms(d.Seen), merged, d.Errors, d.RulesVersion, d.Consent, d.ConsentSource,
			stored, pend, dropped, d.Gaps, d.Remasked, size, pendBytes, b.Session, b.plainBytes()}
		set := insightSet(d.Insights, a.add, "least", "greatest")
		_, err = tx.Exec(ctx, `UPDATE sessions SET
			last_seen = greatest(last_seen, $1), pages = $2, errors = errors + $3,
			rules_version = CASE WHEN $4 = '' THEN rules_version ELSE $4 END,
			consent = CASE WHEN $5 = '' THEN consent ELSE $5 END,
			consent_source = CASE WHEN $6 = '' THEN consent_source ELSE $6 END,
			batches = batches + $7, pending = pending + $8, dropped = dropped + $9,
			gaps = gaps + $10, remasked = remasked + $11, bytes = bytes + $12, pending_bytes = pending_bytes + $13,
			plain_bytes = plain_bytes + $15, `+set+` WHERE id = $14`, a...)
		if err != nil {
			return err
		}
		// Last, so that the application's row is locked only until the
		// commit that follows: every batch of the application takes it.
		return pgCharge(ctx, tx, app, usage{chargeOf(newSession, exists, b, oldLen, pages, merged), oneIf(newSession), int64(pendBytes)}, d.Quota)
	})
	return err == nil, err
}

// pgCharge adds u to app's row of app_usage, refusing (QuotaError) a
// positive u.Bytes that would take its stored bytes over quota (0: no
// bound). The row
// lock of the upsert orders collectors charging the same application; the
// refusal rolls the transaction back. Every transaction takes this lock
// last (after session rows and batches).
func pgCharge(ctx context.Context, tx pgx.Tx, app string, u usage, quota int64) error {
	if u.zero() {
		return nil
	}
	delta := u.Bytes
	var used int64
	if err := tx.QueryRow(ctx, `INSERT INTO app_usage (app, bytes, sessions, pending_bytes)
		VALUES ($1, greatest(0, $2::bigint), greatest(0, $3::bigint), greatest(0, $4::bigint))
		ON CONFLICT (app) DO UPDATE SET bytes = greatest(0, app_usage.bytes + $2::bigint), sessions = greatest(0, app_usage.sessions + $3::bigint),
		pending_bytes = greatest(0, app_usage.pending_bytes + $4::bigint)
		RETURNING bytes`, app, delta, u.Sessions, u.Pending).Scan(&used); err != nil {
		return err
	}
	if delta > 0 && quota > 0 && used > quota {
		return &QuotaError{App: app, Used: used - delta, Add: delta, Quota: quota}
	}
	return nil
}

// AppBytes implements Store.
func (p *Postgres) AppBytes(ctx context.Context, app string) (int64, error) {
	var n int64
	err := p.db.QueryRow(ctx, `SELECT bytes FROM app_usage WHERE app = $1`, app).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// partKey returns the session's application and start, which name the
// partition its batches are in; ok is false when the session is not there.
func (p *Postgres) partKey(ctx context.Context, session string) (app string, started int64, ok bool, err error) {
	err = p.db.QueryRow(ctx, `SELECT app, first_seen FROM sessions WHERE id = $1`, session).Scan(&app, &started)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, false, nil
	}
	return app, started, err == nil, err
}

// BatchExists implements Store.
func (p *Postgres) BatchExists(ctx context.Context, session string, seq int) (bool, error) {
	var ok bool
	err := p.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM batches b JOIN sessions s
		ON s.id = b.session AND s.app = b.app AND s.first_seen = b.started
		WHERE b.session = $1 AND b.seq = $2)`, session, seq).Scan(&ok)
	return ok, err
}

// NextSeq implements Store.
func (p *Postgres) NextSeq(ctx context.Context, session string) (int, error) {
	app, started, ok, err := p.partKey(ctx, session)
	if err != nil || !ok {
		return 0, err
	}
	var n *int
	err = p.db.QueryRow(ctx, `SELECT max(seq) FROM batches WHERE session = $1 AND app = $2 AND started = $3 AND state != $4`,
		session, app, started, int(Pending)).Scan(&n)
	if err != nil || n == nil {
		return 0, err
	}
	return *n + 1, nil
}

// PendingBatches implements Store.
func (p *Postgres) PendingBatches(ctx context.Context, session string) ([]Batch, error) {
	return p.batches(ctx, session, Pending)
}

// PendingBefore implements Store, on the index batches_waiting of each
// partition.
func (p *Postgres) PendingBefore(ctx context.Context, before time.Time) ([]string, error) {
	return p.strings(ctx, `SELECT DISTINCT session FROM batches WHERE state = 0 AND received < $1 ORDER BY session`, ms(before))
}

// StoredBatches implements Store.
func (p *Postgres) StoredBatches(ctx context.Context, session string) ([]Batch, error) {
	return p.batches(ctx, session, Stored)
}

func (p *Postgres) batches(ctx context.Context, session string, state BatchState) ([]Batch, error) {
	app, started, ok, err := p.partKey(ctx, session)
	if err != nil || !ok {
		return nil, err
	}
	return pgQueryAll(ctx, p.db, func(r pgx.Rows) (Batch, error) {
		b := Batch{App: app, Session: session, State: state}
		var recv int64
		err := r.Scan(&b.Seq, &b.Data, &b.Events, &recv)
		b.Received = fromMS(recv)
		return b, err
	}, `SELECT seq, data, events, received FROM batches
		WHERE session = $1 AND app = $2 AND started = $3 AND state = $4 ORDER BY seq`, session, app, started, int(state))
}

// SessionAccess implements Store.
func (p *Postgres) SessionAccess(ctx context.Context, id string) (Access, bool, error) {
	var a Access
	var first int64
	err := p.db.QueryRow(ctx, `SELECT s.app, k.secret_hash, k.data_key, s.first_seen FROM sessions s
		LEFT JOIN session_keys k ON k.session = s.id WHERE s.id = $1`, id).Scan(&a.App, &a.SecretHash, &a.DataKey, &first)
	if errors.Is(err, pgx.ErrNoRows) {
		return Access{}, false, nil
	}
	a.FirstSeen = fromMS(first)
	return a, err == nil, err
}

// PendingBytes implements Store: the session's row, and the sums that each
// application keeps (pgCharge), at most MaxApps rows.
func (p *Postgres) PendingBytes(ctx context.Context, app, session string) (mine, ofApp, total int64, err error) {
	err = p.db.QueryRow(ctx, `SELECT coalesce((SELECT sum(pending_bytes) FROM app_usage), 0)::bigint,
		coalesce((SELECT pending_bytes FROM app_usage WHERE app = $1), 0)::bigint,
		coalesce((SELECT pending_bytes FROM sessions WHERE id = $2), 0)::bigint`, app, session).Scan(&total, &ofApp, &mine)
	return mine, ofApp, total, err
}
