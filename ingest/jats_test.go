package ingest

import (
	"errors"
	"strings"
	"testing"
)

func TestJATSCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "pubmed-xml/pmc_jats_pone.0046493.nxml", index: 0, line: 2, key: "PMC3460867",
			title: "MmPPOX Inhibits Mycobacterium tuberculosis Lipolytic Enzymes", author: "Delorme, Vincent", year: 2012,
			doi: "10.1371/journal.pone.0046493", pmid: "23029536", journal: "PLoS ONE", abstract: true},
	})
	_, recs := readCorpus(t, "pubmed-xml/pmc_jats_pone.0046493.nxml")
	r := recs[0]
	if r.Volume != "7" || r.Issue != "9" || r.Pages != "e46493" || r.PMCID != "PMC3460867" || r.Type != "research-article" {
		t.Errorf("Volume/Issue/Pages/PMCID/Type = %q/%q/%q/%q/%q, want 7/9/e46493/PMC3460867/research-article",
			r.Volume, r.Issue, r.Pages, r.PMCID, r.Type)
	}
	if len(r.Authors) != 9 || r.Authors[1] != "Diomandé, Sadia V." {
		t.Errorf("Authors = %q, want 9 with Diomandé, Sadia V. second (editors are not authors)", r.Authors)
	}
	if got := r.ExtraValue("editor"); got != "Manganelli, Riccardo" {
		t.Errorf("Extra editor = %q, want Manganelli, Riccardo", got)
	}
	if !strings.HasSuffix(r.Raw, "</article>") {
		t.Errorf("Raw ends %q, want the whole <article>", r.Raw[max(0, len(r.Raw)-30):])
	}
}

const jatsSet = `<?xml version="1.0" encoding="UTF-8"?>
<pmc-articleset>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="review-article" xml:lang="nb">
 <front>
  <journal-meta><journal-title>Tidsskr Nor Legeforen</journal-title></journal-meta>
  <article-meta>
   <article-id pub-id-type="pmid">123</article-id>
   <article-id pub-id-type="doi">10.4045/TIDSSKR.20.0001</article-id>
   <title-group><article-title>Læring i <italic>nettverk</italic></article-title><subtitle>en oversikt</subtitle></title-group>
   <contrib-group>
    <contrib contrib-type="author"><name><surname>Øvrebø</surname><given-names>Åse</given-names></name></contrib>
    <contrib contrib-type="author"><collab>Norsk forum for læring</collab></contrib>
   </contrib-group>
   <pub-date pub-type="epub"><year>2020</year></pub-date>
   <pub-date pub-type="ppub"><month>1</month><year>2021</year></pub-date>
   <volume>141</volume><issue>2</issue><fpage>10</fpage><lpage>14</lpage>
   <abstract><sec><title>Bakgrunn</title><p>Første&#160;avsnitt.</p></sec><sec><title>Resultater</title><p>Andre.</p></sec></abstract>
   <abstract abstract-type="graphical"><p>Not this one.</p></abstract>
   <kwd-group><kwd>læring</kwd><kwd>nettverk</kwd></kwd-group>
  </article-meta>
 </front>
 <body><p>Full text.</p></body>
</article>
<article><front><article-meta><article-id pub-id-type="pmc">42</article-id><title-group><article-title>Second</article-title></title-group></article-meta></front></article>
</pmc-articleset>
`

// TestJATSArticleSet covers a <pmc-articleset> of two articles and the
// front matter the corpus file lacks: sectioned abstracts, subtitles,
// collaborations, print dates, xml:lang and keywords.
func TestJATSArticleSet(t *testing.T) {
	got, err := parseString(readJATS, jatsSet)
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d records, err %v; want 2", len(got), err)
	}
	a, b := got[0].Record, got[1].Record
	for _, tt := range []struct{ name, got, want string }{
		{"title", a.Title, "Læring i nettverk: en oversikt"},
		{"authors", strings.Join(a.Authors, "|"), "Øvrebø, Åse|Norsk forum for læring"},
		{"abstract", a.Abstract, "Bakgrunn: Første avsnitt.\n\nResultater: Andre."},
		{"journal", a.Journal, "Tidsskr Nor Legeforen"},
		{"doi", a.DOI, "10.4045/tidsskr.20.0001"},
		{"pages", a.Pages, "10-14"},
		{"language", a.Language, "nb"},
		{"keywords", strings.Join(a.Keywords, "|"), "læring|nettverk"},
		{"key", b.Key, "PMC42"},
		{"second title", b.Title, "Second"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if a.Year != 2021 || a.Line != 3 || b.Line != 24 {
		t.Errorf("Year, lines = %d, %d, %d; want 2021 (print date), 3, 24", a.Year, a.Line, b.Line)
	}
}

func TestJATSTruncated(t *testing.T) {
	in := jatsSet[:strings.Index(jatsSet, "<title-group><article-title>Second")]
	got, err := parseString(readJATS, in)
	var le *LineError
	if len(got) != 1 || !errors.As(err, &le) || le.Line != 24 || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("got %d records, err %v; want 1 and a *LineError at line 24 saying truncated", len(got), err)
	}
	if _, err := parseString(readJATS, "<PubmedArticleSet/>"); err == nil {
		t.Errorf("XML without <article>: no error, want one")
	}
}
