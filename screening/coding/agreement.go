package coding

import (
	"context"

	"github.com/oversikt/oversikt/data"
)

// CodeAgreement is how often two reviewers gave a code the same value over
// the studies both finished. Kappa is Cohen's kappa over the values given
// (a flag not set counts as "no"; any other code not set counts as its own
// category); it is nil where undefined — when chance agreement is 1
// because both reviewers gave one and the same value throughout — and
// Percent is then the measure to read.
type CodeAgreement struct {
	Code     string    `json:"code"`
	Group    string    `json:"group"`
	Evidence string    `json:"evidence"`
	Type     ValueType `json:"type"`
	N        int       `json:"n"`
	Agree    int       `json:"agree"`
	Percent  float64   `json:"percent"`
	Kappa    *float64  `json:"kappa"`
	Note     string    `json:"note,omitempty"`
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
		ca.N, ca.Agree, ca.Kappa = kappa(as, bs)
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

// kappa returns the number of pairs, how many agree, and Cohen's kappa
// (nil when chance agreement is 1 or there are no pairs).
func kappa(a, b []string) (n, agree int, k *float64) {
	n = len(a)
	if n == 0 {
		return 0, 0, nil
	}
	ca, cb := map[string]int{}, map[string]int{}
	for i := range a {
		if a[i] == b[i] {
			agree++
		}
		ca[a[i]]++
		cb[b[i]]++
	}
	po := float64(agree) / float64(n)
	pe := 0.0
	for cat, na := range ca {
		pe += float64(na) / float64(n) * float64(cb[cat]) / float64(n)
	}
	if pe >= 1 {
		return n, agree, nil
	}
	v := (po - pe) / (1 - pe)
	return n, agree, &v
}
