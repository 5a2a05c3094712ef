package synthesis

import (
	"sort"

	"github.com/oversikt/oversikt/screening/coding"
)

// Direction slugs of the default codebook's directions.
const (
	DirImproved     = "improved"
	DirTrend        = "trend_ns"
	DirNoDifference = "no_difference"
	DirMixed        = "mixed"
	DirWorse        = "worse"
	DirUnclear      = "unclear"
)

// Directions lists the direction slugs in the order tables show them.
var Directions = []string{DirImproved, DirTrend, DirNoDifference, DirMixed, DirWorse, DirUnclear}

// Vote is how a direction counts when votes are counted by direction of
// effect (SWiM; Cochrane Handbook 12.4.2.3): the sign of the effect,
// whatever its statistical significance. A positive trend that is not
// significant is a positive vote; no difference, mixed and unclear results
// have no direction to count.
func Vote(direction string) int {
	switch direction {
	case DirImproved, DirTrend:
		return 1
	case DirWorse:
		return -1
	}
	return 0
}

// StudyEffect is the direction of effect one study found on one outcome.
type StudyEffect struct {
	Study     *Study
	Direction string
}

// Votes counts studies by direction of effect: Positive (improved or a
// positive trend), Negative (worse), and None (no difference, mixed or
// unclear); By counts each direction slug.
type Votes struct {
	Positive int            `json:"positive"`
	Negative int            `json:"negative"`
	None     int            `json:"none"`
	By       map[string]int `json:"by_direction"`
}

// N is the number of studies counted.
func (v Votes) N() int { return v.Positive + v.Negative + v.None }

func (v *Votes) add(direction string) {
	if v.By == nil {
		v.By = map[string]int{}
	}
	v.By[direction]++
	switch Vote(direction) {
	case 1:
		v.Positive++
	case -1:
		v.Negative++
	default:
		v.None++
	}
}

// EffectGroup is one evidence type's studies of an outcome.
type EffectGroup struct {
	Evidence string
	Effects  []StudyEffect // primary research by design (codebook order), then reference number
	Votes    Votes
}

// OutcomeEffects is the synthesis of one outcome: its studies grouped by
// evidence type (in EvidenceTypes order, only types with studies), the
// votes over all of them, and the certainty rating when one is recorded.
type OutcomeEffects struct {
	Code   coding.Code
	Groups []EffectGroup
	Votes  Votes
	Rating *Rating
}

// Studies returns every study of the outcome, group by group.
func (o OutcomeEffects) Studies() []*Study {
	var ss []*Study
	for _, g := range o.Groups {
		for _, e := range g.Effects {
			ss = append(ss, e.Study)
		}
	}
	return ss
}

// Effects synthesises every outcome (effect code of the codebook, in its
// order) from the settled directions of the included studies. Outcomes no
// study measured are left out.
func (ev *Evidence) Effects() []OutcomeEffects {
	designRank := ev.designRank()
	var out []OutcomeEffects
	for _, c := range ev.Book.CodesOf(coding.EvidenceEffect) {
		byType := map[string]*EffectGroup{}
		o := OutcomeEffects{Code: c}
		for _, s := range ev.Studies {
			d := s.Values[c.Slug]
			if d == "" {
				continue
			}
			g := byType[s.Evidence]
			if g == nil {
				g = &EffectGroup{Evidence: s.Evidence}
				byType[s.Evidence] = g
			}
			g.Effects = append(g.Effects, StudyEffect{Study: s, Direction: d})
			g.Votes.add(d)
			o.Votes.add(d)
		}
		if o.Votes.N() == 0 {
			continue
		}
		for _, t := range EvidenceTypes {
			if g := byType[t]; g != nil {
				sort.SliceStable(g.Effects, func(i, j int) bool {
					return designRank(g.Effects[i].Study.Design) < designRank(g.Effects[j].Study.Design)
				})
				o.Groups = append(o.Groups, *g)
			}
		}
		if r, ok := ev.Ratings[c.Slug]; ok {
			o.Rating = &r
		}
		out = append(out, o)
	}
	return out
}

// designRank orders designs as the codebook lists them (strongest first in
// the default codebook); unknown designs go last.
func (ev *Evidence) designRank() func(string) int {
	rank := map[string]int{}
	if c, ok := ev.Book.Code(designCode); ok {
		for i, o := range c.Options {
			rank[o.Slug] = i + 1
		}
	}
	return func(d string) int {
		if r, ok := rank[d]; ok {
			return r
		}
		return len(rank) + 1
	}
}

// EffectRow is one line of the effects table: one study's direction of
// effect on one outcome.
type EffectRow struct {
	Outcome   string `csv:"outcome" json:"outcome"`
	Label     string `csv:"outcome_label" json:"outcome_label"`
	Evidence  string `csv:"evidence_type" json:"evidence_type"`
	Design    string `csv:"design" json:"design"`
	StudyID   int64  `csv:"study_id" json:"study_id"`
	Ref       int    `csv:"ref" json:"ref"`
	Study     string `csv:"study" json:"study"`
	Direction string `csv:"direction" json:"direction"`
	Vote      int    `csv:"vote" json:"vote"` // 1 positive, -1 negative, 0 no direction
	Certainty string `csv:"certainty" json:"certainty"`
}

// EffectRows flattens the effects for export, outcome by outcome in
// codebook order, then by evidence type, design and reference number.
// Labels are English; Certainty is the outcome's GRADE level, "" when not
// assessed.
func (ev *Evidence) EffectRows() []EffectRow {
	rows := []EffectRow{}
	for _, o := range ev.Effects() {
		cert := ""
		if o.Rating != nil {
			cert = o.Rating.Level.Label("en")
		}
		for _, g := range o.Groups {
			for _, e := range g.Effects {
				rows = append(rows, EffectRow{Outcome: o.Code.Slug, Label: o.Code.Labels.In("en"), Evidence: evidenceSlug(g.Evidence),
					Design: e.Study.Design, StudyID: e.Study.ID, Ref: e.Study.Ref, Study: coding.Cite(e.Study.Record),
					Direction: e.Direction, Vote: Vote(e.Direction), Certainty: cert})
			}
		}
	}
	return rows
}

func evidenceSlug(t string) string {
	if t == EvidenceUnknown {
		return "unclassified"
	}
	return t
}
