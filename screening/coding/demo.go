package coding

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"

	"github.com/oversikt/oversikt/data"
)

//go:embed demo_codings.csv
var demoCSV []byte

// DemoCodingsCSV returns two reviewers' (Anne's and Bjørn's) codings of
// the worked example's learning-network studies, as CSV for Import. Every
// row says in its grounding column which fact of DOMAIN.md (§8, or §2 for
// the Knowledge Centre report) it rests on; nothing is coded that those
// facts do not state, and the quote column is empty because no paper text
// was at hand. A few rows are honest disagreements between the two
// reviewers, said so in their grounding, for the demo to reconcile.
func DemoCodingsCSV() []byte { return append([]byte(nil), demoCSV...) }

// LoadDemo imports DemoCodingsCSV into db, matching studies by title
// prefix, DOI or PMID. Rows whose study is not in the review are listed as
// skipped; rows on studies not included at full text are problems. Each
// reviewer's studies are marked done, ready for reconciliation.
func LoadDemo(ctx context.Context, db *data.DB) (ImportResult, error) {
	return Import(ctx, db, "demo_codings.csv", bytes.NewReader(demoCSV), ImportOptions{SkipMissing: true, Via: "demo"})
}

// demoSettlements are the demo disagreements DOMAIN.md §8 settles; the
// others (how to code a professional environment, a review's country, a
// "lessons from research" paper's design) are left for the user.
var demoSettlements = []struct{ title, code, value, note string }{
	{"Effects of a quality improvement collaborative on the outcome of care", "out_patient", "trend_ns",
		"DOMAIN.md §8: +11.0 vs +5.3 points, not significant: a positive trend, not no difference"},
	{"An intervention to decrease catheter-related bloodstream infections", "design", "uba",
		"DOMAIN.md §8: uncontrolled; a time series is not stated"},
	{"How collaborative are quality improvement collaboratives", "bar_measurement_burden", "yes",
		"DOMAIN.md §8 names measurement burden"},
}

// ReconcileDemo settles the demo codings the way a third reviewer would:
// it records every agreement (AutoAgree), then settles the disagreements
// that DOMAIN.md §8 decides, with the fact in the note. It returns how
// many values it recorded; the remaining differences stay for
// `oversikt reconcile`.
func ReconcileDemo(ctx context.Context, db *data.DB, resolver string) (int, error) {
	auto, err := AutoAgree(ctx, db, resolver)
	if err != nil {
		return 0, err
	}
	n := len(auto)
	inc, err := includedSet(ctx, db)
	if err != nil {
		return n, err
	}
	for _, s := range demoSettlements {
		id, err := findStudy(ctx, db, inc, "", "", "", s.title)
		if err != nil {
			continue // the study is not in this review
		}
		if _, err := Resolve(ctx, db, id, s.code, s.value, resolver, s.note); err != nil {
			return n, fmt.Errorf("settle %s on %q: %w", s.code, s.title, err)
		}
		n++
	}
	return n, nil
}
