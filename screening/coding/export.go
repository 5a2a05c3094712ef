package coding

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// LongRow is one row of the long codings table: a study, a code, and who
// gave the value — a reviewer, or "final" for the reconciled value.
type LongRow struct {
	StudyID         int64  `csv:"study_id" json:"study_id"`
	Study           string `csv:"study" json:"study"`
	DOI             string `csv:"doi" json:"doi,omitempty"`
	PMID            string `csv:"pmid" json:"pmid,omitempty"`
	Group           string `csv:"group" json:"group"`
	Code            string `csv:"code" json:"code"`
	Coder           string `csv:"coder" json:"coder"`
	Value           string `csv:"value" json:"value"`
	Quote           string `csv:"quote" json:"quote,omitempty"`
	Location        string `csv:"location" json:"location,omitempty"`
	Note            string `csv:"note" json:"note,omitempty"`
	Method          string `csv:"method" json:"method,omitempty"`
	CodebookVersion int    `csv:"codebook_version" json:"codebook_version"`
	At              string `csv:"at" json:"at"`
}

// Cite returns a short citation of a record: "Family Year: Title".
func Cite(r data.Record) string {
	who := "Anon"
	if len(r.Authors) > 0 {
		who, _, _ = strings.Cut(r.Authors[0], ",")
		if len(r.Authors) > 1 {
			who += " et al."
		}
	}
	year := "n.d."
	if r.Year > 0 {
		year = fmt.Sprint(r.Year)
	}
	return fmt.Sprintf("%s %s: %s", who, year, r.Title)
}

// Long returns the codings table in long form: every reviewer's current
// coding and every final value (recorded, or implied by agreement and
// marked method "agreement (not recorded)"), by study and codebook order.
func Long(ctx context.Context, db *data.DB) ([]LongRow, error) {
	b, err := InForce(ctx, db)
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, c := range b.Codes() {
		order[c.Slug] = i
	}
	codings, err := db.CurrentCodings(ctx, 0, "")
	if err != nil {
		return nil, err
	}
	items, err := Items(ctx, db)
	if err != nil {
		return nil, err
	}
	cites := map[int64]data.Record{}
	rec := func(id int64) data.Record {
		if r, ok := cites[id]; ok {
			return r
		}
		r, _ := db.StudyRecord(ctx, id)
		cites[id] = r
		return r
	}
	var rows []LongRow
	add := func(r LongRow) {
		rc := rec(r.StudyID)
		r.Study, r.DOI, r.PMID = Cite(rc), rc.DOI, rc.PMID
		if c, ok := b.Code(r.Code); ok {
			r.Group = c.Group
		}
		rows = append(rows, r)
	}
	for _, c := range codings {
		add(LongRow{StudyID: c.StudyID, Code: c.Code, Coder: c.Reviewer, Value: c.Value, Quote: c.Quote,
			Location: c.Location, Note: c.Note, CodebookVersion: c.CodebookVersion, At: c.CodedAt.Format("2006-01-02T15:04:05Z07:00")})
	}
	for _, it := range items {
		switch {
		case it.Final != nil:
			f := it.Final
			add(LongRow{StudyID: f.StudyID, Code: f.Code, Coder: "final", Value: f.Value, Quote: f.Quote, Location: f.Location,
				Note: f.Note, Method: f.Method + " by " + f.Resolver, CodebookVersion: f.CodebookVersion, At: f.ResolvedAt.Format("2006-01-02T15:04:05Z07:00")})
		case it.Agree:
			add(LongRow{StudyID: it.StudyID, Code: it.Code, Coder: "final", Value: it.A.Value, Quote: it.A.Quote,
				Location: it.A.Location, Method: "agreement (not recorded)", CodebookVersion: b.Version})
		}
	}
	sortRows(rows, order)
	return rows, nil
}

func sortRows(rows []LongRow, order map[string]int) {
	rank := func(r LongRow) int {
		if r.Coder == "final" {
			return 1
		}
		return 0
	}
	less := func(a, b LongRow) bool {
		if a.StudyID != b.StudyID {
			return a.StudyID < b.StudyID
		}
		if order[a.Code] != order[b.Code] {
			return order[a.Code] < order[b.Code]
		}
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a.Coder < b.Coder
	}
	sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
}

// Table is a study × code matrix: Header names the columns, each row one
// included study.
type Table struct {
	Header []string
	Rows   [][]string
	// Unsettled counts the studies with at least one empty cell: not yet
	// coded by two reviewers, or with differences still to reconcile.
	Unsettled int
}

// Matrix returns the study × code table of one evidence kind (EvidenceFactor,
// EvidenceBarrier …) over every included study. A cell holds the settled
// value (recorded final, or the value both reviewers agree on): 1 and 0 for
// flags, the value itself otherwise; it is empty while unsettled. The last
// column says each study's state.
func Matrix(ctx context.Context, db *data.DB, evidence string) (Table, error) {
	b, err := InForce(ctx, db)
	if err != nil {
		return Table{}, err
	}
	codes := b.CodesOf(evidence)
	if len(codes) == 0 {
		return Table{}, fmt.Errorf("the codebook has no %s codes", evidence)
	}
	t := Table{Header: []string{"study_id", "study", "doi", "pmid"}}
	for _, c := range codes {
		t.Header = append(t.Header, c.Slug)
	}
	t.Header = append(t.Header, "status")
	ids, err := Included(ctx, db)
	if err != nil {
		return t, err
	}
	pairs, _, err := codedPairs(ctx, db)
	if err != nil {
		return t, err
	}
	items, err := Items(ctx, db)
	if err != nil {
		return t, err
	}
	byStudy := map[int64]map[string]Item{}
	for _, it := range items {
		if byStudy[it.StudyID] == nil {
			byStudy[it.StudyID] = map[string]Item{}
		}
		byStudy[it.StudyID][it.Code] = it
	}
	for _, id := range ids {
		r, _ := db.StudyRecord(ctx, id)
		row := []string{fmt.Sprint(id), Cite(r), r.DOI, r.PMID}
		_, paired := pairs[id]
		open := 0
		for _, c := range codes {
			it, seen := byStudy[id][c.Slug]
			switch {
			case !paired:
				row = append(row, "")
			case !seen:
				row = append(row, cell(c.Type, ""))
			case !it.Settled():
				row = append(row, "")
				open++
			default:
				row = append(row, cell(c.Type, it.FinalValue()))
			}
		}
		status := "settled"
		switch {
		case !paired:
			status = "not yet coded by two reviewers"
		case open > 0:
			status = fmt.Sprintf("%d to reconcile", open)
		}
		if status != "settled" {
			t.Unsettled++
		}
		t.Rows = append(t.Rows, append(row, status))
	}
	return t, nil
}

func cell(t ValueType, v string) string {
	if t != Flag {
		return v
	}
	if v == "yes" {
		return "1"
	}
	return "0"
}
