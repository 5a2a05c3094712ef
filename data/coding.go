package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// CodebookVersion is one installed version of the review's codebook: the
// YAML text as given. The highest version is in force.
type CodebookVersion struct {
	Version  int       `json:"version"`
	Name     string    `json:"name"`
	YAML     string    `json:"-"`
	SHA256   string    `json:"sha256"`
	StoredBy string    `json:"stored_by,omitempty"`
	Note     string    `json:"note,omitempty"`
	StoredAt time.Time `json:"stored_at"`
}

// Coding is one coding event: a reviewer's value for a code on a study,
// with the quote and location that support it. The latest event per study,
// reviewer and code counts; an empty Value clears the code.
type Coding struct {
	ID              int64     `json:"id"`
	StudyID         int64     `json:"study_id"`
	Reviewer        string    `json:"reviewer"`
	Code            string    `json:"code"`
	Value           string    `json:"value"`
	Quote           string    `json:"quote,omitempty"`
	Location        string    `json:"location,omitempty"`
	Note            string    `json:"note,omitempty"`
	CodebookVersion int       `json:"codebook_version"`
	Via             string    `json:"via,omitempty"` // loop|scripted|import
	CodedAt         time.Time `json:"coded_at"`
}

// CodingStatus marks a reviewer's coding of a study done (or reopened).
type CodingStatus struct {
	StudyID  int64     `json:"study_id"`
	Reviewer string    `json:"reviewer"`
	Done     bool      `json:"done"`
	At       time.Time `json:"at"`
}

// CodingFinal is the reconciled value of a code on a study: who settled it,
// how (MethodAgreement when both reviewers gave it, MethodConsensus when
// they settled a difference …) and when. The latest per study and code
// counts.
type CodingFinal struct {
	ID              int64     `json:"id"`
	StudyID         int64     `json:"study_id"`
	Code            string    `json:"code"`
	Value           string    `json:"value"`
	Method          string    `json:"method"`
	Resolver        string    `json:"resolver,omitempty"`
	Quote           string    `json:"quote,omitempty"`
	Location        string    `json:"location,omitempty"`
	Note            string    `json:"note,omitempty"`
	CodebookVersion int       `json:"codebook_version"`
	ResolvedAt      time.Time `json:"resolved_at"`
}

// StoreCodebook installs yaml as the next codebook version and returns it.
// When yaml is byte-identical to the version in force nothing is stored and
// that version is returned.
func (db *DB) StoreCodebook(ctx context.Context, cv CodebookVersion) (CodebookVersion, error) {
	sum := sha256.Sum256([]byte(cv.YAML))
	cv.SHA256 = hex.EncodeToString(sum[:])
	err := db.Update(ctx, func(tx *sql.Tx) error {
		cur, err := latestCodebook(ctx, tx)
		if err == nil && cur.SHA256 == cv.SHA256 {
			cv = cur
			return nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		cv.Version = cur.Version + 1
		cv.StoredAt = db.Now()
		_, err = tx.ExecContext(ctx, `INSERT INTO codebook(version, name, yaml, sha256, stored_by, note, stored_at)
			VALUES(?, ?, ?, ?, ?, ?, ?)`, cv.Version, cv.Name, cv.YAML, cv.SHA256, cv.StoredBy, cv.Note, formatTime(cv.StoredAt))
		return err
	})
	if err != nil {
		return cv, fmt.Errorf("store codebook: %w", err)
	}
	return cv, nil
}

// LatestCodebook returns the codebook version in force, or ErrNotFound
// (wrapped) when none was installed.
func (db *DB) LatestCodebook(ctx context.Context) (CodebookVersion, error) {
	return latestCodebook(ctx, db.sql)
}

func latestCodebook(ctx context.Context, q rowQuerier) (CodebookVersion, error) {
	var cv CodebookVersion
	var at string
	err := q.QueryRowContext(ctx, `SELECT version, name, yaml, sha256, stored_by, note, stored_at FROM codebook
		ORDER BY version DESC LIMIT 1`).Scan(&cv.Version, &cv.Name, &cv.YAML, &cv.SHA256, &cv.StoredBy, &cv.Note, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return cv, fmt.Errorf("codebook: %w", ErrNotFound)
	}
	cv.StoredAt = parseTime(at)
	return cv, err
}

// AddCodings appends codings and status marks in one transaction; a zero
// CodedAt or At is set from db.Now. IDs are set.
func (db *DB) AddCodings(ctx context.Context, cs []Coding, marks []CodingStatus) error {
	now := db.Now()
	return db.Update(ctx, func(tx *sql.Tx) error {
		for i := range cs {
			c := &cs[i]
			if c.CodedAt.IsZero() {
				c.CodedAt = now
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO coding(study_id, reviewer, code, value, quote, location, note,
				codebook_version, via, coded_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.StudyID, c.Reviewer, c.Code, c.Value, c.Quote, c.Location, c.Note, c.CodebookVersion, c.Via, formatTime(c.CodedAt))
			if err != nil {
				return fmt.Errorf("store coding of study %d, %s: %w", c.StudyID, c.Code, err)
			}
			c.ID, _ = res.LastInsertId()
		}
		for i := range marks {
			m := &marks[i]
			if m.At.IsZero() {
				m.At = now
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO coding_status(study_id, reviewer, done, at) VALUES(?, ?, ?, ?)",
				m.StudyID, m.Reviewer, m.Done, formatTime(m.At)); err != nil {
				return fmt.Errorf("mark study %d: %w", m.StudyID, err)
			}
		}
		return nil
	})
}

// CurrentCodings returns the current value of every code each reviewer
// set (cleared codes left out), ordered by study, reviewer and event id.
// studyID 0 means every study; reviewer "" every reviewer.
func (db *DB) CurrentCodings(ctx context.Context, studyID int64, reviewer string) ([]Coding, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, study_id, reviewer, code, value, quote, location, note,
		codebook_version, via, coded_at FROM coding WHERE id IN
		(SELECT MAX(id) FROM coding WHERE (?1 = 0 OR study_id = ?1) AND (?2 = '' OR reviewer = ?2)
		 GROUP BY study_id, reviewer, code) AND value <> '' ORDER BY study_id, reviewer, id`, studyID, reviewer)
	if err != nil {
		return nil, fmt.Errorf("read codings: %w", err)
	}
	defer rows.Close()
	var out []Coding
	for rows.Next() {
		var c Coding
		var at string
		if err := rows.Scan(&c.ID, &c.StudyID, &c.Reviewer, &c.Code, &c.Value, &c.Quote, &c.Location, &c.Note,
			&c.CodebookVersion, &c.Via, &at); err != nil {
			return nil, err
		}
		c.CodedAt = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CodingStatuses returns the current status of every study a reviewer has
// coded or marked, ordered by study and by when the reviewer first coded
// or marked it. Done is the latest mark (false when never marked).
func (db *DB) CodingStatuses(ctx context.Context) ([]CodingStatus, error) {
	rows, err := db.sql.QueryContext(ctx, `WITH touched AS (
			SELECT study_id, reviewer, MIN(at) AS first FROM (
				SELECT study_id, reviewer, coded_at AS at FROM coding
				UNION ALL SELECT study_id, reviewer, at FROM coding_status)
			GROUP BY study_id, reviewer)
		SELECT t.study_id, t.reviewer, COALESCE((SELECT done FROM coding_status s WHERE s.study_id = t.study_id
			AND s.reviewer = t.reviewer ORDER BY s.id DESC LIMIT 1), 0), t.first
		FROM touched t ORDER BY t.study_id, t.first, t.reviewer`)
	if err != nil {
		return nil, fmt.Errorf("read coding status: %w", err)
	}
	defer rows.Close()
	var out []CodingStatus
	for rows.Next() {
		var s CodingStatus
		var at string
		if err := rows.Scan(&s.StudyID, &s.Reviewer, &s.Done, &at); err != nil {
			return nil, err
		}
		s.At = parseTime(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddCodingFinals appends reconciled values in one transaction; a zero
// ResolvedAt is set from db.Now. IDs are set.
func (db *DB) AddCodingFinals(ctx context.Context, fs []CodingFinal) error {
	now := db.Now()
	return db.Update(ctx, func(tx *sql.Tx) error {
		for i := range fs {
			f := &fs[i]
			if f.ResolvedAt.IsZero() {
				f.ResolvedAt = now
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO coding_final(study_id, code, value, method, resolver, quote,
				location, note, codebook_version, resolved_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				f.StudyID, f.Code, f.Value, f.Method, f.Resolver, f.Quote, f.Location, f.Note, f.CodebookVersion, formatTime(f.ResolvedAt))
			if err != nil {
				return fmt.Errorf("store final value of study %d, %s: %w", f.StudyID, f.Code, err)
			}
			f.ID, _ = res.LastInsertId()
		}
		return nil
	})
}

// CodingFinals returns the current reconciled value of every code settled
// on a study (studyID 0: every study), ordered by study and id. A final
// with an empty Value means the code was settled as not present.
func (db *DB) CodingFinals(ctx context.Context, studyID int64) ([]CodingFinal, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, study_id, code, value, method, resolver, quote, location, note,
		codebook_version, resolved_at FROM coding_final WHERE id IN
		(SELECT MAX(id) FROM coding_final WHERE ?1 = 0 OR study_id = ?1 GROUP BY study_id, code) ORDER BY study_id, id`, studyID)
	if err != nil {
		return nil, fmt.Errorf("read final codings: %w", err)
	}
	defer rows.Close()
	var out []CodingFinal
	for rows.Next() {
		var f CodingFinal
		var at string
		if err := rows.Scan(&f.ID, &f.StudyID, &f.Code, &f.Value, &f.Method, &f.Resolver, &f.Quote, &f.Location, &f.Note,
			&f.CodebookVersion, &at); err != nil {
			return nil, err
		}
		f.ResolvedAt = parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}
