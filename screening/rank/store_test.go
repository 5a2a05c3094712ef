package rank

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// reviewDB holds the toy texts as RIS records, one study each (ids 1…40).
func reviewDB(t *testing.T) *data.DB {
	t.Helper()
	ctx := context.Background()
	db, err := data.Open(ctx, filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	texts, _ := toy()
	var ris strings.Builder
	for i, text := range texts {
		fmt.Fprintf(&ris, "TY  - JOUR\nID  - r%d\nTI  - %s\nAB  - record %d\nER  - \n\n", i+1, text, i+1)
	}
	if _, err := ingest.Bytes(ctx, db, "toy.ris", []byte(ris.String()), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return db
}

func decide(t *testing.T, db *data.DB, study int64, reviewer, verdict string) {
	t.Helper()
	d := &data.Decision{StudyID: study, Reviewer: reviewer, Stage: "ta", Verdict: verdict, ShownBy: "scripted"}
	if err := db.AddDecision(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRank(t *testing.T) {
	ctx := context.Background()
	db := reviewDB(t)
	c, err := LoadCorpus(ctx, db, DefaultFeatures)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(c.Studies); got != 40 {
		t.Fatalf("LoadCorpus: %d studies, want 40", got)
	}
	req := Request{Stage: "ta", Reviewer: "ann", Options: Options{Seed: 3}}
	decide(t, db, 1, "ann", "include") // toy row 0: an inclusion
	if _, err := c.Rank(ctx, db, req); !errors.Is(err, ErrNotReady) {
		t.Fatalf("Rank with one inclusion: err=%v, want ErrNotReady", err)
	}
	decide(t, db, 2, "ann", "exclude")
	decide(t, db, 3, "ann", "exclude")
	decide(t, db, 4, "bob", "include") // another reviewer's decision: not learnt from
	r, err := c.Rank(ctx, db, req)
	if err != nil {
		t.Fatal(err)
	}
	if r.TrainedIncluded != 1 || r.TrainedExcluded != 2 || r.Ranked != 37 || len(r.Order) != 37 {
		t.Errorf("ranking trained on %d+%d, ranked %d (order %d), want 1+2 and 37",
			r.TrainedIncluded, r.TrainedExcluded, r.Ranked, len(r.Order))
	}
	// Toy rows 8, 16, 24, 32 (studies 9, 17, 25, 33) are the other inclusions.
	if top := slices.Sorted(slices.Values(r.Order[:4])); !slices.Equal(top, []int64{9, 17, 25, 33}) {
		t.Errorf("top of order %v, want studies 9 17 25 33", r.Order[:4])
	}
	got, err := db.RankingByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Order, r.Order) || got.Model != Models[0] || got.Seed != 3 || got.Reviewer != "ann" ||
		got.DecisionThrough == 0 || got.Params["alpha"] != NBAlpha || !got.CreatedAt.Equal(db.Now()) {
		t.Errorf("RankingByID()=%+v, want what Rank stored (%+v)", got, r)
	}
	latest, err := db.LatestRanking(ctx, "ta", "ann")
	if err != nil || latest.ID != r.ID {
		t.Errorf("LatestRanking()=%v, %v, want ranking %d", latest, err, r.ID)
	}
	// A resolution overrides the reviewer's decision; candidates limit the order.
	if err := db.AddResolution(ctx, &data.Resolution{StudyID: 1, Stage: "ta", Verdict: "exclude", Method: "consensus"}); err != nil {
		t.Fatal(err)
	}
	decide(t, db, 9, "ann", "include")
	r2, err := c.Rank(ctx, db, Request{Stage: "ta", Reviewer: "ann", Candidates: []int64{5, 17, 999}})
	if err != nil {
		t.Fatal(err)
	}
	if r2.TrainedIncluded != 1 || r2.TrainedExcluded != 3 || !slices.Equal(r2.Order, []int64{17, 5, 999}) {
		t.Errorf("with resolution and candidates: %d+%d, order %v, want 1+3 and [17 5 999]",
			r2.TrainedIncluded, r2.TrainedExcluded, r2.Order)
	}
	if _, err := db.RankingByID(ctx, 12345); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("RankingByID(missing) err=%v, want ErrNotFound", err)
	}
}
