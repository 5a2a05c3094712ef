package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Merge methods: how a record was found to belong to a study.
const (
	MethodDOI    = "doi"
	MethodPMID   = "pmid"
	MethodFuzzy  = "fuzzy"
	MethodManual = "manual"
)

// Pair statuses: a pair the matcher was unsure about, or a reviewer's
// decision that every later run respects.
const (
	PairUncertain = "uncertain"
	PairSame      = "same"
	PairDifferent = "different"
)

// DecidedByMatcher is the decided_by of automatic merges.
const DecidedByMatcher = "oversikt"

// ErrNotMerged is returned by SplitRecord for a record that is alone in its
// study.
var ErrNotMerged = errors.New("record is alone in its study")

// Merge is one link that put a record into a study: RecordID joined
// StudyID because it matched MatchedID.
type Merge struct {
	ID        int64     `json:"merge_id"`
	StudyID   int64     `json:"study_id"`
	RecordID  int64     `json:"record_id"`
	MatchedID int64     `json:"matched_id"`
	Method    string    `json:"method"`
	Score     float64   `json:"score"`
	Fields    []string  `json:"fields"`
	DecidedBy string    `json:"decided_by"`
	MergedAt  time.Time `json:"merged_at"`
	UndoneAt  time.Time `json:"undone_at,omitzero"`
}

// Pair is a pair of records (A < B) that waits for a reviewer or was
// decided by one.
type Pair struct {
	A         int64     `json:"a"`
	B         int64     `json:"b"`
	Status    string    `json:"status"`
	Score     float64   `json:"score"`
	Fields    []string  `json:"fields"`
	DecidedBy string    `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at"`
}

// StudyMove says that study From is absorbed into study To.
type StudyMove struct{ From, To int64 }

// DedupPlan is what one deduplication run changes. Moves name final
// studies as To (no chains); Merges carry the final study; Pairs are
// uncertain pairs to queue (pairs already stored keep their status).
type DedupPlan struct {
	Moves           []StudyMove
	Merges          []Merge
	Pairs           []Pair
	ComparedThrough int64 // every record up to this id has been compared
}

// DedupCounts summarises deduplication: Merged is the number of records
// that joined another record's study, Uncertain the pairs still waiting for
// a reviewer.
type DedupCounts struct {
	Records   int `json:"records"`
	Studies   int `json:"studies"`
	Merged    int `json:"merged"`
	Uncertain int `json:"uncertain"`
}

const comparedSetting = "dedup.compared_through"

// MatchRecords calls fn with every record in id order, filling only the
// fields matching uses (no raw text, abstract or extra fields), so that a
// million records fit in memory.
func (db *DB) MatchRecords(ctx context.Context, fn func(Record) error) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, study_id, type, title, authors, year, journal, volume, issue, pages, doi, pmid, isbn
		FROM record ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read records for matching: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var authors string
		if err := rows.Scan(&r.ID, &r.StudyID, &r.Type, &r.Title, &authors, &r.Year, &r.Journal, &r.Volume, &r.Issue,
			&r.Pages, &r.DOI, &r.PMID, &r.ISBN); err != nil {
			return err
		}
		r.Authors = splitLines(authors)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ComparedThrough returns the highest record id an earlier run compared
// (0 before the first run).
func (db *DB) ComparedThrough(ctx context.Context) (int64, error) {
	v, err := db.Setting(ctx, comparedSetting, "0")
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// DedupPairs returns the stored pairs with the given status ("" for all),
// ordered by score, highest first.
func (db *DB) DedupPairs(ctx context.Context, status string) ([]Pair, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT a, b, status, score, fields, decided_by, decided_at FROM dedup_pair
		WHERE ? = '' OR status = ? ORDER BY score DESC, a, b`, status, status)
	if err != nil {
		return nil, fmt.Errorf("read pairs: %w", err)
	}
	defer rows.Close()
	var out []Pair
	for rows.Next() {
		var p Pair
		var fields, at string
		if err := rows.Scan(&p.A, &p.B, &p.Status, &p.Score, &fields, &p.DecidedBy, &at); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(fields), &p.Fields)
		p.DecidedAt = parseTime(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PendingPairs returns the uncertain pairs still waiting for a reviewer,
// highest score first: one pair for each two studies, leaving out pairs
// whose records are in one study by now and pairs of studies a reviewer
// already called different.
func (db *DB) PendingPairs(ctx context.Context) ([]Pair, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT p.a, p.b, p.status, p.score, p.fields, p.decided_by, p.decided_at, ra.study_id, rb.study_id
		FROM dedup_pair p JOIN record ra ON ra.id = p.a JOIN record rb ON rb.id = p.b
		WHERE p.status = 'uncertain' AND ra.study_id <> rb.study_id
		AND NOT EXISTS (SELECT 1 FROM dedup_pair d JOIN record da ON da.id = d.a JOIN record db ON db.id = d.b
			WHERE d.status = 'different' AND ((da.study_id = ra.study_id AND db.study_id = rb.study_id)
				OR (da.study_id = rb.study_id AND db.study_id = ra.study_id)))
		ORDER BY p.score DESC, p.a, p.b`)
	if err != nil {
		return nil, fmt.Errorf("read pending pairs: %w", err)
	}
	defer rows.Close()
	var out []Pair
	seen := map[[2]int64]bool{}
	for rows.Next() {
		var p Pair
		var fields, at string
		var sa, sb int64
		if err := rows.Scan(&p.A, &p.B, &p.Status, &p.Score, &fields, &p.DecidedBy, &at, &sa, &sb); err != nil {
			return nil, err
		}
		k := [2]int64{min(sa, sb), max(sa, sb)}
		if seen[k] {
			continue
		}
		seen[k] = true
		json.Unmarshal([]byte(fields), &p.Fields)
		p.DecidedAt = parseTime(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// DedupCounts counts records, studies, merged records and pending
// uncertain pairs (as PendingPairs returns them).
func (db *DB) DedupCounts(ctx context.Context) (DedupCounts, error) {
	var c DedupCounts
	if err := db.sql.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM record), (SELECT COUNT(*) FROM study)`).Scan(&c.Records, &c.Studies); err != nil {
		return c, err
	}
	c.Merged = c.Records - c.Studies
	pending, err := db.PendingPairs(ctx)
	c.Uncertain = len(pending)
	return c, err
}

// Merges calls fn with every merge, undone ones included, in id order.
func (db *DB) Merges(ctx context.Context, fn func(Merge) error) error {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+mergeColumns+" FROM dedup_merge ORDER BY id")
	if err != nil {
		return fmt.Errorf("read merges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// MergeByID returns one merge, or ErrNotFound.
func (db *DB) MergeByID(ctx context.Context, id int64) (Merge, error) {
	m, err := scanMerge(db.sql.QueryRowContext(ctx, "SELECT "+mergeColumns+" FROM dedup_merge WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("merge %d: %w", id, ErrNotFound)
	}
	return m, err
}

const mergeColumns = "id, study_id, record_id, matched_id, method, score, fields, decided_by, merged_at, undone_at"

func scanMerge(s scanner) (Merge, error) {
	var m Merge
	var fields, at, undone string
	if err := s.Scan(&m.ID, &m.StudyID, &m.RecordID, &m.MatchedID, &m.Method, &m.Score, &fields, &m.DecidedBy, &at, &undone); err != nil {
		return m, err
	}
	json.Unmarshal([]byte(fields), &m.Fields)
	m.MergedAt, m.UndoneAt = parseTime(at), parseTime(undone)
	return m, nil
}

// ApplyDedup stores a run's result in one transaction: moves records of
// absorbed studies (and every row that refers to those studies: decisions,
// resolutions, full texts, codings …) to the surviving study, deletes the
// emptied studies, picks each changed study's representative, stores the
// merges and queues the uncertain pairs.
func (db *DB) ApplyDedup(ctx context.Context, plan DedupPlan) error {
	return db.Update(ctx, func(tx *sql.Tx) error {
		if err := applyPlan(ctx, tx, plan, db.Now()); err != nil {
			return err
		}
		if plan.ComparedThrough > 0 {
			_, err := tx.ExecContext(ctx, `INSERT INTO setting(name, value) VALUES(?, ?)
				ON CONFLICT(name) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
				comparedSetting, strconv.FormatInt(plan.ComparedThrough, 10))
			return err
		}
		return nil
	})
}

func applyPlan(ctx context.Context, tx *sql.Tx, plan DedupPlan, now time.Time) error {
	at := formatTime(now)
	refs, err := studyReferences(ctx, tx)
	if err != nil {
		return err
	}
	stmts := []string{
		"UPDATE record SET study_id = ?1 WHERE study_id = ?2",
		"UPDATE dedup_merge SET study_id = ?1 WHERE study_id = ?2 AND undone_at = ''",
		"DELETE FROM study WHERE id = ?2 AND ?1 <> ?2",
	}
	for _, t := range refs {
		stmts = append(stmts, "UPDATE "+t+" SET study_id = ?1 WHERE study_id = ?2")
	}
	prepared := make([]*sql.Stmt, len(stmts))
	for i, s := range stmts {
		if prepared[i], err = tx.PrepareContext(ctx, s); err != nil {
			return fmt.Errorf("prepare %q: %w", s, err)
		}
		defer prepared[i].Close()
	}
	changed := map[int64]bool{}
	for _, m := range plan.Moves {
		if m.From == m.To {
			continue
		}
		for i, st := range prepared {
			if _, err := st.ExecContext(ctx, m.To, m.From); err != nil {
				return fmt.Errorf("move study %d into %d (%s): %w", m.From, m.To, stmts[i], err)
			}
		}
		changed[m.To] = true
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO dedup_merge(study_id, record_id, matched_id, method, score, fields, decided_by, merged_at)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, m := range plan.Merges {
		fields, _ := json.Marshal(nonNil(m.Fields))
		if _, err := ins.ExecContext(ctx, m.StudyID, m.RecordID, m.MatchedID, m.Method, m.Score, string(fields), m.DecidedBy, at); err != nil {
			return fmt.Errorf("store merge of record %d: %w", m.RecordID, err)
		}
	}
	pair, err := tx.PrepareContext(ctx, `INSERT INTO dedup_pair(a, b, status, score, fields, decided_by, decided_at)
		VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(a, b) DO NOTHING`)
	if err != nil {
		return err
	}
	defer pair.Close()
	for _, p := range plan.Pairs {
		a, b := min(p.A, p.B), max(p.A, p.B)
		fields, _ := json.Marshal(nonNil(p.Fields))
		if _, err := pair.ExecContext(ctx, a, b, p.Status, p.Score, string(fields), p.DecidedBy, at); err != nil {
			return fmt.Errorf("store pair %d–%d: %w", a, b, err)
		}
	}
	return pickRepresentatives(ctx, tx, changed)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// studyReferences lists the tables other than record and dedup_merge that
// have a study_id column and hold rows, so that a merge re-points them.
func studyReferences(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'study_id' AND m.name NOT IN ('record', 'dedup_merge') ORDER BY m.name`)
	if err != nil {
		return nil, fmt.Errorf("list tables that refer to studies: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	var out []string
	for _, n := range names {
		var any bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM "`+n+`")`).Scan(&any); err != nil {
			return nil, err
		}
		if any {
			out = append(out, `"`+n+`"`)
		}
	}
	return out, nil
}

// representativeOrder ranks a study's records: the most complete first
// (abstract, DOI, PMID, then the number of filled fields), the oldest id on
// ties.
const representativeOrder = `ORDER BY (abstract <> '') DESC, (doi <> '') DESC, (pmid <> '') DESC,
	((title <> '') + (authors <> '') + (year <> 0) + (journal <> '') + (volume <> '') + (issue <> '') + (pages <> '')
	 + (pmcid <> '') + (isbn <> '') + (url <> '') + (keywords <> '')) DESC, id`

func pickRepresentatives(ctx context.Context, tx *sql.Tx, studies map[int64]bool) error {
	if len(studies) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, "UPDATE study SET rep_id = (SELECT id FROM record WHERE study_id = study.id "+representativeOrder+" LIMIT 1) WHERE id = ?")
	if err != nil {
		return err
	}
	defer st.Close()
	for id := range studies {
		if _, err := st.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("pick representative of study %d: %w", id, err)
		}
	}
	return nil
}

// DecidePair stores a reviewer's decision on the pair a, b (status
// PairSame or PairDifferent). "Same" also merges the two records' studies
// (method manual) in the same transaction and returns that merge; the
// surviving study is the one with the smaller id and keeps every
// decision of both.
func (db *DB) DecidePair(ctx context.Context, a, b int64, status, by string) (*Merge, error) {
	if status != PairSame && status != PairDifferent {
		return nil, fmt.Errorf("pair decision %q: want %q or %q", status, PairSame, PairDifferent)
	}
	a, b = min(a, b), max(a, b)
	var merged *Merge
	err := db.Update(ctx, func(tx *sql.Tx) error {
		sa, err := studyOf(ctx, tx, a)
		if err != nil {
			return err
		}
		sb, err := studyOf(ctx, tx, b)
		if err != nil {
			return err
		}
		at := formatTime(db.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_pair(a, b, status, score, fields, decided_by, decided_at) VALUES(?, ?, ?, 0, '[]', ?, ?)
			ON CONFLICT(a, b) DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
			a, b, status, by, at); err != nil {
			return fmt.Errorf("store decision on %d–%d: %w", a, b, err)
		}
		if status != PairSame || sa == sb {
			return nil
		}
		to, from, rec, matched := sa, sb, b, a
		if sb < sa {
			to, from, rec, matched = sb, sa, a, b
		}
		m := Merge{StudyID: to, RecordID: rec, MatchedID: matched, Method: MethodManual, Score: 1, Fields: []string{}, DecidedBy: by}
		if err := applyPlan(ctx, tx, DedupPlan{Moves: []StudyMove{{from, to}}, Merges: []Merge{m}}, db.Now()); err != nil {
			return err
		}
		merged = &m
		return nil
	})
	return merged, err
}

func studyOf(ctx context.Context, tx *sql.Tx, record int64) (int64, error) {
	var s int64
	err := tx.QueryRowContext(ctx, "SELECT study_id FROM record WHERE id = ?", record).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("record %d: %w", record, ErrNotFound)
	}
	return s, err
}

// SplitRecord takes a record out of its study into a study of its own
// (with the record's id when that id is free, else a new one) and returns
// the new study's id. The old study keeps its id and every decision,
// resolution and full text; the undone merge is marked, and the record is
// stored as "different" from each record left behind so later runs do not
// merge it back. It returns ErrNotMerged for a record alone in its study.
func (db *DB) SplitRecord(ctx context.Context, record int64, by string) (int64, error) {
	var newID int64
	err := db.Update(ctx, func(tx *sql.Tx) error {
		old, err := studyOf(ctx, tx, record)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM record WHERE study_id = ? AND id <> ? ORDER BY id", old, record)
		if err != nil {
			return err
		}
		var others []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			others = append(others, id)
		}
		rows.Close()
		if len(others) == 0 {
			return fmt.Errorf("record %d: %w", record, ErrNotMerged)
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM study WHERE id = ?)", record).Scan(&taken); err != nil {
			return err
		}
		newID = record
		if taken {
			if err := tx.QueryRowContext(ctx, "SELECT MAX(COALESCE((SELECT MAX(id) FROM record), 0), COALESCE((SELECT MAX(id) FROM study), 0)) + 1").Scan(&newID); err != nil {
				return err
			}
		}
		at := formatTime(db.Now())
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"INSERT INTO study(id, rep_id) VALUES(?, ?)", []any{newID, record}},
			{"UPDATE record SET study_id = ? WHERE id = ?", []any{newID, record}},
			// Undo the merge that brought the record in; when the record was
			// the one the others joined, undo the first merge that names it.
			{`UPDATE dedup_merge SET undone_at = ?, undone_by = ? WHERE id = COALESCE(
				(SELECT id FROM dedup_merge WHERE record_id = ? AND study_id = ? AND undone_at = '' ORDER BY id LIMIT 1),
				(SELECT id FROM dedup_merge WHERE matched_id = ? AND study_id = ? AND undone_at = '' ORDER BY id LIMIT 1),
				(SELECT id FROM dedup_merge WHERE study_id = ? AND undone_at = '' ORDER BY id LIMIT 1))`,
				[]any{at, by, record, old, record, old, old}},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("split record %d: %w", record, err)
			}
		}
		for _, o := range others {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dedup_pair(a, b, status, score, fields, decided_by, decided_at) VALUES(?, ?, 'different', 0, '[]', ?, ?)
				ON CONFLICT(a, b) DO UPDATE SET status = 'different', decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
				min(o, record), max(o, record), by, at); err != nil {
				return err
			}
		}
		return pickRepresentatives(ctx, tx, map[int64]bool{old: true, newID: true})
	})
	return newID, err
}
