package rank

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
)

// SimOptions set up a simulated review.
type SimOptions struct {
	Model         string // one of Models; "" means ModelMix
	PriorIncluded int    // random inclusions screened first (default 1)
	PriorExcluded int    // random exclusions screened first (default 1)
}

// Run is one simulated review: the order records were screened in (row
// indices: prior records first, then the model's choice after each
// decision) and its metrics.
type Run struct {
	Seed    uint64
	Prior   []int
	Order   []int
	Metrics Metrics
}

// ErrTooFewLabels is returned by Simulate when the labels do not hold
// enough inclusions or exclusions for the prior records asked for.
var ErrTooFewLabels = errors.New("too few labelled records for the prior")

// Simulate screens every row of f in the order a model would show them
// when it is retrained after each decision, with labels included[i]
// standing in for the reviewer. The prior records are drawn with seed,
// which also seeds the model, so a run is reproducible. It stops early
// with ctx's error.
func Simulate(ctx context.Context, f *Features, included []bool, opts SimOptions, seed uint64) (Run, error) {
	if len(included) != f.Len() {
		return Run{}, fmt.Errorf("%d labels for %d records", len(included), f.Len())
	}
	if opts.PriorIncluded == 0 && opts.PriorExcluded == 0 {
		opts.PriorIncluded, opts.PriorExcluded = 1, 1
	}
	prior, err := drawPrior(included, opts, seed)
	if err != nil {
		return Run{}, err
	}
	m, err := New(f, Options{Model: opts.Model, Seed: seed})
	if err != nil {
		return Run{}, err
	}
	run := Run{Seed: seed, Prior: prior, Order: make([]int, 0, f.Len())}
	for _, d := range prior {
		m.Add(d, included[d])
		run.Order = append(run.Order, d)
	}
	for len(run.Order) < f.Len() {
		if len(run.Order)%64 == 0 && ctx.Err() != nil {
			return Run{}, ctx.Err()
		}
		d, _ := m.Next()
		m.Add(d, included[d])
		run.Order = append(run.Order, d)
	}
	labels := InOrder(run.Order, included)
	run.Metrics = Measure(labels)
	run.Metrics.ASReviewWSS95 = asreviewWSS(labels, len(prior), 0.95)
	return run, nil
}

// InOrder returns the label of each row of order.
func InOrder(order []int, included []bool) []bool {
	s := make([]bool, len(order))
	for i, d := range order {
		s[i] = included[d]
	}
	return s
}

// drawPrior picks the prior records at random with seed: inclusions first,
// then exclusions.
func drawPrior(included []bool, opts SimOptions, seed uint64) ([]int, error) {
	var pos, neg []int
	for i, inc := range included {
		if inc {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	if len(pos) < opts.PriorIncluded || len(neg) < opts.PriorExcluded || len(pos) == 0 {
		return nil, fmt.Errorf("%w: %d included and %d excluded, prior wants %d and %d",
			ErrTooFewLabels, len(pos), len(neg), opts.PriorIncluded, opts.PriorExcluded)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7072696f72))
	pick := func(from []int, k int) []int {
		idx := rng.Perm(len(from))[:k]
		out := make([]int, k)
		for i, j := range idx {
			out[i] = from[j]
		}
		return out
	}
	return append(pick(pos, opts.PriorIncluded), pick(neg, opts.PriorExcluded)...), nil
}

// SimulateSeeds runs Simulate once per seed, workers at a time (at least
// one), and returns the runs in seed order. done, when not nil, is called
// after each run with the number finished so far; calls are
// serialised. The
// first error stops the remaining runs.
func SimulateSeeds(ctx context.Context, f *Features, included []bool, opts SimOptions, seeds []uint64, workers int, done func(int)) ([]Run, error) {
	runs := make([]Run, len(seeds))
	errs := make([]error, len(seeds))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	finished := 0
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				runs[i], errs[i] = Simulate(ctx, f, included, opts, seeds[i])
				if errs[i] != nil {
					cancel()
					continue
				}
				mu.Lock()
				finished++
				if done != nil {
					done(finished)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range seeds {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// Summary is the median of each metric over runs.
type Summary struct {
	WSS95         float64 `json:"wss95"`
	ASReviewWSS95 float64 `json:"asreview_wss95"`
	WSS100        float64 `json:"wss100"`
	RRF10         float64 `json:"rrf10"`
	ScreenedTo95  float64 `json:"screened_to_95"`
	ScreenedTo100 float64 `json:"screened_to_100"`
}

// Summarize returns the medians of the runs' metrics.
func Summarize(runs []Run) Summary {
	col := func(get func(Metrics) float64) float64 {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = get(r.Metrics)
		}
		return Median(xs)
	}
	return Summary{
		WSS95:         col(func(m Metrics) float64 { return m.WSS95 }),
		ASReviewWSS95: col(func(m Metrics) float64 { return m.ASReviewWSS95 }),
		WSS100:        col(func(m Metrics) float64 { return m.WSS100 }),
		RRF10:         col(func(m Metrics) float64 { return m.RRF10 }),
		ScreenedTo95:  col(func(m Metrics) float64 { return float64(m.ScreenedTo95) }),
		ScreenedTo100: col(func(m Metrics) float64 { return float64(m.ScreenedTo100) }),
	}
}
