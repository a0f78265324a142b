package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Session implements Store.
func (p *Postgres) Session(ctx context.Context, id string) (Session, bool, error) {
	x, err := scanSession(p.db.QueryRow(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, false, nil
	}
	return x, err == nil, err
}

// Sessions implements Store, newest first.
func (p *Postgres) Sessions(ctx context.Context, f SessionFilter) ([]Session, error) {
	var a params
	where := pgFilterWhere(&a, f.App, f.Apps, "last_seen", f.From, f.To)
	if c := f.After; c != nil {
		at := a.add(ms(c.LastSeen))
		where += ` AND last_seen <= ` + at + ` AND (last_seen < ` + at + ` OR (last_seen = ` + at + ` AND id > ` + a.add(c.ID) + `))`
	}
	if w := insightWhere(f.Insights, a.add); w != "" {
		where += " AND " + w
	}
	q := `SELECT ` + sessionCols + ` FROM sessions WHERE ` + where + ` ORDER BY last_seen DESC, id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return pgQueryAll(ctx, p.db, func(r pgx.Rows) (Session, error) { return scanSession(r) }, q, a...)
}

// DeleteSession implements Store.
//
// PostgreSQL never overwrites a row in place (MVCC): a deleted row's old
// version stays in the table file until VACUUM reuses its space, and in the
// WAL, on replicas and in backups until they age out, so deleting the batch
// rows alone would leave readable copies for days. What makes the deletion
// complete at once is destroying the session's data key in the same
// transaction: every batch is sealed under that key, which exists nowhere
// but its session_keys row, and only wrapped by the keyring. The dead copies
// of the batches are ciphertext nobody can open any more. (The dead copy of
// the wrapped key ages out with the rest; retiring the keyring's key ends it
// too.)
func (p *Postgres) DeleteSession(ctx context.Context, id string, audit AuditEntry) (bool, error) {
	err := p.tx(ctx, func(tx pgx.Tx) error {
		var app string
		var started, used, pend int64
		err := tx.QueryRow(ctx, `SELECT app, first_seen, `+pgUsage+`, pending_bytes FROM sessions WHERE id = $1 FOR UPDATE`, id).
			Scan(&app, &started, &used, &pend)
		if errors.Is(err, pgx.ErrNoRows) {
			return errNoop
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM session_keys WHERE session = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM batches WHERE session = $1 AND app = $2 AND started = $3`, id, app, started); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
			return err
		}
		if audit.Action != "" {
			if err := pgAppendAudit(ctx, tx, audit); err != nil {
				return err
			}
		}
		return pgCharge(ctx, tx, app, usage{-used, -1, -pend}, 0)
	})
	if errors.Is(err, errNoop) {
		return false, nil
	}
	return err == nil, err
}

// SessionApps implements Store.
func (p *Postgres) SessionApps(ctx context.Context) ([]string, error) {
	return p.strings(ctx, `SELECT DISTINCT app FROM sessions ORDER BY app`)
}

// SessionCounts implements Store, from the count each application keeps
// with its stored bytes (pgCharge): counting the rows read every session.
func (p *Postgres) SessionCounts(ctx context.Context, apps []string) (map[string]int, error) {
	var a params
	where := pgFilterWhere(&a, "", apps, "last_seen", time.Time{}, time.Time{})
	rows, err := p.db.Query(ctx, `SELECT app, sessions FROM app_usage WHERE sessions > 0 AND `+where, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var app string
		var n int
		if err := rows.Scan(&app, &n); err != nil {
			return nil, err
		}
		out[app] = n
	}
	return out, rows.Err()
}
