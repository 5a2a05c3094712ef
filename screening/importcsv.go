package screening

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// ImportProblem is a row of a decisions file that was not imported.
type ImportProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportResult says what a decisions import did.
type ImportResult struct {
	Rows      int             `json:"rows"`
	Imported  int             `json:"imported"`
	Unchanged int             `json:"unchanged"` // the reviewer's current decision already said the same
	Problems  []ImportProblem `json:"problems"`
}

// importColumns maps accepted header names (lower case) to fields.
var importColumns = map[string]string{
	"study": "study", "study_id": "study", "record": "study", "record_id": "study", "id": "study", "doi": "study",
	"reviewer": "reviewer", "screener": "reviewer",
	"stage":    "stage",
	"decision": "decision", "verdict": "decision",
	"reason": "reason", "exclusion_reason": "reason",
	"note": "note", "notes": "note",
}

// ImportDecisions reads decisions made elsewhere from CSV (a header row
// naming the columns study or record id or DOI, reviewer, stage,
// decision, reason, note; stage may be left out with defaultStage given)
// and stores the good rows in one transaction, each with its automatic
// resolution. A row whose reviewer already has the same current decision
// is left out, so importing a file twice adds nothing. Bad rows are
// reported with their line and skipped. Full-text rows are taken as given:
// the study's title/abstract resolution is not checked (the decisions were
// made elsewhere).
func ImportDecisions(ctx context.Context, db *data.DB, cfg Config, r io.Reader, defaultStage Stage) (ImportResult, error) {
	var res ImportResult
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return res, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if f, ok := importColumns[h]; ok {
			if _, seen := col[f]; !seen {
				col[f] = i
			}
		}
	}
	for _, need := range []string{"study", "reviewer", "decision"} {
		if _, ok := col[need]; !ok {
			return res, &InputError{Msg: fmt.Sprintf("header has no %s column (want study|record|doi, reviewer, stage, decision, reason, note)", need)}
		}
	}
	get := func(row []string, f string) string {
		if i, ok := col[f]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var ds []data.Decision
	pending := map[[3]string]data.Decision{} // latest in this file per study, reviewer, stage
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				res.Problems = append(res.Problems, ImportProblem{Line: perr.Line, Message: perr.Err.Error()})
				continue
			}
			return res, err
		}
		res.Rows++
		d, err := importRow(ctx, db, cfg, get, row, defaultStage)
		if err != nil {
			var ierr *InputError
			if errors.As(err, &ierr) || errors.Is(err, data.ErrNotFound) {
				res.Problems = append(res.Problems, ImportProblem{Line: line, Message: err.Error()})
				continue
			}
			return res, err
		}
		key := [3]string{fmt.Sprint(d.StudyID), d.Reviewer, d.Stage}
		prev, inFile := pending[key]
		if !inFile {
			cur, err := db.ReviewerDecisionOn(ctx, d.StudyID, d.Reviewer, d.Stage)
			if err != nil {
				return res, err
			}
			if cur != nil {
				prev, inFile = *cur, true
			}
		}
		if inFile && prev.Verdict == d.Verdict && prev.Reason == d.Reason && prev.Note == d.Note {
			res.Unchanged++
			continue
		}
		pending[key] = d
		ds = append(ds, d)
	}
	err = db.AddDecisions(ctx, ds, func(d data.Decision) data.ResolveFunc { return cfg.autoResolve(cfg.Need(d.StudyID)) })
	if err != nil {
		return res, err
	}
	res.Imported = len(ds)
	return res, nil
}

func importRow(ctx context.Context, db *data.DB, cfg Config, get func([]string, string) string, row []string, defaultStage Stage) (data.Decision, error) {
	ref := get(row, "study")
	if ref == "" {
		return data.Decision{}, inputErrorf("no study, record id or DOI")
	}
	id, err := db.FindStudy(ctx, ref)
	if err != nil {
		return data.Decision{}, err
	}
	reviewer := get(row, "reviewer")
	if reviewer == "" {
		return data.Decision{}, inputErrorf("no reviewer")
	}
	st := defaultStage
	if s := get(row, "stage"); s != "" {
		if st, err = ParseStage(s); err != nil {
			return data.Decision{}, err
		}
	}
	verdict, err := ParseVerdict(get(row, "decision"))
	if err != nil {
		return data.Decision{}, err
	}
	reason := get(row, "reason")
	if verdict == data.VerdictExclude {
		if reason, err = cfg.Reason(st, verdict, reason); err != nil {
			return data.Decision{}, err
		}
	}
	return data.Decision{StudyID: id, Reviewer: reviewer, Stage: string(st), Verdict: verdict, Reason: reason,
		Note: get(row, "note"), ShownBy: "import"}, nil
}
