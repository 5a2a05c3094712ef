package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotFound is returned when an id names nothing in the database.
var ErrNotFound = errors.New("not found")

// SourceBySHA returns the source with the given SHA-256, or ErrNotFound.
func (db *DB) SourceBySHA(ctx context.Context, sha string) (*Source, error) {
	return db.source(ctx, "sha256 = ?", sha)
}

// SourceByID returns the source with the given id, or ErrNotFound.
func (db *DB) SourceByID(ctx context.Context, id int64) (*Source, error) {
	return db.source(ctx, "id = ?", id)
}

const sourceColumns = "id, name, file, format, kind, sha256, fingerprint, encoding, search_date, query, fetched_at, imported_at, records, rejected, complete"

func (db *DB) source(ctx context.Context, where string, arg any) (*Source, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+sourceColumns+" FROM source WHERE "+where, arg)
	if err != nil {
		return nil, err
	}
	srcs, err := scanSources(rows)
	if err != nil {
		return nil, err
	}
	if len(srcs) == 0 {
		return nil, ErrNotFound
	}
	return &srcs[0], nil
}

// Sources lists every source in import order.
func (db *DB) Sources(ctx context.Context) ([]Source, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+sourceColumns+" FROM source ORDER BY id")
	if err != nil {
		return nil, err
	}
	return scanSources(rows)
}

func scanSources(rows *sql.Rows) ([]Source, error) {
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var s Source
		var fetched, imported string
		if err := rows.Scan(&s.ID, &s.Name, &s.File, &s.Format, &s.Kind, &s.SHA256, &s.Fingerprint, &s.Encoding,
			&s.SearchDate, &s.Query, &fetched, &imported, &s.Records, &s.Rejected, &s.Complete); err != nil {
			return nil, err
		}
		s.FetchedAt, s.ImportedAt = parseTime(fetched), parseTime(imported)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Import writes one source's records in batched transactions. Begin it with
// DB.BeginImport, Add every record, then Finish (or Abort). Batches are
// written by a goroutine of their own while the caller reads the next one,
// so parsing and storing overlap; Add, Finish and Abort must be called from
// one goroutine.
type Import struct {
	db       *DB
	ctx      context.Context
	src      *Source
	pending  []PreparedRecord
	size     int                   // bytes of text in pending
	batches  chan []PreparedRecord // to the writer
	free     chan []PreparedRecord // written batches, for reuse
	done     chan struct{}         // closed when the writer has stopped
	err      error                 // the writer's first error; read after done or via errc
	errc     chan error            // the writer's first error, sent once
	closed   bool
	conn     *sql.Conn     // the connection batches are written on, once one is
	ins      *inserts      // prepared on conn
	ckpt     *checkpointer // with conn
	walSize  int           // bytes written to the WAL since the checkpointer last caught up
	unkicked int           // bytes written to the WAL since the checkpointer was last asked to copy
	wrote    chan struct{} // a batch was committed: start writing back
	flushed  chan struct{} // closed when the flusher has stopped
}

// importBatch and importBatchBytes bound one write transaction: so many
// records, or so many bytes of text, whichever comes first. The bytes
// bound keeps memory flat for exports with large records (PubMed XML).
const (
	importBatch      = 2000
	importBatchBytes = 4 << 20
)

// importPragmas set up the connection that writes an import: a page cache
// that holds a batch and the indexes' hot pages (SQLite's default 2 MB
// makes it spill and re-read pages of a big import), and no checkpoints:
// the import's checkpointer does them. importPragmasDone puts SQLite's
// defaults back before the connection returns to the pool.
const (
	importPragmas     = "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 0"
	importPragmasDone = "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000"
)

// pendingPrefix marks the sha256 of a source whose import began before its
// file's hash was known (see BeginImport).
const pendingPrefix = "pending:"

// BeginImport stores src as an incomplete source and returns the writer for
// its records. A source with the same SHA-256 left incomplete by a killed
// import is removed first, so a re-run neither loses nor duplicates.
//
// An importer that does not know the file's hash yet leaves src.SHA256
// empty and sets src.Fingerprint; the source is then kept under its
// fingerprint until FinishHashed, and an incomplete source with the same
// fingerprint is what a re-run removes.
func (db *DB) BeginImport(ctx context.Context, src *Source) (*Import, error) {
	src.ImportedAt = db.Now()
	sha := src.SHA256
	if sha == "" {
		if src.Fingerprint == "" {
			return nil, fmt.Errorf("begin import of %s: neither hash nor fingerprint", src.File)
		}
		sha = pendingPrefix + src.Fingerprint
	}
	err := db.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM source WHERE complete = 0 AND (sha256 = ? OR fingerprint <> '' AND fingerprint = ?)", sha, src.Fingerprint)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := deleteOrphanStudies(ctx, tx); err != nil {
				return err
			}
		}
		res, err = tx.ExecContext(ctx, `INSERT INTO source(name, file, format, kind, sha256, fingerprint, encoding, search_date, query, fetched_at, snapshot, imported_at)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			src.Name, src.File, src.Format, src.Kind, sha, src.Fingerprint, src.Encoding, src.SearchDate, src.Query,
			formatTime(src.FetchedAt), src.Snapshot, formatTime(src.ImportedAt))
		if err != nil {
			return err
		}
		src.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("begin import of %s: %w", src.File, err)
	}
	im := &Import{db: db, ctx: ctx, src: src, batches: make(chan []PreparedRecord), free: make(chan []PreparedRecord, 2),
		done: make(chan struct{}), errc: make(chan error, 1), wrote: make(chan struct{}, 1), flushed: make(chan struct{})}
	go im.writeBack()
	go im.write()
	return im, nil
}

// writeBack starts the disk writes of the database and its WAL after each
// committed batch, from a goroutine of its own: the checkpoints' fsyncs,
// which wait for every byte written since the last one, then find most of
// them on disk already, and the disk works while the import computes. It
// changes nothing SQLite syncs. It stops when the writer has.
func (im *Import) writeBack() {
	defer close(im.flushed)
	for range im.wrote {
		if b := im.db.bulk; b != nil {
			startWriteback(b.lock) // a build has no WAL, and its file open
			continue
		}
		for _, f := range im.db.writebackFiles() {
			startWriteback(f)
		}
	}
}

// writebackFiles returns the database file and its WAL, open for
// startWriteback. They stay open until Close has closed the connections:
// closing a file drops every POSIX lock the process holds on it, SQLite's
// included, and without its lock on the database another process that
// closes its last connection would take the WAL away from under ours.
func (db *DB) writebackFiles() []*os.File {
	db.wbMu.Lock()
	defer db.wbMu.Unlock()
	if len(db.wbFiles) < 2 {
		have := map[string]bool{}
		for _, f := range db.wbFiles {
			have[f.Name()] = true
		}
		for _, p := range []string{db.Path, db.Path + "-wal"} {
			if have[p] {
				continue
			}
			if f, err := os.Open(p); err == nil {
				db.wbFiles = append(db.wbFiles, f)
			}
		}
	}
	return db.wbFiles
}

// MaybeImported reports whether a file with this fingerprint may have been
// imported completely before: a complete source has the fingerprint, or
// one kept no fingerprint and had a file of the same base name. An
// importer that gets false can begin under the fingerprint before it knows
// the file's hash; FinishHashed still finds a file imported under another
// name.
func (db *DB) MaybeImported(ctx context.Context, fingerprint, file string) (bool, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT fingerprint, file FROM source WHERE complete = 1 AND (fingerprint = ? OR fingerprint = '')", fingerprint)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var fp, f string
		if err := rows.Scan(&fp, &f); err != nil {
			return false, err
		}
		if fp == fingerprint || filepath.Base(f) == filepath.Base(file) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// PreparedRecord is a record with its list and JSON columns encoded, ready
// for Import.AddPrepared. Preparing is the part of storing a record that
// does not touch the database, so importers can do it on several cores.
type PreparedRecord struct {
	rec                      Record
	authors, keywords, extra string
}

// Prepare encodes rec for storing. It may be called from any goroutine.
func Prepare(rec Record) PreparedRecord {
	return PreparedRecord{rec: rec, authors: strings.Join(rec.Authors, "\n"),
		keywords: strings.Join(rec.Keywords, "\n"), extra: encodeFields(rec.Extra)}
}

// Add queues rec for storing; every importBatch records (or
// importBatchBytes) are handed to the writer. It returns the writer's error once one has happened.
func (im *Import) Add(rec Record) error {
	return im.AddPrepared(Prepare(rec))
}

// AddPrepared is Add for a record already prepared.
func (im *Import) AddPrepared(p PreparedRecord) error {
	if im.pending == nil {
		select {
		case im.pending = <-im.free:
		default:
			im.pending = make([]PreparedRecord, 0, importBatch)
		}
	}
	im.pending = append(im.pending, p)
	im.size += len(p.rec.Raw) + len(p.rec.Abstract) + len(p.rec.Title) + len(p.extra)
	if len(im.pending) >= importBatch || im.size >= importBatchBytes {
		return im.send()
	}
	return nil
}

// send hands the pending batch to the writer.
func (im *Import) send() error {
	batch := im.pending
	im.pending, im.size = nil, 0
	select {
	case im.batches <- batch:
		return nil
	case err := <-im.errc:
		im.err = err
		return err
	}
}

// stop lets the writer finish, stores what is still pending and returns
// the first error.
func (im *Import) stop() error {
	if im.closed {
		return im.err
	}
	im.closed = true
	close(im.batches)
	<-im.done
	if im.err == nil {
		select {
		case im.err = <-im.errc:
		default:
			im.err = im.flush()
		}
	}
	im.release()
	return im.err
}

// flush stores the pending records now, in the caller's goroutine.
func (im *Import) flush() error {
	batch := im.pending
	im.pending, im.size = nil, 0
	return im.store(batch)
}

// write stores the batches it is handed until the channel closes. After an
// error it drains the rest without storing.
func (im *Import) write() {
	defer close(im.done)
	defer func() { close(im.wrote); <-im.flushed }()
	failed := false
	for batch := range im.batches {
		if !failed {
			if err := im.store(batch); err != nil {
				failed = true
				im.errc <- err
			}
			select {
			case im.wrote <- struct{}{}:
			default:
			}
		}
		clear(batch)
		select {
		case im.free <- batch[:0]:
		default:
		}
	}
}

// importColumns are the columns an import writes, and rowsPerInsert how
// many records one INSERT statement takes: fewer, larger statements cost
// less per record.
const (
	importColumns = `id, source_id, study_id, line, source_key, raw, type, title, abstract, authors,
		year, journal, volume, issue, pages, doi, pmid, pmcid, isbn, url, keywords, language, extra`
	recordParams  = 23
	rowsPerInsert = 32
)

// insertRecords returns an INSERT statement for n records.
func insertRecords(n int) string {
	row := "(?" + strings.Repeat(", ?", recordParams-1) + ")"
	return "INSERT INTO record(" + importColumns + ") VALUES" + row + strings.Repeat(", "+row, n-1)
}

var insertMany, insertOne = insertRecords(rowsPerInsert), insertRecords(1)

// store writes one batch in one transaction.
func (im *Import) store(batch []PreparedRecord) error {
	if len(batch) == 0 {
		return nil
	}
	// Statements run without the import's context: the driver would watch
	// a cancellable one with a goroutine per statement. The context is
	// looked at between batches, and the transaction begins with it.
	ctx := context.WithoutCancel(im.ctx)
	if err := im.ctx.Err(); err != nil {
		return err
	}
	if im.conn == nil {
		conn, err := im.db.sql.Conn(im.ctx)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, importPragmas); err != nil {
			conn.Close()
			return err
		}
		im.conn = conn
		if im.db.bulk == nil { // a bulk build has no WAL to copy
			ckpt, err := newCheckpointer(im.ctx, im.db)
			if err != nil {
				conn.Close()
				im.conn = nil
				return err
			}
			im.ckpt = ckpt
		}
	}
	if im.walSize >= walLimit && im.ckpt != nil {
		im.ckpt.drain() // so this transaction starts the WAL over
		im.walSize, im.unkicked = 0, 0
	}
	err := im.conn.Raw(func(dc any) error {
		c, ok := dc.(driverConn)
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) cannot prepare, query and begin", dc)
		}
		return im.storeIn(ctx, c, batch)
	})
	if err != nil {
		return err
	}
	if b := im.db.bulk; b != nil {
		if err := b.stored(ctx, im.conn, batch); err != nil {
			return err
		}
	}
	for i := range batch {
		r := &batch[i]
		n := len(r.rec.Raw) + len(r.rec.Abstract) + len(r.rec.Title) + len(r.extra) + len(r.authors) + len(r.keywords) + 200
		im.walSize += n
		im.unkicked += n
	}
	if im.unkicked >= walKick && im.ckpt != nil {
		im.ckpt.kick()
		im.unkicked = 0
	}
	return nil
}

// release returns the writing connection to the pool with SQLite's
// defaults.
func (im *Import) release() {
	if im.conn != nil {
		if im.ckpt != nil {
			im.ckpt.close()
		}
		if ins := im.ins; ins != nil {
			im.conn.Raw(func(any) error { ins.close(); return nil })
			im.ins = nil
		}
		im.conn.ExecContext(context.WithoutCancel(im.ctx), importPragmasDone)
		im.conn.Close()
		im.conn, im.ckpt = nil, nil
	}
}

// driverConn is what the writer needs of the SQLite driver's connection.
type driverConn interface {
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
}

// inserts are an import's INSERT statements, prepared once on the driver
// connection it writes on, and the arguments they take: the writer binds
// each record's values straight to the driver, without database/sql's
// conversion and locking of every argument, and without preparing the
// statements again for every batch.
type inserts struct {
	many, one driver.StmtExecContext
	closers   []driver.Stmt
	args      []driver.NamedValue
}

// prepareInserts prepares the import's INSERT statements on c.
func prepareInserts(ctx context.Context, c driverConn) (*inserts, error) {
	ins := &inserts{args: make([]driver.NamedValue, rowsPerInsert*recordParams)}
	for i := range ins.args {
		ins.args[i].Ordinal = i + 1
	}
	for _, q := range []string{insertMany, insertOne} {
		st, err := c.PrepareContext(ctx, q)
		if err != nil {
			ins.close()
			return nil, err
		}
		ins.closers = append(ins.closers, st)
		ex, ok := st.(driver.StmtExecContext)
		if !ok {
			ins.close()
			return nil, fmt.Errorf("the SQLite driver's statement (%T) cannot execute with a context", st)
		}
		if ins.many == nil {
			ins.many = ex
		} else {
			ins.one = ex
		}
	}
	return ins, nil
}

// close closes the statements; it must run on the connection's goroutine
// (in sql.Conn.Raw).
func (ins *inserts) close() {
	for _, st := range ins.closers {
		st.Close()
	}
	ins.closers, ins.many, ins.one = nil, nil, nil
}

// storeIn writes batch in one transaction on c, the driver connection of
// im.conn; it runs in im.conn.Raw.
func (im *Import) storeIn(ctx context.Context, c driverConn, batch []PreparedRecord) (err error) {
	if im.ins == nil {
		if im.ins, err = prepareInserts(ctx, c); err != nil {
			return err
		}
	}
	tx, err := c.BeginTx(im.ctx, driver.TxOptions{})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tx.Rollback()
		}
	}()
	rows, err := c.QueryContext(ctx, "SELECT MAX(COALESCE((SELECT MAX(id) FROM record), 0), COALESCE((SELECT MAX(id) FROM study), 0))", nil)
	if err != nil {
		return err
	}
	dest := make([]driver.Value, 1)
	err = rows.Next(dest)
	rows.Close()
	if err != nil {
		return fmt.Errorf("find the last record id: %w", err)
	}
	first, ok := dest[0].(int64)
	if !ok {
		return fmt.Errorf("find the last record id: got %T", dest[0])
	}
	args, src := im.ins.args, im.src.ID
	id := first
	for len(batch) > 0 {
		n, stmt := rowsPerInsert, im.ins.many
		if len(batch) < rowsPerInsert {
			n, stmt = 1, im.ins.one
		}
		for i := range n {
			row := &batch[i]
			r := &row.rec
			id++
			a := args[i*recordParams : (i+1)*recordParams : (i+1)*recordParams]
			a[0].Value, a[1].Value, a[2].Value, a[3].Value = id, src, id, int64(r.Line)
			a[4].Value, a[5].Value, a[6].Value, a[7].Value, a[8].Value = r.Key, r.Raw, r.Type, r.Title, r.Abstract
			a[9].Value, a[10].Value, a[11].Value, a[12].Value = row.authors, int64(r.Year), r.Journal, r.Volume
			a[13].Value, a[14].Value, a[15].Value, a[16].Value, a[17].Value = r.Issue, r.Pages, r.DOI, r.PMID, r.PMCID
			a[18].Value, a[19].Value, a[20].Value, a[21].Value, a[22].Value = r.ISBN, r.URL, row.keywords, r.Language, row.extra
		}
		_, err := stmt.ExecContext(ctx, args[:n*recordParams])
		for i := range args[:n*recordParams] {
			args[i].Value = nil // hold no record's text
		}
		if err != nil {
			return fmt.Errorf("store records from line %d: %w", batch[0].rec.Line, err)
		}
		batch = batch[n:]
	}
	// Until deduplication each record is its own study, with its id.
	if _, err := c.ExecContext(ctx, "INSERT INTO study(id, rep_id) SELECT id, id FROM record WHERE id > ? AND id <= ?",
		[]driver.NamedValue{{Ordinal: 1, Value: first}, {Ordinal: 2, Value: id}}); err != nil {
		return err
	}
	if _, err := c.ExecContext(ctx, "UPDATE source SET records = records + ? WHERE id = ?",
		[]driver.NamedValue{{Ordinal: 1, Value: id - first}, {Ordinal: 2, Value: src}}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err // the deferred Rollback ends a transaction left open
	}
	done = true
	return nil
}

// Finish stores what is pending and marks the source complete, with the
// number of records that were rejected.
func (im *Import) Finish(rejected int) error {
	if im.src.SHA256 == "" {
		return fmt.Errorf("finish import of %s: its hash is not known: use FinishHashed", im.src.File)
	}
	if err := im.stop(); err != nil {
		return err
	}
	return im.db.Update(im.ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(im.ctx, "UPDATE source SET complete = 1, rejected = ? WHERE id = ?", rejected, im.src.ID)
		return err
	})
}

// FinishHashed is Finish for an import begun under a fingerprint: it
// stores what is pending, gives the source its file's SHA-256 and marks it
// complete. When a complete source has that hash already (the same bytes
// imported under another name, or by another process meanwhile), it takes
// this import back out instead and returns that source.
func (im *Import) FinishHashed(sha string, rejected int) (*Source, error) {
	if err := im.stop(); err != nil {
		return nil, err
	}
	var dup int64
	err := im.db.Update(im.ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(im.ctx, "SELECT id FROM source WHERE sha256 = ? AND complete = 1", sha).Scan(&dup)
		if err == nil {
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// An incomplete source with this hash is an interrupted import of
		// the same bytes that did not keep a fingerprint.
		res, err := tx.ExecContext(im.ctx, "DELETE FROM source WHERE sha256 = ? AND complete = 0 AND id <> ?", sha, im.src.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := deleteOrphanStudies(im.ctx, tx); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(im.ctx, "UPDATE source SET sha256 = ?, complete = 1, rejected = ? WHERE id = ?", sha, rejected, im.src.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if dup != 0 {
		if err := im.Abort(); err != nil {
			return nil, err
		}
		return im.db.SourceByID(im.ctx, dup)
	}
	im.src.SHA256 = sha
	return nil, nil
}

// Abort takes the source and every record stored so far back out.
func (im *Import) Abort() error {
	im.pending = nil
	im.stop()
	return im.db.Update(context.WithoutCancel(im.ctx), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(im.ctx, "DELETE FROM source WHERE id = ?", im.src.ID); err != nil {
			return err
		}
		return deleteOrphanStudies(im.ctx, tx)
	})
}

// RemoveSource deletes a source, its records and the studies left without
// records. It returns the number of records removed.
func (db *DB) RemoveSource(ctx context.Context, id int64) (int, error) {
	var n int
	err := db.Update(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM record WHERE source_id = ?", id).Scan(&n); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM source WHERE id = ?", id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("source %d: %w", id, ErrNotFound)
		}
		return deleteOrphanStudies(ctx, tx)
	})
	return n, err
}

// SourceDependents counts the rows of other tables (decisions,
// resolutions, full texts, codings …) on studies that removing the source
// would leave without records.
func (db *DB) SourceDependents(ctx context.Context, id int64) (int, error) {
	tables, err := studyTables(ctx, db.sql)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, t := range tables {
		var n int
		err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t+` d WHERE d.study_id IN (SELECT study_id FROM record WHERE source_id = ?)
			AND NOT EXISTS (SELECT 1 FROM record r WHERE r.study_id = d.study_id AND r.source_id <> ?)`, id, id).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("count %s on source %d: %w", t, id, err)
		}
		total += n
	}
	return total, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// studyTables lists the tables other than record and study that refer to
// studies by a study_id column.
func studyTables(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND p.name = 'study_id' AND m.name NOT IN ('record', 'study') ORDER BY m.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// deleteOrphanStudies removes studies no record belongs to any more, with
// the rows of other tables on them, and points studies whose
// representative went at one of their records.
func deleteOrphanStudies(ctx context.Context, tx *sql.Tx) error {
	tables, err := studyTables(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE NOT EXISTS (SELECT 1 FROM record WHERE record.study_id = "+t+".study_id)"); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM study WHERE NOT EXISTS (SELECT 1 FROM record WHERE record.study_id = study.id)"); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE study SET rep_id = (SELECT MIN(id) FROM record WHERE record.study_id = study.id)
		WHERE NOT EXISTS (SELECT 1 FROM record WHERE record.id = study.rep_id)`)
	return err
}
