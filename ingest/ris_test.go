package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

func TestRISCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "ris/cochrane_central_endnote_cff.ris", index: 0, line: 5, key: "CN-00778158",
			title: "The Incredible Years Therapeutic Dinosaur Programme", author: "Bywater, T", year: 2011,
			doi: "10.1186/1745-6215-12-39", pmid: "21314913", journal: "Trials", abstract: true, pages: "39"},
		{file: "ris/citavi_cff.ris", index: 1, line: 31,
			title: "A systematic review of the next-day effects of heavy alcohol", author: "Gunn, Craig", year: 2018,
			doi: "10.1111/add.14404", pmid: "30144191", journal: "Addiction (Abingdon, England)", abstract: true, pages: "2182-2193"},
		{file: "ris/ovid_psycinfo_asreview.ris", index: 0, line: 2, key: "2019-65183-001",
			title: "The influence of self-criticism on depression symptoms", author: "Trindade, Ines A", year: 2019,
			doi: "10.1002/cpp.2398", journal: "Clinical Psychology & Psychotherapy", abstract: true},
		{file: "ris/kwok_included_endnote.txt", index: 0, line: 1, key: "1039",
			title: "Complete genome analysis of porcine kobuviruses", author: "Akagami, M.", year: 2017,
			doi: "10.1007/s11262-017-1464-9", journal: "Virus Genes", abstract: true, pages: "593-602"},
		{file: "ris/embase_asreview.ris", index: 0, line: 1, key: "L373791783",
			title: "Duplication cysts: Diagnosis, management", author: "Liu, R.", year: 2014,
			doi: "10.4103/2303-9027.138783", journal: "Endoscopic Ultrasound", abstract: true, pages: "152-160"},
		{file: "ris/scopus_restoration_revtools.ris", index: 0, line: 1,
			title: "LONG-TERM FOLLOW-UP OF RETINAL PIGMENT EPITHELIUM", author: "Zahid, S.", year: 2019,
			doi: "10.1097/icb.0000000000000530", journal: "Retinal cases & brief reports", abstract: true, pages: "5-9"},
		{file: "ris/proquest_asreview.ris", index: 0, key: "2214991469; 51887",
			title: "Predictors of posttraumatic stress symptom trajectories", author: "Jones, Hannah", year: 2019,
			doi: "10.1002/jts.22387", journal: "Journal of Traumatic Stress", abstract: true},
		{file: "ris/baseline_bom_crlf_asreview.ris", index: 0, line: 1, key: "000-463-679-101-319",
			title: "The Value of Radiologic Interventions and 18 F-DOPA PET", author: "Blomberg, Björn A.", year: 2012,
			doi: "10.1007/s11307-012-0572-0", pmid: "22752652", journal: "Molecular imaging and biology", abstract: true, pages: "97-105"},
		{file: "ris/zotero_spaniels_asysd.ris", index: 0, line: 1, key: "WOS:000082252000006",
			title: "Microangiography of the humeral condyle", author: "Larsen, LJ", year: 1999,
			journal: "VETERINARY AND COMPARATIVE ORTHOPAEDICS AND TRAUMATOLOGY", abstract: true, pages: "134-137"},
	})
}

func TestRISDialects(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		n        int
		line     int // of the last record
		title    string
		abstract string
		problem  bool
		extra    string // "TAG=value" expected in Extra of the last record
	}{
		{"plain", "TY  - JOUR\nTI  - A title\nER  - \n", 1, 1, "A title", "", false, ""},
		{"crlf and empty tag", "TY  - JOUR\r\nTI  - A title\r\nM1  -\r\nER  -\r\n", 1, 1, "A title", "", false, "M1="},
		{"two spaces after dash", "TY  -  JOUR\nTI  -  Spaced\nER  -  \n", 1, 1, "Spaced", "", false, ""},
		{"bare CR in abstract", "TY  - JOUR\r\nT1  - T\r\nAB  - One \r\r\nTwo\r\nER  - \r\n", 1, 1, "T", "One\n\nTwo", false, ""},
		{"continuation", "TY  - JOUR\nTI  - Long\ntitle\nER  - \n", 1, 1, "Long\ntitle", "", false, ""},
		{"missing ER at EOF", "TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two", 2, 5, "Two", "", false, ""},
		{"numbered (Ovid)", "1.\nTY  - JOUR\nTI  - One\nER  - \nNL  - Abbrev\n\nLink to the Ovid Full Text\n\n2.\nTY  - JOUR\nTI  - Two\nER  -\n", 2, 10, "Two", "", false, ""},
		{"Cochrane preamble", "Record #1 of 2\nProvider: Wiley\nContent: text/plain\n\nTY  - JOUR\nTI  - C\nER  - \n", 1, 5, "C", "", false, ""},
		{"no TY", "TY  - JOUR\nTI  - One\nER  - \n\nTI  - Orphan\nER  - \n", 2, 5, "Orphan", "", true, ""},
		{"TY without ER", "TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n", 2, 3, "Two", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readString(t, readRIS, tt.in)
			if err != nil {
				t.Fatalf("readRIS: %v", err)
			}
			if len(got) != tt.n {
				t.Fatalf("got %d records, want %d", len(got), tt.n)
			}
			last := got[len(got)-1]
			if last.Record.Line != tt.line {
				t.Errorf("Line = %d, want %d", last.Record.Line, tt.line)
			}
			if last.Record.Title != tt.title {
				t.Errorf("Title = %q, want %q", last.Record.Title, tt.title)
			}
			if last.Record.Abstract != tt.abstract {
				t.Errorf("Abstract = %q, want %q", last.Record.Abstract, tt.abstract)
			}
			if (last.Problem != "") != tt.problem {
				t.Errorf("Problem = %q, want problem %v", last.Problem, tt.problem)
			}
			if tt.extra != "" {
				name, value, _ := strings.Cut(tt.extra, "=")
				found := false
				for _, f := range last.Record.Extra {
					found = found || f.Name == name && f.Value == value
				}
				if !found {
					t.Errorf("Extra = %v, want %s", last.Record.Extra, tt.extra)
				}
			}
			if !strings.Contains(tt.in, got[0].Record.Raw) {
				t.Errorf("Raw %q is not verbatim input", got[0].Record.Raw)
			}
		})
	}
}

// TestRISKeepsEveryTag checks that nothing a record carried is lost: each
// tag line is either a mapped field or in Extra.
func TestRISKeepsEveryTag(t *testing.T) {
	in := "TY  - JOUR\nTI  - T\nAU  - Smith, J\nA2  - Editor, E\nPY  - 2019/03/04\nJF  - Journal\nJO  - J.\nSP  - 152\nEP  - 160\nSN  - 1234-5678\nSN  - 978-3-16-148410-0\nN1  - note\nL2  - https://doi.org/10.1000/XYZ\nER  - \n"
	got, err := readString(t, readRIS, in)
	if err != nil || len(got) != 1 {
		t.Fatalf("readRIS = %d records, %v", len(got), err)
	}
	r := got[0].Record
	want := data.Record{Title: "T", Authors: []string{"Smith, J"}, Year: 2019, Journal: "Journal", Pages: "152-160",
		ISBN: "978-3-16-148410-0", DOI: "10.1000/xyz", Type: "JOUR"}
	if r.Title != want.Title || r.Year != want.Year || r.Journal != want.Journal || r.Pages != want.Pages ||
		r.ISBN != want.ISBN || r.DOI != want.DOI || r.Type != want.Type || len(r.Authors) != 1 {
		t.Errorf("got %+v, want %+v", r, want)
	}
	var names []string
	for _, f := range r.Extra {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "A2 PY JO SN N1 L2"; got != want {
		t.Errorf("Extra tags = %s, want %s", got, want)
	}
}

func TestTaggedBadInput(t *testing.T) {
	readers := map[string]readFunc{"ris": readRIS, "medline": readMedline, "wos": readWoS, "ovid": readOvid}
	inputs := map[string]string{
		"empty":     "",
		"junk":      "\x00\x01\x02\xff\xfe binary \x00 junk\n\x89PNG",
		"truncated": "TY  - JO",
	}
	for rname, read := range readers {
		for iname, in := range inputs {
			t.Run(rname+"/"+iname, func(t *testing.T) {
				got, err := readString(t, read, in)
				var le *LineError
				if len(got) == 0 && !errors.As(err, &le) {
					t.Errorf("no records and error %v, want a *LineError", err)
				}
			})
		}
	}
}

// BenchmarkReadRIS measures parsing alone (no normalisation, no store) on
// 20 000 records cut from every RIS file of the corpus.
func BenchmarkReadRIS(b *testing.B) {
	needCorpus(b)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "ris", "*.ris"))
	var recs []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		readRIS(bytes.NewReader(bytes.TrimPrefix(raw, bomUTF8)), func(p Parsed) error {
			recs = append(recs, strings.TrimRight(p.Record.Raw, "\r\n")+"\n\n")
			return nil
		})
	}
	var big strings.Builder
	const n = 20000
	for i := 0; i < n; i++ {
		big.WriteString(recs[i%len(recs)])
	}
	in := big.String()
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	for b.Loop() {
		got := 0
		err := readRIS(strings.NewReader(in), func(Parsed) error { got++; return nil })
		if err != nil || got != n {
			b.Fatalf("readRIS = %d records, %v; want %d", got, err, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
