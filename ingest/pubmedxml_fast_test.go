package ingest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readPubMedBoth reads in through the fast decoder (readPubMedXML) and
// through encoding/xml alone, and fails t where the two differ in any
// record field, line, raw text, problem, count or error. It returns how
// many articles the fast path took.
func readPubMedBoth(t testing.TB, name string, in []byte) (articles, fast int) {
	t.Helper()
	var got, want []Parsed
	gotErr := readPubMedXML(bytes.NewReader(in), func(p Parsed) error { got = append(got, p); return nil })
	wantN, wantRoot, wantErr := splitXML(bytes.NewReader(in), []string{"PubmedArticle", "PubmedBookArticle"}, decodePubMedStd,
		func(p Parsed) error { want = append(want, p); return nil })
	if wantErr == nil && wantN == 0 && wantRoot != "PubmedArticleSet" {
		wantErr = io.EOF // readPubMedXML words it; only that there is one counts here
	}
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s: error %v, encoding/xml path %v", name, gotErr, wantErr)
	}
	if wantErr != io.EOF && gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Errorf("%s: error %q, encoding/xml path %q", name, gotErr, wantErr)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d records, encoding/xml path %d", name, len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: record %d (line %d) differs:\n got %+v\nwant %+v", name, i, want[i].Record.Line, got[i], want[i])
			continue
		}
		clean(&got[i])
		clean(&want[i])
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: record %d normalised differs:\n got %+v\nwant %+v", name, i, got[i], want[i])
		}
	}
	s := &xmlSplitter{r: bytes.NewReader(in), names: []string{"PubmedArticle", "PubmedBookArticle"}, line: 1}
	s.each(func(x *xmlRecord) error {
		articles++
		if decodePubMedFast(blankElements(x.raw, pubmedSkip), new(pmArticle)) {
			fast++
		}
		return nil
	})
	return articles, fast
}

// pubmedVariants rewrites a PubMed XML file in the ways real and broken
// files differ: line ends, entities, self-closing and repeated elements,
// attributes, comments, CDATA, namespaces, truncation, stray markup.
func pubmedVariants(b []byte) map[string][]byte {
	s := string(b)
	r := func(pairs ...string) []byte { return []byte(strings.NewReplacer(pairs...).Replace(s)) }
	v := map[string][]byte{
		"crlf":          r("\n", "\r\n"),
		"cr":            r("\n", "\r"),
		"tabs":          r("><", ">\n\t<"),
		"spaced tags":   r("<Author ", "<Author\n  ", "</Title>", "</Title  >", `="`, ` = "`),
		"single quotes": r(`"Y"`, `'Y'`, `"doi"`, `'doi'`),
		"entities": r("<Title>", "<Title>&amp;&lt;&gt;&apos;&quot;&#946;&#x3B2;&#x3b2;&#0065;&nbsp;&eacute;&frac12;",
			"<LastName>", "<LastName>&#x1F600;&Auml;"),
		"bad entities":   r("<ArticleTitle>", "<ArticleTitle>&nosuch;&#0;&#xD800;&#;&#X3B2;&amp"),
		"bare ampersand": r("<ForeName>", "<ForeName>A & B"),
		"cdata":          r("<ArticleTitle>", "<ArticleTitle><![CDATA[a <b> & c]]>"),
		"comment":        r("<Author ", "<!-- c --><Author "),
		"pi":             r("<Journal>", "<Journal><?pi x?>"),
		"namespace":      r("<ArticleTitle>", `<ArticleTitle xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:math><mml:mi>x</mml:mi></mml:math>`),
		"prefixed field": r("<Volume>", "<x:Volume>", "</Volume>", "</x:Volume>"),
		"inline markup":  r("<AbstractText", "<AbstractText><i>in</i>line<sup>2</sup> <b/></AbstractText><AbstractText"),
		"self-closing":   r("<Issue>", "<Issue/><Year/><Issue>", "<MedlinePgn>", "<MedlinePgn/><MedlinePgn>"),
		"repeated":       r("<PubDate>", "<PubDate><Month>Jan</Month><Month>Feb<x>y</x>z</Month>", "</MedlineCitation>", "<PMID>1</PMID><Article><ArticleTitle>2nd</ArticleTitle></Article></MedlineCitation>"),
		"nested text": r("<Year>", "<Year>19<b>x</b>", "<MedlineTA>", "<MedlineTA><i>a</i> b",
			`UI="D000280">`, `UI="D000280"><i>x</i> `, `UI="Q000188">`, `UI="Q000188"><i>y</i>`, `IdType="doi">`, `IdType="doi"><b>z</b>`,
			`EIdType="doi" ValidYN="Y">`, `EIdType="doi" ValidYN="Y"><b>z</b>`, `IssnType="Print">`, `IssnType="Print"><i>p</i>`,
			`<StartPage>`, `<StartPage><i>s</i>`),
		"attributes":      r(`<AbstractText `, `<AbstractText Label="L1" Label="L2" `, `IdType="doi"`, `IdType="pmc" IdType="doi"`),
		"label entity":    r(`Label="`, `Label="&lt;&#955;`),
		"lt in attribute": r(`Label="`, `Label="<`),
		"no space attrs":  r(`" `, `"`),
		"mismatch":        r("</Volume>", "</Issue>"),
		"cdata end":       r("<ArticleTitle>", "<ArticleTitle>a]]>b"),
		"controls":        r("<ArticleTitle>", "<ArticleTitle>\x01", "<ForeName>", "<ForeName>\uFFFE"),
		"bad utf8":        r("<ArticleTitle>", "<ArticleTitle>\xff"),
		"unicode name":    r("<Volume>", "<Vølume>", "</Volume>", "</Vølume>"),
		"digit name":      r("<Volume>", "<9Volume>"),
		"unquoted":        r(`="Y"`, `=Y`),
		"no value":        r(` ValidYN="Y"`, ` ValidYN`),
		"doctype inside":  r("<MedlineCitation ", "<!DOCTYPE x><MedlineCitation "),
		"references":      r("</PubmedData>", "<ReferenceList><Reference><Citation>a &amp; b</Citation></Reference><ReferenceList><Title>in</Title></ReferenceList></ReferenceList></PubmedData>"),
		"reference list":  r("</PubmedData>", "<ReferenceList><Reference><Citation>a &amp; b</Citation></Reference></ReferenceList></PubmedData>"),
		"book":            r("<PubmedArticle>", "<PubmedBookArticle><BookDocument><PMID>7</PMID><ArticleIdList><ArticleId IdType='bookaccession'>NBK1</ArticleId><ArticleId IdType=\"doi\"> 10.1/x </ArticleId></ArticleIdList><Book><Publisher><PublisherName>P &amp; Q</PublisherName><PublisherLocation>Here</PublisherLocation></Publisher><BookTitle>Book</BookTitle><PubDate><Year>2001</Year></PubDate><AuthorList><Author><LastName>B</LastName><Initials>A</Initials></Author></AuthorList><Isbn>1</Isbn><Isbn>2</Isbn></Book><ArticleTitle>Chapter.</ArticleTitle><AuthorList><Author><LastName>C</LastName></Author></AuthorList><PublicationType>Review</PublicationType><KeywordList><Keyword>k</Keyword></KeywordList></BookDocument><PubmedBookData><ArticleIdList><ArticleId IdType=\"pubmed\">7</ArticleId></ArticleIdList></PubmedBookData></PubmedBookArticle><PubmedArticle>"),
		"truncated":       b[:len(b)*2/3],
		"junk after end":  r("</PubmedArticle>", "</PubmedArticle>x<y"),
	}
	return v
}

// pubmedFastVariants are the variants the fast path must take, not leave
// to encoding/xml.
var pubmedFastVariants = map[string]bool{"crlf": true, "cr": true, "tabs": true, "spaced tags": true,
	"single quotes": true, "entities": true, "namespace": true, "prefixed field": true, "inline markup": true,
	"self-closing": true, "repeated": true, "nested text": true, "attributes": true, "label entity": true,
	"reference list": true, "book": true, "junk after end": true}

// TestPubMedFastSameRecords reads every PubMed XML file of the corpus, and
// variants of each, through the fast decoder and through encoding/xml
// alone: every record field, line, problem and error must be the same,
// and the real files must take the fast path.
func TestPubMedFastSameRecords(t *testing.T) {
	needCorpus(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "pubmed-xml", "*"))
	if len(files) == 0 {
		t.Skipf("no files in %s/pubmed-xml", corpusDir)
	}
	var real, realFast, varied int
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if Detect(b) != FormatPubMedXML {
			continue
		}
		n, fast := readPubMedBoth(t, filepath.Base(file), b)
		real, realFast = real+n, realFast+fast
		for name, v := range pubmedVariants(b) {
			vn, vf := readPubMedBoth(t, filepath.Base(file)+" "+name, v)
			if pubmedFastVariants[name] && vf != vn {
				t.Errorf("%s %s: the fast path took %d of %d articles, want all", filepath.Base(file), name, vf, vn)
			}
			varied++
		}
	}
	big := bigPubMedXML(t, 50)
	n, fast := readPubMedBoth(t, "bigPubMedXML", big)
	real, realFast = real+n, realFast+fast
	t.Logf("%d of %d articles took the fast path; %d variant files", realFast, real, varied)
	if real == 0 || realFast != real {
		t.Errorf("the fast path took %d of %d real articles, want all", realFast, real)
	}
}

// TestPubMedFastSameRecordsFile compares the two paths on the PubMed XML
// file named by OVERSIKT_PUBMED_XML (a corpus export or bench/gen's).
func TestPubMedFastSameRecordsFile(t *testing.T) {
	path := os.Getenv("OVERSIKT_PUBMED_XML")
	if path == "" {
		t.Skip("set OVERSIKT_PUBMED_XML=file.xml to compare the fast and encoding/xml paths on a file")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n, fast := readPubMedBoth(t, path, b)
	t.Logf("%d of %d articles took the fast path", fast, n)
}

// FuzzPubMedFast checks that the fast decoder gives what encoding/xml
// gives on any input.
func FuzzPubMedFast(f *testing.F) {
	seedFuzz(f, "pubmed-xml/*.xml")
	for _, file := range []string{"pubmed_efetch_29768149.xml", "biopython_efetch_pubmed1_oneline.xml"} {
		b, err := os.ReadFile(filepath.Join(corpusDir, "pubmed-xml", file))
		if err != nil {
			continue
		}
		for _, v := range pubmedVariants(b) {
			if len(v) <= seedMax {
				f.Add(v)
			}
		}
	}
	f.Add([]byte(pubmedNoDoctype))
	f.Fuzz(func(t *testing.T, in []byte) { readPubMedBoth(t, "input", in) })
}

// FuzzPubMedFastArticle checks the fast decoder against encoding/xml on
// single articles, which it mutates much faster than whole files. The
// seeds are large: run it with -fuzzminimizetime 1x, else the fuzzer
// spends most of its time minimising each new input.
func FuzzPubMedFastArticle(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "pubmed-xml", "*.xml"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for name, v := range pubmedVariants(b) {
			if name == "truncated" {
				continue
			}
			s := &xmlSplitter{r: bytes.NewReader(v), names: pubmedNames, line: 1}
			s.each(func(x *xmlRecord) error { f.Add(x.raw); return nil })
		}
	}
	f.Add(`<PubmedArticle><MedlineCitation Status="x"><PMID>1</PMID></MedlineCitation></PubmedArticle>`)
	f.Fuzz(func(t *testing.T, raw string) {
		x := &xmlRecord{name: "PubmedArticle", line: 3, off: 100, raw: raw}
		got, want := decodePubMed(x), decodePubMedStd(x)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast path gives\n%+v\nencoding/xml\n%+v", got, want)
		}
		if got, want := blankElements(raw, pubmedSkip), blankElementsBefore(raw, pubmedSkip); got != want {
			t.Fatalf("blankElements = %q, before %q", got, want)
		}
	})
}

// blankElementsBefore is blankElements as it was before it searched each
// text once; TestBlankElementsAsBefore holds the new one to it.
func blankElementsBefore(s string, names []string) string {
	for _, name := range names {
		open, closing := "<"+name+">", "</"+name+">"
		if !strings.Contains(s, open) {
			continue
		}
		var b strings.Builder
		for {
			i := strings.Index(s, open)
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], closing)
			if j < 0 {
				break
			}
			b.WriteString(s[:i])
			b.WriteString(strings.Repeat("\n", strings.Count(s[i:i+j], "\n")))
			s = s[i+j+len(closing):]
		}
		b.WriteString(s)
		s = b.String()
	}
	return s
}

func TestBlankElementsAsBefore(t *testing.T) {
	texts := []string{"", "<a>", "x<ReferenceList>\n</ReferenceList>y", "<ReferenceList>\n<ReferenceList>\n</ReferenceList>\n</ReferenceList>",
		"<ReferenceList>no end", "<ReferenceList>\n</ReferenceList><ReferenceList>\nno end", "</ReferenceList><ReferenceList>",
		"<AffiliationInfo>a\n<ReferenceList>b\n</AffiliationInfo>c\n</ReferenceList>d<AffiliationInfo>\n</AffiliationInfo>"}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "pubmed-xml", "*.xml"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
		for _, v := range pubmedVariants(b) {
			texts = append(texts, string(v))
		}
	}
	for i, s := range texts {
		if got, want := blankElements(s, pubmedSkip), blankElementsBefore(s, pubmedSkip); got != want {
			t.Errorf("text %d: blankElements = %.200q…, want %.200q…", i, got, want)
		}
	}
}
