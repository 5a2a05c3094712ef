package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEndNoteXMLCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "endnote-xml/mendeley_spaniels_asysd.xml", index: 0, line: 1, key: "35319117",
			title: "Myoclonus in older Cavalier King Charles Spaniels", author: "Rotter, Carina", year: 2022,
			doi: "10.1111/jvim.16404", pmid: "35319117", journal: "Journal of veterinary internal medicine", abstract: true},
		{file: "endnote-xml/mendeley_spaniels_asysd.xml", index: 1, line: 1, key: "23122173",
			title: "Primary secretory otitis media in Cavalier King Ch", author: "Cole, Lynette K", year: 2012,
			doi: "10.1016/j.cvsm.2012.08.002", pmid: "23122173", journal: "The Veterinary clinics of North America. Small animal practice", abstract: true},
		{file: "endnote-xml/mendeley_spaniels_asysd.xml", index: 616, line: 1, key: "21851728",
			title: "Analgesic management of an eight-year-old Springer", author: "West, E", year: 2009,
			doi: "10.1186/2046-0481-62-2-111", pmid: "21851728", journal: "Irish veterinary journal", abstract: true},
		{file: "endnote-xml/mendeley_spaniels_asysd.xml", index: 1232, line: 1, key: "16955814",
			title: "Heart disease as a cause of death in insured Swedish dogs", author: "Egenvall, Agneta", year: 2006,
			doi: "10.1892/0891-6640(2006)20[894:hdaaco]2.0.co;2", pmid: "16955814", journal: "Journal of veterinary internal medicine", abstract: true},
	})
	_, recs := readCorpus(t, "endnote-xml/mendeley_spaniels_asysd.xml")
	r := recs[0]
	if r.Type != "Journal Article" || r.Volume != "36" || r.Issue != "3" || r.Pages != "1032-1038" || r.Language != "eng" {
		t.Errorf("Type/Volume/Issue/Pages/Language = %q/%q/%q/%q/%q, want Journal Article/36/3/1032-1038/eng",
			r.Type, r.Volume, r.Issue, r.Pages, r.Language)
	}
	if len(r.Keywords) != 9 || r.Keywords[0] != "Animals" {
		t.Errorf("Keywords = %q, want 9 starting with Animals", r.Keywords)
	}
	if !strings.HasPrefix(r.Raw, "<record>") || !strings.HasSuffix(r.Raw, "</record>") {
		t.Errorf("Raw = %.30q…, want the whole <record>", r.Raw)
	}
}

// endnoteDesktop is EndNote desktop's layout: indented, every text in
// <style> elements, rec-number keys, a DOI with a prefix in
// electronic-resource-num and an accession number from Embase.
const endnoteDesktop = `<?xml version="1.0" encoding="UTF-8" ?>
<xml><records>
<record><rec-number>17</rec-number><ref-type name="Journal Article">17</ref-type>
 <contributors><authors><author><style face="normal" font="default" size="100%">Nordmann, Kari</style></author>
  <author><style face="normal" font="default" size="100%">World Health Organization,</style></author></authors>
  <secondary-authors><author>Editor, Ed</author></secondary-authors></contributors>
 <titles><title><style face="normal" font="default" size="100%">Plain </style><style face="bold" font="default" size="100%">Bold</style><style face="normal" font="default" size="100%"> &amp; more</style></title>
  <secondary-title><style face="normal" font="default" size="100%">Tidsskr Nor Legeforen</style></secondary-title></titles>
 <periodical><full-title><style face="normal" font="default" size="100%">Tidsskrift for Den norske legeforening</style></full-title></periodical>
 <pages>1-9</pages><volume>12</volume><number>4</number>
 <dates><year><style face="normal" font="default" size="100%">2019</style></year></dates>
 <accession-num>620151234</accession-num><remote-database-name>Embase</remote-database-name>
 <electronic-resource-num>https://doi.org/10.1000/ABC</electronic-resource-num>
 <urls><related-urls><url>https://example.org/a</url></related-urls><pdf-urls><url>internal-pdf://a.pdf</url></pdf-urls></urls>
 <pub-location>Oslo</pub-location>
</record>
<record><rec-number>18</rec-number><ref-type name="Book">6</ref-type></record>
</records></xml>
`

func TestEndNoteXMLDesktop(t *testing.T) {
	got, err := parseString(readEndNoteXML, endnoteDesktop)
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d records, err %v; want 2", len(got), err)
	}
	a := got[0].Record
	for _, tt := range []struct{ name, got, want string }{
		{"title", a.Title, "Plain Bold & more"},
		{"authors", strings.Join(a.Authors, "|"), "Nordmann, Kari|World Health Organization"},
		{"journal", a.Journal, "Tidsskrift for Den norske legeforening"},
		{"doi", a.DOI, "10.1000/abc"},
		{"pmid (Embase accession is not one)", a.PMID, ""},
		{"key", a.Key, "17"},
		{"issue", a.Issue, "4"},
		{"url", a.URL, "https://example.org/a"},
		{"extra pub-location", a.ExtraValue("pub-location"), "Oslo"},
		{"extra editor", a.ExtraValue("contributors/secondary-authors/author"), "Editor, Ed"},
		{"extra pdf", a.ExtraValue("urls/pdf-urls/url"), "internal-pdf://a.pdf"},
		{"extra short journal", a.ExtraValue("titles/secondary-title"), "Tidsskr Nor Legeforen"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if a.Year != 2019 || a.Line != 3 || got[1].Record.Line != 17 {
		t.Errorf("Year, lines = %d, %d, %d; want 2019, 3, 17", a.Year, a.Line, got[1].Record.Line)
	}
}

// TestEndNoteXMLProblems: a record without title or key is rejected with
// its byte offset (every record of a one-line file is on line 1), and a
// file cut inside a record keeps the records before it.
func TestEndNoteXMLProblems(t *testing.T) {
	oneLine := `<?xml version="1.0"?><xml><records><record><titles><title>A</title></titles></record>` +
		`<record><ref-type name="Book">6</ref-type></record><record><titles><title>C</title></titles>`
	got, err := parseString(readEndNoteXML, oneLine)
	if len(got) != 2 || got[0].Problem != "" {
		t.Fatalf("got %d records (%v), want 2, the first good", len(got), got)
	}
	if p := got[1].Problem; !strings.Contains(p, "byte offset 85") || got[1].Record.Line != 1 {
		t.Errorf("problem = %q at line %d, want one at line 1 naming byte offset 85", p, got[1].Record.Line)
	}
	var le *LineError
	if !errors.As(err, &le) || le.Line != 1 || !strings.Contains(err.Error(), "byte offset 136") || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("err = %v, want a *LineError at line 1 naming byte offset 136 and saying truncated", err)
	}
}

// BenchmarkReadEndNoteXML parses the corpus's Mendeley EndNote XML export (1 233 records on one line, 3.2 MB).
func BenchmarkReadEndNoteXML(b *testing.B) {
	needCorpus(b)
	in, err := os.ReadFile(filepath.Join(corpusDir, "endnote-xml/mendeley_spaniels_asysd.xml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	n := 0
	for b.Loop() {
		err := readEndNoteXML(bytes.NewReader(in), func(p Parsed) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
