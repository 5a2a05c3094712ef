package ingest

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// corpusDir is the shared corpus of real export files beside the
// repository; CI always has it.
const corpusDir = "../../shared/corpus"

// needCorpus skips the test when the shared corpus is absent.
func needCorpus(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "expected.csv")); err != nil {
		tb.Skipf("skipped: the shared corpus is not at %s (clone ../shared beside the repository to run this test)", corpusDir)
	}
}

type expectedFile struct {
	file    string
	format  Format
	records int
	exact   bool
}

func expectedFiles(tb testing.TB) []expectedFile {
	needCorpus(tb)
	f, err := os.Open(filepath.Join(corpusDir, "expected.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []expectedFile
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[2])
		out = append(out, expectedFile{file: r[0], format: Format(r[1]), records: n, exact: r[3] == "yes"})
	}
	return out
}

// readCorpus reads one corpus file with format detection.
func readCorpus(tb testing.TB, file string) (Result, []data.Record) {
	tb.Helper()
	var recs []data.Record
	res, err := ReadFile(filepath.Join(corpusDir, file), FormatAuto, func(r data.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		tb.Fatalf("ReadFile(%s): %v", file, err)
	}
	return res, recs
}

// TestCorpusCounts reads every corpus file that expected.csv marks exact
// and checks the detected format and the number of records.
func TestCorpusCounts(t *testing.T) {
	for _, e := range expectedFiles(t) {
		if !e.exact {
			continue
		}
		t.Run(e.file, func(t *testing.T) {
			res, recs := readCorpus(t, e.file)
			if res.Format != e.format {
				t.Errorf("format = %s, want %s", res.Format, e.format)
			}
			if len(recs) != e.records || res.Rejected != 0 {
				t.Errorf("stored %d records, rejected %d (%v), want %d stored", len(recs), res.Rejected, res.Problems, e.records)
			}
		})
	}
}
