package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Verdicts a decision can carry. Retract takes the reviewer's earlier
// decision on the study back (undo).
const (
	VerdictInclude = "include"
	VerdictExclude = "exclude"
	VerdictMaybe   = "maybe"
	VerdictRetract = "retract"
)

// Resolution methods.
const (
	MethodAgreement     = "agreement"
	MethodSingle        = "single"
	MethodConsensus     = "consensus"
	MethodThirdReviewer = "third-reviewer"
)

// Decision is one screening event: a reviewer's verdict on a study at a
// stage ("ta" or "ft"). Events are appended, never changed; the latest per
// study, reviewer and stage is the reviewer's current decision.
type Decision struct {
	ID        int64     `json:"id"`
	StudyID   int64     `json:"study_id"`
	Reviewer  string    `json:"reviewer"`
	Stage     string    `json:"stage"`
	Verdict   string    `json:"verdict"`
	Reason    string    `json:"reason,omitempty"`
	Note      string    `json:"note,omitempty"`
	ShownBy   string    `json:"shown_by,omitempty"`   // file|random|priority|query|import|scripted
	RankingID int64     `json:"ranking_id,omitempty"` // 0: none
	Position  int       `json:"position,omitempty"`   // 1-based place in the order shown; 0: none
	DecidedAt time.Time `json:"decided_at"`
}

// Resolution is the final verdict on a study at a stage. The latest row per
// study and stage counts; a Void row means the study is unresolved again.
type Resolution struct {
	ID         int64     `json:"id"`
	StudyID    int64     `json:"study_id"`
	Stage      string    `json:"stage"`
	Verdict    string    `json:"verdict"`
	Method     string    `json:"method"`
	Resolver   string    `json:"resolver,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Note       string    `json:"note,omitempty"`
	Void       bool      `json:"void,omitempty"`
	ResolvedAt time.Time `json:"resolved_at"`
}

// ResolveFunc decides, inside the transaction that stores a decision, what
// resolution (if any) to append: it gets the study's current decisions at
// the stage (retractions left out) and its latest resolution row (nil when
// none) and returns a resolution to append, or nil for none.
type ResolveFunc func(current []Decision, latest *Resolution) *Resolution

const decisionColumns = "d.id, d.study_id, d.reviewer, d.stage, d.verdict, d.reason, d.note, d.shown_by, COALESCE(d.ranking_id, 0), COALESCE(d.position, 0), d.decided_at"

const resolutionColumns = "id, study_id, stage, verdict, method, resolver, reason, note, void, resolved_at"

type rowQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// AddDecision appends d (its DecidedAt set from db.Now) and, when resolve
// is not nil, the resolution resolve returns, in one transaction: when it
// returns the decision is stored. d.ID is set.
func (db *DB) AddDecision(ctx context.Context, d *Decision, resolve ResolveFunc) error {
	d.DecidedAt = db.Now()
	err := db.Update(ctx, func(tx *sql.Tx) error {
		if err := insertDecision(ctx, tx, d); err != nil {
			return err
		}
		if resolve == nil {
			return nil
		}
		return applyResolve(ctx, tx, db.Now(), d.StudyID, d.Stage, resolve)
	})
	if err != nil {
		return fmt.Errorf("store decision on study %d: %w", d.StudyID, err)
	}
	return nil
}

// AddDecisions appends many decisions in one transaction (an import),
// calling resolveFor for each to get its ResolveFunc (nil: none).
func (db *DB) AddDecisions(ctx context.Context, ds []Decision, resolveFor func(Decision) ResolveFunc) error {
	now := db.Now()
	return db.Update(ctx, func(tx *sql.Tx) error {
		for i := range ds {
			ds[i].DecidedAt = now
			if err := insertDecision(ctx, tx, &ds[i]); err != nil {
				return fmt.Errorf("store decision on study %d: %w", ds[i].StudyID, err)
			}
			if resolve := resolveFor(ds[i]); resolve != nil {
				if err := applyResolve(ctx, tx, now, ds[i].StudyID, ds[i].Stage, resolve); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func insertDecision(ctx context.Context, tx *sql.Tx, d *Decision) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO decision(study_id, reviewer, stage, verdict, reason, note, shown_by, ranking_id, position, decided_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.StudyID, d.Reviewer, d.Stage, d.Verdict, d.Reason, d.Note, d.ShownBy,
		nullInt(d.RankingID), nullInt(int64(d.Position)), formatTime(d.DecidedAt))
	if err != nil {
		return err
	}
	d.ID, err = res.LastInsertId()
	return err
}

func applyResolve(ctx context.Context, tx *sql.Tx, now time.Time, studyID int64, stage string, resolve ResolveFunc) error {
	cur, err := currentDecisions(ctx, tx, studyID, stage)
	if err != nil {
		return err
	}
	latest, err := latestResolution(ctx, tx, studyID, stage)
	if err != nil {
		return err
	}
	if r := resolve(cur, latest); r != nil {
		r.StudyID, r.Stage, r.ResolvedAt = studyID, stage, now
		return insertResolution(ctx, tx, r)
	}
	return nil
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// AddResolution appends r (ResolvedAt from db.Now); r.ID is set.
func (db *DB) AddResolution(ctx context.Context, r *Resolution) error {
	r.ResolvedAt = db.Now()
	err := db.Update(ctx, func(tx *sql.Tx) error { return insertResolution(ctx, tx, r) })
	if err != nil {
		return fmt.Errorf("store resolution of study %d: %w", r.StudyID, err)
	}
	return nil
}

func insertResolution(ctx context.Context, tx *sql.Tx, r *Resolution) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO resolution(study_id, stage, verdict, method, resolver, reason, note, void, resolved_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.StudyID, r.Stage, r.Verdict, r.Method, r.Resolver, r.Reason, r.Note, r.Void, formatTime(r.ResolvedAt))
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	return err
}

// CurrentDecisions returns each reviewer's current decision on a study at a
// stage, retractions left out, ordered by reviewer.
func (db *DB) CurrentDecisions(ctx context.Context, studyID int64, stage string) ([]Decision, error) {
	return currentDecisions(ctx, db.sql, studyID, stage)
}

func currentDecisions(ctx context.Context, q rowQuerier, studyID int64, stage string) ([]Decision, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+decisionColumns+` FROM decision d
		JOIN (SELECT MAX(id) AS id FROM decision WHERE study_id = ? AND stage = ? GROUP BY reviewer) m ON m.id = d.id
		WHERE d.verdict <> 'retract' ORDER BY d.reviewer`, studyID, stage)
	if err != nil {
		return nil, fmt.Errorf("read decisions on study %d: %w", studyID, err)
	}
	return scanDecisions(rows)
}

// LatestResolution returns the latest resolution row of a study at a
// stage (possibly Void), or nil when there is none.
func (db *DB) LatestResolution(ctx context.Context, studyID int64, stage string) (*Resolution, error) {
	return latestResolution(ctx, db.sql, studyID, stage)
}

func latestResolution(ctx context.Context, q rowQuerier, studyID int64, stage string) (*Resolution, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+resolutionColumns+" FROM resolution WHERE study_id = ? AND stage = ? ORDER BY id DESC LIMIT 1", studyID, stage)
	if err != nil {
		return nil, fmt.Errorf("read resolution of study %d: %w", studyID, err)
	}
	rs, err := scanResolutions(rows)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

// StageDecisions calls fn with every current decision at a stage
// (retractions left out), ordered by study and reviewer.
func (db *DB) StageDecisions(ctx context.Context, stage string, fn func(Decision) error) error {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+decisionColumns+` FROM decision d
		JOIN (SELECT MAX(id) AS id FROM decision WHERE stage = ? GROUP BY study_id, reviewer) m ON m.id = d.id
		WHERE d.verdict <> 'retract' ORDER BY d.study_id, d.reviewer`, stage)
	if err != nil {
		return fmt.Errorf("read %s decisions: %w", stage, err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReviewerDecisions returns a reviewer's current decisions at a stage by
// study (retractions left out).
func (db *DB) ReviewerDecisions(ctx context.Context, reviewer, stage string) (map[int64]Decision, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+decisionColumns+` FROM decision d
		JOIN (SELECT MAX(id) AS id FROM decision WHERE reviewer = ? AND stage = ? GROUP BY study_id) m ON m.id = d.id
		WHERE d.verdict <> 'retract'`, reviewer, stage)
	if err != nil {
		return nil, fmt.Errorf("read decisions of %s: %w", reviewer, err)
	}
	ds, err := scanDecisions(rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Decision, len(ds))
	for _, d := range ds {
		out[d.StudyID] = d
	}
	return out, nil
}

// LastDecision returns the reviewer's most recent decision at a stage that
// is still their current one and not a retraction (what undo takes back),
// or nil when there is none.
func (db *DB) LastDecision(ctx context.Context, reviewer, stage string) (*Decision, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+decisionColumns+` FROM decision d
		WHERE d.reviewer = ? AND d.stage = ? AND d.verdict <> 'retract'
		AND NOT EXISTS (SELECT 1 FROM decision l WHERE l.study_id = d.study_id AND l.stage = d.stage AND l.reviewer = d.reviewer AND l.id > d.id)
		ORDER BY d.id DESC LIMIT 1`, reviewer, stage)
	if err != nil {
		return nil, fmt.Errorf("read last decision of %s: %w", reviewer, err)
	}
	ds, err := scanDecisions(rows)
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	return &ds[0], nil
}

// Resolutions returns the current (latest, not void) resolution of every
// resolved study at a stage, by study.
func (db *DB) Resolutions(ctx context.Context, stage string) (map[int64]Resolution, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+resolutionColumns+` FROM resolution
		WHERE id IN (SELECT MAX(id) FROM resolution WHERE stage = ? GROUP BY study_id)`, stage)
	if err != nil {
		return nil, fmt.Errorf("read %s resolutions: %w", stage, err)
	}
	rs, err := scanResolutions(rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Resolution, len(rs))
	for _, r := range rs {
		if !r.Void {
			out[r.StudyID] = r
		}
	}
	return out, nil
}

// IncludedStudies returns the ids of the studies included in the review,
// in id order: those whose current title/abstract and full-text
// resolutions are both include and which still have a record. Coding,
// the report and the exports all take "included" from here.
func (db *DB) IncludedStudies(ctx context.Context) ([]int64, error) {
	ids, err := db.QueryIDs(ctx, `SELECT f.study_id FROM resolution f
		WHERE f.stage = 'ft' AND f.verdict = 'include' AND f.void = 0
		AND f.id = (SELECT MAX(id) FROM resolution WHERE study_id = f.study_id AND stage = 'ft')
		AND EXISTS (SELECT 1 FROM resolution t WHERE t.study_id = f.study_id AND t.stage = 'ta'
			AND t.verdict = 'include' AND t.void = 0
			AND t.id = (SELECT MAX(id) FROM resolution WHERE study_id = f.study_id AND stage = 'ta'))
		AND EXISTS (SELECT 1 FROM record r WHERE r.study_id = f.study_id)
		ORDER BY f.study_id`)
	if err != nil {
		return nil, fmt.Errorf("read included studies: %w", err)
	}
	return ids, nil
}

// DecisionEvents calls fn with every decision event (retractions
// included), in the order they were stored; stage "" means every stage.
func (db *DB) DecisionEvents(ctx context.Context, stage string, fn func(Decision) error) error {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+decisionColumns+" FROM decision d WHERE ? = '' OR d.stage = ? ORDER BY d.id", stage, stage)
	if err != nil {
		return fmt.Errorf("read decisions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountDecisions returns how many decision events are stored at a stage
// ("" for every stage).
func (db *DB) CountDecisions(ctx context.Context, stage string) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM decision WHERE ? = '' OR stage = ?", stage, stage).Scan(&n)
	return n, err
}

func scanDecisions(rows *sql.Rows) ([]Decision, error) {
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func scanDecision(s scanner) (Decision, error) {
	var d Decision
	var at string
	err := s.Scan(&d.ID, &d.StudyID, &d.Reviewer, &d.Stage, &d.Verdict, &d.Reason, &d.Note, &d.ShownBy, &d.RankingID, &d.Position, &at)
	d.DecidedAt = parseTime(at)
	return d, err
}

func scanResolutions(rows *sql.Rows) ([]Resolution, error) {
	defer rows.Close()
	var out []Resolution
	for rows.Next() {
		var r Resolution
		var at string
		if err := rows.Scan(&r.ID, &r.StudyID, &r.Stage, &r.Verdict, &r.Method, &r.Resolver, &r.Reason, &r.Note, &r.Void, &at); err != nil {
			return nil, err
		}
		r.ResolvedAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ResolutionEvents calls fn with every resolution row of a stage ("" for
// every stage) in the order stored.
func (db *DB) ResolutionEvents(ctx context.Context, stage string, fn func(Resolution) error) error {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+resolutionColumns+" FROM resolution WHERE ? = '' OR stage = ? ORDER BY id", stage, stage)
	if err != nil {
		return fmt.Errorf("read resolutions: %w", err)
	}
	rs, err := scanResolutions(rows)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// StudyOrder returns every study id in file order: by the source, then the
// line of its representative record.
func (db *DB) StudyOrder(ctx context.Context) ([]int64, error) {
	ids, err := db.QueryIDs(ctx, `SELECT s.id FROM study s JOIN record r ON r.id = s.rep_id ORDER BY r.source_id, r.line, r.id`)
	if err != nil {
		return nil, fmt.Errorf("read studies: %w", err)
	}
	return ids, nil
}

// StudyRecord returns the representative record of a study, or
// ErrNotFound.
func (db *DB) StudyRecord(ctx context.Context, studyID int64) (Record, error) {
	row := db.sql.QueryRowContext(ctx, "SELECT "+recordColumns+" FROM record r JOIN study s ON s.rep_id = r.id WHERE s.id = ?", studyID)
	rec, err := scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, fmt.Errorf("study %d: %w", studyID, ErrNotFound)
	}
	return rec, err
}

// FindStudy resolves what a user typed to a study id: a study id, a record
// id (its study) or a DOI. It returns ErrNotFound, wrapped, when nothing
// matches.
func (db *DB) FindStudy(ctx context.Context, ref string) (int64, error) {
	var id int64
	var err error
	if n, perr := strconv.ParseInt(strings.TrimSpace(ref), 10, 64); perr == nil {
		err = db.sql.QueryRowContext(ctx, `SELECT id FROM study WHERE id = ?1
			UNION ALL SELECT study_id FROM record WHERE id = ?1 LIMIT 1`, n).Scan(&id)
	} else {
		doi := strings.ToLower(strings.TrimSpace(ref))
		for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"} {
			doi = strings.TrimPrefix(doi, p)
		}
		err = db.sql.QueryRowContext(ctx, "SELECT study_id FROM record WHERE doi = ? AND doi <> '' ORDER BY id LIMIT 1", doi).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("study %q: %w", ref, ErrNotFound)
	}
	return id, err
}

// Fulltext is a full text linked to a study (a file kept by path and
// SHA-256, or a URL), or, with Missing set, the record that it was sought
// but not retrieved.
type Fulltext struct {
	ID      int64     `json:"id"`
	StudyID int64     `json:"study_id"`
	Path    string    `json:"path,omitempty"`
	SHA256  string    `json:"sha256,omitempty"`
	Missing bool      `json:"missing,omitempty"`
	Note    string    `json:"note,omitempty"`
	AddedBy string    `json:"added_by,omitempty"`
	AddedAt time.Time `json:"added_at"`
}

// AddFulltext appends f (AddedAt from db.Now); f.ID is set.
func (db *DB) AddFulltext(ctx context.Context, f *Fulltext) error {
	f.AddedAt = db.Now()
	return db.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO fulltext(study_id, path, sha256, missing, note, added_by, added_at)
			VALUES(?, ?, ?, ?, ?, ?, ?)`, f.StudyID, f.Path, f.SHA256, f.Missing, f.Note, f.AddedBy, formatTime(f.AddedAt))
		if err != nil {
			return fmt.Errorf("store full text of study %d: %w", f.StudyID, err)
		}
		f.ID, err = res.LastInsertId()
		return err
	})
}

// Fulltexts returns what is recorded about a study's full text, oldest
// first.
func (db *DB) Fulltexts(ctx context.Context, studyID int64) ([]Fulltext, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, study_id, path, sha256, missing, note, added_by, added_at
		FROM fulltext WHERE study_id = ? ORDER BY id`, studyID)
	if err != nil {
		return nil, fmt.Errorf("read full texts of study %d: %w", studyID, err)
	}
	defer rows.Close()
	var out []Fulltext
	for rows.Next() {
		var f Fulltext
		var at string
		if err := rows.Scan(&f.ID, &f.StudyID, &f.Path, &f.SHA256, &f.Missing, &f.Note, &f.AddedBy, &at); err != nil {
			return nil, err
		}
		f.AddedAt = parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// SetAllocation replaces the allocation of a stage: studies[reviewer] are
// the studies allocated to that reviewer. An empty map removes it.
func (db *DB) SetAllocation(ctx context.Context, stage string, studies map[string][]int64) error {
	return db.Update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM allocation WHERE stage = ?", stage); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, "INSERT INTO allocation(study_id, stage, reviewer) VALUES(?, ?, ?)")
		if err != nil {
			return err
		}
		defer stmt.Close()
		for reviewer, ids := range studies {
			for _, id := range ids {
				if _, err := stmt.ExecContext(ctx, id, stage, reviewer); err != nil {
					return fmt.Errorf("allocate study %d to %s: %w", id, reviewer, err)
				}
			}
		}
		return nil
	})
}

// Allocation returns the studies allocated to a reviewer at a stage, and
// whether the stage is allocated at all (when not, every reviewer may
// screen every study).
func (db *DB) Allocation(ctx context.Context, stage, reviewer string) (map[int64]bool, bool, error) {
	var any int
	if err := db.sql.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM allocation WHERE stage = ?)", stage).Scan(&any); err != nil {
		return nil, false, fmt.Errorf("read allocation: %w", err)
	}
	if any == 0 {
		return nil, false, nil
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT study_id FROM allocation WHERE stage = ? AND reviewer = ?", stage, reviewer)
	if err != nil {
		return nil, false, fmt.Errorf("read allocation: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, false, err
		}
		out[id] = true
	}
	return out, true, rows.Err()
}

// ReviewerDecisionOn returns a reviewer's current decision on a study at a
// stage, or nil when they have none (or retracted it).
func (db *DB) ReviewerDecisionOn(ctx context.Context, studyID int64, reviewer, stage string) (*Decision, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+decisionColumns+` FROM decision d
		WHERE d.study_id = ? AND d.stage = ? AND d.reviewer = ? ORDER BY d.id DESC LIMIT 1`, studyID, stage, reviewer)
	if err != nil {
		return nil, fmt.Errorf("read decision of %s on study %d: %w", reviewer, studyID, err)
	}
	ds, err := scanDecisions(rows)
	if err != nil || len(ds) == 0 || ds[0].Verdict == VerdictRetract {
		return nil, err
	}
	return &ds[0], nil
}

// DeciderCounts returns, per study, how many reviewers have a current
// decision (not a retraction) at a stage; studies without one are absent.
func (db *DB) DeciderCounts(ctx context.Context, stage string) (map[int64]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT study_id, COUNT(*) FROM
		(SELECT study_id, verdict, MAX(id) FROM decision WHERE stage = ? GROUP BY study_id, reviewer)
		WHERE verdict <> 'retract' GROUP BY study_id`, stage)
	if err != nil {
		return nil, fmt.Errorf("count %s decisions: %w", stage, err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
