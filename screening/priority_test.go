package screening

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/rank"
)

// TestPriorityLearnsFromDecisions: after one inclusion about learning
// networks and one exclusion about birds, the prioritised queue shows the
// other learning-network studies first, and decisions name the ranking,
// which names the model (the default and pairs, with its own features).
func TestPriorityLearnsFromDecisions(t *testing.T) {
	for _, model := range []string{rank.ModelMix, rank.ModelPairs} {
		t.Run(model, func(t *testing.T) { testPriorityLearns(t, model) })
	}
}

func testPriorityLearns(t *testing.T, model string) {
	ctx := context.Background()
	db, err := data.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, _ := db.BeginImport(ctx, &data.Source{Name: "t", File: "t.ris", Format: "ris", Kind: "database", SHA256: "p", Encoding: "utf-8"})
	topics := []string{"learning network for quality improvement in nursing homes", "forest bird ecology and woodland habitat"} // even ids: networks
	for i := 1; i <= 40; i++ {
		im.Add(data.Record{Line: i, Title: fmt.Sprintf("%s %d", topics[i%2], i), Abstract: topics[i%2]})
	}
	if err := im.Finish(0); err != nil {
		t.Fatal(err)
	}
	p, err := NewPriority(ctx, db, "anna", rank.Options{Model: model})
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	s, err := Open(ctx, db, Options{Reviewer: "anna", Order: p, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	// File order first: study 1 is about birds, 2 about networks.
	for _, v := range []string{data.VerdictExclude, data.VerdictInclude} {
		s.Next(ctx)
		if _, err := s.Decide(ctx, v, ""); err != nil {
			t.Fatal(err)
		}
	}
	s.Settle() // the re-ranking runs in the background; take it up now
	if err := s.OrderProblem(); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 5; k++ {
		s.Settle()
		it, err := s.Next(ctx)
		if err != nil || it == nil {
			t.Fatalf("Next() = %v, %v", it, err)
		}
		if it.StudyID%2 != 0 {
			t.Errorf("prioritised pick %d is study %d (%q), want a learning-network study", k+1, it.StudyID, it.Record.Title)
		}
		d, err := s.Decide(ctx, data.VerdictInclude, "")
		if err != nil {
			t.Fatal(err)
		}
		if d.ShownBy != "priority" || d.RankingID == 0 || d.Position < 1 {
			t.Fatalf("decision = %+v, want shown_by priority with a ranking id and position", d)
		}
		r, err := db.RankingByID(ctx, d.RankingID)
		if err != nil {
			t.Fatal(err)
		}
		feats, _ := r.Params["features"].(map[string]any)
		if r.Model != model || feats["bigrams"] != (model == rank.ModelPairs) {
			t.Errorf("ranking %d: model %q, features %v; want %q with word pairs %v", r.ID, r.Model, feats, model, model == rank.ModelPairs)
		}
	}
}
