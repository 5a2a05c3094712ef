package synthesis

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/oversikt/oversikt/data"
)

// studyStatus is where one study stands: which column of the flow it
// belongs to, its records and sources, and its screening resolutions.
type studyStatus struct {
	id       int64
	other    bool     // found only by other methods
	records  int      // records in the study
	reports  int      // distinct reports among them (set for included studies)
	sources  []string // source names, in import order, each once
	ta, ft   string   // resolved verdict at each stage; "" when unresolved
	taReason string   // why it was excluded at title/abstract, if said
	reason   string   // why it was excluded at full text
	missing  bool     // the latest full-text entry says not retrieved
}

// notRetrieved says whether a study sought for retrieval counts as not
// retrieved: marked missing and not assessed, or excluded at full text
// because it could not be retrieved.
func (s studyStatus) notRetrieved() bool {
	if s.ft == "" {
		return s.missing
	}
	return s.ft == data.VerdictExclude && isNotRetrievable(s.reason)
}

func isNotRetrievable(reason string) bool {
	switch strings.ToLower(strings.TrimSpace(reason)) {
	case "not retrievable", "not retrieved", "full text not retrievable", "ikke tilgjengelig":
		return true
	}
	return false
}

// screeningState is every study's status, in study id order.
type screeningState struct {
	studies []studyStatus
	byID    map[int64]int // index into studies
}

// noReason is the full-text exclusion reason of a study whose resolution
// and reviewers gave none.
const noReason = "no reason recorded"

// loadScreening reads every study's column, sources and resolutions.
func loadScreening(ctx context.Context, db *data.DB) (*screeningState, error) {
	st := &screeningState{byID: map[int64]int{}}
	rows, err := db.SQL().QueryContext(ctx, `SELECT r.study_id, s.kind, s.name, COUNT(*) FROM record r
		JOIN source s ON s.id = r.source_id GROUP BY r.study_id, s.id ORDER BY r.study_id, s.id`)
	if err != nil {
		return nil, fmt.Errorf("read studies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, name string
		var n int
		if err := rows.Scan(&id, &kind, &name, &n); err != nil {
			return nil, err
		}
		i, ok := st.byID[id]
		if !ok {
			i = len(st.studies)
			st.byID[id] = i
			st.studies = append(st.studies, studyStatus{id: id, other: true})
		}
		s := &st.studies[i]
		s.records += n
		if !otherMethod(kind) {
			s.other = false
		}
		if len(s.sources) == 0 || !contains(s.sources, name) {
			s.sources = append(s.sources, name)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := st.resolutions(ctx, db); err != nil {
		return nil, err
	}
	if err := st.missing(ctx, db); err != nil {
		return nil, err
	}
	return st, st.countReports(ctx, db)
}

// countReports sets the number of distinct reports of every included
// study: a record is a report of its own unless it shares a DOI, PMID or
// folded title with a record of the study counted before it.
func (st *screeningState) countReports(ctx context.Context, db *data.DB) error {
	stmt, err := db.SQL().PrepareContext(ctx, "SELECT doi, pmid, title FROM record WHERE study_id = ? ORDER BY id")
	if err != nil {
		return fmt.Errorf("count reports: %w", err)
	}
	defer stmt.Close()
	for i := range st.studies {
		s := &st.studies[i]
		if s.ta != data.VerdictInclude || s.ft != data.VerdictInclude {
			continue
		}
		rows, err := stmt.QueryContext(ctx, s.id)
		if err != nil {
			return fmt.Errorf("count reports of study %d: %w", s.id, err)
		}
		seen := map[string]bool{}
		for rows.Next() {
			var doi, pmid, title string
			if err := rows.Scan(&doi, &pmid, &title); err != nil {
				rows.Close()
				return err
			}
			var keys []string
			if doi != "" {
				keys = append(keys, "doi:"+strings.ToLower(doi))
			}
			if pmid != "" {
				keys = append(keys, "pmid:"+pmid)
			}
			if t := foldTitle(title); t != "" {
				keys = append(keys, "title:"+t)
			}
			dup := false
			for _, k := range keys {
				dup = dup || seen[k]
				seen[k] = true
			}
			if !dup {
				s.reports++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// foldTitle keeps a title's letters and digits, lower-cased.
func foldTitle(t string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// resolutions fills in each study's resolved verdicts and exclusion
// reasons (see Flow for how a reason is chosen). It reads only the
// columns it needs: at 100 000 studies the full rows cost seconds.
func (st *screeningState) resolutions(ctx context.Context, db *data.DB) error {
	for _, stage := range []string{"ta", "ft"} {
		given, err := excludeReasons(ctx, db, stage)
		if err != nil {
			return err
		}
		rows, err := db.SQL().QueryContext(ctx, `SELECT study_id, verdict, reason FROM resolution
			WHERE id IN (SELECT MAX(id) FROM resolution WHERE stage = ? GROUP BY study_id) AND void = 0`, stage)
		if err != nil {
			return fmt.Errorf("read %s resolutions: %w", stage, err)
		}
		for rows.Next() {
			var id int64
			var verdict, reason string
			if err := rows.Scan(&id, &verdict, &reason); err != nil {
				rows.Close()
				return err
			}
			i, ok := st.byID[id]
			if !ok {
				continue // a study left without records
			}
			s := &st.studies[i]
			if reason == "" && verdict == data.VerdictExclude {
				reason = commonest(given[id])
			}
			if stage == "ta" {
				s.ta, s.taReason = verdict, reason
				continue
			}
			if verdict == data.VerdictExclude && reason == "" {
				reason = noReason
			}
			s.ft, s.reason = verdict, reason
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	// A full-text verdict counts only for a study included at title/abstract.
	for i := range st.studies {
		if s := &st.studies[i]; s.ta != data.VerdictInclude {
			s.ft, s.reason = "", ""
		}
	}
	return nil
}

// excludeReasons returns, per study, how many reviewers' current
// decisions at a stage exclude it for each reason given.
func excludeReasons(ctx context.Context, db *data.DB, stage string) (map[int64]map[string]int, error) {
	// Filter to excluding decisions with a reason first, then keep those
	// that are still their reviewer's latest (an index seek each).
	rows, err := db.SQL().QueryContext(ctx, `SELECT d.study_id, d.reason, COUNT(*) FROM decision d
		WHERE d.stage = ?1 AND d.verdict = 'exclude' AND d.reason <> ''
		AND NOT EXISTS (SELECT 1 FROM decision l WHERE l.study_id = d.study_id AND l.stage = ?1
			AND l.reviewer = d.reviewer AND l.id > d.id)
		GROUP BY d.study_id, d.reason`, stage)
	if err != nil {
		return nil, fmt.Errorf("read %s exclusion reasons: %w", stage, err)
	}
	defer rows.Close()
	out := map[int64]map[string]int{}
	for rows.Next() {
		var id int64
		var reason string
		var n int
		if err := rows.Scan(&id, &reason, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		out[id][reason] = n
	}
	return out, rows.Err()
}

// commonest returns the most frequent reason, ties to the alphabetically
// first, or "" for none.
func commonest(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best := ""
	for _, k := range keys {
		if best == "" || m[k] > m[best] {
			best = k
		}
	}
	return best
}

// missing marks the studies whose latest full-text entry says the full
// text was sought but not retrieved.
func (st *screeningState) missing(ctx context.Context, db *data.DB) error {
	rows, err := db.SQL().QueryContext(ctx, `SELECT study_id, missing FROM fulltext
		WHERE id IN (SELECT MAX(id) FROM fulltext GROUP BY study_id)`)
	if err != nil {
		return fmt.Errorf("read full texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var missing bool
		if err := rows.Scan(&id, &missing); err != nil {
			return err
		}
		if i, ok := st.byID[id]; ok {
			st.studies[i].missing = missing
		}
	}
	return rows.Err()
}
