package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A new review is built in bulk: CreateBulk makes the database in a
// temporary file beside its path, written without a journal on disk and
// without fsyncs, with the record table's secondary indexes left for the
// end; Publish then builds those, syncs the file, switches it to WAL and
// links it to its path, unless someone created a database there
// meanwhile. Nothing is visible at the path before the
// whole file is on disk, so a killed build leaves only its temporary file,
// which the next CreateBulk or RemoveStaleBuilds removes: nothing was
// committed, so nothing is lost.

// ErrExists is returned by CreateBulk and Publish when a database exists
// at the path already: import into it the normal way.
var ErrExists = errors.New("database exists")

// buildMark is what a build's temporary file adds to the database's name,
// before the builder's process id, a dash and a random number (the same
// process id may run in another container on the same disk).
const buildMark = ".importing-"

// bulkState is what a database being built in bulk needs to publish it.
type bulkState struct {
	final   string         // the path it is published at
	lock    *os.File       // the temporary file, open and flocked while building
	indexes []string       // CREATE INDEX statements run at Publish
	sparse  []*sparseIndex // indexes kept up while few records have their key
	records int            // records stored by imports, taken out or not
}

// bulkPragmas set up every connection of a build: the journal in memory
// (transactions still roll back; the file on disk is the only copy, and it
// counts for nothing until published) and no fsyncs (Publish syncs once).
const bulkPragmas = "?_pragma=busy_timeout(20000)&_pragma=journal_mode(MEMORY)&_pragma=synchronous(OFF)" +
	"&_pragma=foreign_keys(1)&_txlock=immediate"

// CreateBulk starts building a new review database for path in a
// temporary file beside it (path + ".importing-PID-RANDOM"), after
// removing the stale ones of earlier builds. It returns ErrExists, wrapped,
// when a database exists at path. The returned DB's Path is the temporary
// file; end the build with Publish or Discard.
func CreateBulk(ctx context.Context, path string) (*DB, error) {
	RemoveStaleBuilds(path)
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("create %s: %w", path, ErrExists)
	}
	tmp := fmt.Sprintf("%s%s%d-%08x", path, buildMark, os.Getpid(), rand.Uint32())
	lock, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if err := lockFile(lock); err != nil {
		lock.Close()
		removeBuild(tmp)
		return nil, fmt.Errorf("create %s: lock %s: %w", path, tmp, err)
	}
	db, err := openBulk(ctx, tmp, path, lock)
	if err != nil {
		lock.Close()
		removeBuild(tmp)
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return db, nil
}

func openBulk(ctx context.Context, tmp, final string, lock *os.File) (*DB, error) {
	if err := create(ctx, tmp); err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite", "file:"+tmp+bulkPragmas)
	if err != nil {
		return nil, err
	}
	db := &DB{sql: sqldb, Path: tmp, Now: func() time.Time { return time.Now().UTC() }}
	db.bulk = &bulkState{final: final, lock: lock}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	// The record table's indexes whose keys come in random order are built
	// at the end, each by one sort of the finished table, unless few
	// records have a key (see bulkSparseIndexes).
	rows, err := sqldb.QueryContext(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record' AND sql IS NOT NULL ORDER BY name")
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	var names []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			sqldb.Close()
			return nil, err
		}
		if bulkLiveIndexes[name] {
			continue
		}
		if has := bulkSparseIndexes[name]; has != nil {
			db.bulk.sparse = append(db.bulk.sparse, &sparseIndex{name: name, stmt: stmt, has: has})
			continue
		}
		names = append(names, name)
		db.bulk.indexes = append(db.bulk.indexes, stmt)
	}
	if err := rows.Close(); err != nil {
		sqldb.Close()
		return nil, err
	}
	for _, name := range names {
		if _, err := sqldb.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			sqldb.Close()
			return nil, err
		}
	}
	return db, nil
}

// bulkLiveIndexes are the record table's indexes a bulk build keeps up as
// it goes: their keys grow with the record ids, so each row appends to
// them, and building them at the end would cost a pass over the table
// each (about 0.17 s per 100 000 records).
var bulkLiveIndexes = map[string]bool{"record_source": true, "record_study": true}

// bulkSparseIndexes are the record table's indexes on keys that only some
// records have, each with the test for its key. A build keeps such an
// index up while at most one record in sparseShare has its key: a key
// inserted in random order costs about three times what a row adds to the
// pass that builds the index at the end (16 KB pages: each insert moves
// half a page). Once more records have the key,
// the writer drops the index, and Publish builds it.
var bulkSparseIndexes = map[string]func(*Record) bool{
	"record_doi":  func(r *Record) bool { return r.DOI != "" },
	"record_pmid": func(r *Record) bool { return r.PMID != "" },
}

const sparseShare = 4

// sparseIndex is an index a bulk build keeps up while few records have
// its key.
type sparseIndex struct {
	name, stmt string
	has        func(*Record) bool
	keys       int // records stored with the key
}

// stored counts a batch just committed by an import into a bulk build and
// drops, on conn, the sparse indexes whose keys turned out common, for
// Publish to build. It is called by the import's writer.
func (b *bulkState) stored(ctx context.Context, conn *sql.Conn, batch []PreparedRecord) error {
	b.records += len(batch)
	kept := b.sparse[:0]
	for _, ix := range b.sparse {
		for i := range batch {
			if ix.has(&batch[i].rec) {
				ix.keys++
			}
		}
		if ix.keys*sparseShare <= b.records {
			kept = append(kept, ix)
			continue
		}
		if _, err := conn.ExecContext(ctx, `DROP INDEX "`+ix.name+`"`); err != nil {
			return fmt.Errorf("drop index %s for now: %w", ix.name, err)
		}
		b.indexes = append(b.indexes, ix.stmt)
	}
	b.sparse = kept
	return nil
}

// Building reports whether db is a database being built by CreateBulk and
// not yet published.
func (db *DB) Building() bool { return db.bulk != nil }

// beforeLink, when set (by tests), runs in Publish just before the file
// is linked to its path.
var beforeLink func(path string)

// Publish ends a bulk build: it builds the record table's indexes, syncs the
// file, switches it to WAL mode and links it to its path. db is closed
// afterwards either way; open the path to go on. When a database appeared
// at the path meanwhile, Publish leaves it alone, removes the build and
// returns ErrExists, wrapped: nothing of the build is stored anywhere.
func (db *DB) Publish(ctx context.Context) error {
	b := db.bulk
	if b == nil {
		return fmt.Errorf("publish %s: not a bulk build", db.Path)
	}
	tmp := db.Path
	fail := func(err error) error {
		db.Discard()
		return fmt.Errorf("publish %s: %w", b.final, err)
	}
	err := db.Update(ctx, func(tx *sql.Tx) error {
		for _, stmt := range b.indexes {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	// journal_mode=WAL is kept in the file's header, so every later
	// connection finds the database in WAL mode.
	var mode string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fail(err)
	}
	if mode != "wal" {
		return fail(fmt.Errorf("journal mode is %s, not wal", mode))
	}
	if err := db.sql.Close(); err != nil {
		return fail(err)
	}
	for _, p := range []string{tmp + "-wal", tmp + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			return fail(fmt.Errorf("%s is left after closing the database", p))
		}
	}
	if err := b.lock.Sync(); err != nil {
		return fail(err)
	}
	if beforeLink != nil {
		beforeLink(b.final)
	}
	// A link never replaces a file: a database someone created meanwhile
	// stays as it is.
	if err := os.Link(tmp, b.final); err != nil {
		if errors.Is(err, os.ErrExist) {
			err = ErrExists
		}
		return fail(err)
	}
	syncDir(filepath.Dir(b.final))
	db.bulk = nil
	b.lock.Close()
	os.Remove(tmp)
	return nil
}

// Discard ends a bulk build without publishing it: the temporary file
// goes. It does nothing for a database that is not being built.
func (db *DB) Discard() {
	b := db.bulk
	if b == nil {
		return
	}
	db.bulk = nil
	db.sql.Close()
	b.lock.Close()
	removeBuild(db.Path)
}

// removeBuild removes a build's temporary file and any journal SQLite
// left beside it.
func removeBuild(tmp string) {
	for _, p := range []string{tmp + "-journal", tmp + "-wal", tmp + "-shm", tmp} {
		os.Remove(p)
	}
}

// syncDir makes a new name in dir durable. An error is not reported: the
// file's content is on disk already, and a directory some systems cannot
// sync loses at most the name after a crash.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// processStart is when the package was initialised, just after this
// process started.
var processStart = time.Now()

// RemoveStaleBuilds removes the temporary files of bulk builds for the
// database at path that no process is building any more: a build holds
// an exclusive flock on its file for as long as it runs, and a file that
// can be locked and is older than this process belongs to no running
// build. (A file can be locked for a moment while its builder has just
// created it; that one is younger than this process.) It must run before
// this process opens the database at path: it opens, locks and closes the
// files it looks at, and a leftover name may be a link to that database.
func RemoveStaleBuilds(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := base + buildMark
	builds := map[string]bool{} // the builds' files, by name
	for _, e := range entries {
		if rest, ok := strings.CutPrefix(e.Name(), prefix); ok && buildID(rest) {
			builds[e.Name()] = true
		}
	}
	for name := range builds {
		if tmp := filepath.Join(dir, name); stale(tmp) {
			removeBuild(tmp)
		}
	}
	// Journals of builds whose file is gone.
	for _, e := range entries {
		for _, suffix := range []string{"-journal", "-wal", "-shm"} {
			name, ok := strings.CutSuffix(e.Name(), suffix)
			if !ok {
				continue
			}
			if rest, ok := strings.CutPrefix(name, prefix); ok && buildID(rest) && !builds[name] {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}

// buildID reports whether s is what a build's file name has after
// buildMark: a process id, optionally a dash and hexadecimal digits.
func buildID(s string) bool {
	pid, random, _ := strings.Cut(s, "-")
	if _, err := strconv.ParseUint(pid, 10, 32); err != nil {
		return false
	}
	for _, c := range random {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// stale reports whether no running build holds the temporary file tmp.
func stale(tmp string) bool {
	f, err := os.Open(tmp)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.ModTime().Before(processStart) {
		return false
	}
	return lockFile(f) == nil
}
