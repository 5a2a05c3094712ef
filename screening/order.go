package screening

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/oversikt/oversikt/data"
)

// Orderer puts a reviewer's candidate studies in the order the session
// shows them. Name is stored with each decision (shown_by); RankingID is
// the stored ranking the order came from (0: none).
type Orderer interface {
	Name() string
	Order(ctx context.Context, db *data.DB, st Stage, ids []int64) ([]int64, error)
	RankingID() int64
}

// Learner is an Orderer that learns from decisions as they arrive
// (prioritised screening). After Observe returns true the session asks it
// for a new order of the studies still waiting.
type Learner interface {
	Orderer
	Observe(studyID int64, verdict string) (reorder bool)
}

// FileOrder shows studies in the order their records appear in the
// imported files.
type FileOrder struct{}

// Name returns "file".
func (FileOrder) Name() string { return "file" }

// Order returns ids unchanged (they come in file order).
func (FileOrder) Order(_ context.Context, _ *data.DB, _ Stage, ids []int64) ([]int64, error) {
	return ids, nil
}

// RankingID returns 0: file order is not a ranking.
func (FileOrder) RankingID() int64 { return 0 }

// RandomOrder shows studies in a random order fixed by Seed: the same seed
// gives every reviewer the same order.
type RandomOrder struct{ Seed int64 }

// Name returns "random".
func (RandomOrder) Name() string { return "random" }

// Order returns a seeded permutation of ids.
func (o RandomOrder) Order(_ context.Context, _ *data.DB, _ Stage, ids []int64) ([]int64, error) {
	out := slices.Clone(ids)
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x6f766572))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// RankingID returns 0.
func (RandomOrder) RankingID() int64 { return 0 }

// queryOrder keeps another order but restricts it to the studies a search
// matched; decisions record "query" as how they were shown.
type queryOrder struct {
	Orderer
	only map[int64]bool
}

func (q queryOrder) Name() string { return "query" }

// Observe passes decisions on to a learning order.
func (q queryOrder) Observe(id int64, verdict string) bool {
	if l, ok := q.Orderer.(Learner); ok {
		return l.Observe(id, verdict)
	}
	return false
}

func (q queryOrder) Order(ctx context.Context, db *data.DB, st Stage, ids []int64) ([]int64, error) {
	var kept []int64
	for _, id := range ids {
		if q.only[id] {
			kept = append(kept, id)
		}
	}
	return q.Orderer.Order(ctx, db, st, kept)
}

// ParseOrder returns the Orderer for a name: file or random. Priority is
// built by the caller from the ranking package (see NewPriority when it is
// wired); here it returns ErrNoPriority.
func ParseOrder(name string, seed int64) (Orderer, error) {
	switch name {
	case "", "file":
		return FileOrder{}, nil
	case "random":
		return RandomOrder{Seed: seed}, nil
	case "priority":
		return nil, ErrNoPriority
	}
	return nil, fmt.Errorf("unknown order %q: use file, random or priority", name)
}

// Allocate splits a stage's eligible studies among reviewers: each study
// goes to cfg.Need(study) of them (at most all of them), taken in turn so
// every reviewer gets a near-equal share.
func Allocate(ctx context.Context, db *data.DB, cfg Config, st Stage, reviewers []string) (map[string][]int64, error) {
	ids, err := db.StudyOrder(ctx)
	if err != nil {
		return nil, err
	}
	if st == FullText {
		res, err := db.Resolutions(ctx, string(TitleAbstract))
		if err != nil {
			return nil, err
		}
		ids = keep(ids, func(id int64) bool { r, ok := res[id]; return ok && r.Verdict == data.VerdictInclude })
	}
	out := map[string][]int64{}
	next := 0
	for _, id := range ids {
		need := min(cfg.Need(id), len(reviewers))
		for range need {
			r := reviewers[next%len(reviewers)]
			out[r] = append(out[r], id)
			next++
		}
	}
	return out, nil
}
