package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// AddLogin implements Store.
func (p *Postgres) AddLogin(ctx context.Context, l Login, now time.Time) error {
	return p.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM logins WHERE expires <= $1`, ms(now)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO logins (handle, token_hash, csrf, expires) VALUES ($1, $2, $3, $4)`,
			l.Handle, l.TokenHash, l.CSRF, ms(l.Expires))
		return err
	})
}

// Login implements Store.
func (p *Postgres) Login(ctx context.Context, handle string, now time.Time) (Login, bool, error) {
	l := Login{Handle: handle}
	var exp int64
	err := p.db.QueryRow(ctx, `SELECT token_hash, csrf, expires FROM logins WHERE handle = $1 AND expires > $2`,
		handle, ms(now)).Scan(&l.TokenHash, &l.CSRF, &exp)
	if errors.Is(err, pgx.ErrNoRows) {
		return Login{}, false, nil
	}
	l.Expires = fromMS(exp)
	return l, err == nil, err
}

// DeleteLogin implements Store.
func (p *Postgres) DeleteLogin(ctx context.Context, handle string) error {
	_, err := p.db.Exec(ctx, `DELETE FROM logins WHERE handle = $1`, handle)
	return err
}

// AddTombstone implements Store.
func (p *Postgres) AddTombstone(ctx context.Context, idHash string, until, now time.Time) error {
	return p.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM tombstones WHERE until <= $1`, ms(now)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO tombstones (id_hash, until) VALUES ($1, $2)
			ON CONFLICT (id_hash) DO UPDATE SET until = greatest(tombstones.until, excluded.until)`, idHash, ms(until))
		return err
	})
}

// Tombstoned implements Store.
func (p *Postgres) Tombstoned(ctx context.Context, idHash string, now time.Time) (bool, error) {
	var ok bool
	err := p.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM tombstones WHERE id_hash = $1 AND until > $2)`,
		idHash, ms(now)).Scan(&ok)
	return ok, err
}
