package screening

import (
	"context"
	"errors"
	"testing"

	"github.com/oversikt/oversikt/data"
)

func TestAutomaticResolution(t *testing.T) {
	type step struct {
		reviewer, verdict string
		want              string // resolution after the step
	}
	inc, exc, may, ret := data.VerdictInclude, data.VerdictExclude, data.VerdictMaybe, data.VerdictRetract
	cases := []struct {
		name  string
		k     int
		maybe string
		steps []step
	}{
		{"both include", 2, MaybeInclude, []step{{"a", inc, ""}, {"b", inc, "include/agreement"}}},
		{"both exclude", 2, MaybeInclude, []step{{"a", exc, ""}, {"b", exc, "exclude/agreement"}}},
		{"disagree", 2, MaybeInclude, []step{{"a", inc, ""}, {"b", exc, ""}}},
		{"maybe counts as include", 2, MaybeInclude, []step{{"a", may, ""}, {"b", inc, "include/agreement"}}},
		{"maybe counts as exclude", 2, MaybeExclude, []step{{"a", may, ""}, {"b", exc, "exclude/agreement"}}},
		{"maybe separate never agrees", 2, MaybeSeparate, []step{{"a", may, ""}, {"b", may, ""}}},
		{"undo voids agreement", 2, MaybeInclude, []step{{"a", inc, ""}, {"b", inc, "include/agreement"}, {"b", ret, ""}}},
		{"changed mind re-resolves", 2, MaybeInclude, []step{{"a", exc, ""}, {"b", inc, ""}, {"b", exc, "exclude/agreement"}, {"a", inc, ""}}},
		{"single screening", 1, MaybeInclude, []step{{"a", exc, "exclude/single"}}},
		{"three reviewers", 3, MaybeInclude, []step{{"a", inc, ""}, {"b", inc, ""}, {"c", inc, "include/agreement"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := newReview(t, 1)
			cfg := DefaultConfig()
			cfg.K, cfg.Maybe = c.k, c.maybe
			for i, s := range c.steps {
				decide(t, db, cfg, 1, s.reviewer, TitleAbstract, s.verdict, "")
				if got := resolution(t, db, 1, TitleAbstract); got != s.want {
					t.Errorf("after step %d (%s %s): resolution %q, want %q", i+1, s.reviewer, s.verdict, got, s.want)
				}
			}
		})
	}
}

func TestManualResolutionStands(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 1)
	cfg := DefaultConfig()
	decide(t, db, cfg, 1, "a", TitleAbstract, data.VerdictInclude, "")
	decide(t, db, cfg, 1, "b", TitleAbstract, data.VerdictExclude, "")
	cs, err := Conflicts(ctx, db, cfg, TitleAbstract)
	if err != nil || len(cs) != 1 || cs[0].StudyID != 1 || len(cs[0].Decisions) != 2 {
		t.Fatalf("Conflicts() = %+v, %v; want study 1 with 2 decisions", cs, err)
	}
	if _, err := Resolve(ctx, db, 1, TitleAbstract, data.VerdictInclude, data.MethodThirdReviewer, "c", ""); err != nil {
		t.Fatal(err)
	}
	if got := resolution(t, db, 1, TitleAbstract); got != "include/third-reviewer" {
		t.Errorf("resolution = %q, want include/third-reviewer", got)
	}
	decide(t, db, cfg, 1, "b", TitleAbstract, data.VerdictInclude, "") // now they agree: the manual one still stands
	if got := resolution(t, db, 1, TitleAbstract); got != "include/third-reviewer" {
		t.Errorf("after b changed: resolution = %q, want include/third-reviewer", got)
	}
	if cs, _ := Conflicts(ctx, db, cfg, TitleAbstract); len(cs) != 0 {
		t.Errorf("Conflicts() after resolving = %d, want 0", len(cs))
	}
	if _, err := Resolve(ctx, db, 1, TitleAbstract, "maybe", data.MethodConsensus, "c", ""); err == nil {
		t.Error("Resolve(maybe) succeeded, want an error")
	}
}

func TestFullTextRules(t *testing.T) {
	db := newReview(t, 3)
	cfg := DefaultConfig()
	for _, r := range []string{"a", "b"} {
		decide(t, db, cfg, 1, r, TitleAbstract, data.VerdictInclude, "")
		decide(t, db, cfg, 2, r, TitleAbstract, data.VerdictExclude, "")
	}
	ctx := context.Background()
	d := data.Decision{StudyID: 2, Reviewer: "a", Stage: "ft", Verdict: data.VerdictInclude}
	if err := Record(ctx, db, cfg, &d); !errors.Is(err, ErrNotAtFullText) {
		t.Errorf("ft decision on a study excluded at ta: err = %v, want ErrNotAtFullText", err)
	}
	d = data.Decision{StudyID: 1, Reviewer: "a", Stage: "ft", Verdict: data.VerdictExclude}
	var ie *InputError
	if err := Record(ctx, db, cfg, &d); !errors.As(err, &ie) {
		t.Errorf("ft exclusion without reason: err = %v, want an InputError", err)
	}
	d = data.Decision{StudyID: 1, Reviewer: "a", Stage: "ft", Verdict: data.VerdictExclude, Reason: "5"}
	if err := Record(ctx, db, cfg, &d); err != nil || d.Reason != "wrong design" {
		t.Errorf("ft exclusion with reason 5: reason %q, err %v; want wrong design", d.Reason, err)
	}
	s := open(t, db, cfg, "b", FullText)
	it, err := s.Next(ctx)
	if err != nil || it == nil || it.StudyID != 1 {
		t.Fatalf("ft queue of b: Next() = %+v, %v; want study 1", it, err)
	}
	if _, err := s.Decide(ctx, data.VerdictExclude, "wrong des"); err != nil {
		t.Fatal(err)
	}
	if got := resolution(t, db, 1, FullText); got != "exclude/agreement" {
		t.Errorf("ft resolution = %q, want exclude/agreement", got)
	}
	if it, _ := s.Next(ctx); it != nil {
		t.Errorf("ft queue after deciding study 1: Next() = study %d, want empty", it.StudyID)
	}
}

func TestReasonChoice(t *testing.T) {
	cfg := DefaultConfig()
	cases := []struct {
		stage    Stage
		in, want string
		wantErr  bool
	}{
		{FullText, "1", "wrong population", false},
		{FullText, "8", "other", false},
		{FullText, "9", "", true},
		{FullText, "Wrong Outcome", "wrong outcome", false},
		{FullText, "not", "not retrievable", false},
		{FullText, "wrong", "", true}, // ambiguous prefix
		{FullText, "", "", true},
		{TitleAbstract, "off topic", "off topic", false},
		{TitleAbstract, "", "", false},
	}
	for _, c := range cases {
		got, err := cfg.Reason(c.stage, data.VerdictExclude, c.in)
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("Reason(%s, %q) = %q, %v; want %q, error %v", c.stage, c.in, got, err, c.want, c.wantErr)
		}
	}
}

func TestCalibrationSampleIsDeterministic(t *testing.T) {
	cfg := Config{K: 1, Calibration: 0.1, Seed: 42}
	twice := 0
	for id := int64(1); id <= 10000; id++ {
		if cfg.Need(id) == 2 {
			twice++
		}
		if cfg.Need(id) != cfg.Need(id) {
			t.Fatalf("Need(%d) differs between calls", id)
		}
	}
	if twice < 900 || twice > 1100 {
		t.Errorf("calibration share 0.1 of 10000: %d screened twice, want about 1000", twice)
	}
	other := Config{K: 1, Calibration: 0.1, Seed: 43}
	same := 0
	for id := int64(1); id <= 10000; id++ {
		if cfg.Need(id) == 2 && other.Need(id) == 2 {
			same++
		}
	}
	if same > 200 {
		t.Errorf("seeds 42 and 43 share %d calibration studies, want about 100 (independent samples)", same)
	}
}

func TestFullTextQueueFollowsTitleAbstractResolution(t *testing.T) {
	ctx := context.Background()
	db := newReview(t, 2)
	cfg := DefaultConfig()
	for _, r := range []string{"a", "b"} {
		decide(t, db, cfg, 1, r, TitleAbstract, data.VerdictInclude, "")
		decide(t, db, cfg, 2, r, TitleAbstract, data.VerdictInclude, "")
	}
	s := open(t, db, cfg, "a", FullText)
	if _, err := Resolve(ctx, db, 1, TitleAbstract, data.VerdictExclude, data.MethodConsensus, "c", "on second look"); err != nil {
		t.Fatal(err)
	}
	it, err := s.Next(ctx)
	if err != nil || it == nil || it.StudyID != 2 {
		t.Fatalf("Next() = %+v, %v; want study 2 (study 1 was excluded at ta after the session opened)", it, err)
	}
}
