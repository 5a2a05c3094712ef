package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Highlight term kinds: signs that a study belongs in the review, and signs
// that it does not.
const (
	HighlightInclude = "include"
	HighlightExclude = "exclude"
)

// HighlightTerm is one entry of the review's highlighting lists: a word or
// phrase, each word optionally ending in * (any ending).
type HighlightTerm struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"` // HighlightInclude or HighlightExclude
	Term    string    `json:"term"`
	AddedBy string    `json:"added_by,omitempty"`
	AddedAt time.Time `json:"added_at"`
}

// AddHighlightTerms stores terms in the kind list; a term already there is
// left as it was. It returns how many were new.
func (db *DB) AddHighlightTerms(ctx context.Context, kind, addedBy string, terms ...string) (int, error) {
	if kind != HighlightInclude && kind != HighlightExclude {
		return 0, fmt.Errorf("highlight kind %q: must be %q or %q", kind, HighlightInclude, HighlightExclude)
	}
	n := 0
	err := db.Update(ctx, func(tx *sql.Tx) error {
		for _, t := range terms {
			res, err := tx.ExecContext(ctx, `INSERT INTO highlight_term(kind, term, added_by, added_at) VALUES(?, ?, ?, ?)
				ON CONFLICT(kind, term) DO NOTHING`, kind, t, addedBy, formatTime(db.Now()))
			if err != nil {
				return fmt.Errorf("add highlight term %q: %w", t, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	return n, err
}

// RemoveHighlightTerm deletes term from the kind list, or from both lists
// when kind is "". It returns ErrNotFound when no list held it.
func (db *DB) RemoveHighlightTerm(ctx context.Context, kind, term string) error {
	return db.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM highlight_term WHERE term = ? AND (? = '' OR kind = ?)", term, kind, kind)
		if err != nil {
			return fmt.Errorf("remove highlight term %q: %w", term, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return fmt.Errorf("highlight term %q: %w", term, ErrNotFound)
		}
		return nil
	})
}

// HighlightTerms returns both highlighting lists, include terms first, each
// in the order they were added.
func (db *DB) HighlightTerms(ctx context.Context) ([]HighlightTerm, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT id, kind, term, added_by, added_at FROM highlight_term ORDER BY kind DESC, id")
	if err != nil {
		return nil, fmt.Errorf("read highlight terms: %w", err)
	}
	defer rows.Close()
	var out []HighlightTerm
	for rows.Next() {
		var h HighlightTerm
		var at string
		if err := rows.Scan(&h.ID, &h.Kind, &h.Term, &h.AddedBy, &at); err != nil {
			return nil, err
		}
		h.AddedAt = parseTime(at)
		out = append(out, h)
	}
	return out, rows.Err()
}
