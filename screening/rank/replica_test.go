package rank

import (
	"context"
	"os"
	"sync"
	"testing"
)

// ferdinandsNB are the settings Ferdinands et al. (2023) simulated naive
// Bayes + TF-IDF with for their published figures, one hyperopt-tuned set
// per data set (asreview/paper-evaluating-models-across-research-areas,
// simulation_study/simulation/config/one/BCTD/nb_max_double_tfidf-*.ini;
// ASReview 0.9.3: words and word pairs, no stopwords, split_ta for ACE),
// with the published mean WSS@95 of 15 runs.
var ferdinandsNB = []struct {
	file            string
	split           bool
	a, alpha, b, nb float64
	wss95           float64
}{
	{"ace_cohen2006_ferdinands.csv", true, 1249.910315374313, 0.7043792455091337, 0.9993171869006371, 0.17584727645029802, 82.9},
	{"virus_kwok2020_ferdinands.csv", false, 0.8684983875900419, 1.091939072117553, 0.3565753584801575, 93.76980809067938, 71.2},
	{"wilson_appenzeller-herzog2019_ferdinands.csv", false, 1.155488046407053, 1.8497333161837746, 0.222013921717905, 0.030566525875036474, 83.4},
}

// simulateLearner is Simulate with a learner made by mk for each seed.
func simulateLearner(f *Features, included []bool, mk func(seed uint64) learner, seeds []uint64) []Metrics {
	out := make([]Metrics, len(seeds))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, seed := range seeds {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			prior, _ := drawPrior(included, SimOptions{PriorIncluded: 1, PriorExcluded: 1}, seed)
			m, _ := New(f, Options{Model: ModelNB, Seed: seed})
			m.l = mk(seed)
			order := append([]int(nil), prior...)
			for _, d := range prior {
				m.Add(d, included[d])
			}
			for len(order) < f.Len() {
				d, _ := m.Next()
				m.Add(d, included[d])
				order = append(order, d)
			}
			out[i] = Measure(InOrder(order, included))
		}()
	}
	wg.Wait()
	return out
}

// TestFerdinandsReplay replays the published simulations' own settings:
// if our features, naive Bayes, balance and metrics are right, the mean
// WSS@95 of 15 seeds lands within a point of the published mean on each
// set (measured: 83.0, 70.9, 83.7 against 82.9, 71.2, 83.4). The
// published figures therefore come from settings tuned on each data set
// itself; ASReview's defaults do worse (TestASReviewReplica). Word
// pairs without stopwords make it slow (about 90 s of CPU per set), so
// give go test -timeout 30m on a loaded machine, as .ci/run does.
func TestFerdinandsReplay(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to replay the published simulations (minutes)")
	}
	for _, p := range ferdinandsNB {
		t.Run(p.file, func(t *testing.T) {
			ds := labelled(t, p.file)
			f := NewFeaturesWith(ds.Texts, FeatureOptions{MinDF: 1, Bigrams: true, Stopwords: StopwordsNone, SplitTitle: p.split})
			runs := simulateLearner(f, ds.Included, func(seed uint64) learner {
				n := newSampledNB(f, seed)
				n.alpha = p.nb
				n.bal = balanceParams{p.a, p.alpha, p.b, 1}
				return n
			}, seeds15())
			var sum float64
			for _, m := range runs {
				sum += m.WSS95
			}
			mean := sum / float64(len(runs))
			t.Logf("%s: mean WSS@95 %.1f (published %.1f)", p.file, mean, p.wss95)
			if mean < p.wss95-1 || mean > p.wss95+1 {
				t.Errorf("mean WSS@95 %.1f, want %.1f ± 1", mean, p.wss95)
			}
		})
	}
}

// TestASReviewReplica runs ModelASReview (ASReview 1.x's defaults) with
// ASReviewFeatures for 15 seeds: its median WSS@95 stays within 1.5 of
// where we measured it (published[].replica).
func TestASReviewReplica(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to run 15 simulated reviews of each labelled set")
	}
	for _, p := range published {
		t.Run(p.file, func(t *testing.T) {
			ds := labelled(t, p.file)
			f := NewFeaturesWith(ds.Texts, FeaturesFor(ModelASReview))
			runs, err := SimulateSeeds(context.Background(), f, ds.Included, SimOptions{Model: ModelASReview}, seeds15(), 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := Summarize(runs)
			t.Logf("%s: ASReview replica median WSS@95 %.1f, WSS@100 %.1f, RRF@10 %.1f", p.file, s.WSS95, s.WSS100, s.RRF10)
			if s.WSS95 < p.replica-1.5 || s.WSS95 > p.replica+1.5 {
				t.Errorf("median WSS@95 %.1f, want %.1f ± 1.5", s.WSS95, p.replica)
			}
		})
	}
}

func seeds15() []uint64 {
	s := make([]uint64, 15)
	for i := range s {
		s[i] = uint64(i + 1)
	}
	return s
}
