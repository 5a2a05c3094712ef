package screening

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

// shown walks a session: for each verdict it takes Next and decides,
// returning the study ids shown.
func walk(t *testing.T, s *Session, verdicts ...string) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for _, v := range verdicts {
		it, err := s.Next(ctx)
		if err != nil || it == nil {
			t.Fatalf("Next() = %v, %v; want a study", it, err)
		}
		ids = append(ids, it.StudyID)
		if _, err := s.Decide(ctx, v, ""); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func TestSessionQueueResumesAndUndoes(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 5)
	cfg := DefaultConfig()
	inc, exc := data.VerdictInclude, data.VerdictExclude
	s := open(t, db, cfg, "anna", TitleAbstract)
	if got := fmt.Sprint(walk(t, s, inc, exc)); got != "[1 2]" {
		t.Errorf("first session showed %s, want [1 2]", got)
	}
	if p := s.Progress(); p != (Progress{Done: 2, Left: 3, Includes: 1}) {
		t.Errorf("Progress() = %+v, want done 2, left 3, includes 1", p)
	}
	// A new session resumes at study 3; undo reaches back into the first one.
	s = open(t, db, cfg, "anna", TitleAbstract)
	it, _ := s.Next(ctx)
	if it.StudyID != 3 {
		t.Errorf("resumed session shows study %d, want 3", it.StudyID)
	}
	d, err := s.Undo(ctx)
	if err != nil || d.StudyID != 2 || d.Verdict != data.VerdictRetract {
		t.Fatalf("Undo() = %+v, %v; want a retraction of study 2", d, err)
	}
	if got := fmt.Sprint(walk(t, s, inc, inc)); got != "[2 3]" {
		t.Errorf("after undo showed %s, want [2 3]", got)
	}
	it, _ = s.Next(ctx)
	s.Skip()
	if got := fmt.Sprint(walk(t, s, inc, exc)); got != fmt.Sprintf("[5 %d]", it.StudyID) {
		t.Errorf("after skipping study %d showed %s, want [5 %d]", it.StudyID, got, it.StudyID)
	}
	if it, _ := s.Next(ctx); it != nil {
		t.Errorf("queue should be empty, Next() = study %d", it.StudyID)
	}
	mine, _ := db.ReviewerDecisions(ctx, "anna", "ta")
	if len(mine) != 5 || mine[2].Verdict != inc {
		t.Errorf("anna's decisions: %d, study 2 = %q; want 5 and include", len(mine), mine[2].Verdict)
	}
	for i := 0; i < 6; i++ {
		s.Undo(ctx)
	}
	if _, err := s.Undo(ctx); err != ErrNothingToUndo {
		t.Errorf("Undo() with nothing left: %v, want ErrNothingToUndo", err)
	}
}

func TestSessionRecordsHowShown(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 20)
	cfg := DefaultConfig()
	s, err := Open(ctx, db, Options{Reviewer: "anna", Config: &cfg, Order: RandomOrder{Seed: 7}})
	if err != nil {
		t.Fatal(err)
	}
	it, _ := s.Next(ctx)
	if err := s.Note("two sites"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Decide(ctx, data.VerdictMaybe, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.ShownBy != "random" || d.Position != 1 || d.StudyID != it.StudyID || d.Note != "two sites" {
		t.Errorf("decision = %+v; want shown_by random, position 1, the note", d)
	}
	s2, _ := Open(ctx, db, Options{Reviewer: "bo", Config: &cfg, Order: RandomOrder{Seed: 7}})
	it2, _ := s2.Next(ctx)
	if it2.StudyID != it.StudyID {
		t.Errorf("same seed, other reviewer: first study %d, want %d", it2.StudyID, it.StudyID)
	}
	s3, _ := Open(ctx, db, Options{Reviewer: "cem", Config: &cfg, Only: map[int64]bool{4: true, 9: true}})
	got := walk(t, s3, data.VerdictInclude, data.VerdictInclude)
	if fmt.Sprint(got) != "[4 9]" {
		t.Errorf("restricted queue showed %v, want [4 9]", got)
	}
	ds, _ := db.ReviewerDecisions(ctx, "cem", "ta")
	if ds[9].ShownBy != "query" || ds[9].Position != 2 {
		t.Errorf("restricted decision = %+v, want shown_by query, position 2", ds[9])
	}
}

func TestThirdReviewerSkipsCompletedStudies(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 4)
	cfg := DefaultConfig()
	c := open(t, db, cfg, "cem", TitleAbstract) // opened before a and b decide
	for _, r := range []string{"anna", "bo"} {
		decide(t, db, cfg, 1, r, TitleAbstract, data.VerdictInclude, "")
		decide(t, db, cfg, 2, r, TitleAbstract, data.VerdictExclude, "")
	}
	decide(t, db, cfg, 3, "anna", TitleAbstract, data.VerdictInclude, "")
	it, err := c.Next(ctx)
	if err != nil || it == nil || it.StudyID != 3 {
		t.Fatalf("cem's Next() = %+v, %v; want study 3 (1 and 2 are complete)", it, err)
	}
	if p := c.Progress(); p.Left != 2 {
		t.Errorf("cem's left = %d, want 2 (studies 3 and 4)", p.Left)
	}
}

func TestAllocation(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 6)
	cfg := DefaultConfig()
	cfg.K = 1
	alloc, err := Allocate(ctx, db, cfg, TitleAbstract, []string{"anna", "bo"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetAllocation(ctx, "ta", alloc); err != nil {
		t.Fatal(err)
	}
	s := open(t, db, cfg, "bo", TitleAbstract)
	got := walk(t, s, data.VerdictInclude, data.VerdictInclude, data.VerdictInclude)
	if fmt.Sprint(got) != "[2 4 6]" {
		t.Errorf("bo's allocated queue = %v, want [2 4 6]", got)
	}
	if it, _ := s.Next(ctx); it != nil {
		t.Errorf("bo's queue should be empty, got study %d", it.StudyID)
	}
}

// TestBlindness: reviewer B's session, line-mode output and export show
// nothing of A's decisions until B has decided too (or the study is
// resolved).
func TestBlindness(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 3)
	cfg := DefaultConfig()
	a := open(t, db, cfg, "anna", TitleAbstract)
	a.Next(ctx)
	a.Note("SECRET-NOTE-OF-ANNA")
	if _, err := a.Decide(ctx, data.VerdictExclude, "SECRET-REASON-OF-ANNA"); err != nil {
		t.Fatal(err)
	}
	b := open(t, db, cfg, "bo", TitleAbstract)
	var out, errb bytes.Buffer
	if err := RunLines(ctx, b, strings.NewReader("?\nn my own note\n"), &out, &errb, LineOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"SECRET", "anna", "exclude study"} {
		if strings.Contains(out.String()+errb.String(), secret) {
			t.Errorf("bo's loop shows %q:\n%s", secret, out.String())
		}
	}
	visible := func(reviewer string) []string {
		var got []string
		err := VisibleDecisions(ctx, db, cfg, "", reviewer, false, func(d data.Decision) error {
			got = append(got, fmt.Sprintf("%s:%d:%s", d.Reviewer, d.StudyID, d.Verdict))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := visible("bo"); len(got) != 0 {
		t.Errorf("before bo decides, bo sees %v, want nothing", got)
	}
	if got := visible("anna"); fmt.Sprint(got) != "[anna:1:exclude]" {
		t.Errorf("anna sees %v, want only her own", got)
	}
	b.Decide(ctx, data.VerdictInclude, "")
	if got := visible("bo"); fmt.Sprint(got) != "[anna:1:exclude bo:1:include]" {
		t.Errorf("after both decided, bo sees %v, want both", got)
	}
	if got := visible("cem"); len(got) != 0 {
		t.Errorf("cem (no decision, unresolved) sees %v, want nothing", got)
	}
	Resolve(ctx, db, 1, TitleAbstract, data.VerdictInclude, data.MethodConsensus, "cem", "")
	if got := visible("cem"); len(got) != 2 {
		t.Errorf("after resolution, cem sees %v, want both decisions", got)
	}
}

func TestLineMode(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 3)
	cfg := DefaultConfig()
	for _, r := range []string{"a", "b"} {
		for id := int64(1); id <= 3; id++ {
			decide(t, db, cfg, id, r, TitleAbstract, data.VerdictInclude, "")
		}
	}
	s := open(t, db, cfg, "anna", FullText)
	in := "e\ne 99\ne wrong design\nbogus\nm\nu\ni\ne 1\n"
	var out, errb bytes.Buffer
	if err := RunLines(ctx, s, strings.NewReader(in), &out, &errb, LineOptions{Highlight: strings.ToUpper}); err != nil {
		t.Fatal(err)
	}
	wantOut := []string{"saved: exclude study 1 (wrong design)", "saved: maybe study 2", "undone: study 2",
		"saved: include study 2", "saved: exclude study 3 (wrong population)", "Queue empty", "TITLE:    STUDY 1", "Full text: none attached"}
	for _, w := range wantOut {
		if !strings.Contains(strings.ToUpper(out.String()), strings.ToUpper(w)) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	wantErr := []string{"full-text exclusions need a reason", "no reason 99", `unknown command "bogus"`}
	for _, w := range wantErr {
		if !strings.Contains(errb.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, errb.String())
		}
	}
	if n, _ := db.CountDecisions(ctx, "ft"); n != 5 {
		t.Errorf("stored %d ft decision events, want 5 (3 decisions, a maybe and its retraction)", n)
	}
}

func TestImportDecisions(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 3)
	cfg := DefaultConfig()
	csv := "Study,Reviewer,Stage,Decision,Reason,Note\n" +
		"1,anna,ta,include,,\n" +
		"1,bo,title-abstract,include,,good\n" +
		"10.1000/s2,anna,ta,exclude,off topic,\n" +
		"2,bo,ta,maybe,,\n" +
		"99,anna,ta,include,,\n" +
		"3,anna,ta,perhaps,,\n" +
		"3,,ta,include,,\n"
	res, err := ImportDecisions(ctx, db, cfg, strings.NewReader(csv), TitleAbstract)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 7 || res.Imported != 4 || len(res.Problems) != 3 {
		t.Errorf("ImportDecisions() = %+v; want 7 rows, 4 imported, 3 problems", res)
	}
	if len(res.Problems) == 3 && (res.Problems[0].Line != 6 || res.Problems[2].Line != 8) {
		t.Errorf("problem lines = %+v, want 6, 7, 8", res.Problems)
	}
	if got := resolution(t, db, 1, TitleAbstract); got != "include/agreement" {
		t.Errorf("study 1 resolution %q, want include/agreement", got)
	}
	res, err = ImportDecisions(ctx, db, cfg, strings.NewReader(csv), TitleAbstract)
	if err != nil || res.Imported != 0 || res.Unchanged != 4 {
		t.Errorf("second import = %+v, %v; want 0 imported, 4 unchanged", res, err)
	}
	if _, err := ImportDecisions(ctx, db, cfg, strings.NewReader("title,year\nx,1\n"), TitleAbstract); err == nil {
		t.Error("import without study/reviewer/decision columns succeeded")
	}
}

func TestStatusAndAgreementReport(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 6)
	cfg := DefaultConfig()
	inc, exc, may := data.VerdictInclude, data.VerdictExclude, data.VerdictMaybe
	calls := []struct {
		id   int64
		a, b string
	}{{1, inc, inc}, {2, exc, exc}, {3, inc, exc}, {4, may, inc}, {5, exc, ""}}
	for _, c := range calls {
		decide(t, db, cfg, c.id, "anna", TitleAbstract, c.a, "")
		if c.b != "" {
			decide(t, db, cfg, c.id, "bo", TitleAbstract, c.b, "")
		}
	}
	st, err := Status(ctx, db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := StageStatus{Stage: "ta", K: 2, MaybeRule: cfg.MaybeRule(), Eligible: 6, Unscreened: 1, ScreenedByOne: 1, ScreenedByAll: 4,
		Conflicts: 1, Resolved: 3, Included: 2, Excluded: 1}
	if st[0] != want {
		t.Errorf("Status ta = %+v\nwant %+v", st[0], want)
	}
	if st[1].Eligible != 2 || st[1].Unscreened != 2 {
		t.Errorf("Status ft = %+v, want 2 eligible, 2 unscreened", st[1])
	}
	rep, err := Agreement(ctx, db, cfg, TitleAbstract)
	if err != nil {
		t.Fatal(err)
	}
	// anna/bo: include-include 2 (1, 4), exclude-exclude 1, include-exclude 1.
	if rep.N != 4 || len(rep.Pairs) != 1 || rep.Pairs[0].A != "anna" || float64(rep.PercentAgreement) != 75 {
		t.Errorf("Agreement() = n %d, pairs %+v, agreement %v; want n 4, one pair anna/bo, 75%%", rep.N, rep.Pairs, rep.PercentAgreement)
	}
	if fmt.Sprint(rep.Table) != "[[2 1] [0 1]]" {
		t.Errorf("table = %v, want [[2 1] [0 1]]", rep.Table)
	}
}

// TestLineModeInterrupted: an interrupt stops the loop while it waits for
// a command, and what was decided before stays.
func TestLineModeInterrupted(t *testing.T) {
	db := newReview(t, 3)
	cfg := DefaultConfig()
	s := open(t, db, cfg, "anna", TitleAbstract)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	var out, errb bytes.Buffer
	done := make(chan error)
	go func() { done <- RunLines(ctx, s, pr, &out, &errb, LineOptions{}) }()
	pw.Write([]byte("i\n"))
	for n := 0; n == 0; n, _ = db.CountDecisions(context.Background(), "ta") {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("RunLines() = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("RunLines did not stop on interrupt while waiting for input")
	}
	if n, _ := db.CountDecisions(context.Background(), "ta"); n != 1 {
		t.Errorf("%d decisions stored, want 1", n)
	}
}
