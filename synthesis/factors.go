package synthesis

import (
	"sort"

	"github.com/oversikt/oversikt/screening/coding"
)

// Finding is one success factor or barrier: the included studies that
// report it (settled flag "yes"), grouped by evidence type, and its
// CERQual-style confidence when one is recorded.
type Finding struct {
	Code    coding.Code
	Studies []*Study            // in reference order
	By      map[string][]*Study // evidence type → studies
	Rating  *Rating
}

// N is how many studies report the finding.
func (f Finding) N() int { return len(f.Studies) }

// Findings returns the codes of one evidence kind (coding.EvidenceFactor
// or coding.EvidenceBarrier) that at least one included study reports,
// most often reported first, ties in codebook order.
func (ev *Evidence) Findings(kind string) []Finding {
	var out []Finding
	for _, c := range ev.Book.CodesOf(kind) {
		f := Finding{Code: c, By: map[string][]*Study{}}
		for _, s := range ev.Studies {
			if s.Values[c.Slug] == "yes" {
				f.Studies = append(f.Studies, s)
				f.By[s.Evidence] = append(f.By[s.Evidence], s)
			}
		}
		if f.N() == 0 {
			continue
		}
		if r, ok := ev.Ratings[c.Slug]; ok {
			f.Rating = &r
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].N() > out[j].N() })
	return out
}
