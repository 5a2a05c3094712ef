package screening

import (
	"context"
	"errors"
	"fmt"

	"github.com/oversikt/oversikt/data"
)

// State is where a study stands at a stage.
type State int

// The states of a study at a stage.
const (
	Pending  State = iota // fewer decisions than needed
	Agreed                // every needed decision agrees (after the maybe rule)
	Conflict              // enough decisions, and they disagree
)

// Outcome returns the state of a study given its current decisions and the
// number it needs, and the agreed verdict (include or exclude) when Agreed.
func (c Config) Outcome(current []data.Decision, need int) (State, string) {
	if len(current) < need || len(current) == 0 {
		return Pending, ""
	}
	v := c.Counted(current[0].Verdict)
	for _, d := range current[1:] {
		if c.Counted(d.Verdict) != v {
			return Conflict, ""
		}
	}
	if v == data.VerdictMaybe {
		return Conflict, ""
	}
	return Agreed, v
}

// autoResolve returns the data.ResolveFunc that keeps a study's automatic
// resolution in step with its decisions: it appends an agreement (or, when
// one decision is needed, single) resolution when the needed decisions
// agree, and voids an automatic resolution the decisions no longer
// support. A resolution made by people (consensus, third reviewer) stands.
func (c Config) autoResolve(need int) data.ResolveFunc {
	return func(current []data.Decision, latest *data.Resolution) *data.Resolution {
		live := latest != nil && !latest.Void
		if live && latest.Method != data.MethodAgreement && latest.Method != data.MethodSingle {
			return nil
		}
		state, verdict := c.Outcome(current, need)
		if state == Agreed {
			method := data.MethodAgreement
			if need == 1 && len(current) == 1 {
				method = data.MethodSingle
			}
			if live && latest.Verdict == verdict && latest.Method == method {
				return nil
			}
			return &data.Resolution{Verdict: verdict, Method: method}
		}
		if live {
			return &data.Resolution{Verdict: latest.Verdict, Method: latest.Method, Void: true,
				Note: "decisions changed after the resolution"}
		}
		return nil
	}
}

// Record stores one decision and keeps the study's resolution in step, in
// one transaction. It checks the verdict and reason (see Config.Reason)
// and, at full text, that the study was included at title/abstract.
func Record(ctx context.Context, db *data.DB, cfg Config, d *data.Decision) error {
	st, err := ParseStage(d.Stage)
	if err != nil {
		return err
	}
	d.Stage = string(st)
	if d.Verdict != data.VerdictRetract {
		if d.Verdict, err = ParseVerdict(d.Verdict); err != nil {
			return err
		}
		if d.Verdict == data.VerdictExclude {
			if d.Reason, err = cfg.Reason(st, d.Verdict, d.Reason); err != nil {
				return err
			}
		}
	}
	if st == FullText && d.Verdict != data.VerdictRetract {
		if err := requireIncludedAtTA(ctx, db, d.StudyID); err != nil {
			return err
		}
	}
	return db.AddDecision(ctx, d, cfg.autoResolve(cfg.Need(d.StudyID)))
}

// ErrNotAtFullText is returned for a full-text decision on a study that
// was not included at title/abstract.
var ErrNotAtFullText = errors.New("not included at title/abstract, so not at full text")

func requireIncludedAtTA(ctx context.Context, db *data.DB, studyID int64) error {
	r, err := db.LatestResolution(ctx, studyID, string(TitleAbstract))
	if err != nil {
		return err
	}
	if r == nil || r.Void || r.Verdict != data.VerdictInclude {
		return fmt.Errorf("study %d: %w", studyID, ErrNotAtFullText)
	}
	return nil
}

// Resolve records people's final verdict on a study at a stage (method
// consensus or third-reviewer) by resolver. It overrides an automatic
// resolution and any earlier manual one.
func Resolve(ctx context.Context, db *data.DB, studyID int64, st Stage, verdict, method, resolver, note string) (*data.Resolution, error) {
	switch verdict {
	case data.VerdictInclude, data.VerdictExclude:
	default:
		return nil, inputErrorf("resolve study %d: verdict %q: use include or exclude", studyID, verdict)
	}
	switch method {
	case data.MethodConsensus, data.MethodThirdReviewer:
	default:
		return nil, inputErrorf("resolve study %d: method %q: use consensus or third-reviewer", studyID, method)
	}
	if _, err := db.StudyRecord(ctx, studyID); err != nil {
		return nil, err
	}
	r := &data.Resolution{StudyID: studyID, Stage: string(st), Verdict: verdict, Method: method, Resolver: resolver, Note: note}
	if err := db.AddResolution(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// StudyConflict is a study whose needed decisions disagree and that no
// resolution settles yet.
type StudyConflict struct {
	StudyID   int64           `json:"study_id"`
	Title     string          `json:"title"`
	Decisions []data.Decision `json:"decisions"`
}

// Conflicts lists the unresolved disagreements at a stage, by study id.
// Every decision listed was made by a reviewer who has decided, and all
// needed decisions are in, so listing them does not break blinding.
func Conflicts(ctx context.Context, db *data.DB, cfg Config, st Stage) ([]StudyConflict, error) {
	res, err := db.Resolutions(ctx, string(st))
	if err != nil {
		return nil, err
	}
	var out []StudyConflict
	var cur []data.Decision
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		id := cur[0].StudyID
		if _, ok := res[id]; !ok {
			if state, _ := cfg.Outcome(cur, cfg.Need(id)); state == Conflict {
				rec, err := db.StudyRecord(ctx, id)
				if err != nil && !errors.Is(err, data.ErrNotFound) {
					return err
				}
				out = append(out, StudyConflict{StudyID: id, Title: rec.Title, Decisions: cur})
			}
		}
		cur = nil
		return nil
	}
	err = db.StageDecisions(ctx, string(st), func(d data.Decision) error {
		if len(cur) > 0 && cur[0].StudyID != d.StudyID {
			if err := flush(); err != nil {
				return err
			}
		}
		cur = append(cur, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, flush()
}
