package rank

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
)

// TestSimulateWilson runs one simulated review of the Wilson set: every
// record is screened once, and the default model saves at least 80 % of
// the work at 95 % recall (15-seed median: see TestSimulatePublished).
func TestSimulateWilson(t *testing.T) {
	ds := labelled(t, "wilson_appenzeller-herzog2019_ferdinands.csv")
	if len(ds.Texts) != 2333 || ds.Count() != 23 {
		t.Fatalf("Wilson: %d records, %d included, want 2333 and 23", len(ds.Texts), ds.Count())
	}
	f := NewFeatures(ds.Texts)
	run, err := Simulate(context.Background(), f, ds.Included, SimOptions{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	seen := slices.Sorted(slices.Values(run.Order))
	for i, d := range seen {
		if d != i {
			t.Fatalf("order is not a permutation of the rows (row %d at %d)", d, i)
		}
	}
	if len(run.Prior) != 2 || !ds.Included[run.Prior[0]] || ds.Included[run.Prior[1]] {
		t.Errorf("prior %v, want one inclusion then one exclusion", run.Prior)
	}
	if m := run.Metrics; m.WSS95 < 80 || m.RRF10 < 80 || m.ScreenedTo95 > 400 {
		t.Errorf("Wilson seed 1: %+v, want WSS@95 ≥ 80, RRF@10 ≥ 80, screened to 95%% ≤ 400", m)
	}
}

func TestSimulateTooFewLabels(t *testing.T) {
	texts, inc := toy()
	f := NewFeatures(texts)
	_, err := Simulate(context.Background(), f, inc, SimOptions{PriorIncluded: 6}, 1)
	if !errors.Is(err, ErrTooFewLabels) {
		t.Errorf("Simulate(6 prior inclusions of 5) err=%v, want ErrTooFewLabels", err)
	}
	runs, err := SimulateSeeds(context.Background(), f, inc, SimOptions{}, []uint64{1, 2, 3}, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		if r.Seed != uint64(i+1) || r.Metrics.ScreenedTo100 > 8 {
			t.Errorf("toy run %d: seed %d, %+v; want seed %d and all 5 inclusions within 8", i, r.Seed, r.Metrics, i+1)
		}
	}
}

// published are ASReview's NB + TF-IDF figures (Ferdinands et al. 2023,
// mean of 15 runs, 1+1 prior, settings tuned on each set: see
// TestFerdinandsReplay), the 15-seed median WSS@95 of our replica of
// ASReview 1.x's defaults (ModelASReview, measured on a 2-core machine,
// seeds 1–15), and the floors the 15-seed medians of WSS@95 of our
// default model and of ModelPairs must reach: what we measured less
// about one point, so no change of seeds or float rounding flips it but
// a regression of more than a point fails. ModelMix measured 78.9, 71.8,
// 83.0, 42.6 (as ASReview computed WSS 79.0, 72.5, 83.6: see
// Metrics.ASReviewWSS95): it beats the replica of ASReview's defaults on
// every set and the tuned published figure on Virus by 0.6, and is 0.4
// and 4.0 points short of it on Wilson and ACE. ModelPairs measured 85.0,
// 64.3, 84.1, 61.6: above the published figures on ACE and Wilson, far
// below on Virus.
var published = []struct {
	file         string
	wss95, rrf10 float64 // ASReview, published
	replica      float64 // ModelASReview, measured
	floor        float64 // our default's median WSS@95 must be at least this
	pairsFloor   float64 // ModelPairs's median WSS@95 must be at least this
}{
	{"ace_cohen2006_ferdinands.csv", 82.9, 90.5, 76.8, 78, 84},
	{"virus_kwok2020_ferdinands.csv", 71.2, 73.9, 67.4, 71, 63.3},
	{"wilson_appenzeller-herzog2019_ferdinands.csv", 83.4, 87.3, 80.9, 82, 83},
	{"bannach-brown_2019.csv", 0, 0, 41.2, 41.5, 60.5},
}

// TestSimulatePublished runs 15 seeds on each labelled set (minutes).
func TestSimulatePublished(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to run 15 simulated reviews of each labelled set")
	}
	seeds := make([]uint64, 15)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	for _, p := range published {
		for _, model := range []string{ModelMix, ModelPairs} {
			floor := p.floor
			if model == ModelPairs {
				floor = p.pairsFloor
			}
			t.Run(model+"/"+p.file, func(t *testing.T) {
				ds := labelled(t, p.file)
				f := NewFeaturesWith(ds.Texts, FeaturesFor(model))
				runs, err := SimulateSeeds(context.Background(), f, ds.Included, SimOptions{Model: model}, seeds, 2, nil)
				if err != nil {
					t.Fatal(err)
				}
				s := Summarize(runs)
				t.Logf("%s %s: median WSS@95 %.1f (as ASReview computes it %.1f; ASReview NB %.1f), RRF@10 %.1f (ASReview %.1f), WSS@100 %.1f, screened to 95%% %.0f",
					model, p.file, s.WSS95, s.ASReviewWSS95, p.wss95, s.RRF10, p.rrf10, s.WSS100, s.ScreenedTo95)
				if s.WSS95 < floor {
					t.Errorf("median WSS@95 %.1f, want ≥ %.1f", s.WSS95, floor)
				}
			})
		}
	}
}
