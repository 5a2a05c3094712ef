package ingest

import "testing"

func TestOvidCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "ovid/embase_ovid_citavi_r3001-3002.ovd", index: 0, line: 1, key: "621381829",
			title: "Quality of life in patients with primary ciliary dyskinesia", author: "Behan, L.", year: 2018,
			doi: "10.1186/s12919-018-0099-8", journal: "BMC Proceedings. Conference: 2nd BEAT-PCD Conference and 3rd PCD Training School: Part 2. Spain", abstract: true},
		{file: "ovid/embase_ovid_endnote_r3001-3002.cgi", index: 1, line: 75, key: "621381823",
			title: "Development of a bioinformatics analysis method for diagnosis", author: "Dyskinesia, P.C.", year: 2018,
			doi: "10.1186/s12919-018-0099-8", journal: "BMC Proceedings. Conference: 2nd BEAT-PCD Conference and 3rd PCD Training School: Part 2. Spain", abstract: true},
	})
}

func TestOvidSource(t *testing.T) {
	tests := []struct {
		so                            string
		journal, volume, issue, pages string
		year                          int
	}{
		{"Journal of Things. 12(3):123-130, 2018 Mar.", "Journal of Things", "12", "3", "123-130", 2018},
		{"Clinical Chemistry. 64 (5) (pp 800-810), 2018. Date of Publication: May 2018.", "Clinical Chemistry", "64", "5", "800-810", 2018},
		{"BMC Proceedings. Conference: X. Spain. 12 (Supplement 3) (no pagination), 2018.", "BMC Proceedings. Conference: X. Spain", "12", "Supplement 3", "", 2018},
	}
	for _, tt := range tests {
		got, err := readString(t, readOvid, "<1. >\nTI  - T\nSO  - "+tt.so+"\n")
		if err != nil || len(got) != 1 {
			t.Fatalf("readOvid = %d records, %v", len(got), err)
		}
		r := got[0].Record
		if r.Journal != tt.journal || r.Volume != tt.volume || r.Issue != tt.issue || r.Pages != tt.pages || r.Year != tt.year {
			t.Errorf("SO %q → %q %q %q %q %d, want %q %q %q %q %d", tt.so, r.Journal, r.Volume, r.Issue, r.Pages, r.Year,
				tt.journal, tt.volume, tt.issue, tt.pages, tt.year)
		}
	}
}
