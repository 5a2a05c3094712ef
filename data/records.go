package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

const recordColumns = `r.id, r.source_id, r.study_id, r.line, r.source_key, r.raw, r.type, r.title, r.abstract, r.authors, r.year,
	r.journal, r.volume, r.issue, r.pages, r.doi, r.pmid, r.pmcid, r.isbn, r.url, r.keywords, r.language, r.extra`

// RecordFilter narrows Records. The zero value selects every record.
type RecordFilter struct {
	SourceID int64 // only this source's records
	StudyID  int64 // only this study's records
	RepOnly  bool  // only each study's representative record
}

// Records calls fn for each record that f selects, in id order, streaming
// from the database.
func (db *DB) Records(ctx context.Context, f RecordFilter, fn func(Record) error) error {
	q := "SELECT " + recordColumns + " FROM record r"
	var where []string
	var args []any
	if f.RepOnly {
		q += " JOIN study s ON s.rep_id = r.id"
	}
	if f.SourceID != 0 {
		where, args = append(where, "r.source_id = ?"), append(args, f.SourceID)
	}
	if f.StudyID != 0 {
		where, args = append(where, "r.study_id = ?"), append(args, f.StudyID)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.sql.QueryContext(ctx, q+" ORDER BY r.id", args...)
	if err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RecordByID returns one record, or ErrNotFound.
func (db *DB) RecordByID(ctx context.Context, id int64) (Record, error) {
	row := db.sql.QueryRowContext(ctx, "SELECT "+recordColumns+" FROM record r WHERE r.id = ?", id)
	rec, err := scanRecord(row)
	if err == sql.ErrNoRows {
		return rec, fmt.Errorf("record %d: %w", id, ErrNotFound)
	}
	return rec, err
}

type scanner interface{ Scan(dest ...any) error }

func scanRecord(s scanner) (Record, error) {
	var r Record
	var authors, keywords, extra string
	err := s.Scan(&r.ID, &r.SourceID, &r.StudyID, &r.Line, &r.Key, &r.Raw, &r.Type, &r.Title, &r.Abstract, &authors, &r.Year,
		&r.Journal, &r.Volume, &r.Issue, &r.Pages, &r.DOI, &r.PMID, &r.PMCID, &r.ISBN, &r.URL, &keywords, &r.Language, &extra)
	if err != nil {
		return r, err
	}
	r.Authors, r.Keywords = splitLines(authors), splitLines(keywords)
	if err := json.Unmarshal([]byte(extra), &r.Extra); err != nil {
		return r, fmt.Errorf("record %d: extra fields: %w", r.ID, err)
	}
	return r, nil
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// QueryIDs runs a read query whose one column is an id and returns the
// ids in the query's order.
func (db *DB) QueryIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Counts is a summary of what a review holds.
type Counts struct {
	Sources int `json:"sources"`
	Records int `json:"records"`
	Studies int `json:"studies"`
}

// Count returns how many sources, records and studies the review holds.
func (db *DB) Count(ctx context.Context) (Counts, error) {
	var c Counts
	err := db.sql.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM source WHERE complete = 1),
		(SELECT COUNT(*) FROM record), (SELECT COUNT(*) FROM study)`).Scan(&c.Sources, &c.Records, &c.Studies)
	return c, err
}

// Check runs SQLite's integrity check and the store's own invariants and
// returns every problem found (none: an empty slice).
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := db.sql.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, "sqlite: "+s)
		}
	}
	rows.Close()
	invariants := []struct{ what, query string }{
		{"records whose study does not exist", "SELECT COUNT(*) FROM record WHERE study_id NOT IN (SELECT id FROM study)"},
		{"studies without records", "SELECT COUNT(*) FROM study WHERE id NOT IN (SELECT study_id FROM record)"},
		{"studies whose representative is not one of their records", "SELECT COUNT(*) FROM study s WHERE NOT EXISTS (SELECT 1 FROM record r WHERE r.id = s.rep_id AND r.study_id = s.id)"},
		{"sources left incomplete by an interrupted import (re-run the import)", "SELECT COUNT(*) FROM source WHERE complete = 0"},
		{"sources whose record count is wrong", "SELECT COUNT(*) FROM source s WHERE records <> (SELECT COUNT(*) FROM record r WHERE r.source_id = s.id)"},
	}
	for _, inv := range invariants {
		var n int
		if err := db.sql.QueryRowContext(ctx, inv.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("check %s: %w", inv.what, err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%d %s", n, inv.what))
		}
	}
	return problems, nil
}
