package ingest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// Test helpers shared by the readers' tests.

// corpusRecord is what one record of a corpus file must hold: a title
// prefix, the first author, year, DOI or PMID, journal, whether it has an
// abstract and, where given, its line, key and pages.
type corpusRecord struct {
	file     string
	index    int // 0-based record number in the file
	line     int
	key      string
	title    string // prefix
	author   string // first author
	year     int
	doi      string
	pmid     string
	journal  string
	abstract bool
	pages    string
}

// checkCorpusRecords reads each case's file (with format detection, as a
// user's import does) and compares the record's fields.
func checkCorpusRecords(t *testing.T, cases []corpusRecord) {
	t.Helper()
	needCorpus(t)
	files := map[string][]data.Record{}
	for _, c := range cases {
		t.Run(c.file+"#"+strconv.Itoa(c.index), func(t *testing.T) {
			recs, ok := files[c.file]
			if !ok {
				_, recs = readCorpus(t, c.file)
				files[c.file] = recs
			}
			if c.index >= len(recs) {
				t.Fatalf("file has %d records, want record %d", len(recs), c.index)
			}
			r := recs[c.index]
			if c.line != 0 && r.Line != c.line {
				t.Errorf("Line = %d, want %d", r.Line, c.line)
			}
			if c.key != "" && r.Key != c.key {
				t.Errorf("Key = %q, want %q", r.Key, c.key)
			}
			if !strings.HasPrefix(r.Title, c.title) {
				t.Errorf("Title = %q, want prefix %q", r.Title, c.title)
			}
			if len(r.Authors) == 0 || r.Authors[0] != c.author {
				t.Errorf("Authors = %q, want first %q", r.Authors, c.author)
			}
			if r.Year != c.year {
				t.Errorf("Year = %d, want %d", r.Year, c.year)
			}
			if r.DOI != c.doi {
				t.Errorf("DOI = %q, want %q", r.DOI, c.doi)
			}
			if r.PMID != c.pmid {
				t.Errorf("PMID = %q, want %q", r.PMID, c.pmid)
			}
			if r.Journal != c.journal {
				t.Errorf("Journal = %q, want %q", r.Journal, c.journal)
			}
			if (r.Abstract != "") != c.abstract {
				t.Errorf("abstract present = %v, want %v", r.Abstract != "", c.abstract)
			}
			if c.pages != "" && r.Pages != c.pages {
				t.Errorf("Pages = %q, want %q", r.Pages, c.pages)
			}
			if r.Raw == "" {
				t.Errorf("Raw is empty")
			}
		})
	}
}

// parseString runs a reader on s, normalising good records as ingest
// does, and returns all it yields.
func parseString(read readFunc, s string) ([]Parsed, error) {
	var out []Parsed
	err := read(strings.NewReader(s), func(p Parsed) error {
		if p.Problem == "" {
			normalize(&p.Record)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// readString parses s and returns every Parsed it yields.
func readString(t *testing.T, read readFunc, s string) ([]Parsed, error) {
	t.Helper()
	var out []Parsed
	err := read(strings.NewReader(s), func(p Parsed) error {
		out = append(out, p)
		return nil
	})
	return out, err
}
