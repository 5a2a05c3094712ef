package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestPubMedXMLCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "pubmed-xml/pubmed_efetch_29768149.xml", index: 0, line: 4, key: "29768149",
			title: "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma", author: "O'Byrne, Paul M", year: 2018,
			doi: "10.1056/nejmoa1715274", pmid: "29768149", journal: "The New England journal of medicine", abstract: true},
		{file: "pubmed-xml/biopython_efetch_pubmed4.xml", index: 0, line: 4, key: "27797938",
			title: "Leucocyte telomere length, genetic variants at the TERT gene region", author: "Bao, Ying", year: 2017,
			doi: "10.1136/gutjnl-2016-312510", pmid: "27797938", journal: "Gut", abstract: true},
		{file: "pubmed-xml/biopython_efetch_pubmed7.xml", index: 0, line: 4, key: "29963580",
			title: "Development of a pulmonary imaging biomarker pipeline", author: "Guo, Fumin", year: 2018,
			doi: "10.1117/1.jmi.5.2.026002", pmid: "29963580", journal: "Journal of medical imaging (Bellingham, Wash.)", abstract: true},
		{file: "pubmed-xml/biopython_efetch_pubmed1_oneline.xml", index: 0, line: 4, key: "12091962",
			title: "The treatment of AIDS behind the walls of correctional facilities", author: "Olivero, J Michael", year: 1990,
			pmid: "12091962", journal: "Social justice (San Francisco, Calif.)"},
		{file: "pubmed-xml/biopython_efetch_pubmed1_oneline.xml", index: 1, line: 4, key: "9997",
			title: "Magnetic studies of Chromatium flavocytochrome C552", author: "Strekas, T C", year: 1976,
			doi: "10.1016/0005-2795(76)90109-4", pmid: "9997", journal: "Biochimica et biophysica acta", abstract: true},
	})
}

// TestPubMedXMLDetails checks the fields beyond the common ones on a real
// article: structured abstract labels, MeSH, PMCID, unmapped fields and the
// verbatim text.
func TestPubMedXMLDetails(t *testing.T) {
	needCorpus(t)
	_, recs := readCorpus(t, "pubmed-xml/pubmed_efetch_29768149.xml")
	r := recs[0]
	if !strings.HasPrefix(r.Abstract, "BACKGROUND: In patients with mild asthma") || !strings.Contains(r.Abstract, "\n\nMETHODS: ") {
		t.Errorf("Abstract = %.80q…, want labelled paragraphs BACKGROUND: … METHODS: …", r.Abstract)
	}
	if !strings.Contains(r.Abstract, "fast-acting β") {
		t.Errorf("Abstract lost the character reference &#946; (β): %.200q", r.Abstract)
	}
	if r.Volume != "378" || r.Issue != "20" || r.Pages != "1865-1876" || r.Language != "eng" {
		t.Errorf("Volume/Issue/Pages/Language = %q/%q/%q/%q, want 378/20/1865-1876/eng", r.Volume, r.Issue, r.Pages, r.Language)
	}
	if !strings.Contains(r.Type, "Randomized Controlled Trial") {
		t.Errorf("Type = %q, want the publication types", r.Type)
	}
	if !contains(r.Keywords, "Asthma") {
		t.Errorf("Keywords = %q, want the MeSH descriptor Asthma", r.Keywords)
	}
	if got := r.ExtraValue("ISOAbbreviation"); got != "N Engl J Med" {
		t.Errorf("Extra ISOAbbreviation = %q, want N Engl J Med", got)
	}
	var mh []string
	for _, f := range r.Extra {
		if f.Name == "MH" {
			mh = append(mh, f.Value)
		}
	}
	if !contains(mh, "Asthma/drug therapy*") {
		t.Errorf("Extra MH = %q, want Asthma/drug therapy*", mh)
	}
	if !strings.HasPrefix(r.Raw, "<PubmedArticle>") || !strings.HasSuffix(r.Raw, "</PubmedArticle>") {
		t.Errorf("Raw = %.40q … %.40q, want the whole <PubmedArticle> element", r.Raw, r.Raw[max(0, len(r.Raw)-40):])
	}

	_, recs = readCorpus(t, "pubmed-xml/biopython_efetch_pubmed4.xml")
	if recs[0].PMCID != "PMC5442267" {
		t.Errorf("PMCID = %q, want PMC5442267", recs[0].PMCID)
	}
}

const pubmedNoDoctype = `<?xml version="1.0" encoding="ISO-8859-1"?>
<PubmedArticleSet>
  <PubmedArticle>
    <MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM">
      <PMID Version="1">111</PMID>
      <Article PubModel="Print">
        <Journal>
          <JournalIssue CitedMedium="Print"><Volume>5</Volume><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue>
          <Title>Acta &amp; Scripta</Title>
        </Journal>
        <ArticleTitle>[Caf&eacute; au lait&nbsp;spots in <i>NF1</i> &#8212; a review].</ArticleTitle>
        <Abstract><AbstractText>Plain abstract, no label.</AbstractText></Abstract>
        <AuthorList>
          <Author><LastName>Ødegård</LastName><Initials>K</Initials></Author>
          <Author><CollectiveName>WHO Study Group</CollectiveName></Author>
        </AuthorList>
        <Language>nor</Language>
      </Article>
      <KeywordList Owner="NOTNLM"><Keyword>café</Keyword></KeywordList>
    </MedlineCitation>
    <PubmedData><ArticleIdList><ArticleId IdType="pubmed">111</ArticleId><ArticleId IdType="doi">10.1000/X.Y</ArticleId></ArticleIdList></PubmedData>
  </PubmedArticle>
<PubmedBookArticle><BookDocument><PMID Version="1">222</PMID><Book><Publisher><PublisherName>NCBI</PublisherName></Publisher><BookTitle>GeneReviews</BookTitle><PubDate><Year>2003</Year></PubDate><Isbn>978-0-00</Isbn></Book><ArticleTitle>Fragile X Syndrome</ArticleTitle><AuthorList Type="authors"><Author><LastName>Hunter</LastName><ForeName>Jessica</ForeName></Author></AuthorList></BookDocument><PubmedBookData><ArticleIdList><ArticleId IdType="bookaccession">NBK1384</ArticleId></ArticleIdList></PubmedBookData></PubmedBookArticle>
</PubmedArticleSet>
`

// TestPubMedXMLFixture covers what the corpus lacks: no DOCTYPE, a
// declared non-UTF-8 encoding (the text reaching the reader is UTF-8
// already), HTML entities, MedlineDate, a bracketed translated title,
// collective authors and a book article.
func TestPubMedXMLFixture(t *testing.T) {
	got, err := parseString(readPubMedXML, pubmedNoDoctype)
	if err != nil {
		t.Fatalf("readPubMedXML: %v", err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d records, want 2", len(got))
	}
	a, b := got[0].Record, got[1].Record
	tests := []struct{ name, got, want string }{
		{"title", a.Title, "Café au lait spots in NF1 — a review"},
		{"journal", a.Journal, "Acta & Scripta"},
		{"first author", a.Authors[0], "Ødegård, K"},
		{"collective author", a.Authors[1], "WHO Study Group"},
		{"doi", a.DOI, "10.1000/x.y"},
		{"year", strconv.Itoa(a.Year), "1998"},
		{"line", strconv.Itoa(a.Line), "3"},
		{"book title", b.Title, "Fragile X Syndrome"},
		{"book container", b.Journal, "GeneReviews"},
		{"book pmid", b.PMID, "222"},
		{"book year", strconv.Itoa(b.Year), "2003"},
		{"book author", b.Authors[0], "Hunter, Jessica"},
		{"book line", strconv.Itoa(b.Line), "23"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestPubMedXMLTruncated cuts a real two-article file inside its second
// article: the first comes through, then a *LineError at the second's line
// that says the file is truncated.
func TestPubMedXMLTruncated(t *testing.T) {
	two := strings.Replace(pubmedNoDoctype, "<PubmedBookArticle>", "\n<PubmedBookArticle>", 1)
	cut := two[:strings.Index(two, "<ArticleTitle>Fragile")]
	for _, tt := range []struct {
		name  string
		in    string
		n     int
		line  int
		words string
	}{
		{"inside an article", cut, 1, 24, "truncated"},
		{"after the last article", strings.TrimSuffix(two, "</PubmedArticleSet>\n"), 2, 25, "truncated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseString(readPubMedXML, tt.in)
			if len(got) != tt.n {
				t.Errorf("got %d records before the break, want %d", len(got), tt.n)
			}
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a *LineError", err)
			}
			if le.Line != tt.line || !strings.Contains(le.Error(), tt.words) {
				t.Errorf("err = %v (line %d), want line %d saying %q", le, le.Line, tt.line, tt.words)
			}
		})
	}
}

// TestPubMedXMLMalformedArticle: an article with broken XML is a problem
// at its line, naming where the XML breaks, and the next article is read.
func TestPubMedXMLMalformedArticle(t *testing.T) {
	got, err := parseString(readPubMedXML, strings.Replace(pubmedNoDoctype, "</Volume>", "</Volumes>", 1))
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d results, err %v; want 2 and no error", len(got), err)
	}
	if p := got[0]; p.Record.Line != 3 || !strings.Contains(p.Problem, "closed by </Volumes> at line 8") {
		t.Errorf("first: problem %q at line %d, want one at line 3 saying closed by </Volumes> at line 8", p.Problem, p.Record.Line)
	}
	if p := got[1]; p.Problem != "" || p.Record.PMID != "222" {
		t.Errorf("second: problem %q, PMID %q; want the book article read", p.Problem, p.Record.PMID)
	}
}

// TestPubMedXMLNotPubMed refuses XML without articles, naming its root.
func TestPubMedXMLNotPubMed(t *testing.T) {
	_, err := parseString(readPubMedXML, `<?xml version="1.0"?><html><body/></html>`)
	if err == nil || !strings.Contains(err.Error(), "<html>") {
		t.Errorf("err = %v, want one naming the root <html>", err)
	}
	if got, err := parseString(readPubMedXML, "<PubmedArticleSet></PubmedArticleSet>"); err != nil || len(got) != 0 {
		t.Errorf("empty set: %d records, err %v; want 0 and no error", len(got), err)
	}
}

var pmidTag = regexp.MustCompile(`<PMID Version="1">\d+</PMID>`)

// bigPubMedXML repeats the corpus article n times, each with its own PMID
// and title.
func bigPubMedXML(tb testing.TB, n int) []byte {
	needCorpus(tb)
	src, err := os.ReadFile(filepath.Join(corpusDir, "pubmed-xml/pubmed_efetch_29768149.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	start, end := bytes.Index(src, []byte("<PubmedArticle>")), bytes.LastIndex(src, []byte("</PubmedArticle>"))
	art := string(src[start : end+len("</PubmedArticle>")])
	var b bytes.Buffer
	b.Write(src[:start])
	for i := range n {
		id := strconv.Itoa(10000000 + i)
		a := pmidTag.ReplaceAllLiteralString(art, `<PMID Version="1">`+id+`</PMID>`)
		a = strings.Replace(a, "<ArticleTitle>", "<ArticleTitle>Copy "+id+": ", 1)
		b.WriteString(a)
		b.WriteString("\n\t")
	}
	b.WriteString("</PubmedArticleSet>\n")
	return b.Bytes()
}

func TestPubMedXMLManyArticles(t *testing.T) {
	in := bigPubMedXML(t, 50)
	seen := map[string]bool{}
	err := readPubMedXML(bytes.NewReader(in), func(p Parsed) error {
		if seen[p.Record.PMID] {
			t.Errorf("PMID %s twice", p.Record.PMID)
		}
		seen[p.Record.PMID] = true
		return nil
	})
	if err != nil || len(seen) != 50 {
		t.Errorf("read %d distinct articles, err %v; want 50", len(seen), err)
	}
}

// articleStream is a PubMed XML file of n copies of one article, made as
// it is read, so a test can feed a reader gigabytes without holding them.
type articleStream struct {
	head, article, tail string
	n, i                int
	buf                 []byte
}

func (s *articleStream) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		switch {
		case s.i == 0 && s.head != "":
			s.buf, s.head = []byte(s.head), ""
		case s.i < s.n:
			id := strconv.Itoa(10000000 + s.i)
			a := pmidTag.ReplaceAllLiteralString(s.article, `<PMID Version="1">`+id+`</PMID>`)
			s.buf = []byte(strings.Replace(a, "<ArticleTitle>", "<ArticleTitle>Copy "+id+": ", 1) + "\n")
			s.i++
		case s.tail != "":
			s.buf, s.tail = []byte(s.tail), ""
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// TestPubMedXMLFlatMemory streams 200 000 articles (about 4 GB of XML)
// through the reader and checks that the live heap stays small: memory
// does not grow with the file.
func TestPubMedXMLFlatMemory(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to stream 200 000 PubMed articles through the reader")
	}
	full := string(bigPubMedXML(t, 1))
	start, end := strings.Index(full, "<PubmedArticle>"), strings.LastIndex(full, "</PubmedArticle>")+len("</PubmedArticle>")
	const n = 200000
	in := &articleStream{head: full[:start], article: full[start:end], tail: "</PubmedArticleSet>\n", n: n}
	var peak uint64
	count := 0
	err := readPubMedXML(in, func(p Parsed) error {
		if count++; count%5000 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
		return nil
	})
	if err != nil || count != n {
		t.Fatalf("read %d articles, err %v; want %d", count, err, n)
	}
	t.Logf("%d articles, %.1f GB of XML, peak live heap %.1f MB", n, float64(n*len(in.article))/1e9, float64(peak)/1e6)
	if peak > 64<<20 {
		t.Errorf("peak live heap %.1f MB, want under 64 MB", float64(peak)/1e6)
	}
}

// BenchmarkReadPubMedXML parses a PubMed XML file of 2 000 copies of a
// real article (about 21 KB each, reference list included).
func BenchmarkReadPubMedXML(b *testing.B) {
	const n = 2000
	in := bigPubMedXML(b, n)
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		count := 0
		err := readPubMedXML(bytes.NewReader(in), func(p Parsed) error {
			count++
			return nil
		})
		if err != nil || count != n {
			b.Fatalf("read %d records, err %v; want %d", count, err, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
