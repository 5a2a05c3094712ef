package synthesis

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

// The evidence types findings are reported by, never mixed: the default
// codebook's source_type options, and "" for a study whose type is not
// coded yet.
const (
	EvidenceReview     = "src_sr"
	EvidencePrimary    = "src_primary"
	EvidenceExperience = "src_experience"
	EvidenceUnknown    = ""
)

// EvidenceTypes are the evidence types in the order findings are told:
// systematic reviews, primary research, experience and evaluation reports,
// then studies not classified yet.
var EvidenceTypes = []string{EvidenceReview, EvidencePrimary, EvidenceExperience, EvidenceUnknown}

// Codes of the default codebook the synthesis reads study characteristics
// from (designCode is in certainty.go).
const (
	sourceTypeCode = "source_type"
	settingCode    = "setting"
	countryCode    = "country"
)

// Study is an included study as the synthesis sees it: its representative
// record, its reference number, and its settled (reconciled or agreed)
// codings.
type Study struct {
	ID        int64             `json:"study_id" csv:"study_id"`
	Ref       int               `json:"ref"`
	Record    data.Record       `json:"-"`
	Evidence  string            `json:"evidence"` // one of EvidenceTypes
	Design    string            `json:"design"`   // design option slug, "" when not settled
	Settings  []string          `json:"settings"` // setting option slugs
	Countries []string          `json:"countries"`
	Values    map[string]string `json:"values"` // code slug → settled value
}

// Evidence is the body of evidence of a review: the codebook in force, the
// included studies in reference order, and the certainty ratings in force.
type Evidence struct {
	Book    coding.Book
	Studies []*Study
	Ratings map[string]Rating
	byID    map[int64]*Study
}

// LoadEvidence reads the included studies (resolved include at title/
// abstract and full text), their settled codings and the certainty
// ratings. Studies are numbered for citation in alphabetical order of
// their first author, then year and title (studies without authors sort by
// title), so a reference keeps its number however the review is screened.
func LoadEvidence(ctx context.Context, db *data.DB) (*Evidence, error) {
	b, err := coding.InForce(ctx, db)
	if err != nil {
		return nil, err
	}
	recs, err := IncludedRecords(ctx, db)
	if err != nil {
		return nil, err
	}
	ev := &Evidence{Book: b, byID: make(map[int64]*Study, len(recs))}
	for _, r := range recs {
		s := &Study{ID: r.StudyID, Record: r, Values: map[string]string{}}
		ev.Studies = append(ev.Studies, s)
		ev.byID[s.ID] = s
	}
	items, err := coding.Items(ctx, db)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		s := ev.byID[it.StudyID]
		if s == nil || !it.Settled() {
			continue
		}
		if v := it.FinalValue(); v != "" {
			s.Values[it.Code] = v
		}
	}
	for _, s := range ev.Studies {
		s.Design = s.Values[designCode]
		s.Evidence = evidenceOf(s.Values[sourceTypeCode], s.Design)
		s.Settings = splitValues(s.Values[settingCode])
		s.Countries = splitValues(s.Values[countryCode])
	}
	sort.SliceStable(ev.Studies, func(i, j int) bool { return sortKey(ev.Studies[i].Record) < sortKey(ev.Studies[j].Record) })
	for i, s := range ev.Studies {
		s.Ref = i + 1
	}
	ev.Ratings, err = Ratings(ctx, db)
	if err != nil {
		return nil, err
	}
	return ev, nil
}

// Study returns the included study with that id, or nil.
func (ev *Evidence) Study(id int64) *Study { return ev.byID[id] }

// evidenceOf is a study's evidence type: the coded source type, else what
// the design implies (a systematic review, an evaluation report, primary
// research for any other design), else unknown.
func evidenceOf(source, design string) string {
	switch {
	case source != "":
		return source
	case design == "sr":
		return EvidenceReview
	case design == "eval_report":
		return EvidenceExperience
	case design != "":
		return EvidencePrimary
	}
	return EvidenceUnknown
}

func splitValues(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sortKey orders references: first author's family name, year, title,
// folded to lower case; the study id breaks ties.
func sortKey(r data.Record) string {
	who := ""
	if len(r.Authors) > 0 {
		who = r.Authors[0]
	} else {
		who = r.Title
	}
	return strings.ToLower(who) + "\x00" + leftPad(r.Year) + "\x00" + strings.ToLower(r.Title) + "\x00" + leftPad(int(r.StudyID))
}

func leftPad(n int) string { return fmt.Sprintf("%012d", n) }

// refs writes the reference numbers of studies as "[1, 4, 7]", sorted.
func refs(ss []*Study) string {
	if len(ss) == 0 {
		return ""
	}
	ns := make([]int, len(ss))
	for i, s := range ss {
		ns[i] = s.Ref
	}
	sort.Ints(ns)
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
