package rank

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
)

// SimOptions set up a simulated review.
type SimOptions struct {
	Model         string // one of Models; "" means ModelNB
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
	run.Metrics = Measure(InOrder(run.Order, included))
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
