package screening

import (
	"context"

	"github.com/oversikt/oversikt/data"
)

// Unblinded returns, for a stage, the studies on which reviewer may see
// the other reviewers' decisions: those resolved, and those the reviewer
// decided once every needed decision is in. An empty reviewer gets only
// the resolved studies.
func Unblinded(ctx context.Context, db *data.DB, cfg Config, st Stage, reviewer string) (map[int64]bool, error) {
	res, err := db.Resolutions(ctx, string(st))
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(res))
	for id := range res {
		out[id] = true
	}
	var cur []data.Decision
	flush := func() {
		if len(cur) == 0 {
			return
		}
		id := cur[0].StudyID
		mine := false
		for _, d := range cur {
			mine = mine || d.Reviewer == reviewer
		}
		if mine && len(cur) >= cfg.Need(id) {
			out[id] = true
		}
		cur = cur[:0]
	}
	err = db.StageDecisions(ctx, string(st), func(d data.Decision) error {
		if len(cur) > 0 && cur[0].StudyID != d.StudyID {
			flush()
		}
		cur = append(cur, d)
		return nil
	})
	flush()
	return out, err
}

// VisibleDecisions calls fn, in the order stored, with the decision events
// of a stage ("" for every stage) that reviewer may see without breaking
// blinding: their own, and the others' on studies Unblinded for them. With
// unblind set it passes every event (for the review's lead, after
// screening).
func VisibleDecisions(ctx context.Context, db *data.DB, cfg Config, stage string, reviewer string, unblind bool, fn func(data.Decision) error) error {
	visible := map[string]map[int64]bool{}
	if !unblind {
		for _, st := range Stages {
			if stage != "" && string(st) != stage {
				continue
			}
			u, err := Unblinded(ctx, db, cfg, st, reviewer)
			if err != nil {
				return err
			}
			visible[string(st)] = u
		}
	}
	return db.DecisionEvents(ctx, stage, func(d data.Decision) error {
		if unblind || d.Reviewer == reviewer || visible[d.Stage][d.StudyID] {
			return fn(d)
		}
		return nil
	})
}
