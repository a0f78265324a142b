package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Settings implements Store.
func (p *Postgres) Settings(ctx context.Context, app string) ([]byte, bool, error) {
	var data []byte
	err := p.db.QueryRow(ctx, `SELECT data FROM settings WHERE app = $1`, app).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// AllSettings implements Store.
func (p *Postgres) AllSettings(ctx context.Context) (map[string][]byte, error) {
	rows, err := p.db.Query(ctx, `SELECT app, data FROM settings ORDER BY app`)
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
func (p *Postgres) PutSettings(ctx context.Context, puts map[string][]byte, audit []AuditEntry) error {
	return p.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, bumpSettings); err != nil {
			return err
		}
		now := time.Now().UnixMilli()
		for app, data := range puts {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (app, data, updated) VALUES ($1, $2, $3)
				ON CONFLICT (app) DO UPDATE SET data = excluded.data, updated = excluded.updated`, app, data, now); err != nil {
				return err
			}
		}
		for _, a := range audit {
			if err := pgAppendAudit(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddToken implements Store. Two collectors adding the same id or hash at
// once: the unique keys let one through and the other gets ErrConflict.
func (p *Postgres) AddToken(ctx context.Context, t Token, audit AuditEntry) error {
	err := p.tx(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM tokens WHERE id = $1 OR hash = $2`, t.ID, t.Hash).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tokens (id, hash, role, apps, note, created) VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, t.Hash, t.Role, strings.Join(t.Apps, ","), t.Note, ms(t.Created)); err != nil {
			return err
		}
		return pgAppendAudit(ctx, tx, audit)
	})
	if pgCode(err) == pgUniqueViolation {
		return ErrConflict
	}
	return err
}

// TokenByHash implements Store; revoked tokens are returned too, with
// Revoked set, so the caller decides.
func (p *Postgres) TokenByHash(ctx context.Context, hash string) (Token, bool, error) {
	t, err := scanToken(p.db.QueryRow(ctx, `SELECT `+tokenCols+` FROM tokens WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, false, nil
	}
	return t, err == nil, err
}

// Tokens implements Store, oldest first.
func (p *Postgres) Tokens(ctx context.Context) ([]Token, error) {
	return pgQueryAll(ctx, p.db, func(r pgx.Rows) (Token, error) { return scanToken(r) },
		`SELECT `+tokenCols+` FROM tokens ORDER BY created, id`)
}

// RevokeToken implements Store.
func (p *Postgres) RevokeToken(ctx context.Context, id string, at time.Time, audit AuditEntry) (bool, error) {
	err := p.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE tokens SET revoked = $1 WHERE id = $2 AND revoked = 0`, ms(at), id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errNoop
		}
		return pgAppendAudit(ctx, tx, audit)
	})
	if errors.Is(err, errNoop) {
		return false, nil
	}
	return err == nil, err
}

// Audit implements Store.
func (p *Postgres) Audit(ctx context.Context, e AuditEntry) error {
	return p.tx(ctx, func(tx pgx.Tx) error { return pgAppendAudit(ctx, tx, e) })
}

func pgAppendAudit(ctx context.Context, tx pgx.Tx, e AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit (at, actor, action, app, target, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
		ms(e.Time), e.Actor, e.Action, e.App, e.Target, e.Detail)
	return err
}

// AuditLog implements Store, oldest first. Ids come from a sequence: with
// several collectors an entry may commit after one with a larger id, so a
// listing continued with AfterID can miss an entry written at that moment.
func (p *Postgres) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var a params
	where := pgFilterWhere(&a, f.App, f.Apps, "at", f.From, f.To)
	if f.AfterID > 0 {
		where += ` AND id > ` + a.add(f.AfterID)
	}
	q := `SELECT id, at, actor, action, app, target, detail FROM audit WHERE ` + where + ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return pgQueryAll(ctx, p.db, func(r pgx.Rows) (AuditEntry, error) {
		var e AuditEntry
		var t int64
		err := r.Scan(&e.ID, &t, &e.Actor, &e.Action, &e.App, &e.Target, &e.Detail)
		e.Time = fromMS(t)
		return e, err
	}, q, a...)
}
