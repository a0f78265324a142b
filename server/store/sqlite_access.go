package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// accessSchema holds what lets people and visitors back in after a restart:
// viewer logins (by the hash of the cookie handle, never the handle) and the
// tombstones of visitor deletions (by the hash of the session id).
const accessSchema = `
CREATE TABLE IF NOT EXISTS logins (
	handle TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL,
	csrf TEXT NOT NULL,
	expires INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tombstones (
	id_hash TEXT PRIMARY KEY,
	until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tombstones_until ON tombstones(until);
`

func migrateAccess(db *sql.DB) error {
	_, err := db.Exec(accessSchema)
	return err
}

// AddLogin implements Store.
func (s *SQLite) AddLogin(ctx context.Context, l Login, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE expires <= ?`, ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO logins (handle, token_hash, csrf, expires) VALUES (?, ?, ?, ?)`,
			l.Handle, l.TokenHash, l.CSRF, ms(l.Expires))
		return err
	})
}

// Login implements Store.
func (s *SQLite) Login(ctx context.Context, handle string, now time.Time) (Login, bool, error) {
	l := Login{Handle: handle}
	var exp int64
	err := s.db.QueryRowContext(ctx, `SELECT token_hash, csrf, expires FROM logins WHERE handle = ? AND expires > ?`,
		handle, ms(now)).Scan(&l.TokenHash, &l.CSRF, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return Login{}, false, nil
	}
	l.Expires = fromMS(exp)
	return l, err == nil, err
}

// DeleteLogin implements Store.
func (s *SQLite) DeleteLogin(ctx context.Context, handle string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE handle = ?`, handle)
		return err
	})
}

// AddTombstone implements Store.
func (s *SQLite) AddTombstone(ctx context.Context, idHash string, until, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM tombstones WHERE until <= ?`, ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tombstones (id_hash, until) VALUES (?, ?)
			ON CONFLICT (id_hash) DO UPDATE SET until = max(until, excluded.until)`, idHash, ms(until))
		return err
	})
}

// Tombstoned implements Store.
func (s *SQLite) Tombstoned(ctx context.Context, idHash string, now time.Time) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM tombstones WHERE id_hash = ? AND until > ?`,
		idHash, ms(now)).Scan(&n)
	return n > 0, err
}

// SessionCounts implements Store, from the count each application keeps
// with its stored bytes (sqliteCharge): counting the rows read every session.
func (s *SQLite) SessionCounts(ctx context.Context, apps []string) (map[string]int, error) {
	where, args := filterWhere("", apps, "last_seen", time.Time{}, time.Time{})
	rows, err := s.db.QueryContext(ctx, `SELECT app, sessions FROM app_usage WHERE sessions > 0 AND `+where, args...)
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
