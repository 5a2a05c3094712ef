package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// tableRecord is what a few records of each corpus table must read as.
type tableRecord struct {
	file        string
	index       int // record number in file order, from 0
	line        int
	key         string
	title       string // prefix
	firstAuthor string
	year        int
	journal     string
	doi, pmid   string
	abstract    bool
}

var tableRecords = []tableRecord{
	{"csv/abstrackr_cff.csv", 0, 2, "41893415", "A new small duckbilled dinosaur (Hadrosa", "Longrich, N.R.", 0, "Sci Rep", "", "", true},
	{"csv/abstrackr_cff.csv", 9, 51, "41893424", "A juvenile bird with possible crown-grou", "Brownstein, C.D.", 0, "BMC Ecol Evol", "", "", true},
	{"csv/cinahl_ebsco_cff.csv", 0, 2, "176404503", "Osteohistological insight into the growt", "Curry Rogers, Kristina", 2024, "PLoS ONE", "10.1371/journal.pone.0298242", "", true},
	{"csv/cinahl_ebsco_cff.csv", 9, 11, "155013988", "Comparative cranial osteology of subadul", "WILSON, JOHN P.", 2021, "Palaeontologia Polonica", "10.4202/app.00797.2020", "", true},
	{"csv/cochrane_central_cff.csv", 0, 2, "CN-00778158", "The Incredible Years Therapeutic Dinosau", "Bywater, T", 2011, "Trials", "10.1186/1745-6215-12-39", "21314913", true},
	{"csv/cochrane_central_cff.csv", 2, 4, "CN-02575572", "The Incredible Years Parenting and Child", "Arruabarrena, I", 2022, "Psychosocial intervention = intervencion psicosocial", "10.5093/pi2022a2", "37362617", true},
	{"csv/covidence_cff.csv", 0, 2, "#1", "Cellular structure of dinosaur scales re", "Yang, Z.", 2024, "Nature Communications", "10.1038/s41467-024-48400-3", "", true},
	{"csv/covidence_cff.csv", 9, 11, "#20", "Digestibility of dinosaur food plants re", "Howell, M.M.", 2023, "PLoS ONE", "10.1371/journal.pone.0291058", "", true},
	{"csv/embase_asreview.csv", 0, 2, "", "Duplication cysts: Diagnosis, management", "Liu, R.", 2014, "Endoscopic Ultrasound", "", "", true},
	{"csv/embase_asreview.csv", 5, 7, "", "Completely Isolated Retroperitoneal Ente", "Faraj, K.", 2017, "Journal of Endourology Case Reports", "", "", true},
	{"csv/embase_cff.csv", 0, 5, "L2029880245", "Cellular structure of dinosaur scales re", "Yang, Z.", 2024, "Nature Communications", "10.1038/s41467-024-48400-3", "38773066", true},
	{"csv/embase_cff.csv", 9, 14, "L2030246463", "Description of a new specimen of Haploca", "Boisvert, C.", 2024, "Anatomical Record", "10.1002/ar.25520", "38887924", true},
	{"csv/excel_semicolon_cff.csv", 0, 5, "L2029880245", "Cellular structure of dinosaur scales re", "Yang, Z.", 2024, "Nature Communications", "10.1038/s41467-024-48400-3", "38773066", true},
	{"csv/excel_semicolon_cff.csv", 9, 14, "L2030246463", "Description of a new specimen of Haploca", "Boisvert, C.", 2024, "Anatomical Record", "10.1002/ar.25520", "38887924", true},
	{"csv/googlescholar_cff.csv", 0, 2, "", "Did dinosaurs invent flowers? Dinosaur–a", "Barrett, Paul M", 2001, "Biological Reviews", "", "", false},
	{"csv/googlescholar_cff.csv", 9, 11, "", "A review of the Mongolian cretaceous din", "Norell, Mark A", 2009, "American Museum Novitates", "", "", false},
	{"csv/lens_baseline_cff.csv", 0, 2, "000-463-679-101-319", "The Value of Radiologic Interventions an", "Blomberg, Björn A.", 2012, "Molecular imaging and biology", "10.1007/s11307-012-0572-0", "22752652", true},
	{"csv/openalex_cff.csv", 0, 2, "https://openalex.org/W4387881419", "A bioprovince for the Barremian–Aptian c", "Vicente, Alba", 2024, "Cretaceous Research", "10.1016/j.cretres.2023.105752", "", true},
	{"csv/openalex_cff.csv", 8, 10, "https://openalex.org/W4392977467", "Stratigraphy and depositional history of", "Lehman, Thomas M.", 2024, "Geosphere", "10.1130/ges02662.1", "", true},
	{"csv/pubmed_cff.csv", 0, 2, "30922926", "Time lapse: A glimpse into prehistoric g", "Griffin, DK", 2020, "Eur J Med Genet", "10.1016/j.ejmg.2019.03.004", "30922926", false},
	{"csv/pubmed_cff.csv", 9, 11, "36122246", "Low dinosaur biodiversity in central Chi", "Han, F", 2022, "Proc Natl Acad Sci U S A", "10.1073/pnas.2211234119", "36122246", false},
	{"csv/rayyan_cff.csv", 0, 2, "rayyan-42924189", "Cellular structure of dinosaur scales re", "Yang, Z.", 2024, "Nat. Commun.", "10.1038/s41467-024-48400-3", "", true},
	{"csv/rayyan_cff.csv", 9, 11, "rayyan-42924198", "Description of a new specimen of Haploca", "Boisvert, C.", 2024, "Anat. Rec.", "10.1002/ar.25520", "", true},
	{"csv/scopus_cff.csv", 0, 2, "2-s2.0-85189760133", "Global latitudinal gradients and the evo", "Wilson, L.N.", 2024, "Nature Communications", "10.1038/s41467-024-46843-2", "38580657", true},
	{"csv/scopus_cff.csv", 9, 11, "2-s2.0-85191998754", "The evolution of femoral morphology in g", "Pintore, R.", 2024, "Paleobiology", "10.1017/pab.2024.6", "", true},
	{"csv/zotero_cff.csv", 0, 2, "YVC6GC78", "Cellular structure of dinosaur scales re", "Yang, Z.", 2024, "Nature Communications", "10.1038/s41467-024-48400-3", "", true},
	{"csv/zotero_cff.csv", 9, 11, "MN6QZNQY", "Description of a new specimen of Haploca", "Boisvert, C.", 2024, "Anatomical Record", "10.1002/ar.25520", "", true},
	{"dedup/asysd_labelled_test_set.csv", 0, 2, "1", "Intestinal lipoprotein overproduction in", "Adeli, K.", 2008, "Curr Opin Lipidol", "10.1097/mol.0b013e3282ffaf82", "", true},
	{"dedup/asysd_labelled_test_set.csv", 1844, 2288, "1464", "Neuropeptide Y: A new mediator linking s", "Zukowska, Z.", 2003, "Can J Physiol Pharmacol", "10.1139/y03-006", "", true},
	{"labelled/ace_cohen2006_ferdinands.csv", 2234, 2236, "9990366", "Increased levels of interleukin 5 are as", "", 0, "", "", "9990366", true},
	{"labelled/bannach-brown_2019.csv", 0, 2, "2", "Inhibition of cellular transport process", "Whistler, R. L.", 1972, "", "", "", true},
	{"labelled/virus_kwok2020_ferdinands.csv", 2303, 2305, "2869", "Novel Picornavirus Associated with Avian", "", 0, "", "", "", true},
	{"labelled/wilson_appenzeller-herzog2019_ferdinands.csv", 0, 2, "1095", "Concomitant immune-related events in Wil", "", 0, "", "", "", true},
	{"tsv/lens_baseline_cff.tsv", 0, 2, "000-463-679-101-319", "The Value of Radiologic Interventions an", "Blomberg, Björn A.", 2012, "Molecular imaging and biology", "10.1007/s11307-012-0572-0", "22752652", true},
	{"tsv/refworks_cff.tsv", 1, 3, "99,doc:61b997e48f08e21cc56b3954", "A systematic review and external validat", "de Jong, Ype", 2020, "Journal of clinical epidemiology", "10.1016/j.jclinepi.2020.03.015", "", true},
	{"tsv/refworks_cff.tsv", 99, 101, "1,doc:61b997e18f08e21cc56b38f2", "The Value of Radiologic Interventions an", "Blomberg, Björn A.", 2012, "Molecular imaging and biology", "10.1007/s11307-012-0572-0", "", true},
}

// TestTableFields checks title, first author, year, identifiers, journal,
// abstract, key and line of records of every CSV/TSV exporter.
func TestTableFields(t *testing.T) {
	needCorpus(t)
	byFile := map[string][]data.Record{}
	for _, w := range tableRecords {
		t.Run(fmt.Sprintf("%s#%d", filepath.Base(w.file), w.index), func(t *testing.T) {
			recs, ok := byFile[w.file]
			if !ok {
				_, recs = readCorpus(t, w.file)
				byFile[w.file] = recs
			}
			if w.index >= len(recs) {
				t.Fatalf("read %d records, want record %d", len(recs), w.index)
			}
			r := recs[w.index]
			first := ""
			if len(r.Authors) > 0 {
				first = r.Authors[0]
			}
			checks := []struct {
				name      string
				got, want any
			}{
				{"Line", r.Line, w.line}, {"Key", r.Key, w.key}, {"first author", first, w.firstAuthor},
				{"Year", r.Year, w.year}, {"Journal", r.Journal, w.journal}, {"DOI", r.DOI, w.doi},
				{"PMID", r.PMID, w.pmid}, {"has abstract", r.Abstract != "", w.abstract},
				{"title starts", strings.HasPrefix(r.Title, w.title), true},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v (title %.50q)", c.name, c.got, c.want, r.Title)
				}
			}
		})
	}
}

// TestTableDetails checks fields that only some exporters carry, and that
// unmapped columns are kept.
func TestTableDetails(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		file  string
		index int
		check func(r data.Record) string
	}{
		{"csv/scopus_cff.csv", 1, func(r data.Record) string {
			return want(r.Pages, "1084-1092") + want(r.Volume, "307") + want(r.Issue, "4") + want(r.Language, "English") +
				want(r.Type, "Article") + want(len(r.Authors), 7) + want(r.ExtraValue("Publisher"), "John Wiley and Sons Inc") +
				want(r.ExtraValue("Source"), "Scopus")
		}},
		{"csv/embase_asreview.csv", 0, func(r data.Record) string {
			return want(r.Volume, "3") + want(r.Issue, "3") + want(r.Pages, "152-160") + want(len(r.Authors), 2) +
				want(strings.HasPrefix(r.ExtraValue("Source"), "Endoscopic Ultrasound (2014)"), true)
		}},
		{"csv/pubmed_cff.csv", 1, func(r data.Record) string {
			return want(r.Volume, "120") + want(r.Issue, "17") + want(r.Pages, "e2217872120") + want(r.PMCID, "PMC10151472") +
				want(len(r.Authors), 11) + want(r.Authors[10], "Pérez-de la Fuente, R")
		}},
		{"csv/cinahl_ebsco_cff.csv", 0, func(r data.Record) string {
			return want(r.ISBN, "19326203") + want(r.ExtraValue("Publication Date"), "4/3/2024") + want(r.Pages, "1") +
				want(slices.Contains(r.Keywords, "MASS extinctions"), true)
		}},
		{"csv/lens_baseline_cff.csv", 0, func(r data.Record) string {
			return want(r.Pages, "97-105") + want(r.PMCID, "PMC3553406") + want(r.Type, "journal article") +
				want(r.ExtraValue("Date Published"), "2012-07-03")
		}},
		{"csv/openalex_cff.csv", 0, func(r data.Record) string {
			return want(r.Language, "en") + want(r.Volume, "154") + want(len(r.Authors), 5) + want(r.Keywords, []string{"Archipelago", "Aptian", "Paleoclimatology"})
		}},
		{"csv/rayyan_cff.csv", 0, func(r data.Record) string {
			return want(r.Authors, []string{"Yang, Z.", "Jiang, B.", "Xu, J.", "McNamara, M.E."}) + want(r.Keywords[0], "keratin")
		}},
		{"csv/abstrackr_cff.csv", 0, func(r data.Record) string {
			return want(len(r.Authors), 4) + want(r.ExtraValue("labeled_at (2)"), "2024-08-15 08:42:23") + want(r.ExtraValue("Anonymous"), "1") +
				want(r.ExtraValue("pubmed id"), "0") + want(r.PMID, "")
		}},
		{"csv/covidence_cff.csv", 0, func(r data.Record) string {
			return want(r.ExtraValue("Study"), "Yang 2024")
		}},
		{"tsv/refworks_cff.tsv", 1, func(r data.Record) string {
			return want(r.Pages, "69-79") + want(r.ISBN, "1878-5921") + want(r.Authors[2], "van der Endt, Vera H. W.")
		}},
		{"dedup/asysd_labelled_test_set.csv", 1, func(r data.Record) string {
			// Windows-1252 0xA9 is the copyright sign.
			return want(r.Key, "699") + want(strings.HasSuffix(r.Abstract, "© 2008 Lippincott Williams & Wilkins Inc."), true) +
				want(r.ExtraValue("label"), "Duplicate_in_trash") + want(r.Authors, []string{"Adeli, K.", "Lewis, G.F."})
		}},
		{"labelled/bannach-brown_2019.csv", 2, func(r data.Record) string {
			return want(r.Authors, []string{"Pavlinac, D.", "Langer, R.", "Lenhard, L.", "Deftos, L."})
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			_, recs := readCorpus(t, tt.file)
			if msg := tt.check(recs[tt.index]); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// want returns "" when got equals want, else a got/want message.
func want(got, want any) string {
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("got %#v, want %#v; ", got, want)
	}
	return ""
}

// TestAbstrackrMalformed reads the Abstrackr export with a repeated column
// name and a stray section line: the section line is a problem with its
// line, every real row is a record.
func TestAbstrackrMalformed(t *testing.T) {
	needCorpus(t)
	res, recs := readCorpus(t, "csv/abstrackr_cff.csv")
	if len(recs) != 10 || res.Rejected != 1 || len(res.Problems) != 1 {
		t.Fatalf("stored %d, rejected %d, problems %v; want 10 stored, 1 problem", len(recs), res.Rejected, res.Problems)
	}
	if p := res.Problems[0]; p.Line != 36 || !strings.Contains(p.Message, "row has 1 field where the header has 17") {
		t.Errorf("problem = %+v, want line 36, a row of 1 field", p)
	}
	if got := recs[6]; got.Line != 37 || got.Key != "41893421" || !strings.HasPrefix(got.Title, "Erratum: Correction: A juvenile") {
		t.Errorf("first short row = line %d key %q title %.40q, want line 37, key 41893421", got.Line, got.Key, got.Title)
	}
}

// TestDelimitedEdgeCases covers what the corpus lacks.
func TestDelimitedEdgeCases(t *testing.T) {
	tests := []struct {
		name  string
		read  readFunc
		in    string
		check func(ps []Parsed) string
	}{
		{"repeated header name", readCSV, "title,label,label\nA,1,0\n", func(ps []Parsed) string {
			return want(ps[0].Record.Extra, []data.Field{{Name: "label", Value: "1"}, {Name: "label (2)", Value: "0"}})
		}},
		{"short row with a title is a record", readCSV, "title,year,doi\nA paper,2001\n", func(ps []Parsed) string {
			return want(len(ps), 1) + want(ps[0].Problem, "") + want(ps[0].Record.Year, 2001)
		}},
		{"cells beyond the header are kept", readCSV, "title,year\nA,2001,surplus\n", func(ps []Parsed) string {
			return want(ps[0].Record.Extra, []data.Field{{Name: "column 3", Value: "surplus"}})
		}},
		{"multi-line field: line and exact raw text", readCSV, "title,abstract\r\n\"T1\",\"one\r\ntwo\"\r\nT2,x\r\n", func(ps []Parsed) string {
			return want(ps[0].Record.Line, 2) + want(ps[0].Record.Raw, "\"T1\",\"one\r\ntwo\"") +
				want(ps[1].Record.Line, 4) + want(ps[1].Record.Raw, "T2,x") + want(ps[0].Record.Abstract, "one\ntwo")
		}},
		{"preamble and semicolons", readCSV, "\"SEARCH QUERY\";\"x:ti\"\n-----\n;;;\ntitle;authors;year\nA;Smith J, Jones K;1999\n;;\n", func(ps []Parsed) string {
			return want(len(ps), 1) + want(ps[0].Record.Line, 5) + want(ps[0].Record.Authors, []string{"Smith J", "Jones K"})
		}},
		{"tabs with quotes", readTSV, "Title\tAuthor/s\tPMID\nA \"quoted\" word\t\"X, Y; Z, W\"\t123\n", func(ps []Parsed) string {
			return want(ps[0].Record.Title, "A \"quoted\" word") + want(ps[0].Record.Authors, []string{"X, Y", "Z, W"}) + want(ps[0].Record.PMID, "123")
		}},
		{"unknown columns: first line is the header", readCSV, "a,b\n1,2\n", func(ps []Parsed) string {
			return want(ps[0].Record.Extra, []data.Field{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}})
		}},
		{"quote never closed", readCSV, "title,year\n\"abc,1999\nnext,2000\n", func(ps []Parsed) string {
			return want(len(ps), 1) + want(ps[0].Record.Title, "abc,1999\nnext,2000")
		}},
		{"Excel text guard and R's NA", readCSV, "title,issn,volume\nA,=\"12345678\",NA\n", func(ps []Parsed) string {
			return want(ps[0].Record.ISBN, "12345678") + want(ps[0].Record.Volume, "") + want(len(ps[0].Record.Extra), 0)
		}},
		{"empty input", readCSV, "", func(ps []Parsed) string { return want(len(ps), 0) }},
		{"header only", readTSV, "title\tabstract\n", func(ps []Parsed) string { return want(len(ps), 0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := readString(t, tt.read, tt.in)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if msg := tt.check(ps); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestDelimitedJunk feeds bytes that are no table: no panic, and every
// error is a LineError.
func TestDelimitedJunk(t *testing.T) {
	inputs := []string{"\x00\x01\x02\xff\xfe", "\"", "\"\"\"\n\"", ",,,\n,,,", strings.Repeat("\"a\",", 5000), "\r\r\r", "title\n\x00"}
	for _, in := range inputs {
		for _, read := range []readFunc{readCSV, readTSV} {
			_, err := readString(t, read, in)
			var le *LineError
			if err != nil && !errors.As(err, &le) {
				t.Errorf("read(%.20q): error %v is not a LineError", in, err)
			}
		}
	}
}

func TestSplitAuthors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Wilson L.N.; Gardner J.D.", "Wilson L.N.|Gardner J.D."},
		{"Liu R., Adler D.G.", "Liu R.|Adler D.G."},
		{"Griffin DK, Larkin DM, O'Connor RE.", "Griffin DK|Larkin DM|O'Connor RE"},
		{"Yang, Z. and Jiang, B.", "Yang, Z.|Jiang, B."},
		{"Longrich, N.R.\n and Pereda-Suberbiola, X.\n", "Longrich, N.R.|Pereda-Suberbiola, X."},
		{"D. Pavlinac, R. Langer and L. Deftos", "D. Pavlinac|R. Langer|L. Deftos"},
		{"Smith, John", "Smith, John"},
		{"Smith, J, Jones, K", "Smith, J|Jones, K"},
		{"Alba Vicente|Josep Sanjuan", "Alba Vicente|Josep Sanjuan"},
		{"Barrett, Paul M; Willis, Katherine J; ", "Barrett, Paul M|Willis, Katherine J"},
		{"van den Hoven,null;Smits,Maarten L. J.", "van den Hoven|Smits, Maarten L. J."},
		{"Adingupu D. D.Gronros J.El Hachmane M.", "Adingupu D.D.|Gronros J.|El Hachmane M."},
		{"World Health Organization", "World Health Organization"},
	}
	for _, tt := range tests {
		if got := strings.Join(splitAuthors(tt.in), "|"); got != tt.want {
			t.Errorf("splitAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// BenchmarkReadCSV reads the Scopus export's rows repeated to 5 000 rows
// (about 30 MB: Scopus rows carry the reference lists).
func BenchmarkReadCSV(b *testing.B) {
	needCorpus(b)
	raw, err := os.ReadFile(filepath.Join(corpusDir, "csv/scopus_cff.csv"))
	if err != nil {
		b.Fatal(err)
	}
	raw = bytes.TrimPrefix(raw, bomUTF8)
	header, rows, _ := bytes.Cut(raw, []byte("\n"))
	var buf bytes.Buffer
	buf.Write(header)
	buf.WriteByte('\n')
	for range 500 {
		buf.Write(rows)
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for range b.N {
		n := 0
		if err := readCSV(bytes.NewReader(in), func(p Parsed) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 5000 {
			b.Fatalf("read %d rows, want 5000", n)
		}
	}
	b.ReportMetric(float64(5000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
