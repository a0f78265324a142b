package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Retention on PostgreSQL drops whole partitions. Batches are partitioned by
// (application, session start), one partition per application and calendar
// month (UTC) of session start, made on demand by the first batch that needs
// it. Keying partitions by application as well as by start means that each
// application's own retention decides alone when a partition is entirely
// expired: no application with a longer retention keeps another's rows
// alive, and no row of an application is dropped before its own cutoff.
// batch_partitions lists them (name, application, [lo, hi) in ms).

// partitionName names the partition of app's sessions started in the month
// that starts at lo: a hash of the application (any text is a valid
// application name here; identifiers are not) and the month.
func partitionName(app string, lo time.Time) string {
	h := sha256.Sum256([]byte(app))
	return "batches_" + hex.EncodeToString(h[:8]) + "_" + lo.Format("200601")
}

// monthOf returns the calendar month (UTC) that contains the instant started.
func monthOf(started int64) (lo, hi time.Time) {
	t := time.UnixMilli(started).UTC()
	lo = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return lo, lo.AddDate(0, 1, 0)
}

// pgLiteral quotes s as an SQL string constant, whatever the server's
// standard_conforming_strings (partition bounds cannot be parameters).
func pgLiteral(s string) string {
	return "E'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// nameLock is the advisory lock key of a partition name: creating and
// dropping one partition are serialised across collectors.
func nameLock(name string) int64 {
	h := sha256.Sum256([]byte("veil-partition:" + name))
	return int64(binary.BigEndian.Uint64(h[:8]))
}

// ensurePartition makes the partition for app's sessions started at
// started, in a transaction of its own (creating a partition locks the
// parent table, which must not be held through an ingest transaction).
func (p *Postgres) ensurePartition(ctx context.Context, app string, started int64) error {
	if strings.ContainsRune(app, 0) {
		return fmt.Errorf("store: application name %q has a NUL byte", app)
	}
	lo, hi := monthOf(started)
	name := partitionName(app, lo)
	return p.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, nameLock(name)); err != nil {
			return err
		}
		var have bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM batch_partitions WHERE name = $1)`, name).Scan(&have); err != nil {
			return err
		}
		if have {
			return nil
		}
		q := fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s PARTITION OF batches FOR VALUES FROM (%s, %d) TO (%s, %d)`,
			pgx.Identifier{name}.Sanitize(), pgLiteral(app), lo.UnixMilli(), pgLiteral(app), hi.UnixMilli())
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("store: partition for application %q, %s: %w", app, lo.Format("2006-01"), err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO batch_partitions (name, app, lo, hi) VALUES ($1, $2, $3, $4)`,
			name, app, lo.UnixMilli(), hi.UnixMilli())
		return err
	})
}

// DeleteIdle implements Store, in one transaction: the partitions of app
// that end at or before cutoff are dropped whole (no row by row deletion, no
// dead rows left for VACUUM), the batches of app's sessions started before
// cutoff in the partition that straddles it are deleted, and then those
// sessions' rows and data keys. Locks are taken in the order every other
// transaction takes them, so retention, ingest and partition creation never
// deadlock: session rows (by id), partition names, the batches table, then
// its partitions. Dropping partitions briefly locks the batches table for
// every reader and writer.
func (p *Postgres) DeleteIdle(ctx context.Context, app string, cutoff time.Time) (int, error) {
	var n int64
	err := p.tx(ctx, func(tx pgx.Tx) (err error) {
		n, err = pgDeleteStarted(ctx, tx, app, ms(cutoff))
		return err
	})
	return int(n), err
}

// DeleteApp implements Store: DeleteIdle with no cutoff (every partition of
// the application is dropped), then its settings and stored-bytes count.
func (p *Postgres) DeleteApp(ctx context.Context, app string, audit func(sessions int) AuditEntry) (int, error) {
	var n int64
	err := p.tx(ctx, func(tx pgx.Tx) (err error) {
		if n, err = pgDeleteStarted(ctx, tx, app, math.MaxInt64); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM settings WHERE app = $1`, app); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, bumpSettings); err != nil {
			return err
		}
		if err := pgAppendAudit(ctx, tx, audit(int(n))); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM app_usage WHERE app = $1`, app)
		return err
	})
	return int(n), err
}

// pgDeleteStarted deletes, in tx, app's sessions started before cutoff (ms)
// as DeleteIdle says, and gives their stored bytes back.
func pgDeleteStarted(ctx context.Context, tx pgx.Tx, app string, cutoff int64) (int64, error) {
	ids, err := pgQueryAll(ctx, tx, func(r pgx.Rows) (v string, err error) { err = r.Scan(&v); return v, err },
		`SELECT id FROM sessions WHERE app = $1 AND first_seen < $2 ORDER BY id FOR UPDATE`, app, cutoff)
	if err != nil {
		return 0, err
	}
	names, err := pgQueryAll(ctx, tx, func(r pgx.Rows) (v string, err error) { err = r.Scan(&v); return v, err },
		`SELECT name FROM batch_partitions WHERE app = $1 AND hi <= $2 ORDER BY name`, app, cutoff)
	if err != nil {
		return 0, err
	}
	for _, name := range names { // every name lock before any table lock, as ensurePartition
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, nameLock(name)); err != nil {
			return 0, err
		}
	}
	if len(names) > 0 {
		// Parent before partitions, as every query on batches locks them:
		// dropping a partition alone would lock it before the parent.
		if _, err := tx.Exec(ctx, `LOCK TABLE batches IN ACCESS EXCLUSIVE MODE`); err != nil {
			return 0, err
		}
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, `DROP TABLE IF EXISTS `+pgx.Identifier{name}.Sanitize()); err != nil {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM batch_partitions WHERE name = $1`, name); err != nil {
			return 0, err
		}
	}
	// Only the rows locked above: a session that started before cutoff
	// but was created meanwhile (a retention shorter than a sweep) waits
	// for the next sweep rather than for a lock its creator holds.
	if _, err := tx.Exec(ctx, `DELETE FROM batches WHERE app = $1 AND started < $2 AND session = ANY($3::text[])`,
		app, cutoff, ids); err != nil {
		return 0, err
	}
	var used, pend int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(sum(`+pgUsage+`), 0)::bigint, coalesce(sum(pending_bytes), 0)::bigint
		FROM sessions WHERE id = ANY($1::text[])`, ids).Scan(&used, &pend); err != nil {
		return 0, err
	}
	// session_keys go with their sessions (ON DELETE CASCADE).
	tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), pgCharge(ctx, tx, app, usage{-used, -tag.RowsAffected(), -pend}, 0)
}
