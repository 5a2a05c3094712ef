package index

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// norwegianRecords are hand-written: the corpus has no Norwegian records,
// and the Norwegian stemming checks need inflected forms and compounds.
var norwegianRecords = []data.Record{
	{Title: "Læringsnettverk i kommunehelsetjenesten: en evaluering", Abstract: "Vi evaluerte et læringsnettverk for gode pasientforløp i tolv kommuner.", Year: 2016, Language: "nor"},
	{Title: "Erfaringer fra læringsnettverket for gode pasientforløp", Abstract: "Deltakerne i læringsnettverket beskrev hvordan de arbeidet med forbedring.", Year: 2018},
	{Title: "Læringsnettverkene og kvalitetsforbedring i sykehjem", Abstract: "Studien beskriver hvordan læringsnettverkene ble organisert.", Year: 2019},
	{Title: "Ledelse og lederforankring i kvalitetsforbedringsarbeid", Abstract: "God ledelse er viktig for at forbedringsarbeidet skal lykkes.", Year: 2017},
	{Title: "Ledelsen i kommunen og ledernes rolle", Abstract: "Vi intervjuet ledere om hvordan de støtter forbedringsarbeid i tjenestene.", Year: 2020},
	{Title: "Lederforankring er avgjørende for å lykkes med forbedringsarbeid", Abstract: "Uten forankring hos lederne stopper arbeidet opp.", Year: 2021},
}

// fixture is a review built from real corpus files plus the Norwegian
// records, with every record as the tests know it.
type fixture struct {
	db      *data.DB
	records map[int64]data.Record // by study id (one record per study: no dedup)
	source  map[int64]string      // source name by study id
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	db := mustOpenDB(t)
	importRecords(t, db, "Bannach-Brown", labelledRecords(t, "bannach-brown_2019.csv"))
	for _, f := range []string{"medline/pubmed_restoration_revtools.nbib", "ris/scopus_restoration_revtools.ris"} {
		res, err := ingest.File(ctx, db, filepath.Join(corpusDir, f), ingest.Options{})
		if err != nil {
			t.Skipf("ingest %s: %v (the corpus and its reader are needed)", f, err)
		}
		if res.New == 0 {
			t.Fatalf("ingest %s stored no records", f)
		}
	}
	importRecords(t, db, "Norsk", norwegianRecords)
	fx := &fixture{db: db, records: map[int64]data.Record{}, source: map[int64]string{}}
	srcs, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for _, s := range srcs {
		names[s.ID] = s.Name
	}
	err = db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		fx.records[r.StudyID] = r
		fx.source[r.StudyID] = names[r.SourceID]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// matching returns the study ids whose record satisfies pred.
func (fx *fixture) matching(pred func(r data.Record, source string) bool) []int64 {
	var ids []int64
	for id, r := range fx.records {
		if pred(r, fx.source[id]) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func re(expr string) func(string) bool { return regexp.MustCompile(expr).MatchString }

func inTitle(expr string) func(data.Record, string) bool {
	m := re(expr)
	return func(r data.Record, _ string) bool { return m(r.Title) }
}

func inText(expr string) func(data.Record, string) bool {
	m := re(expr)
	return func(r data.Record, _ string) bool {
		return m(r.Title) || m(r.Abstract) || m(strings.Join(r.Keywords, "\n")) || m(strings.Join(r.Authors, "\n"))
	}
}

func TestSearchCorpus(t *testing.T) {
	fx := newFixture(t)
	ctx := context.Background()
	ix, err := Open(ctx, fx.db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	doi := ""
	for _, r := range fx.records {
		if r.DOI != "" && doi == "" && strings.Contains(r.DOI, "/") {
			doi = r.DOI
		}
	}
	tests := []struct {
		name, query string
		// want must all be found; allow may also be (default: want).
		want, allow func(data.Record, string) bool
	}{
		{name: "author field", query: "author:whistler",
			want: func(r data.Record, _ string) bool { return slices.ContainsFunc(r.Authors, re(`(?i)\bwhistler\b`)) }},
		{name: "phrase in title", query: `title:"major depression"`,
			want: inTitle(`(?i)\bmajor\W+depression\b`), allow: inTitle(`(?i)\bmajor\W+depress\w*`)},
		{name: "phrase anywhere", query: `"wetland restoration"`,
			want: inText(`(?i)\bwetland\W+restoration\b`), allow: inText(`(?i)\bwetlands?\W+restor\w*`)},
		{name: "prefix", query: "title:antidepress*", want: inTitle(`(?i)\bantidepress\w*`)},
		{name: "prefix is case-insensitive", query: "title:Antidepress*", want: inTitle(`(?i)\bantidepress\w*`)},
		{name: "fuzzy one edit", query: "title:fluoxetin~1",
			want: inTitle(`(?i)\bfluoxetine?\b`), allow: inTitle(`(?i)\b\w?fluoxetin\w?\b|\bfluoxe.in\b|\bfluox.tin\b`)},
		{name: "English stemming", query: "title:depressed",
			want: inTitle(`(?i)\bdepress(ed|ion|ions)?\b`), allow: inTitle(`(?i)\bdepress\w*`)},
		{name: "must and must not", query: "+title:fluoxetine -title:rat*",
			want: func(r data.Record, _ string) bool {
				return re(`(?i)\bfluoxetine\b`)(r.Title) && !re(`(?i)\brat\w*`)(r.Title)
			}},
		{name: "year range and term", query: "+year:>=2015 +year:<2017 +title:fluoxetine",
			want: func(r data.Record, _ string) bool {
				return r.Year >= 2015 && r.Year < 2017 && re(`(?i)\bfluoxetine\b`)(r.Title)
			}},
		{name: "source", query: "source:scopus", want: func(_ data.Record, s string) bool { return s == "Scopus" }},
		{name: "doi", query: `doi:"` + doi + `"`, want: func(r data.Record, _ string) bool { return r.DOI == doi }},
		{name: "Norwegian base form finds inflections", query: "læringsnettverk",
			want: inText(`(?i)læringsnettverk(et|ene)?\b`)},
		{name: "Norwegian plural definite finds the rest", query: "læringsnettverkene",
			want: inText(`(?i)læringsnettverk(et|ene)?\b`)},
		{name: "Norwegian ledelse finds ledelsen, not compounds", query: "ledelse",
			want: inText(`(?i)\bledelsen?\b`)},
		{name: "Norwegian compound by prefix", query: "leder*",
			want: inText(`(?i)\bleder\w*`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := fx.matching(tt.want)
			if len(want) == 0 {
				t.Fatalf("the corpus has no study for %q: the test would prove nothing", tt.query)
			}
			allow := want
			if tt.allow != nil {
				allow = fx.matching(tt.allow)
			}
			got, err := ix.IDs(ctx, Request{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range want {
				if !slices.Contains(got, id) {
					t.Errorf("%q: study %d (%q) not found", tt.query, id, fx.records[id].Title)
				}
			}
			for _, id := range got {
				if !slices.Contains(allow, id) {
					t.Errorf("%q: study %d (%q) found, should not be", tt.query, id, fx.records[id].Title)
				}
			}
		})
	}
}

func TestSearchHighlighting(t *testing.T) {
	ctx := context.Background()
	db := smallDB(t)
	importRecords(t, db, "Norsk", norwegianRecords)
	ix := mustOpenIndex(t, db)
	defer ix.Close()
	tests := []struct {
		query string
		// every mark must match mark; at least one hit must mark title or abstract
		mark func(string) bool
	}{
		{`title:"major depression"`, re(`(?i)^major\W+depress\w*$`)}, // stemmed phrases match inflections
		{"depressed", re(`(?i)^depress\w*$`)},
		{"restor*", re(`(?i)^restor\w*$`)},
		{"deprssion~1", re(`(?i)^depression$`)},
		{"læringsnettverkene", re(`(?i)^læringsnettverk(et|ene)?$`)},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(ctx, Request{Query: tt.query, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatal("no hits")
			}
			marked := 0
			for _, h := range res.Hits {
				for _, f := range h.Fragments {
					for _, m := range f.Marks {
						if got := f.Text[m.Start:m.End]; !tt.mark(got) {
							t.Errorf("study %d %s fragment %q marks %q", h.StudyID, f.Field, f.Text, got)
						}
						marked++
					}
					if f.Field == "title" && f.Text != h.Title {
						t.Errorf("title fragment %q, want the whole title %q", f.Text, h.Title)
					}
				}
			}
			if marked == 0 {
				t.Errorf("%d hits and not one mark", len(res.Hits))
			}
			if got := res.Hits[0].Fragments[0].Render(Brackets); !strings.Contains(got, "[[") {
				t.Errorf("Render(Brackets) = %q, want [[marks]]", got)
			}
		})
	}
}

func TestSearchQueryErrors(t *testing.T) {
	for _, q := range []string{"foo:bar", `title:"unclosed`, "year:abc", "created:>2020-01-01"} {
		if _, err := parseQuery(q); !errors.Is(err, ErrQuery) {
			t.Errorf("parseQuery(%q) error = %v, want ErrQuery", q, err)
		}
	}
	for _, s := range []string{"done", "ta-maybe", "xx-included"} {
		if _, err := ParseStatus(s); !errors.Is(err, ErrQuery) {
			t.Errorf("ParseStatus(%q) error = %v, want ErrQuery", s, err)
		}
	}
	for _, s := range StatusFilters() {
		if _, err := ParseStatus(s); err != nil {
			t.Errorf("ParseStatus(%q) = %v, want it accepted", s, err)
		}
	}
}

// TestYearRanges checks the year's term ranges against the years of
// records, at and around the ends of every kind of range.
func TestYearRanges(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	years := []int{0, 999, 1999, 2000, 2009, 2010, 2011, 2019, 2020, 2024}
	var recs []data.Record
	for _, y := range years {
		recs = append(recs, data.Record{Title: "Year test", Year: y})
	}
	importRecords(t, db, "Years", recs)
	ix := mustOpenIndex(t, db)
	defer ix.Close()
	tests := []struct {
		query string
		want  []int // years
	}{
		{"year:2010", []int{2010}},
		{"py:999", []int{999}},
		{"year:>2010", []int{2011, 2019, 2020, 2024}},
		{"year:>=2010", []int{2010, 2011, 2019, 2020, 2024}},
		{"year:<2010", []int{999, 1999, 2000, 2009}},
		{"year:<=2010", []int{999, 1999, 2000, 2009, 2010}},
		{"+year:>=2009 +year:<2011", []int{2009, 2010}},
		{"+year:>2009.5 +year:<=2010.5", []int{2010}},
		{"year:>=2010.5", []int{2011, 2019, 2020, 2024}},
		{"year:<1000", []int{999}},
		{"+year:>=2000 +year:<=2019", []int{2000, 2009, 2010, 2011, 2019}},
		{"+year:>1999 +year:<2020", []int{2000, 2009, 2010, 2011, 2019}},
		{"+year:>=2001 +year:<=2018", []int{2009, 2010, 2011}},
		{"+year:>=1999 +year:<=2020", []int{1999, 2000, 2009, 2010, 2011, 2019, 2020}},
		{"year:>=10000", nil},
		{"year:<-5", nil},
		{"2011", []int{2011}},
		{"+year:>2011 +year:<2012", nil},
	}
	for _, tt := range tests {
		ids, err := ix.IDs(ctx, Request{Query: tt.query})
		if err != nil {
			t.Fatalf("%q: %v", tt.query, err)
		}
		var got []int
		for _, id := range ids {
			got = append(got, years[id-1])
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q found years %v, want %v", tt.query, got, tt.want)
		}
	}
}
