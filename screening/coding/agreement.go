package coding

import (
	"context"
	"math"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

// CodeAgreement is how often two reviewers gave a code the same value over
// the studies both finished. Kappa is Cohen's kappa over the values given
// (a flag not set counts as "no"; any other code not set counts as its own
// category), with its 95 % interval and Landis & Koch label; it is nil
// where undefined — when chance agreement is 1 because both reviewers gave
// one and the same value throughout — and Percent is then the measure to
// read. PABAK is the prevalence- and bias-adjusted kappa (flags: 2pₒ − 1).
type CodeAgreement struct {
	Code      string    `json:"code"`
	Group     string    `json:"group"`
	Evidence  string    `json:"evidence"`
	Type      ValueType `json:"type"`
	N         int       `json:"n"`
	Agree     int       `json:"agree"`
	Percent   float64   `json:"percent"`
	Kappa     *float64  `json:"kappa"`
	KappaLow  *float64  `json:"kappa_low,omitempty"`
	KappaHigh *float64  `json:"kappa_high,omitempty"`
	Label     string    `json:"label,omitempty"`
	PABAK     *float64  `json:"pabak,omitempty"`
	Note      string    `json:"note,omitempty"`
}

// Agreement returns the per-code agreement of the review's codings in
// codebook order, over the studies two reviewers have marked done (the
// first two, when more did). Final values do not enter it.
func Agreement(ctx context.Context, db *data.DB) ([]CodeAgreement, error) {
	b, err := InForce(ctx, db)
	if err != nil {
		return nil, err
	}
	pairs, ids, err := codedPairs(ctx, db)
	if err != nil {
		return nil, err
	}
	codings, err := db.CurrentCodings(ctx, 0, "")
	if err != nil {
		return nil, err
	}
	value := map[[3]any]string{}
	for _, c := range codings {
		value[[3]any{c.StudyID, c.Reviewer, c.Code}] = c.Value
	}
	var out []CodeAgreement
	for _, c := range b.Codes() {
		ca := CodeAgreement{Code: c.Slug, Group: c.Group, Evidence: c.Evidence, Type: c.Type}
		var as, bs []string
		for _, id := range ids {
			p := pairs[id]
			as = append(as, category(&c, value[[3]any{id, p[0], c.Slug}]))
			bs = append(bs, category(&c, value[[3]any{id, p[1], c.Slug}]))
		}
		t := table(&c, as, bs)
		ca.N, ca.Agree = len(as), agreeing(as, bs)
		ca.Kappa = num(t.Kappa())
		lo, hi := t.KappaCI()
		ca.KappaLow, ca.KappaHigh = num(lo), num(hi)
		ca.Label = screening.LandisKoch(t.Kappa())
		ca.PABAK = num(t.PABAK())
		switch {
		case ca.N == 0:
			ca.Note = "no study finished by two reviewers"
		case ca.Kappa == nil:
			ca.Note = "kappa undefined: both reviewers gave one value throughout; read percent agreement"
		}
		if ca.N > 0 {
			ca.Percent = 100 * float64(ca.Agree) / float64(ca.N)
		}
		out = append(out, ca)
	}
	return out, nil
}

func category(c *Code, v string) string {
	v = effective(c, v)
	if v == "" && c.Type == Flag {
		return "no"
	}
	return v
}

// table builds the agreement table of two reviewers' categories; a flag
// always has the two categories yes and no.
func table(c *Code, a, b []string) screening.Table {
	idx := map[string]int{}
	var cats []string
	if c.Type == Flag {
		cats = []string{"yes", "no"}
	}
	cats = append(cats, a...)
	cats = append(cats, b...)
	for _, k := range cats {
		if _, ok := idx[k]; !ok {
			idx[k] = len(idx)
		}
	}
	t := make(screening.Table, len(idx))
	for i := range t {
		t[i] = make([]float64, len(idx))
	}
	for i := range a {
		t[idx[a[i]]][idx[b[i]]]++
	}
	return t
}

func agreeing(a, b []string) int {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return n
}

// num returns nil for NaN, so JSON shows null where a statistic is
// undefined.
func num(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}
