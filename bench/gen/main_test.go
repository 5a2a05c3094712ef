package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

const corpus = "../../../shared/corpus"

// TestGenerate writes small files of each format and reads them back:
// every record is there, titles are distinct except for the planted
// near-duplicates, and the truth file lists those.
func TestGenerate(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpus, "expected.csv")); err != nil {
		t.Skipf("skipped: the shared corpus is not at %s", corpus)
	}
	for _, tt := range []struct {
		format string
		want   ingest.Format
	}{{"ris", ingest.FormatRIS}, {"pubmed-xml", ingest.FormatPubMedXML}} {
		t.Run(tt.format, func(t *testing.T) {
			dir := t.TempDir()
			out, truth := filepath.Join(dir, "big"), filepath.Join(dir, "truth.csv")
			args := []string{"-format", tt.format, "-n", "300", "-dups", "0.2", "-out", out, "-truth", truth, "-corpus", corpus}
			if err := run(args, io.Discard); err != nil {
				t.Fatalf("run: %v", err)
			}
			titles := map[string]bool{}
			res, err := ingest.ReadFile(out, ingest.FormatAuto, func(r data.Record) error {
				titles[strings.ToLower(r.Title)] = true
				return nil
			})
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if res.Format != tt.want || res.Records != 300 || res.Rejected != 0 {
				t.Errorf("read %s, %d records, %d rejected; want %s, 300, 0", res.Format, res.Records, res.Rejected, tt.want)
			}
			b, err := os.ReadFile(truth)
			if err != nil {
				t.Fatal(err)
			}
			dups := strings.Count(string(b), "\n") - 1
			if dups < 30 || dups > 90 {
				t.Errorf("%d planted duplicates, want about 60", dups)
			}
			if len(titles) < 300-dups {
				t.Errorf("%d distinct titles, want at least %d", len(titles), 300-dups)
			}
		})
	}
}
