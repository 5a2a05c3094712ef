package synthesis

import (
	"sort"
	"strconv"

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

// FindingRow is one line of the factors or barriers summary: how many
// included studies of each evidence type report a code, and which.
type FindingRow struct {
	Code       string `csv:"code" json:"code"`
	LabelEN    string `csv:"label_en" json:"label_en"`
	LabelNB    string `csv:"label_nb" json:"label_nb"`
	Studies    int    `csv:"studies" json:"studies"`
	Reviews    int    `csv:"systematic_reviews" json:"systematic_reviews"`
	Primary    int    `csv:"primary_research" json:"primary_research"`
	Experience int    `csv:"experience_reports" json:"experience_reports"`
	Unknown    int    `csv:"unclassified" json:"unclassified"`
	Refs       string `csv:"refs" json:"refs"`
	StudyIDs   string `csv:"study_ids" json:"study_ids"`
	Confidence string `csv:"confidence" json:"confidence"`
	Reasons    string `csv:"confidence_reasons" json:"confidence_reasons"`
}

// FindingRows returns the summary rows of one evidence kind, as Findings
// orders them.
func (ev *Evidence) FindingRows(kind string) []FindingRow {
	rows := []FindingRow{}
	for _, f := range ev.Findings(kind) {
		r := FindingRow{Code: f.Code.Slug, LabelEN: f.Code.Labels.In("en"), LabelNB: f.Code.Labels.In("nb"), Studies: f.N(),
			Reviews: len(f.By[EvidenceReview]), Primary: len(f.By[EvidencePrimary]), Experience: len(f.By[EvidenceExperience]),
			Unknown: len(f.By[EvidenceUnknown]), Refs: refs(f.Studies)}
		ids := make([]int, len(f.Studies))
		for i, s := range f.Studies {
			ids[i] = int(s.ID)
		}
		sort.Ints(ids)
		for i, id := range ids {
			if i > 0 {
				r.StudyIDs += "; "
			}
			r.StudyIDs += strconv.Itoa(id)
		}
		if f.Rating != nil {
			r.Confidence = f.Rating.Level.Label("en")
			for i, s := range f.Rating.Reasons {
				if i > 0 {
					r.Reasons += "; "
				}
				r.Reasons += s
			}
		}
		rows = append(rows, r)
	}
	return rows
}
