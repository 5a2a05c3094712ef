package coding

import (
	"bytes"
	"context"
	_ "embed"

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
