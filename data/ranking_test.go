package data

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestRankingRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	order := make([]int64, RankingKeep+5)
	for i := range order {
		order[i] = int64(len(order) - i) // ids up to 10 005: multi-byte varints
	}
	r := &Ranking{Stage: "ta", Reviewer: "ann", Model: "nb", Params: map[string]any{"alpha": 3.822},
		Seed: 1 << 63, TrainedIncluded: 2, TrainedExcluded: 5, DecisionThrough: 7, Ranked: len(order), Order: order}
	if err := db.AddRanking(ctx, r); err != nil {
		t.Fatal(err)
	}
	if len(r.Order) != RankingKeep+5 || r.ID == 0 || r.CreatedAt.IsZero() {
		t.Errorf("after AddRanking: order %d, id %d, created %v; want the whole order kept in r, an id and a time",
			len(r.Order), r.ID, r.CreatedAt)
	}
	got, err := db.RankingByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Order, order[:RankingKeep]) || got.Ranked != RankingKeep+5 || got.Seed != 1<<63 ||
		got.Params["alpha"] != 3.822 || got.TrainedExcluded != 5 || got.DecisionThrough != 7 || !got.CreatedAt.Equal(r.CreatedAt) {
		t.Errorf("RankingByID()=%+v (order %d), want the stored ranking with its first %d ids", got, len(got.Order), RankingKeep)
	}
	if _, err := db.LatestRanking(ctx, "ft", "ann"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestRanking(ft) err=%v, want ErrNotFound", err)
	}
	if err := db.AddRanking(ctx, &Ranking{Stage: "x", Model: "nb"}); err == nil {
		t.Error("AddRanking(stage x) gave no error")
	}
}
