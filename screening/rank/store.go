package rank

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/oversikt/oversikt/data"
)

// ErrNotReady is returned by Rank until the labels hold at least one
// inclusion and one exclusion; screen in file order or by a query until
// then.
var ErrNotReady = errors.New("prioritised order needs at least one inclusion and one exclusion")

// Corpus is the TF-IDF features of a review's studies (title and abstract
// of each study's representative record), built once and reused by every
// Rank call of a screening session: only the labels are read again.
type Corpus struct {
	Features *Features
	Studies  []int64 // study id of each feature row, ascending
	row      map[int64]int
}

// LoadCorpus reads the representative record of every study and builds
// the features with opt (FeaturesFor the model that will rank them).
func LoadCorpus(ctx context.Context, db *data.DB, opt FeatureOptions) (*Corpus, error) {
	c := &Corpus{row: map[int64]int{}}
	var texts []string
	err := db.Records(ctx, data.RecordFilter{RepOnly: true}, func(r data.Record) error {
		c.row[r.StudyID] = len(c.Studies)
		c.Studies = append(c.Studies, r.StudyID)
		texts = append(texts, r.Title+"\n"+r.Abstract)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load texts for ranking: %w", err)
	}
	c.Features = NewFeaturesWith(texts, opt)
	return c, nil
}

// Request says what to rank.
type Request struct {
	Stage    string // "ta" or "ft"
	Reviewer string // learn from this reviewer's decisions (and every resolution); "" = resolutions only
	Options         // model and seed
	// Candidates, when not nil, are the only studies ordered (e.g. the
	// full-text queue); otherwise every study without a label is.
	Candidates []int64
}

// Labels are the training labels of a stage as Rank reads them: per study,
// the latest resolution if there is one (and it is not void), else the
// reviewer's latest decision (include and maybe count as included; a
// retraction removes the label).
type Labels struct {
	Included          map[int64]bool
	DecisionThrough   int64 // highest decision id read
	ResolutionThrough int64 // highest resolution id read
}

// ReadLabels reads the labels of req's stage and reviewer.
func ReadLabels(ctx context.Context, db *data.DB, stage, reviewer string) (Labels, error) {
	l := Labels{Included: map[int64]bool{}}
	if reviewer != "" {
		rows, err := db.SQL().QueryContext(ctx,
			"SELECT id, study_id, verdict FROM decision WHERE stage = ? AND reviewer = ? ORDER BY id", stage, reviewer)
		if err != nil {
			return l, fmt.Errorf("read decisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, study int64
			var verdict string
			if err := rows.Scan(&id, &study, &verdict); err != nil {
				return l, fmt.Errorf("read decisions: %w", err)
			}
			l.DecisionThrough = id
			if verdict == "retract" {
				delete(l.Included, study)
			} else {
				l.Included[study] = verdict != "exclude"
			}
		}
		if err := rows.Err(); err != nil {
			return l, fmt.Errorf("read decisions: %w", err)
		}
	}
	res, err := db.Resolutions(ctx, stage)
	if err != nil {
		return l, fmt.Errorf("read resolutions: %w", err)
	}
	for study, r := range res {
		l.ResolutionThrough = max(l.ResolutionThrough, r.ID)
		if !r.Void {
			l.Included[study] = r.Verdict == data.VerdictInclude
		}
	}
	return l, nil
}

// Rank trains a model on the current labels of req's stage and stores the
// order of the unlabelled studies (or req.Candidates) as a ranking, which
// it returns with the whole order (the stored copy keeps the first
// data.RankingKeep). The model is trained afresh on the labels in study
// order, so the ranking can be rebuilt from its watermarks; the cost is
// one pass over the labelled rows and one over the rest (well under a
// second at 100 000 studies), cheap enough to run after every decision.
// A Corpus is safe for concurrent use. It returns ErrNotReady, storing nothing, while the labels
// lack an inclusion or an exclusion. Labels of studies not in the corpus
// (added after it was loaded) are ignored.
func (c *Corpus) Rank(ctx context.Context, db *data.DB, req Request) (*data.Ranking, error) {
	labels, err := ReadLabels(ctx, db, req.Stage, req.Reviewer)
	if err != nil {
		return nil, err
	}
	train := map[int]bool{}
	for study, inc := range labels.Included {
		if row, ok := c.row[study]; ok {
			train[row] = inc
		}
	}
	m, err := Train(c.Features, train, req.Options)
	if err != nil {
		return nil, err
	}
	if !m.Ready() {
		return nil, ErrNotReady
	}
	order := c.order(m, req.Candidates)
	inc, exc := m.Labelled()
	r := &data.Ranking{Stage: req.Stage, Reviewer: req.Reviewer, Model: m.Name(), Params: m.Params(), Seed: m.Seed(),
		TrainedIncluded: inc, TrainedExcluded: exc, DecisionThrough: labels.DecisionThrough,
		ResolutionThrough: labels.ResolutionThrough, Ranked: len(order), Order: order}
	if err := db.AddRanking(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// order lists the studies of the model's order, keeping only candidates
// when given (candidates not in the corpus go last, in the order given).
func (c *Corpus) order(m *Model, candidates []int64) []int64 {
	if candidates == nil {
		rows := m.Order()
		out := make([]int64, len(rows))
		for i, r := range rows {
			out[i] = c.Studies[r]
		}
		return out
	}
	scores := m.Scores()
	var known, unknown []int64
	for _, s := range candidates {
		if _, ok := c.row[s]; ok {
			known = append(known, s)
		} else {
			unknown = append(unknown, s)
		}
	}
	slices.SortStableFunc(known, func(a, b int64) int {
		sa, sb := scores[c.row[a]], scores[c.row[b]]
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return int(a - b)
	})
	return append(known, unknown...)
}

// Rank is LoadCorpus followed by Corpus.Rank, for a one-off ranking; a
// screening loop keeps the Corpus and calls its Rank after each decision.
func Rank(ctx context.Context, db *data.DB, req Request) (*data.Ranking, error) {
	c, err := LoadCorpus(ctx, db, FeaturesFor(req.Model))
	if err != nil {
		return nil, err
	}
	return c.Rank(ctx, db, req)
}
