// Package store implements accord's services on database/sql, for SQLite
// (modernc.org/sqlite, the default) and PostgreSQL (pgx). Every public
// method runs in one transaction, and every change writes its audit entry in
// that same transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/seal"
)

// Dialect names the database family behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open accord database.
type DB struct {
	dialect Dialect
	dsn     string
	// write takes all write transactions; on SQLite it has one connection
	// and begins IMMEDIATE so writers queue instead of failing with "busy".
	write *sql.DB
	// read serves read-only transactions; on PostgreSQL it is write.
	read *sql.DB
	now  func() time.Time
	// keys seal the values a dump must not reveal (sealed.go).
	keys *seal.Ring

	// stmts holds the prepared statements of the hottest reads: parsing
	// the SQL costs more than running it.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

// Options configure Open.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxConns bounds the PostgreSQL pool (default 10).
	MaxConns int
	// Keys seal concern texts, webhook secrets and TOTP seeds; nil means
	// none can be written or read (seal.ErrNoRing).
	Keys *seal.Ring
}

// Open connects to a database: a postgres:// or postgresql:// URL, or a
// SQLite file path (optionally prefixed with sqlite: or file:). It does not
// migrate; call Migrate.
func Open(ctx context.Context, database string, opt Options) (*DB, error) {
	db := &DB{dsn: database, now: opt.Now, keys: opt.Keys}
	if db.now == nil {
		db.now = time.Now
	}
	var err error
	if strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://") {
		err = db.openPostgres(opt)
	} else {
		err = db.openSQLite(database)
	}
	if err != nil {
		return nil, err
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

func (db *DB) openPostgres(opt Options) error {
	db.dialect = Postgres
	p, err := sql.Open("pgx", db.dsn)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	n := opt.MaxConns
	if n <= 0 {
		n = 10
	}
	p.SetMaxOpenConns(n)
	p.SetMaxIdleConns(n)
	db.write, db.read = p, p
	return nil
}

func (db *DB) openSQLite(path string) error {
	db.dialect = SQLite
	path = strings.TrimPrefix(strings.TrimPrefix(path, "sqlite:"), "file:")
	if path == "" {
		return accord.FieldError("database", "is required: a SQLite file path or a postgres:// URL")
	}
	pragmas := "_pragma=" + url.QueryEscape("busy_timeout(10000)") +
		"&_pragma=" + url.QueryEscape("journal_mode(WAL)") +
		"&_pragma=" + url.QueryEscape("foreign_keys(1)") +
		"&_pragma=" + url.QueryEscape("synchronous(NORMAL)") +
		// Deleted and replaced content is overwritten, so that a value
		// kept in clear before it was sealed does not linger in free space.
		"&_pragma=" + url.QueryEscape("secure_delete(1)")
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma="+url.QueryEscape("query_only(1)"))
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	db.write, db.read = w, r
	return nil
}

// Dialect reports which database family db uses.
func (db *DB) Dialect() Dialect { return db.dialect }

// Now returns the store's clock reading.
func (db *DB) Now() time.Time { return db.now().UTC() }

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error { return db.write.PingContext(ctx) }

// Close closes the prepared statements and the connection pools.
func (db *DB) Close() error {
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Tx is a transaction with the dialect's placeholders hidden: queries are
// written with ? and rebound for PostgreSQL.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	now     time.Time
	keys    *seal.Ring
	// seen keeps what the notifications of one transaction read about its
	// alliance (members, KPIs, protocols, webhooks), so an evaluation that
	// opens hundreds of signals reads each once. It lives and dies with the
	// transaction, which sees its own writes only through the store's
	// methods: nothing it caches changes while notices are written.
	seen *txSeen
}

func (db *DB) inTx(ctx context.Context, write bool, fn func(*Tx) error) error {
	pool := db.read
	if write {
		pool = db.write
	}
	sqltx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: !write && db.dialect == Postgres})
	if err != nil {
		return translate(db.dialect, fmt.Errorf("begin: %w", err))
	}
	tx := &Tx{tx: sqltx, dialect: db.dialect, now: db.Now(), keys: db.keys}
	if err := fn(tx); err != nil {
		sqltx.Rollback()
		return translate(db.dialect, err)
	}
	if err := sqltx.Commit(); err != nil {
		return translate(db.dialect, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// update runs fn in a write transaction.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error { return db.inTx(ctx, true, fn) }

// view runs fn in a read-only transaction.
func (db *DB) view(ctx context.Context, fn func(*Tx) error) error { return db.inTx(ctx, false, fn) }

// readRow runs one read-only statement outside an explicit transaction: a
// single statement is already atomic, and the hottest reads (the session
// and the alliance of every page) save a BEGIN and COMMIT each. The
// statement is prepared once and reused.
func (db *DB) readRow(ctx context.Context, q string, args ...any) *sql.Row {
	if db.dialect == Postgres {
		q = rebind(q)
	}
	db.stmtMu.Lock()
	st, ok := db.stmts[q]
	if !ok {
		var err error
		if st, err = db.read.PrepareContext(ctx, q); err != nil {
			db.stmtMu.Unlock()
			return db.read.QueryRowContext(ctx, q, args...) // reports the error
		}
		if db.stmts == nil {
			db.stmts = map[string]*sql.Stmt{}
		}
		db.stmts[q] = st
	}
	db.stmtMu.Unlock()
	return st.QueryRowContext(ctx, args...)
}

func (tx *Tx) rebind(q string) string {
	if tx.dialect != Postgres {
		return q
	}
	return rebind(q)
}

func rebind(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.rebind(q), args...)
}

// strings runs a query of one text column and returns its values, read
// completely before the caller writes in the same transaction.
func (tx *Tx) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	return queryAll(ctx, tx, scanValue[string], q, args...)
}

// newID returns a sortable, application-generated identifier (UUIDv7), so
// that the same schema works on every engine without sequences.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// timeFormat is how times are written: UTC, fixed width, microseconds, so
// that they compare correctly as text on SQLite and parse on PostgreSQL.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string { return t.UTC().Format(timeFormat) }

// day writes a date (periods, effective dates) the same way on both databases.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

func tsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ts(*t)
}

// timeCol scans a time column from either database.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*c.t = x.UTC()
	case string:
		return c.parse(x)
	case []byte:
		return c.parse(string(x))
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

func (c timeCol) parse(s string) error {
	layout := time.RFC3339Nano
	if len(s) == len("2006-01-02") {
		layout = "2006-01-02" // a DATE column on SQLite
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return fmt.Errorf("scan time %q: %w", s, err)
	}
	*c.t = t.UTC()
	return nil
}

// nullTimeCol scans a nullable time column into a *time.Time.
type nullTimeCol struct{ t **time.Time }

func (c nullTimeCol) Scan(v any) error {
	if v == nil {
		*c.t = nil
		return nil
	}
	var t time.Time
	if err := (timeCol{&t}).Scan(v); err != nil {
		return err
	}
	*c.t = &t
	return nil
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// notFound turns sql.ErrNoRows into a domain not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return accord.Errorf(accord.ENOTFOUND, "%s not found", what)
	}
	return err
}

// SQL returns the write pool, for tests that must look at the database
// from outside the store (the anonymity test dumps every table).
func (db *DB) SQL() *sql.DB { return db.write }

// AtTime returns a view of the same database whose clock stands still at
// t, for writing history (the demo's past meetings and votes). The view
// shares the connection pools: close the DB, never the view.
func (db *DB) AtTime(t time.Time) accord.Services {
	return &DB{dialect: db.dialect, dsn: db.dsn, write: db.write, read: db.read, now: func() time.Time { return t }, keys: db.keys}
}
