package ingest

import (
	"testing"

	"github.com/oversikt/oversikt/data"
)

func TestLabel(t *testing.T) {
	rec := func(fields ...string) data.Record {
		var r data.Record
		for i := 0; i+1 < len(fields); i += 2 {
			r.Extra = append(r.Extra, data.Field{Name: fields[i], Value: fields[i+1]})
		}
		return r
	}
	tests := []struct {
		name         string
		rec          data.Record
		included, ok bool
	}{
		{"label_included 1", rec("label_included", "1"), true, true},
		{"included 0", rec("included", "0"), false, true},
		{"case of the name", rec("Label_Included", "1"), true, true},
		{"yes", rec("label", "Yes"), true, true},
		{"exclude", rec("included", "exclude"), false, true},
		{"true", rec("final_included", "TRUE"), true, true},
		{"-1 excludes", rec("label", "-1"), false, true},
		{"final beats abstract", rec("label_abstract_screening", "1", "final_included", "0"), false, true},
		{"abstract label alone", rec("label_abstract_screening", "1"), true, true},
		{"empty final falls back", rec("final_included", "", "abstract_included", "1"), true, true},
		{"debatable last", rec("debatable", "1"), true, true},
		{"unlabelled", rec("label_included", ""), false, false},
		{"unknown value", rec("label", "In_database"), false, false},
		{"no label column", rec("notes", "1"), false, false},
		{"abstrackr include", rec("consensus", "1"), true, true},
		{"abstrackr borderline passes", rec("consensus", "0"), true, true},
		{"abstrackr exclude", rec("Consensus", "-1"), false, true},
		{"abstrackr no consensus", rec("consensus", "o"), false, false},
		{"abstrackr reviewer", rec("consensus", "o", "Anne", "-1", "labeled_at (2)", "2024-08-15"), false, true},
		{"abstrackr reviewers agree", rec("consensus", "o", "Anne", "1", "labeled_at (2)", "x", "Bo", "0", "labeled_at (3)", "y"), true, true},
		{"abstrackr reviewers disagree", rec("consensus", "o", "Anne", "1", "labeled_at (2)", "x", "Bo", "-1", "labeled_at (3)", "y"), false, false},
		{"abstrackr consensus first", rec("consensus", "-1", "Anne", "1", "labeled_at (2)", "x"), false, true},
		{"ASReview column first", rec("consensus", "1", "included", "0"), false, true},
		{"rayyan included", rec("N1", `RAYYAN-INCLUSION: {"Emily"=>"Included"}`), true, true},
		{"rayyan maybe passes", rec("notes", `RAYYAN-INCLUSION: {"Emily"=>"Maybe", "Ola"=>"Included"} | RAYYAN-LABELS: rct`), true, true},
		{"rayyan excluded by all", rec("notes", `RAYYAN-INCLUSION: {"A"=>"Excluded", "B"=>"Excluded"} | RAYYAN-EXCLUSION-REASONS: wrong population`), false, true},
		{"rayyan conflict", rec("notes", `RAYYAN-INCLUSION: {"A"=>"Excluded", "B"=>"Included"}`), false, false},
		{"rayyan undecided", rec("notes", `RAYYAN-INCLUSION: {"A"=>"Undecided"}`), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, ok := Label(tt.rec)
			if inc != tt.included || ok != tt.ok {
				t.Errorf("Label() = %v, %v; want %v, %v", inc, ok, tt.included, tt.ok)
			}
		})
	}
}

// TestLabelCorpus counts the included records of the labelled data sets
// against the counts their publishers give (MANIFEST.md).
func TestLabelCorpus(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		file                string
		included, unlabeled int
	}{
		{"labelled/bannach-brown_2019.csv", 280, 0},
		{"labelled/ace_cohen2006_ferdinands.csv", 41, 0},
		{"labelled/virus_kwok2020_ferdinands.csv", 114, 0},
		{"labelled/wilson_appenzeller-herzog2019_ferdinands.csv", 23, 0},
		{"dedup/asysd_labelled_test_set.csv", 0, 1845}, // its label is a duplicate status
		// Abstrackr, one reviewer: 2 included and 2 borderline (passing),
		// 2 excluded, 4 not labelled yet.
		{"csv/abstrackr_cff.csv", 4, 4},
		// Rayyan: 2 Included, 2 Maybe (passing), 2 Excluded, 4 without a note.
		{"csv/rayyan_cff.csv", 4, 4},
		{"ris/rayyan_cff.ris", 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, recs := readCorpus(t, tt.file)
			included, unlabeled := 0, 0
			for _, r := range recs {
				inc, ok := Label(r)
				if !ok {
					unlabeled++
				} else if inc {
					included++
				}
			}
			if included != tt.included || unlabeled != tt.unlabeled {
				t.Errorf("included %d, unlabelled %d; want %d, %d", included, unlabeled, tt.included, tt.unlabeled)
			}
		})
	}
}
