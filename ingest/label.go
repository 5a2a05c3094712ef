package ingest

import (
	"strings"

	"github.com/oversikt/oversikt/data"
)

// labelColumns are the screening-label columns Label reads, most final
// first: the full-text (final) label wins over the title/abstract one.
var labelColumns = []string{
	"final_included", "included_final", "label_included", "included_label", "included", "included_flag",
	"include", "label", "asreview_label",
	"label_abstract_screening", "abstract_included", "label_abstract_included", "label_abstract",
	"debatable",
}

func isLabelColumn(key string) bool {
	for _, c := range labelColumns {
		if key == c {
			return true
		}
	}
	return false
}

// Label reads a screening label that a labelled data set (ASReview,
// SYNERGY, the Ferdinands simulation sets) carried in a column now kept in
// rec.Extra. The columns recognised, compared case-insensitively, in order
// of precedence: final_included, included_final, label_included,
// included_label, included, included_flag, include, label, asreview_label,
// then the title/abstract-stage labels label_abstract_screening,
// abstract_included, label_abstract_included, label_abstract, and last
// debatable (a record the team was unsure of passes, as a "maybe" does).
// Values: 1/0, -1 (excluded), yes/no, y/n, true/false, include/exclude,
// included/excluded, relevant/irrelevant. ok is false when no recognised
// column holds a recognised value (an unlabelled record).
func Label(rec data.Record) (included bool, ok bool) {
	for _, col := range labelColumns {
		for _, f := range rec.Extra {
			if headerKey(f.Name) != col {
				continue
			}
			if included, ok = labelValue(f.Value); ok {
				return included, true
			}
		}
	}
	return false, false
}

// labelValue reads one label cell.
func labelValue(v string) (included bool, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "1.0", "yes", "y", "true", "include", "included", "relevant":
		return true, true
	case "0", "0.0", "-1", "no", "n", "false", "exclude", "excluded", "irrelevant":
		return false, true
	}
	return false, false
}
