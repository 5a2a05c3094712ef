package coding

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// RowProblem is a row of an imported file that was not stored, and why.
type RowProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (p RowProblem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message) }

// ImportResult says what an import stored and what it did not.
type ImportResult struct {
	Stored   int          `json:"stored"`
	Studies  int          `json:"studies"`  // study × reviewer pairs marked done
	Problems []RowProblem `json:"problems"` // rows rejected
	Skipped  []RowProblem `json:"skipped"`  // rows whose study is not in the review (SkipMissing)
}

// ImportOptions adjust Import.
type ImportOptions struct {
	// SkipMissing lists rows whose study is not in the review under
	// Skipped instead of Problems (the demo codes more studies than a
	// small review may hold).
	SkipMissing bool
	// Via is stored with each coding; default "import".
	Via string
}

// importColumns are the columns Import reads; others are ignored.
var importColumns = []string{"study", "doi", "pmid", "title", "reviewer", "code", "value", "quote", "location", "note", "grounding", "done"}

// Import reads codings from CSV: a header row, then one coding a row with
// columns reviewer, code, value, quote, location, note and the study named
// by study (id or DOI), doi, pmid or title (the start of the title, which
// must match one study). A grounding column is kept in the note. Each
// study × reviewer in the file is marked done unless its done column says
// "no". Bad rows are reported with file and line and the good rows are
// stored in one transaction.
func Import(ctx context.Context, db *data.DB, file string, r io.Reader, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{Problems: []RowProblem{}, Skipped: []RowProblem{}}
	if opt.Via == "" {
		opt.Via = "import"
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return res, fmt.Errorf("%s: read header: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))] = i
	}
	for _, need := range []string{"reviewer", "code"} {
		if _, ok := col[need]; !ok {
			return res, fmt.Errorf("%s:1: no %q column (columns: %s)", file, need, strings.Join(importColumns, ", "))
		}
	}
	b, err := stored(ctx, db, "")
	if err != nil {
		return res, err
	}
	inc, err := includedSet(ctx, db)
	if err != nil {
		return res, err
	}
	var codings []data.Coding
	type pair struct {
		study    int64
		reviewer string
	}
	done := map[pair]bool{}
	type lookup struct {
		id  int64
		err error
	}
	studies := map[[4]string]lookup{} // the same study names many rows
	var pairOrder []pair
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			res.Problems = append(res.Problems, RowProblem{file, line, err.Error()})
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		key := [4]string{get("study"), get("doi"), get("pmid"), get("title")}
		found, cached := studies[key]
		if !cached {
			found.id, found.err = findStudy(ctx, db, inc, key[0], key[1], key[2], key[3])
			studies[key] = found
		}
		id, err := found.id, found.err
		if err != nil {
			p := RowProblem{file, line, err.Error()}
			if opt.SkipMissing && errors.Is(err, data.ErrNotFound) {
				res.Skipped = append(res.Skipped, p)
			} else {
				res.Problems = append(res.Problems, p)
			}
			continue
		}
		note := get("note")
		if g := get("grounding"); g != "" {
			note = strings.TrimSpace(note + " [grounding: " + g + "]")
		}
		c, err := check(b, inc, Entry{StudyID: id, Reviewer: get("reviewer"), Code: get("code"), Value: get("value"),
			Quote: get("quote"), Location: get("location"), Note: note, Via: opt.Via})
		if err != nil {
			res.Problems = append(res.Problems, RowProblem{file, line, err.Error()})
			continue
		}
		codings = append(codings, c)
		p := pair{id, c.Reviewer}
		if _, seen := done[p]; !seen {
			pairOrder = append(pairOrder, p)
			done[p] = true
		}
		if d := strings.ToLower(get("done")); d == "no" || d == "false" || d == "0" {
			done[p] = false
		}
	}
	var marks []data.CodingStatus
	for _, p := range pairOrder {
		if done[p] {
			marks = append(marks, data.CodingStatus{StudyID: p.study, Reviewer: p.reviewer, Done: true})
		}
	}
	if err := db.AddCodings(ctx, codings, marks); err != nil {
		return res, err
	}
	res.Stored, res.Studies = len(codings), len(marks)
	return res, nil
}

// findStudy resolves a study from the keys given, trying each in turn
// until one matches: study (a study or record id — else a PMID —, a DOI,
// or "pmid:N"),
// doi, pmid, then the start of the title. Where a key matches several
// studies (records not deduplicated yet) the one included at full text is
// taken. It returns data.ErrNotFound, wrapped, when nothing matches.
func findStudy(ctx context.Context, db *data.DB, inc map[int64]bool, study, doi, pmid, title string) (int64, error) {
	type lookup struct {
		what, query, arg string
	}
	var ls []lookup
	switch {
	case strings.HasPrefix(strings.ToLower(study), "pmid:"):
		ls = append(ls, lookup{"PMID " + study[5:], "SELECT DISTINCT study_id FROM record WHERE pmid = ?", strings.TrimSpace(study[5:])})
	case study != "":
		id, err := db.FindStudy(ctx, study)
		if err == nil || !errors.Is(err, data.ErrNotFound) {
			return id, err
		}
		if _, err := strconv.ParseInt(study, 10, 64); err == nil {
			ls = append(ls, lookup{"PMID " + study, "SELECT DISTINCT study_id FROM record WHERE pmid = ?", study})
		}
	}
	if doi != "" {
		ls = append(ls, lookup{"DOI " + doi, "SELECT DISTINCT study_id FROM record WHERE doi = ?", strings.ToLower(doi)})
	}
	if pmid != "" {
		ls = append(ls, lookup{"PMID " + pmid, "SELECT DISTINCT study_id FROM record WHERE pmid = ?", pmid})
	}
	if title != "" {
		ls = append(ls, lookup{fmt.Sprintf("title %q…", title), `SELECT DISTINCT study_id FROM record WHERE lower(title) LIKE lower(?) || '%' ESCAPE '\'`,
			strings.NewReplacer("%", "\\%", "_", "\\_").Replace(title)})
	}
	if len(ls) == 0 && study == "" {
		return 0, fmt.Errorf("no study given: fill study, doi, pmid or title")
	}
	var tried []string
	for _, l := range ls {
		ids, err := studyIDs(ctx, db, l.query, l.arg)
		if err != nil {
			return 0, err
		}
		if len(ids) > 1 {
			var in []int64
			for _, id := range ids {
				if inc[id] {
					in = append(in, id)
				}
			}
			if len(in) == 1 {
				ids = in
			}
		}
		switch len(ids) {
		case 0:
			tried = append(tried, l.what)
			continue
		case 1:
			return ids[0], nil
		}
		return 0, fmt.Errorf("%s matches %d studies; give its study id", l.what, len(ids))
	}
	if study != "" {
		tried = append([]string{fmt.Sprintf("%q", study)}, tried...)
	}
	return 0, fmt.Errorf("study %s: %w", strings.Join(tried, ", "), data.ErrNotFound)
}

func studyIDs(ctx context.Context, db *data.DB, query, arg string) ([]int64, error) {
	ids, err := db.QueryIDs(ctx, query+" ORDER BY study_id", arg)
	if err != nil {
		return nil, fmt.Errorf("find study: %w", err)
	}
	return ids, nil
}

// FindStudy resolves what a user typed to a study: a study or record id, a
// DOI, "pmid:N", or the start of a title (matching one study, or one
// included study). It returns data.ErrNotFound, wrapped, when nothing
// matches.
func FindStudy(ctx context.Context, db *data.DB, ref string) (int64, error) {
	inc, err := includedSet(ctx, db)
	if err != nil {
		return 0, err
	}
	ref = strings.TrimSpace(ref)
	title := ref
	if _, err := strconv.ParseInt(ref, 10, 64); err == nil || strings.HasPrefix(strings.ToLower(ref), "pmid:") || strings.HasPrefix(ref, "10.") {
		title = ""
	}
	return findStudy(ctx, db, inc, ref, "", "", title)
}
