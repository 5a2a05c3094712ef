package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestHTMLCorpus reads the saved pages of ../shared/corpus/html; the
// expected metadata is what each page's meta tags (MANIFEST.md) say.
func TestHTMLCorpus(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		file                             string
		title, author, doi, typ, lang    string
		year                             int
		journal, url, abstractStart, kw0 string
	}{
		{"html/nature_news_dc_meta.html", "Gigantic Chinese telescope opens to astronomers worldwide", "Gibney, Elizabeth",
			"10.1038/d41586-019-02790-3", "News", "En", 2019, "Nature", "https://www.nature.com/articles/d41586-019-02790-3",
			"FAST has superior sensitivity", "Astronomical instrumentation"},
		{"html/laviedesidees_fr_essay.html", "L’évaluation et les listes de revues", "Audier, Florence", "", "webpage", "fr", 0, "",
			"http://www.laviedesidees.fr/L-evaluation-et-les-listes-de.html", "L'évaluation, et la place qu'y occupe la bibliométrie", ""},
		{"html/theplanetarypress_forestlands.html", "Management of Intact Forestlands by Indigenous Peoples Key to Protecting Climate", "",
			"", "webpage", "en-US", 2020, "",
			"https://www.theplanetarypress.com/2020/01/management-of-intact-forestlands-by-indigenous-peoples-key-to-protecting-climate/",
			"Indigenous Peoples have had a track record", ""},
		{"html/bmjv_de_government_page.html", "Transparenz bei Preisanpassungen", "", "", "webpage", "de", 0, "",
			"https://www.BMJV.de/DE/Verbraucherportal/KonsumImAlltag/TransparenzPreisanpassung/TransparenzPreisanpassung_node.html",
			"Ob Energie, Finanzen oder Telekommunikation", ""},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			res, recs := readCorpus(t, tt.file)
			if res.Format != FormatHTML || len(recs) != 1 {
				t.Fatalf("format %s, %d records; want html, 1", res.Format, len(recs))
			}
			r := recs[0]
			author, kw0 := "", ""
			if len(r.Authors) > 0 {
				author = r.Authors[0]
			}
			if len(r.Keywords) > 0 {
				kw0 = r.Keywords[0]
			}
			checks := []struct {
				name      string
				got, want any
			}{
				{"Title", r.Title, tt.title}, {"first author", author, tt.author}, {"DOI", r.DOI, tt.doi},
				{"Type", r.Type, tt.typ}, {"Language", r.Language, tt.lang}, {"Year", r.Year, tt.year},
				{"Journal", r.Journal, tt.journal}, {"URL", r.URL, tt.url}, {"first keyword", kw0, tt.kw0},
				{"abstract start", strings.HasPrefix(r.Abstract, tt.abstractStart), true},
				{"abstract at most ~1000 characters", len(r.Abstract) <= 1000, true}, {"Line", r.Line, 1},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
				}
			}
		})
	}
}

// TestHTMLMainText checks the fallback text of the page without metadata
// against what trafilatura's tests expect in and out of its main text.
func TestHTMLMainText(t *testing.T) {
	needCorpus(t)
	b, err := os.ReadFile(filepath.Join(corpusDir, "html/bmjv_de_government_page.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	text := mainText(doc)
	for _, s := range []string{"Auch hier gilt der Grundsatz,", "Anbieter von Fernwärme haben innerhalb ihres Leitungsnetzes ein Monopol", "(Billigkeitskontrolle nach § 315 BGB)"} {
		if !strings.Contains(text, s) {
			t.Errorf("main text lacks %q", s)
		}
	}
	for _, s := range []string{"Impressum", "Weitere Informationen", "Twitter"} {
		if strings.Contains(text, s) {
			t.Errorf("main text has %q", s)
		}
	}
}

// TestHTMLPrecedence checks which metadata wins when a page has several.
func TestHTMLPrecedence(t *testing.T) {
	tests := []struct {
		name, page string
		check      func(p Parsed) string
	}{
		{"citation_* over JSON-LD, DC and OG", `<html><head><title>Tag title | Site</title>
<meta name="citation_title" content="Highwire title"><meta name="citation_author" content="Smith, Anna"><meta name="citation_author" content="Berg, Ola">
<meta name="citation_publication_date" content="2021/03/04"><meta name="citation_journal_title" content="J Test"><meta name="citation_volume" content="7">
<meta name="citation_firstpage" content="10"><meta name="citation_lastpage" content="19"><meta name="citation_doi" content="10.1234/abc">
<meta name="citation_pmid" content="123456"><meta name="citation_keywords" content="alpha; beta"><meta name="citation_pdf_url" content="https://x.org/a.pdf">
<meta name="DC.title" content="DC title"><meta property="og:title" content="OG title"><meta property="og:url" content="https://x.org/og">
<script type="application/ld+json">{"@type":"ScholarlyArticle","headline":"LD title","author":[{"@type":"Person","name":"Ld Person"}]}</script>
</head><body></body></html>`, func(p Parsed) string {
			r := p.Record
			return want(r.Title, "Highwire title") + want(r.Authors, []string{"Smith, Anna", "Berg, Ola"}) + want(r.Year, 2021) +
				want(r.Journal, "J Test") + want(r.Pages, "10-19") + want(r.DOI, "10.1234/abc") + want(r.PMID, "123456") +
				want(r.Keywords, []string{"alpha", "beta"}) + want(r.Type, "journal article") + want(r.URL, "https://x.org/og") +
				want(r.ExtraValue("citation_pdf_url"), "https://x.org/a.pdf") + want(r.ExtraValue("dc.title"), "DC title")
		}},
		{"JSON-LD graph over DC", `<html><head><meta name="dc.title" content="DC title"><meta name="dc.creator" content="Dc Person">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
{"@type":"NewsArticle","headline":"LD title","datePublished":"2018-05-06","author":{"@type":"Person","name":"Kari Nordmann"},
"description":"LD description","keywords":["k1","k2"],"inLanguage":"nb"}]}</script></head><body></body></html>`, func(p Parsed) string {
			r := p.Record
			return want(r.Title, "LD title") + want(r.Authors, []string{"Nordmann, Kari"}) + want(r.Year, 2018) + want(r.Type, "NewsArticle") +
				want(r.Abstract, "LD description") + want(r.Keywords, []string{"k1", "k2"}) + want(r.Language, "nb")
		}},
		{"broken JSON-LD is ignored", `<html><head><title>Only a title</title><script type="application/ld+json">{"@type": "Article", </script></head>
<body><main><p>` + strings.Repeat("Running text of the page. ", 60) + `</p></main></body></html>`, func(p Parsed) string {
			r := p.Record
			return want(r.Title, "Only a title") + want(r.Type, "webpage") + want(len(r.Abstract) > 500 && len(r.Abstract) <= 1000, true)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Parsed
			if err := readHTML(strings.NewReader(tt.page), func(p Parsed) error { got = append(got, p); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d records, want 1", len(got))
			}
			normalize(&got[0].Record)
			if msg := tt.check(got[0]); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestHTMLJunk(t *testing.T) {
	for _, in := range []string{"", "<", "<html><head><meta name=citation_author></head>", "\x00\xff<script type=application/ld+json>[[[[", "<html>" + strings.Repeat("<div>", 10000)} {
		// Nesting deeper than the HTML parser's limit is an error, not a panic.
		err := readHTML(strings.NewReader(in), func(Parsed) error { return nil })
		if err != nil && !strings.HasPrefix(err.Error(), "read page: ") {
			t.Errorf("readHTML(%.20q): %v", in, err)
		}
	}
}
