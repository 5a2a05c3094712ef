package dedup

import (
	"context"
	"fmt"

	"github.com/oversikt/oversikt/data"
)

// Options say how to run deduplication.
type Options struct {
	// All compares every record again, not only the records imported since
	// the last run. Earlier merges and reviewers' decisions are kept either
	// way.
	All bool
}

// Summary says what a run did and where the review stands.
type Summary struct {
	data.DedupCounts
	Compared     int `json:"compared"`      // pairs compared in this run
	NewMerges    int `json:"new_merges"`    // merges made by this run
	NewUncertain int `json:"new_uncertain"` // pairs this run found uncertain
}

// Run deduplicates the review in db: records imported since the last run
// are compared with every record that shares a blocking key (or a DOI or
// PMID); certain pairs are merged into one study, uncertain pairs are
// queued for `dedup --review`. Earlier merges and reviewers' "same" and
// "different" decisions are kept.
func Run(ctx context.Context, db *data.DB, opts Options) (Summary, error) {
	var s Summary
	through, err := db.ComparedThrough(ctx)
	if err != nil {
		return s, fmt.Errorf("dedup: %w", err)
	}
	if opts.All {
		through = 0
	}
	var items []item
	err = db.MatchRecords(ctx, func(r data.Record) error {
		it := newItem(&r)
		it.isNew = r.ID > through
		items = append(items, it)
		return ctx.Err()
	})
	if err != nil {
		return s, fmt.Errorf("dedup: %w", err)
	}
	decided, err := db.DedupPairs(ctx, "")
	if err != nil {
		return s, fmt.Errorf("dedup: %w", err)
	}
	p, st := plan(items, decided)
	if err := ctx.Err(); err != nil {
		return s, err
	}
	if err := db.ApplyDedup(ctx, p); err != nil {
		return s, fmt.Errorf("dedup: %w", err)
	}
	s.Compared, s.NewMerges, s.NewUncertain = st.compared, st.certain, st.uncertain
	s.DedupCounts, err = db.DedupCounts(ctx)
	return s, err
}
