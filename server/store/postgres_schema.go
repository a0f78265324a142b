package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// pgMigrations are the schema's numbered steps: step i+1 is
// pgMigrations[i]. A step is never edited once released; a change is a new
// step at the end. Times are milliseconds since the epoch (bigint), as in
// SQLite, so both backends round alike; text keys sort bytewise (COLLATE
// "C"), as SQLite's do.
var pgMigrations = []string{
	// 1: the schema of the SQLite store, with the session's secret and data
	// key in a table of their own (session_keys: destroying that row is what
	// deletes a session) and batches partitioned by application and session
	// start, one partition per application and month (see postgres_retention.go).
	`
CREATE TABLE sessions (
	id text COLLATE "C" PRIMARY KEY,
	app text COLLATE "C" NOT NULL,
	first_seen bigint NOT NULL,
	last_seen bigint NOT NULL,
	pages text NOT NULL DEFAULT '',
	errors integer NOT NULL DEFAULT 0,
	rules_version text NOT NULL DEFAULT '',
	consent text NOT NULL DEFAULT '',
	consent_source text NOT NULL DEFAULT '',
	batches integer NOT NULL DEFAULT 0,
	pending integer NOT NULL DEFAULT 0,
	dropped integer NOT NULL DEFAULT 0,
	gaps integer NOT NULL DEFAULT 0,
	remasked integer NOT NULL DEFAULT 0,
	bytes bigint NOT NULL DEFAULT 0,
	pending_bytes bigint NOT NULL DEFAULT 0
);
CREATE INDEX sessions_app_seen ON sessions (app, last_seen);
CREATE INDEX sessions_app_first ON sessions (app, first_seen);
CREATE INDEX sessions_pending ON sessions (id) WHERE pending > 0;

CREATE TABLE session_keys (
	session text COLLATE "C" PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	secret_hash bytea,
	data_key bytea
);

CREATE TABLE batches (
	app text COLLATE "C" NOT NULL,
	started bigint NOT NULL, -- the session's first_seen
	session text COLLATE "C" NOT NULL,
	seq integer NOT NULL,
	state smallint NOT NULL,
	data bytea,
	events integer NOT NULL DEFAULT 0,
	received bigint NOT NULL,
	PRIMARY KEY (session, seq, app, started)
) PARTITION BY RANGE (app, started);

CREATE TABLE batch_partitions (
	name text COLLATE "C" PRIMARY KEY,
	app text COLLATE "C" NOT NULL,
	lo bigint NOT NULL,
	hi bigint NOT NULL
);
CREATE INDEX batch_partitions_app_hi ON batch_partitions (app, hi);

CREATE TABLE settings (
	app text COLLATE "C" PRIMARY KEY,
	data bytea NOT NULL,
	updated bigint NOT NULL
);

CREATE TABLE tokens (
	id text COLLATE "C" PRIMARY KEY,
	hash text COLLATE "C" NOT NULL UNIQUE,
	role text NOT NULL,
	apps text NOT NULL,
	note text NOT NULL DEFAULT '',
	created bigint NOT NULL,
	revoked bigint NOT NULL DEFAULT 0
);

CREATE TABLE audit (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at bigint NOT NULL,
	actor text NOT NULL,
	action text NOT NULL,
	app text COLLATE "C" NOT NULL DEFAULT '',
	target text NOT NULL DEFAULT '',
	detail text NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_at ON audit (at);
CREATE FUNCTION veil_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION veil_audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION veil_audit_append_only();

CREATE TABLE logins (
	handle text COLLATE "C" PRIMARY KEY,
	token_hash text NOT NULL,
	csrf text NOT NULL,
	expires bigint NOT NULL
);
CREATE INDEX logins_expires ON logins (expires);

CREATE TABLE tombstones (
	id_hash text COLLATE "C" PRIMARY KEY,
	until bigint NOT NULL
);
CREATE INDEX tombstones_until ON tombstones (until);
`,
	// 2: a session's insights (store.Insights), derived at ingest from its
	// masked events and the coarse device of its first batch.
	`
ALTER TABLE sessions
	ADD COLUMN page_views integer NOT NULL DEFAULT 0,
	ADD COLUMN clicks integer NOT NULL DEFAULT 0,
	ADD COLUMN rage_clicks integer NOT NULL DEFAULT 0,
	ADD COLUMN dead_clicks integer NOT NULL DEFAULT 0,
	ADD COLUMN event_start bigint NOT NULL DEFAULT 0,
	ADD COLUMN event_end bigint NOT NULL DEFAULT 0,
	ADD COLUMN width integer NOT NULL DEFAULT 0,
	ADD COLUMN height integer NOT NULL DEFAULT 0,
	ADD COLUMN browser text NOT NULL DEFAULT '',
	ADD COLUMN os text NOT NULL DEFAULT '',
	ADD COLUMN device text NOT NULL DEFAULT '';
`,
	// 3: token buckets of the rate limits, shared by the collectors (keys
	// are keyed hashes of clients or application names, never addresses).
	`
CREATE TABLE rate_buckets (
	key text COLLATE "C" PRIMARY KEY,
	tokens double precision NOT NULL,
	at bigint NOT NULL
);
CREATE INDEX rate_buckets_at ON rate_buckets (at);
`,
	// 4: each application's stored bytes (quota.go), counted from the
	// sessions already there.
	`
CREATE TABLE app_usage (
	app text COLLATE "C" PRIMARY KEY,
	bytes bigint NOT NULL
);
INSERT INTO app_usage (app, bytes)
	SELECT app, sum(bytes + pending_bytes + octet_length(pages) + 1024 + 128 * (batches + pending + dropped)) FROM sessions GROUP BY app;
`,
	// 5: the listing's order across applications (a token of every
	// application lists them all): without it each page sorted every session.
	// Each application's count of sessions and bytes waiting, kept with its
	// stored bytes, so that listing the applications counts no rows and no
	// batch sums every waiting one.
	`
CREATE INDEX sessions_seen ON sessions (last_seen DESC, id);
ALTER TABLE app_usage ADD COLUMN sessions bigint NOT NULL DEFAULT 0, ADD COLUMN pending_bytes bigint NOT NULL DEFAULT 0;
UPDATE app_usage u SET sessions = (SELECT count(*) FROM sessions s WHERE s.app = u.app),
	pending_bytes = (SELECT coalesce(sum(pending_bytes), 0) FROM sessions s WHERE s.app = u.app);
`,
	// 6: stored batches are compressed before they are sealed, so what a
	// session stores (bytes, which the quota counts) is no longer what a
	// replay decodes (plain_bytes, which MaxSessionBytes bounds). Batches
	// stored before were not compressed: their sealed bytes bound them.
	`
ALTER TABLE sessions ADD COLUMN plain_bytes bigint NOT NULL DEFAULT 0;
UPDATE sessions SET plain_bytes = bytes;
`,
	// 7: the settings version, which collectors poll to learn of a change
	// of settings another one made (settings_version.go).
	`
CREATE TABLE settings_version (id integer PRIMARY KEY CHECK (id = 1), v bigint NOT NULL);
INSERT INTO settings_version (id, v) VALUES (1, 0);
`,
	// 8: the waiting batches by arrival, so that a round of the gap sweep
	// reads the sessions whose gap timed out, not every one with a batch
	// waiting (made on each partition, and on those made later).
	`
CREATE INDEX batches_waiting ON batches (received) WHERE state = 0;
`,
	// 9: when each rate bucket is back at its burst, so that full buckets
	// (which hold nothing a missing row does not) are let go of as they
	// fill rather than after two hours (postgres_tokens.go). Rows of older
	// collectors never count as full: they go by their age, as before.
	`
ALTER TABLE rate_buckets ADD COLUMN full_at bigint NOT NULL DEFAULT 9223372036854775807;
CREATE INDEX rate_buckets_full ON rate_buckets (full_at);
`,
}

// pgMigrateLock is the advisory lock key that serialises migration across
// collectors starting at once (an arbitrary constant: "veilmigr").
const pgMigrateLock int64 = 0x7665696c6d696772

// migrate applies the steps the database has not had yet, each in its own
// transaction that first takes the migration lock, so collectors starting
// together apply each step exactly once and the others wait for it. A
// database with a step newer than this program knows is refused: an older
// collector must not write to a schema it does not understand.
func (p *Postgres) migrate(ctx context.Context) error {
	for step := 1; step <= len(pgMigrations); step++ {
		err := p.tx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, pgMigrateLock); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
				return err
			}
			var have int
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
				return err
			}
			if have > len(pgMigrations) {
				return fmt.Errorf("the database has schema version %d, newer than this collector's %d: upgrade the collector", have, len(pgMigrations))
			}
			if have >= step {
				return nil
			}
			if _, err := tx.Exec(ctx, pgMigrations[step-1]); err != nil {
				return fmt.Errorf("migration %d: %w", step, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, step)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
