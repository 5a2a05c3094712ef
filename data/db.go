package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrTooNew is returned by Open when the database was written by a newer
// oversikt than this binary.
var ErrTooNew = errors.New("database is newer than this oversikt")

// DB is an open review database. Now is the clock every stored time comes
// from; tests replace it.
type DB struct {
	sql  *sql.DB
	Path string
	Now  func() time.Time
	bulk *bulkState // while built by CreateBulk

	wbMu    sync.Mutex
	wbFiles []*os.File // see writebackFiles
}

// Open opens (creating when missing) the review database at path and
// applies pending migrations. It returns ErrTooNew, wrapped, for a database
// whose schema is newer than this binary's.
func Open(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := create(ctx, path); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{sql: sqldb, Path: path, Now: func() time.Time { return time.Now().UTC() }}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// pageSize is the page size of new databases: larger pages cut the cost of
// writing wide records (verbatim text, abstracts) by about a sixth.
const pageSize = 16384

// create makes an empty database file with our page size; the page size
// must be set before WAL mode is, so it cannot go in Open's connection
// settings, which the driver applies in its own order.
func create(ctx context.Context, path string) error {
	pre, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20000)")
	if err != nil {
		return err
	}
	defer pre.Close()
	_, err = pre.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; VACUUM", pageSize))
	return err
}

// Close closes the database. A bulk build not published is discarded.
func (db *DB) Close() error {
	if db.bulk != nil {
		db.Discard()
		return nil
	}
	err := db.sql.Close()
	db.wbMu.Lock()
	for _, f := range db.wbFiles {
		f.Close()
	}
	db.wbFiles = nil
	db.wbMu.Unlock()
	return err
}

// SQL returns the underlying handle for packages that read with their own
// queries (the index, reports). Writes go through DB's methods.
func (db *DB) SQL() *sql.DB { return db.sql }

type migration struct {
	version int
	name    string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		ms = append(ms, migration{n, e.Name()})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies each migration newer than PRAGMA user_version in its own
// transaction.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if latest := SchemaVersion(); current > latest {
		return fmt.Errorf("%w: schema %d, this binary knows up to %d; install a newer oversikt", ErrTooNew, current, latest)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		err = db.Update(ctx, func(tx *sql.Tx) error {
			// Another process may have migrated since we looked: look again
			// under the write lock.
			var now int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
				return err
			}
			if now >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Update runs fn in a write transaction (BEGIN IMMEDIATE, so concurrent
// writers queue on the busy timeout instead of failing) and commits it when
// fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Setting returns a review setting, or def when it is not set.
func (db *DB) Setting(ctx context.Context, name, def string) (string, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, "SELECT value FROM setting WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	return v, err
}

// SetSetting stores a review setting.
func (db *DB) SetSetting(ctx context.Context, name, value string) error {
	return db.Update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO setting(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value", name, value)
		return err
	})
}

// Backup writes a consistent copy of the database to path while others
// keep working (VACUUM INTO).
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
