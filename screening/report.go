package screening

import (
	"context"
	"math"
	"sort"
	"strconv"

	"github.com/oversikt/oversikt/data"
)

// Num is a statistic in JSON: rounded to four decimals, null when not
// defined (NaN).
type Num float64

// MarshalJSON writes the number rounded to four decimals, or null.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, math.Round(f*1e4)/1e4, 'f', -1, 64), nil
}

// Stats are the agreement statistics of one table.
type Stats struct {
	N                int    `json:"n"`
	PercentAgreement Num    `json:"percent_agreement"` // 0–100
	Kappa            Num    `json:"kappa"`
	KappaSE          Num    `json:"kappa_se"`
	KappaCI          [2]Num `json:"kappa_ci"`
	PABAK            Num    `json:"pabak"`
	AC1              Num    `json:"ac1"`
	Label            string `json:"label"` // Landis & Koch, of kappa
	Table            Table  `json:"table"` // rows: first reviewer; columns: second; in Categories order
}

// StatsOf computes every statistic of a table.
func StatsOf(t Table) Stats {
	lo, hi := t.KappaCI()
	k := t.Kappa()
	return Stats{N: int(t.Total()), PercentAgreement: Num(100 * t.PercentAgreement()), Kappa: Num(k), KappaSE: Num(t.KappaSE()),
		KappaCI: [2]Num{Num(lo), Num(hi)}, PABAK: Num(t.PABAK()), AC1: Num(t.AC1()), Label: LandisKoch(k), Table: t}
}

// PairAgreement is the agreement of two reviewers over the studies both
// decided.
type PairAgreement struct {
	A string `json:"a"`
	B string `json:"b"`
	Stats
}

// AgreementReport is a stage's agreement: over every pair of reviewers
// pooled (each study counted once per pair that decided it), and per pair.
type AgreementReport struct {
	Stage      string   `json:"stage"`
	MaybeRule  string   `json:"maybe_rule"`
	Categories []string `json:"categories"`
	SEMethod   string   `json:"se_method"`
	Stats
	Pairs []PairAgreement `json:"pairs"`
}

// SEMethod names the standard error behind the kappa confidence interval.
const SEMethod = "large-sample SE of Fleiss, Cohen and Everitt (1969); 95% CI = kappa ± 1.96 SE"

// Agreement computes the agreement report of a stage from each reviewer's
// current decision, the maybe rule applied.
func Agreement(ctx context.Context, db *data.DB, cfg Config, st Stage) (AgreementReport, error) {
	cats := []string{data.VerdictInclude, data.VerdictExclude}
	if cfg.Maybe == MaybeSeparate {
		cats = append(cats, data.VerdictMaybe)
	}
	index := map[string]int{}
	for i, c := range cats {
		index[c] = i
	}
	newTable := func() Table {
		t := make(Table, len(cats))
		for i := range t {
			t[i] = make([]float64, len(cats))
		}
		return t
	}
	tables := map[[2]string]Table{}
	var cur []data.Decision
	flush := func() {
		for i := range cur {
			for j := i + 1; j < len(cur); j++ {
				a, b := cur[i], cur[j] // ordered by reviewer
				key := [2]string{a.Reviewer, b.Reviewer}
				if tables[key] == nil {
					tables[key] = newTable()
				}
				tables[key][index[cfg.Counted(a.Verdict)]][index[cfg.Counted(b.Verdict)]]++
			}
		}
		cur = cur[:0]
	}
	err := db.StageDecisions(ctx, string(st), func(d data.Decision) error {
		if len(cur) > 0 && cur[0].StudyID != d.StudyID {
			flush()
		}
		cur = append(cur, d)
		return nil
	})
	if err != nil {
		return AgreementReport{}, err
	}
	flush()
	rep := AgreementReport{Stage: string(st), MaybeRule: cfg.MaybeRule(), Categories: cats, SEMethod: SEMethod, Pairs: []PairAgreement{}}
	pooled := newTable()
	var keys [][2]string
	for k := range tables {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		t := tables[k]
		for i := range t {
			for j := range t[i] {
				pooled[i][j] += t[i][j]
			}
		}
		rep.Pairs = append(rep.Pairs, PairAgreement{A: k[0], B: k[1], Stats: StatsOf(t)})
	}
	rep.Stats = StatsOf(pooled)
	return rep, nil
}

// StageStatus counts where the studies of a stage stand.
type StageStatus struct {
	Stage         string `json:"stage"`
	K             int    `json:"k"`
	MaybeRule     string `json:"maybe_rule"`
	Eligible      int    `json:"eligible"`        // ta: every study; ft: included at ta
	Unscreened    int    `json:"unscreened"`      // no decision yet
	ScreenedByOne int    `json:"screened_by_one"` // some but fewer than needed
	ScreenedByAll int    `json:"screened_by_all"` // every needed decision in
	Conflicts     int    `json:"conflicts"`       // needed decisions disagree, unresolved
	Resolved      int    `json:"resolved"`
	Included      int    `json:"included"`
	Excluded      int    `json:"excluded"`
}

// Status counts each stage's studies.
func Status(ctx context.Context, db *data.DB, cfg Config) ([]StageStatus, error) {
	all, err := db.StudyOrder(ctx)
	if err != nil {
		return nil, err
	}
	var out []StageStatus
	eligible := all
	for _, st := range Stages {
		res, err := db.Resolutions(ctx, string(st))
		if err != nil {
			return nil, err
		}
		byStudy := map[int64][]data.Decision{}
		err = db.StageDecisions(ctx, string(st), func(d data.Decision) error {
			byStudy[d.StudyID] = append(byStudy[d.StudyID], d)
			return nil
		})
		if err != nil {
			return nil, err
		}
		s := StageStatus{Stage: string(st), K: cfg.K, MaybeRule: cfg.MaybeRule(), Eligible: len(eligible)}
		var included []int64
		for _, id := range eligible {
			ds := byStudy[id]
			need := cfg.Need(id)
			switch {
			case len(ds) == 0:
				s.Unscreened++
			case len(ds) < need:
				s.ScreenedByOne++
			default:
				s.ScreenedByAll++
			}
			r, ok := res[id]
			if !ok {
				if state, _ := cfg.Outcome(ds, need); state == Conflict {
					s.Conflicts++
				}
				continue
			}
			s.Resolved++
			if r.Verdict == data.VerdictInclude {
				s.Included++
				included = append(included, id)
			} else {
				s.Excluded++
			}
		}
		out = append(out, s)
		eligible = included
	}
	return out, nil
}
