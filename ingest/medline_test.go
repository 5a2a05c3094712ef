package ingest

import "testing"

func TestMedlineCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "medline/pubmed_restoration_revtools.nbib", index: 0, line: 2, key: "30689646",
			title: "Ecosystem services changes between 2000 and 2015 in the Loess Plateau", author: "Wu, Dan", year: 2019,
			doi: "10.1371/journal.pone.0209483", pmid: "30689646", journal: "PloS one", abstract: true, pages: "e0209483"},
		{file: "medline/pubmed_medline_misnamed_cff.ris", index: 0, line: 1, key: "30922926",
			title: "Time lapse: A glimpse into prehistoric genomics", author: "Griffin, Darren K", year: 2020,
			doi: "10.1016/j.ejmg.2019.03.004", pmid: "30922926", journal: "European journal of medical genetics", abstract: true},
		{file: "medline/biopython_pubmed_result2.txt", index: 0, line: 2, key: "16403221",
			title: "A high level interface to SCOP and ASTRAL implemented in python", author: "Casbon, James A", year: 2006,
			doi: "10.1186/1471-2105-7-10", pmid: "16403221", journal: "BMC bioinformatics", abstract: true, pages: "10"},
		{file: "medline/biopython_pubmed_result2.txt", index: 1, line: 67, key: "16377612",
			title: "GenomeDiagram: a python package", author: "Pritchard, Leighton", year: 2006,
			doi: "10.1093/bioinformatics/btk021", pmid: "16377612", journal: "Bioinformatics (Oxford, England)", abstract: true},
	})
}

func TestMedlineRecords(t *testing.T) {
	in := "PMID- 1\nTI  - First title\n      continued.\nFAU - Smith, John\nAU  - Smith J\nDP  - 2014 Aug 29\nLID - 10.1000/ABC [doi]\n\n\nPMID- 2\nTI  - Second\nAU  - Doe J\nAID - S123 [pii]\nAID - 10.1000/def [doi]\n"
	got, err := readString(t, readMedline, in)
	if err != nil || len(got) != 2 {
		t.Fatalf("readMedline = %d records, %v; want 2", len(got), err)
	}
	tests := []struct {
		i              int
		line           int
		title, author  string
		year           int
		doi, key, date string
	}{
		{0, 1, "First title continued.", "Smith, John", 2014, "10.1000/ABC [doi]", "1", "2014 Aug 29"},
		{1, 10, "Second", "Doe J", 0, "10.1000/def [doi]", "2", ""},
	}
	for _, tt := range tests {
		r := got[tt.i].Record
		if r.Line != tt.line || r.Title != tt.title || len(r.Authors) != 1 || r.Authors[0] != tt.author ||
			r.Year != tt.year || r.DOI != tt.doi || r.Key != tt.key || r.ExtraValue("DP") != tt.date {
			t.Errorf("record %d = line %d title %q authors %q year %d doi %q key %q DP %q, want %+v",
				tt.i, r.Line, r.Title, r.Authors, r.Year, r.DOI, r.Key, r.ExtraValue("DP"), tt)
		}
	}
}
