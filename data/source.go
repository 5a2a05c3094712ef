package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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

const sourceColumns = "id, name, file, format, kind, sha256, encoding, search_date, query, fetched_at, imported_at, records, rejected, complete"

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
		if err := rows.Scan(&s.ID, &s.Name, &s.File, &s.Format, &s.Kind, &s.SHA256, &s.Encoding,
			&s.SearchDate, &s.Query, &fetched, &imported, &s.Records, &s.Rejected, &s.Complete); err != nil {
			return nil, err
		}
		s.FetchedAt, s.ImportedAt = parseTime(fetched), parseTime(imported)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Import writes one source's records in batched transactions. Begin it with
// DB.BeginImport, Add every record, then Finish (or Abort).
type Import struct {
	db      *DB
	ctx     context.Context
	src     *Source
	pending []Record
	nextID  int64
}

// importBatch is how many records one write transaction carries.
const importBatch = 5000

// BeginImport stores src as an incomplete source and returns the writer for
// its records. A source with the same SHA-256 left incomplete by a killed
// import is removed first, so a re-run neither loses nor duplicates.
func (db *DB) BeginImport(ctx context.Context, src *Source) (*Import, error) {
	src.ImportedAt = db.Now()
	err := db.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM source WHERE sha256 = ? AND complete = 0", src.SHA256)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := deleteOrphanStudies(ctx, tx); err != nil {
				return err
			}
		}
		res, err = tx.ExecContext(ctx, `INSERT INTO source(name, file, format, kind, sha256, encoding, search_date, query, fetched_at, snapshot, imported_at)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			src.Name, src.File, src.Format, src.Kind, src.SHA256, src.Encoding, src.SearchDate, src.Query,
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
	return &Import{db: db, ctx: ctx, src: src}, nil
}

// Add queues rec for storing; every importBatch records are committed.
func (im *Import) Add(rec Record) error {
	im.pending = append(im.pending, rec)
	if len(im.pending) >= importBatch {
		return im.flush()
	}
	return nil
}

func (im *Import) flush() error {
	if len(im.pending) == 0 {
		return nil
	}
	err := im.db.Update(im.ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(im.ctx, "SELECT MAX(COALESCE((SELECT MAX(id) FROM record), 0), COALESCE((SELECT MAX(id) FROM study), 0))").Scan(&im.nextID); err != nil {
			return err
		}
		recStmt, err := tx.PrepareContext(im.ctx, `INSERT INTO record(id, source_id, study_id, line, source_key, raw, type, title, abstract, authors,
			year, journal, volume, issue, pages, doi, pmid, pmcid, isbn, url, keywords, language, extra)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer recStmt.Close()
		studyStmt, err := tx.PrepareContext(im.ctx, "INSERT INTO study(id, rep_id) VALUES(?, ?)")
		if err != nil {
			return err
		}
		defer studyStmt.Close()
		for i := range im.pending {
			r := &im.pending[i]
			im.nextID++
			extra, err := json.Marshal(r.Extra)
			if err != nil {
				return err
			}
			if r.Extra == nil {
				extra = []byte("[]")
			}
			if _, err := recStmt.ExecContext(im.ctx, im.nextID, im.src.ID, im.nextID, r.Line, r.Key, r.Raw, r.Type, r.Title, r.Abstract,
				strings.Join(r.Authors, "\n"), r.Year, r.Journal, r.Volume, r.Issue, r.Pages, r.DOI, r.PMID, r.PMCID, r.ISBN,
				r.URL, strings.Join(r.Keywords, "\n"), r.Language, string(extra)); err != nil {
				return fmt.Errorf("store record at line %d: %w", r.Line, err)
			}
			if _, err := studyStmt.ExecContext(im.ctx, im.nextID, im.nextID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(im.ctx, "UPDATE source SET records = records + ? WHERE id = ?", len(im.pending), im.src.ID)
		return err
	})
	im.pending = im.pending[:0]
	return err
}

// Finish stores what is pending and marks the source complete, with the
// number of records that were rejected.
func (im *Import) Finish(rejected int) error {
	if err := im.flush(); err != nil {
		return err
	}
	return im.db.Update(im.ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(im.ctx, "UPDATE source SET complete = 1, rejected = ? WHERE id = ?", rejected, im.src.ID)
		return err
	})
}

// Abort takes the source and every record stored so far back out.
func (im *Import) Abort() error {
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
