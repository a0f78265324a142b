package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strings"
)

// ingestColumns are added to sessions by migrateIngest, one statement each
// so that a database made before them gains them.
var ingestColumns = []string{
	`ALTER TABLE sessions ADD COLUMN secret_hash BLOB`,
	`ALTER TABLE sessions ADD COLUMN data_key BLOB`,
	`ALTER TABLE sessions ADD COLUMN pending_bytes INTEGER NOT NULL DEFAULT 0`,
	// the session's Insights
	`ALTER TABLE sessions ADD COLUMN page_views INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN clicks INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN rage_clicks INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN dead_clicks INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN event_start INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN event_end INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN width INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN height INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE sessions ADD COLUMN browser TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE sessions ADD COLUMN os TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT ''`,
}

var ingestIndexes = []string{
	`CREATE INDEX IF NOT EXISTS sessions_pending ON sessions(id) WHERE pending > 0`,
	`CREATE INDEX IF NOT EXISTS sessions_app_first ON sessions(app, first_seen)`,
	// the listing's order, across applications (a token of every
	// application lists them all): without it each page sorted every session
	`CREATE INDEX IF NOT EXISTS sessions_seen ON sessions(last_seen DESC, id)`,
	// the waiting batches by arrival: the gap sweep reads what timed out
	`CREATE INDEX IF NOT EXISTS batches_waiting ON batches(received) WHERE state = 0`,
}

func migrateIngest(db *sql.DB) error {
	for _, q := range ingestColumns {
		if _, err := db.Exec(q); err != nil && !strings.Contains(err.Error(), "duplicate column") {
			return err
		}
	}
	if err := migratePlainBytes(db); err != nil {
		return err
	}
	for _, q := range ingestIndexes {
		if _, err := db.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

// migratePlainBytes adds the decompressed size of each session's stored
// batches. Batches stored before were not compressed: their sealed bytes are
// their plain bytes and a little more (a nonce and a tag each), which bounds
// a replay of them as it did before.
func migratePlainBytes(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`ALTER TABLE sessions ADD COLUMN plain_bytes INTEGER NOT NULL DEFAULT 0`); err != nil {
		if strings.Contains(err.Error(), "duplicate column") {
			return nil
		}
		return err
	}
	if _, err := tx.Exec(`UPDATE sessions SET plain_bytes = bytes`); err != nil {
		return err
	}
	return tx.Commit()
}

// migrateUsage makes the table of each application's stored bytes
// (quota.go) and, when it is new, counts what the sessions already hold.
func migrateUsage(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'app_usage'`).Scan(&have); err != nil {
		return err
	}
	if have == 0 {
		if _, err := tx.Exec(`CREATE TABLE app_usage (app TEXT PRIMARY KEY, bytes INTEGER NOT NULL,
			sessions INTEGER NOT NULL DEFAULT 0, pending_bytes INTEGER NOT NULL DEFAULT 0)`); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO app_usage (app, bytes, sessions, pending_bytes)
			SELECT app, sum(` + sqliteUsage + `), count(*), sum(pending_bytes) FROM sessions GROUP BY app`); err != nil {
			return err
		}
		return tx.Commit()
	}
	// a table made by a collector that kept fewer of them
	for _, c := range []struct{ column, count string }{
		{"sessions", "count(*)"},
		{"pending_bytes", "coalesce(sum(pending_bytes), 0)"},
	} {
		if _, err := tx.Exec(`ALTER TABLE app_usage ADD COLUMN ` + c.column + ` INTEGER NOT NULL DEFAULT 0`); err == nil {
			if _, err := tx.Exec(`UPDATE app_usage SET ` + c.column + ` = (SELECT ` + c.count + ` FROM sessions s WHERE s.app = app_usage.app)`); err != nil {
				return err
			}
		} else if !strings.Contains(err.Error(), "duplicate column") {
			return err
		}
	}
	return tx.Commit()
}

// createPrivate creates the database file readable by its owner only, when
// it does not exist: SQLite creates the -wal and -shm files with the
// database file's permissions.
func createPrivate(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// SessionAccess implements Store.
func (s *SQLite) SessionAccess(ctx context.Context, id string) (Access, bool, error) {
	var a Access
	var first int64
	err := s.db.QueryRowContext(ctx, `SELECT app, secret_hash, data_key, first_seen FROM sessions WHERE id = ?`, id).
		Scan(&a.App, &a.SecretHash, &a.DataKey, &first)
	if errors.Is(err, sql.ErrNoRows) {
		return Access{}, false, nil
	}
	a.FirstSeen = fromMS(first)
	return a, err == nil, err
}

// PendingBytes implements Store: the session's row, and the sums that each
// application keeps (sqliteCharge), at most MaxApps rows.
func (s *SQLite) PendingBytes(ctx context.Context, app, session string) (mine, ofApp, total int64, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT coalesce((SELECT sum(pending_bytes) FROM app_usage), 0),
		coalesce((SELECT pending_bytes FROM app_usage WHERE app = ?), 0),
		coalesce((SELECT pending_bytes FROM sessions WHERE id = ?), 0)`, app, session).Scan(&total, &ofApp, &mine)
	return mine, ofApp, total, err
}
