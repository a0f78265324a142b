package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is the Store for several collectors sharing one PostgreSQL
// database. Every method runs in its own transaction; writes that must not
// interleave across collectors take row locks (the session row) or advisory
// locks, so two collectors may serve the same session at once. It is safe
// for concurrent use.
type Postgres struct {
	db *pgxpool.Pool
	// locks holds the connections of LockSession, apart from db so that
	// sessions held locked can never starve the queries their holders run.
	locks *pgxpool.Pool
	// swept is when this collector last let go of full rate buckets (ms).
	swept atomic.Int64
}

// Pool sizes (the query pool's unless the URL sets pool_max_conns): three
// collectors stay under PostgreSQL's default max_connections of 100.
const (
	pgQueryConns = 10
	pgLockConns  = 16
)

// OpenPostgres connects to the database at url (postgres://…) and brings its
// schema up to date (see migrate). Errors never quote the password.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: PostgreSQL URL %s: %s", redactURL(url), redactErr(err, url))
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = pgQueryConns
	}
	lockCfg := cfg.Copy()
	lockCfg.MaxConns = pgLockConns
	lockCfg.ConnConfig.RuntimeParams["lock_timeout"] = fmt.Sprint(pgLockWait.Milliseconds())
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %s", redactURL(url), redactErr(err, url))
	}
	locks, err := pgxpool.NewWithConfig(ctx, lockCfg)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %s", redactURL(url), redactErr(err, url))
	}
	p := &Postgres{db: db, locks: locks}
	if err := p.migrate(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("store: %s: %s", redactURL(url), redactErr(err, url))
	}
	return p, nil
}

// Close closes both connection pools.
func (p *Postgres) Close() error {
	p.locks.Close()
	p.db.Close()
	return nil
}

// tx runs fn in one transaction: committed when fn returns nil, rolled back
// otherwise.
func (p *Postgres) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, p.db, fn)
}

// params numbers query parameters as they are added: q += a.add(v) writes
// $1, $2, … in order.
type params []any

func (a *params) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// pgQueryAll runs q and scans every row with scan.
func pgQueryAll[T any](ctx context.Context, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, scan func(pgx.Rows) (T, error), q string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func (p *Postgres) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	return pgQueryAll(ctx, p.db, func(r pgx.Rows) (v string, err error) { err = r.Scan(&v); return v, err }, q, args...)
}

// pgCode returns the SQLSTATE of a PostgreSQL error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// The SQLSTATEs the store reacts to.
const (
	pgUniqueViolation = "23505"
	pgCheckViolation  = "23514" // also: a row that no partition takes
)

// pgFilterWhere is filterWhere with numbered parameters, added to a.
func pgFilterWhere(a *params, app string, apps []string, timeCol string, from, to time.Time) string {
	where := []string{"true"}
	if app != "" {
		where = append(where, "app = "+a.add(app))
	}
	if apps != nil && !contains(apps, "*") {
		where = append(where, "app = ANY("+a.add(apps)+"::text[])")
	}
	if !from.IsZero() {
		where = append(where, timeCol+" >= "+a.add(ms(from)))
	}
	if !to.IsZero() {
		where = append(where, timeCol+" <= "+a.add(ms(to)))
	}
	return strings.Join(where, " AND ")
}

var _ Store = (*Postgres)(nil)
