package screening

import (
	"context"
	"errors"
	"sync"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/rank"
)

// Priority orders a reviewer's queue by a model trained on their
// decisions and the stage's resolutions (prioritised screening): the
// studies most likely to be included come first. It learns as decisions
// arrive and re-ranks the waiting studies every Every decisions. Until
// the labels hold an inclusion and an exclusion it keeps file order (and
// RankingID is 0).
type Priority struct {
	Every     int // re-rank after this many decisions (default 10)
	mu        sync.Mutex
	corpus    *rank.Corpus
	reviewer  string
	opts      rank.Options
	rankingID int64
	since     int
}

// NewPriority builds the features of every study once (title and
// abstract, as opts.Model wants them) for a reviewer's prioritised queue.
func NewPriority(ctx context.Context, db *data.DB, reviewer string, opts rank.Options) (*Priority, error) {
	c, err := rank.LoadCorpus(ctx, db, rank.FeaturesFor(opts.Model))
	if err != nil {
		return nil, err
	}
	return &Priority{Every: 10, corpus: c, reviewer: reviewer, opts: opts}, nil
}

// Name returns "priority".
func (p *Priority) Name() string { return "priority" }

// RankingID returns the stored ranking the current order came from (0
// while the model is not ready).
func (p *Priority) RankingID() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rankingID
}

// Order ranks ids by the model and stores the ranking; before the model
// is ready it returns ids unchanged.
func (p *Priority) Order(ctx context.Context, db *data.DB, st Stage, ids []int64) ([]int64, error) {
	p.setSince(0)
	if len(ids) == 0 {
		return ids, nil
	}
	// Rank is safe for concurrent use; the lock guards only the counters,
	// so Observe never waits for a model.
	r, err := p.corpus.Rank(ctx, db, rank.Request{Stage: string(st), Reviewer: p.reviewer, Options: p.opts, Candidates: ids})
	if errors.Is(err, rank.ErrNotReady) {
		p.setRanking(0)
		return ids, nil
	}
	if err != nil {
		return nil, err
	}
	p.setRanking(r.ID)
	if len(r.Order) >= len(ids) {
		return r.Order, nil
	}
	// A stored ranking may keep only the head of a long order; the rest
	// follows in the order given until the next re-rank.
	out := make([]int64, 0, len(ids))
	seen := make(map[int64]bool, len(r.Order))
	for _, id := range r.Order {
		seen[id] = true
		out = append(out, id)
	}
	for _, id := range ids {
		if !seen[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

func (p *Priority) setSince(n int) {
	p.mu.Lock()
	p.since = n
	p.mu.Unlock()
}

func (p *Priority) setRanking(id int64) {
	p.mu.Lock()
	p.rankingID = id
	p.mu.Unlock()
}

// Observe counts a decision and asks for a new order every Every
// decisions (and at the first decisions, until the model is ready).
func (p *Priority) Observe(_ int64, _ string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.since++
	return p.rankingID == 0 || p.since >= max(1, p.Every)
}
