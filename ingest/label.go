package ingest

import (
	"regexp"
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
// included/excluded, relevant/irrelevant.
//
// Failing those, it reads the labels of two screening tools' exports:
// Abstrackr's consensus column, else its reviewers' own columns (1
// include, -1 exclude, 0 borderline, which passes; "o" is no consensus
// yet) and Rayyan's
// RAYYAN-INCLUSION note in any field ({"Anne"=>"Included", …}: included
// when nobody excluded, excluded when everybody did). Reviewers who
// disagree leave the record unlabelled. ok is false when nothing gives a label (an
// unlabelled record).
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
	if included, ok = abstrackrLabel(rec.Extra); ok {
		return included, true
	}
	for _, f := range rec.Extra {
		if included, ok = rayyanLabel(f.Value); ok {
			return included, true
		}
	}
	return false, false
}

// rayyanVerdict matches one reviewer's verdict in Rayyan's note.
var rayyanVerdict = regexp.MustCompile(`"[^"]*"=>"([^"]*)"`)

// rayyanLabel reads the verdicts of Rayyan's note
// RAYYAN-INCLUSION: {"Anne"=>"Included", "Bo"=>"Maybe"}.
func rayyanLabel(v string) (included bool, ok bool) {
	_, rest, found := strings.Cut(v, "RAYYAN-INCLUSION:")
	if !found {
		return false, false
	}
	verdicts, _, _ := strings.Cut(rest, "}")
	var in, out int
	for _, m := range rayyanVerdict.FindAllStringSubmatch(verdicts, -1) {
		switch strings.ToLower(m[1]) {
		case "included", "maybe":
			in++
		case "excluded":
			out++
		}
	}
	return agreed(in, out)
}

// abstrackrLabel reads the labels of an Abstrackr export: its consensus
// column, else every reviewer's own column (the one before each
// labeled_at column). 1 is include, -1 exclude, 0 borderline, which
// passes; "o" means no consensus yet.
func abstrackrLabel(extra []data.Field) (included bool, ok bool) {
	var in, out int
	for i, f := range extra {
		v := strings.TrimSpace(f.Value)
		if headerKey(f.Name) == "consensus" {
			switch v {
			case "1", "0":
				return true, true
			case "-1":
				return false, true
			}
			continue
		}
		if i+1 < len(extra) && strings.HasPrefix(headerKey(extra[i+1].Name), "labeled_at") {
			switch v {
			case "1", "0":
				in++
			case "-1":
				out++
			}
		}
	}
	return agreed(in, out)
}

// agreed turns reviewers' verdicts into a label: included when some
// included and nobody excluded, excluded when some excluded and nobody
// included, none otherwise.
func agreed(in, out int) (included bool, ok bool) {
	switch {
	case in > 0 && out == 0:
		return true, true
	case out > 0 && in == 0:
		return false, true
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
