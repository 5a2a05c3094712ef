package synthesis

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// StudyRow is one line of the study table: a study (deduplicated cluster
// of records) with its representative record's bibliographic fields, how
// it was found and where screening left it. TA and FT are the resolved
// verdicts ("include", "exclude", or "" when unresolved); Reason is the
// exclusion reason at the stage that excluded it (see Flow); NotRetrieved
// marks a study whose full text was sought but not retrieved.
type StudyRow struct {
	StudyID      int64  `csv:"study_id" json:"study_id"`
	Title        string `csv:"title" json:"title"`
	Authors      string `csv:"authors" json:"authors"`
	Year         string `csv:"year" json:"year"`
	Journal      string `csv:"journal" json:"journal"`
	DOI          string `csv:"doi" json:"doi"`
	PMID         string `csv:"pmid" json:"pmid"`
	Records      int    `csv:"records" json:"records"`
	Sources      string `csv:"sources" json:"sources"` // source names joined by "; "
	Column       string `csv:"prisma_column" json:"prisma_column"`
	TA           string `csv:"ta" json:"ta"`
	FT           string `csv:"ft" json:"ft"`
	NotRetrieved bool   `csv:"not_retrieved" json:"not_retrieved"`
	Reason       string `csv:"exclusion_reason" json:"exclusion_reason"`
	Included     bool   `csv:"included" json:"included"`
}

// StudyRows returns one row per study, in study id order. Included means
// resolved include at full text (after inclusion at title/abstract).
func StudyRows(ctx context.Context, db *data.DB) ([]StudyRow, error) {
	st, err := loadScreening(ctx, db)
	if err != nil {
		return nil, err
	}
	rows := make([]StudyRow, len(st.studies))
	for i, s := range st.studies {
		col := "databases and registers"
		if s.other {
			col = "other methods"
		}
		reason := s.taReason
		if s.ta == data.VerdictInclude {
			reason = s.reason
		}
		if s.ta != data.VerdictExclude && s.ft != data.VerdictExclude {
			reason = ""
		}
		rows[i] = StudyRow{StudyID: s.id, Records: s.records, Sources: strings.Join(s.sources, "; "), Column: col,
			TA: s.ta, FT: s.ft, NotRetrieved: s.ta == data.VerdictInclude && s.notRetrieved(), Reason: reason,
			Included: s.ta == data.VerdictInclude && s.ft == data.VerdictInclude}
	}
	return rows, representatives(ctx, db, func(id int64, title, authors string, year int, journal, doi, pmid string) {
		if i, ok := st.byID[id]; ok {
			row := &rows[i]
			row.Title, row.Authors, row.Journal, row.DOI, row.PMID = title, authors, journal, doi, pmid
			if year > 0 {
				row.Year = strconv.Itoa(year)
			}
		}
	})
}

// representatives calls fn with the bibliographic fields of every study's
// representative record (authors joined by "; "), reading only those
// columns.
func representatives(ctx context.Context, db *data.DB, fn func(id int64, title, authors string, year int, journal, doi, pmid string)) error {
	rows, err := db.SQL().QueryContext(ctx, `SELECT s.id, r.title, r.authors, r.year, r.journal, r.doi, r.pmid
		FROM study s JOIN record r ON r.id = s.rep_id`)
	if err != nil {
		return fmt.Errorf("read studies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title, authors, journal, doi, pmid string
		var year int
		if err := rows.Scan(&id, &title, &authors, &year, &journal, &doi, &pmid); err != nil {
			return err
		}
		fn(id, title, strings.ReplaceAll(authors, "\n", "; "), year, journal, doi, pmid)
	}
	return rows.Err()
}

// IncludedStudies returns the ids of the studies included in the review
// (see data.DB.IncludedStudies), in id order.
func IncludedStudies(ctx context.Context, db *data.DB) ([]int64, error) {
	return db.IncludedStudies(ctx)
}

// IncludedRecords returns the representative record of every included
// study, in study id order.
func IncludedRecords(ctx context.Context, db *data.DB) ([]data.Record, error) {
	ids, err := IncludedStudies(ctx, db)
	if err != nil {
		return nil, err
	}
	recs := make([]data.Record, 0, len(ids))
	for _, id := range ids {
		r, err := db.StudyRecord(ctx, id)
		if err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// WriteIncludedRIS writes the representative records of the included
// studies as RIS (see WriteRIS); each record's ID tag is its study id.
func WriteIncludedRIS(ctx context.Context, db *data.DB, w io.Writer) error {
	recs, err := IncludedRecords(ctx, db)
	if err != nil {
		return err
	}
	return WriteRIS(w, recs)
}

// LabelledRow is one line of the labelled dataset ASReview (and oversikt
// simulate) reads: a study's representative record and its title/abstract
// label, "1" included, "0" excluded, "" not resolved yet. RecordID is the
// study id, so a label traces back to the study it was decided on.
type LabelledRow struct {
	RecordID      int64  `csv:"record_id" json:"record_id"`
	Title         string `csv:"title" json:"title"`
	Abstract      string `csv:"abstract" json:"abstract"`
	Authors       string `csv:"authors" json:"authors"`
	Year          string `csv:"year" json:"year"`
	DOI           string `csv:"doi" json:"doi"`
	LabelIncluded string `csv:"label_included" json:"label_included"`
}

// LabelledRows returns one labelled row per study, in study id order.
func LabelledRows(ctx context.Context, db *data.DB) ([]LabelledRow, error) {
	res, err := db.Resolutions(ctx, "ta")
	if err != nil {
		return nil, err
	}
	var rows []LabelledRow
	err = db.Records(ctx, data.RecordFilter{RepOnly: true}, func(r data.Record) error {
		row := LabelledRow{RecordID: r.StudyID, Title: r.Title, Abstract: r.Abstract, Authors: strings.Join(r.Authors, "; "), DOI: r.DOI}
		if r.Year > 0 {
			row.Year = strconv.Itoa(r.Year)
		}
		if v, ok := res[r.StudyID]; ok {
			row.LabelIncluded = map[string]string{data.VerdictInclude: "1", data.VerdictExclude: "0"}[v.Verdict]
		}
		rows = append(rows, row)
		return nil
	})
	sort.Slice(rows, func(i, j int) bool { return rows[i].RecordID < rows[j].RecordID })
	return rows, err
}
