package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// errRefused rolls back a TakeTokens that found a bucket empty.
var errRefused = errors.New("store: token bucket empty")

// TakeTokens implements Store: every bucket is charged in one transaction,
// each by one upsert that refills and charges it under its row lock only
// when it holds a token, so collectors racing for the last token cannot
// both get it; a bucket without one rolls every charge back.
func (p *Postgres) TakeTokens(ctx context.Context, takes []TokenTake, now time.Time) (bool, error) {
	if err := checkTakes(takes); err != nil {
		return false, err
	}
	err := p.tx(ctx, func(tx pgx.Tx) error {
		for _, t := range takes {
			var left float64
			err := tx.QueryRow(ctx, `
INSERT INTO rate_buckets AS b (key, tokens, at) VALUES ($1, $3::float8 - 1, $4::bigint)
ON CONFLICT (key) DO UPDATE SET
	tokens = least($3::float8, b.tokens + greatest(0, $4::bigint - b.at) / 1000.0 * $2::float8) - 1,
	at = greatest(b.at, $4::bigint)
WHERE least($3::float8, b.tokens + greatest(0, $4::bigint - b.at) / 1000.0 * $2::float8) >= 1
RETURNING tokens`, t.Key, t.Rate, t.Burst, ms(now)).Scan(&left)
			if errors.Is(err, pgx.ErrNoRows) {
				return errRefused
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return false, nil
	}
	return err == nil, err
}

// ForgetTokens implements Store.
func (p *Postgres) ForgetTokens(ctx context.Context, before time.Time) error {
	_, err := p.db.Exec(ctx, `DELETE FROM rate_buckets WHERE at < $1`, ms(before))
	return err
}
