package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Certainty kinds: a GRADE rating of an outcome's body of evidence, or a
// GRADE-CERQual-style rating of a finding (a success factor or barrier).
const (
	CertaintyOutcome = "outcome"
	CertaintyFinding = "finding"
)

// Certainty is one assessment of how much the evidence for a subject (a
// code slug of the codebook) can be trusted. Events are appended; the
// latest per Kind and Subject is the assessment in force, and it holds
// every rating (a later event replaces, not amends, an earlier one).
//
// GRADE fields (Kind outcome): Start is "" (derive from the designs),
// "high" or "low"; the five downgrade domains are "", "serious" or
// "very-serious"; LargeEffect is 0, 1 (large) or 2 (very large).
// CERQual fields (Kind finding): "", "no", "minor", "moderate" or
// "serious" concerns.
type Certainty struct {
	ID              int64     `json:"id"`
	Kind            string    `json:"kind"`
	Subject         string    `json:"subject"`
	Start           string    `json:"start,omitempty"`
	RiskOfBias      string    `json:"risk_of_bias,omitempty"`
	Inconsistency   string    `json:"inconsistency,omitempty"`
	Indirectness    string    `json:"indirectness,omitempty"`
	Imprecision     string    `json:"imprecision,omitempty"`
	PublicationBias string    `json:"publication_bias,omitempty"`
	LargeEffect     int       `json:"large_effect,omitempty"`
	DoseResponse    bool      `json:"dose_response,omitempty"`
	Confounding     bool      `json:"confounding,omitempty"`
	Limitations     string    `json:"limitations,omitempty"`
	Coherence       string    `json:"coherence,omitempty"`
	Adequacy        string    `json:"adequacy,omitempty"`
	Relevance       string    `json:"relevance,omitempty"`
	Note            string    `json:"note,omitempty"`
	RatedBy         string    `json:"rated_by,omitempty"`
	RatedAt         time.Time `json:"rated_at"`
}

const certaintyColumns = `id, kind, subject, start, risk_of_bias, inconsistency, indirectness, imprecision, publication_bias,
	large_effect, dose_response, confounding, limitations, coherence, adequacy, relevance, note, rated_by, rated_at`

// AddCertainty appends c (RatedAt from db.Now); c.ID is set.
func (db *DB) AddCertainty(ctx context.Context, c *Certainty) error {
	c.RatedAt = db.Now()
	err := db.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO certainty(kind, subject, start, risk_of_bias, inconsistency, indirectness,
			imprecision, publication_bias, large_effect, dose_response, confounding, limitations, coherence, adequacy, relevance,
			note, rated_by, rated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Kind, c.Subject, c.Start, c.RiskOfBias, c.Inconsistency, c.Indirectness, c.Imprecision, c.PublicationBias,
			c.LargeEffect, c.DoseResponse, c.Confounding, c.Limitations, c.Coherence, c.Adequacy, c.Relevance,
			c.Note, c.RatedBy, formatTime(c.RatedAt))
		if err != nil {
			return err
		}
		c.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("store certainty of %s %s: %w", c.Kind, c.Subject, err)
	}
	return nil
}

// Certainties returns the assessment in force for every rated subject,
// ordered by kind and subject.
func (db *DB) Certainties(ctx context.Context) ([]Certainty, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+certaintyColumns+` FROM certainty
		WHERE id IN (SELECT MAX(id) FROM certainty GROUP BY kind, subject) ORDER BY kind, subject`)
	if err != nil {
		return nil, fmt.Errorf("read certainty: %w", err)
	}
	return scanCertainties(rows)
}

// CertaintyHistory returns every assessment event of one subject, oldest
// first.
func (db *DB) CertaintyHistory(ctx context.Context, kind, subject string) ([]Certainty, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+certaintyColumns+" FROM certainty WHERE kind = ? AND subject = ? ORDER BY id", kind, subject)
	if err != nil {
		return nil, fmt.Errorf("read certainty of %s %s: %w", kind, subject, err)
	}
	return scanCertainties(rows)
}

func scanCertainties(rows *sql.Rows) ([]Certainty, error) {
	defer rows.Close()
	var out []Certainty
	for rows.Next() {
		var c Certainty
		var at string
		if err := rows.Scan(&c.ID, &c.Kind, &c.Subject, &c.Start, &c.RiskOfBias, &c.Inconsistency, &c.Indirectness,
			&c.Imprecision, &c.PublicationBias, &c.LargeEffect, &c.DoseResponse, &c.Confounding, &c.Limitations,
			&c.Coherence, &c.Adequacy, &c.Relevance, &c.Note, &c.RatedBy, &at); err != nil {
			return nil, err
		}
		c.RatedAt = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
