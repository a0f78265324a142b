package store

import "context"

// Settings are held compiled by every collector. A collector learns of a
// change another one made (PostgreSQL shared by several) by polling the
// settings version: one row, bumped in the transaction of every PutSettings
// and DeleteApp, so that a collector that reads it and then AllSettings
// misses no change (it reloads at its next poll if one came in between).

// bumpSettings is the statement that counts one change of settings, in the
// same words for both backends.
const bumpSettings = `UPDATE settings_version SET v = v + 1 WHERE id = 1`

// settingsVersionTable is SQLite's table of the version, with its one row
// (PostgreSQL's is migration 7).
const settingsVersionTable = `CREATE TABLE IF NOT EXISTS settings_version (id integer PRIMARY KEY CHECK (id = 1), v bigint NOT NULL);
INSERT INTO settings_version (id, v) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
`

// SettingsVersion implements Store.
func (s *SQLite) SettingsVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT v FROM settings_version WHERE id = 1`).Scan(&v)
	return v, err
}

// SettingsVersion implements Store.
func (p *Postgres) SettingsVersion(ctx context.Context) (int64, error) {
	var v int64
	err := p.db.QueryRow(ctx, `SELECT v FROM settings_version WHERE id = 1`).Scan(&v)
	return v, err
}
