package store

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
)

// errRefused rolls back a TakeTokens that found a bucket empty.
var errRefused = errors.New("store: token bucket empty")

// TakeTokens implements Store: every bucket is charged in one transaction,
// each by one upsert that refills and charges it under its row lock only
// when it holds a token, so collectors racing for the last token cannot
// both get it; a bucket without one rolls every charge back. Each row
// keeps when it is back at its burst (full_at), and at most once every
// memSweepEvery a collector first deletes the rows that are full by now:
// a missing row is a full bucket, so nothing changes for
// anyone, and a flood of keys (a login attempt or a new session from each
// of many IPv6 /64s) holds the table at about what it makes in the time its
// buckets take to fill, not what it makes in the two hours ForgetTokens
// waits. full_at and the sweep read the database's clock (now()), not the
// collectors': a collector whose clock ran ahead let go of buckets that much
// short of full, so with a minute's skew every login bucket (full 50 s after
// it empties) went at its next sweep, and a client had ten attempts a second
// instead of one every five.
func (p *Postgres) TakeTokens(ctx context.Context, takes []TokenTake, now time.Time) (bool, error) {
	if err := checkTakes(takes); err != nil {
		return false, err
	}
	at := ms(now)
	last := p.swept.Load()
	sweep := at-last >= memSweepEvery && p.swept.CompareAndSwap(last, at)
	if sweep {
		// Its own statement, before the charges, skipping rows another
		// transaction holds: it never waits, so it cannot deadlock with a
		// take charging several buckets.
		if _, err := p.db.Exec(ctx, `DELETE FROM rate_buckets WHERE key IN (
	SELECT key FROM rate_buckets WHERE full_at <= `+pgNowMS+` FOR UPDATE SKIP LOCKED)`); err != nil {
			return false, err
		}
	}
	err := p.tx(ctx, func(tx pgx.Tx) error {
		for _, t := range takes {
			var left float64
			err := tx.QueryRow(ctx, `
INSERT INTO rate_buckets AS b (key, tokens, at, full_at)
	VALUES ($1, $3::float8 - 1, $4::bigint, CASE WHEN $5::bigint < 0 THEN 9223372036854775807 ELSE `+pgNowMS+` + $5::bigint END)
ON CONFLICT (key) DO UPDATE SET
	tokens = least($3::float8, b.tokens + greatest(0, $4::bigint - b.at) / 1000.0 * $2::float8) - 1,
	at = greatest(b.at, $4::bigint),
	full_at = CASE WHEN $2::float8 > 0 THEN `+pgNowMS+` + least(9.0e15, ceil(
		($3::float8 + 1 - least($3::float8, b.tokens + greatest(0, $4::bigint - b.at) / 1000.0 * $2::float8))
		/ $2::float8 * 1000))::bigint ELSE 9223372036854775807 END
WHERE least($3::float8, b.tokens + greatest(0, $4::bigint - b.at) / 1000.0 * $2::float8) >= 1
RETURNING tokens`, t.Key, t.Rate, t.Burst, at, refillMS(t.Burst-1, t.Rate, t.Burst)).Scan(&left)
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

// pgNowMS is the database's clock in milliseconds since the epoch, the
// clock of full_at.
const pgNowMS = `(extract(epoch from now()) * 1000)::bigint`

// refillMS is how long a bucket holding tokens takes to be back at burst,
// in milliseconds; -1 for never (fullAt's MaxInt64).
func refillMS(tokens, rate, burst float64) int64 {
	if f := fullAt(tokens, 0, rate, burst); f != math.MaxInt64 {
		return f
	}
	return -1
}

// ForgetTokens implements Store.
func (p *Postgres) ForgetTokens(ctx context.Context, before time.Time) error {
	_, err := p.db.Exec(ctx, `DELETE FROM rate_buckets WHERE at < $1`, ms(before))
	return err
}
