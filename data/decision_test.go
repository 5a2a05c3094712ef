package data

import (
	"context"
	"errors"
	"testing"
)

func TestDecisionEventsAndCurrent(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	importRecords(t, db, "a", "Alpha", "Beta")
	importRecords(t, db, "b", "Gamma")
	var ids []int64
	db.Records(ctx, RecordFilter{}, func(r Record) error { ids = append(ids, r.StudyID); return nil })
	add := func(study int64, reviewer, verdict string) {
		t.Helper()
		if err := db.AddDecision(ctx, &Decision{StudyID: study, Reviewer: reviewer, Stage: "ta", Verdict: verdict}, nil); err != nil {
			t.Fatal(err)
		}
	}
	add(ids[0], "anna", VerdictInclude)
	add(ids[0], "anna", VerdictExclude) // changed her mind: the latest counts
	add(ids[0], "bo", VerdictInclude)
	add(ids[0], "bo", VerdictRetract) // bo took his back
	add(ids[2], "anna", VerdictMaybe)
	cur, err := db.CurrentDecisions(ctx, ids[0], "ta")
	if err != nil || len(cur) != 1 || cur[0].Reviewer != "anna" || cur[0].Verdict != VerdictExclude {
		t.Errorf("CurrentDecisions(study 1) = %+v, %v; want anna's exclude only", cur, err)
	}
	if n, _ := db.CountDecisions(ctx, ""); n != 5 {
		t.Errorf("CountDecisions() = %d, want 5 events (nothing overwritten)", n)
	}
	if last, _ := db.LastDecision(ctx, "bo", "ta"); last != nil {
		t.Errorf("LastDecision(bo) = %+v, want nil (retracted)", last)
	}
	if d, _ := db.ReviewerDecisionOn(ctx, ids[0], "anna", "ta"); d == nil || d.Verdict != VerdictExclude {
		t.Errorf("ReviewerDecisionOn(anna) = %+v, want exclude", d)
	}
	counts, _ := db.DeciderCounts(ctx, "ta")
	if counts[ids[0]] != 1 || counts[ids[2]] != 1 || len(counts) != 2 {
		t.Errorf("DeciderCounts() = %v, want study 1 and 3 with one each", counts)
	}
}

func TestResolveFuncRunsInTheDecisionsTransaction(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	importRecords(t, db, "a", "Alpha")
	var seen []Decision
	resolve := func(cur []Decision, latest *Resolution) *Resolution {
		seen = cur
		if latest == nil && len(cur) == 2 {
			return &Resolution{Verdict: VerdictInclude, Method: MethodAgreement}
		}
		return nil
	}
	for _, r := range []string{"anna", "bo"} {
		if err := db.AddDecision(ctx, &Decision{StudyID: 1, Reviewer: r, Stage: "ta", Verdict: VerdictInclude}, resolve); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 2 {
		t.Errorf("resolve saw %d current decisions, want 2 (its own decision included)", len(seen))
	}
	res, _ := db.Resolutions(ctx, "ta")
	if r, ok := res[1]; !ok || r.Verdict != VerdictInclude || r.Method != MethodAgreement {
		t.Errorf("Resolutions() = %+v, want study 1 included by agreement", res)
	}
	db.AddResolution(ctx, &Resolution{StudyID: 1, Stage: "ta", Verdict: VerdictInclude, Method: MethodAgreement, Void: true})
	if res, _ := db.Resolutions(ctx, "ta"); len(res) != 0 {
		t.Errorf("after a void row Resolutions() = %+v, want none", res)
	}
	if err := db.AddDecision(ctx, &Decision{StudyID: 1, Reviewer: "x", Stage: "zz", Verdict: VerdictInclude}, nil); err == nil {
		t.Error("a decision at stage zz was stored")
	}
}

func TestFindStudy(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	importRecords(t, db, "a", "Alpha")
	db.SQL().Exec("UPDATE record SET doi = '10.1000/xyz' WHERE id = 1")
	for _, ref := range []string{"1", "10.1000/XYZ", "https://doi.org/10.1000/xyz"} {
		if id, err := db.FindStudy(ctx, ref); err != nil || id != 1 {
			t.Errorf("FindStudy(%q) = %d, %v; want 1", ref, id, err)
		}
	}
	for _, ref := range []string{"2", "10.1000/nope", ""} {
		if _, err := db.FindStudy(ctx, ref); !errors.Is(err, ErrNotFound) {
			t.Errorf("FindStudy(%q) error = %v, want ErrNotFound", ref, err)
		}
	}
}
