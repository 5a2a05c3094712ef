package ingest

import "testing"

// TestGuessNameOnCorpus checks the database name told from the content of
// real exports: from the database tag, from an exporter's mark, or from the
// format; and that words in records (America, Lens, Cochrane review) do
// not name a database.
func TestGuessNameOnCorpus(t *testing.T) {
	needCorpus(t)
	tests := []struct{ file, want string }{
		{"ris/embase_asreview.ris", "Embase"},
		{"ris/psycinfo_ovid_cff.ris", "APA PsycInfo"},
		{"ris/eric_ovid_cff.ris", "ERIC"},
		{"ris/scopus_spaniels_asysd.ris", "Scopus"},
		{"ris/cinahl_ebsco_cff.ris", "aph"},
		{"ris/cochrane_central_endnote_cff.ris", "Cochrane CENTRAL"},
		{"ris/wos_spaniels_asysd.ris", "wos_spaniels_asysd"},
		{"bibtex/zotero_spaniels_asysd.bib", "zotero_spaniels_asysd"},
		{"wos-tagged/wos_restoration_revtools.ciw", "Web of Science"},
		{"wos-tagged/zoological_record_synthesisr.txt", "Zoological Record"},
		{"medline/pubmed_restoration_revtools.nbib", "PubMed"},
		{"csv/scopus_cff.csv", "Scopus"},
		{"csv/openalex_cff.csv", "OpenAlex"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			db := openTestDB(t)
			res, err := File(t.Context(), db, corpusDir+"/"+tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Name != tt.want {
				t.Errorf("source name = %q, want %q", res.Name, tt.want)
			}
		})
	}
}
