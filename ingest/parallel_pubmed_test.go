package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// storedRecords returns every stored column of every record of db, one
// string a record, in id order.
func storedRecords(t *testing.T, db *data.DB) []string {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT id, study_id, line, source_key, raw, type, title, abstract, authors, year, journal,
		volume, issue, pages, doi, pmid, pmcid, isbn, url, keywords, language, extra FROM record ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		v := make([]any, 22)
		for i := range v {
			v[i] = new(any)
		}
		if err := rows.Scan(v...); err != nil {
			t.Fatal(err)
		}
		var s strings.Builder
		for _, x := range v {
			fmt.Fprintf(&s, "%v|", *(x.(*any)))
		}
		out = append(out, s.String())
	}
	return out
}

// sameStored fails t unless par and seq store the same records, column
// for column.
func sameStored(t *testing.T, par, seq *data.DB) {
	t.Helper()
	g, w := storedRecords(t, par), storedRecords(t, seq)
	if len(g) != len(w) {
		t.Fatalf("parallel stored %d records, sequential %d", len(g), len(w))
	}
	for i := range w {
		if g[i] != w[i] {
			t.Fatalf("record %d differs:\nparallel   %.300s\nsequential %.300s", i, g[i], w[i])
		}
	}
}

// bigPubMedFile returns PubMed XML large enough for the import pipeline:
// the corpus article repeated, one of them malformed and one with a
// comment (which the fast decoder leaves to encoding/xml).
func bigPubMedFile(t *testing.T) []byte {
	n := (parallelMin+3*blockSize)/21000 + 1
	b := bigPubMedXML(t, n)
	arts := bytes.SplitAfter(b, []byte("</PubmedArticle>"))
	if len(arts) < 300 {
		t.Fatalf("%d articles, want more", len(arts))
	}
	arts[7] = bytes.Replace(arts[7], []byte("</Volume>"), []byte("</Issue>"), 1)
	arts[250] = bytes.Replace(arts[250], []byte("<Author "), []byte("<!-- a comment --><Author "), 1)
	return bytes.Join(arts, nil)
}

// TestParallelPubMedMatchesSequential imports large PubMed XML files
// through the pipeline and the sequential reader and compares the
// results and every stored column: line numbers, raw text, problems and a
// broken tail included.
func TestParallelPubMedMatchesSequential(t *testing.T) {
	big := bigPubMedFile(t)
	cut := bytes.Index(big[parallelMin+blockSize:], []byte("<AbstractText")) + parallelMin + blockSize
	cases := []struct {
		name     string
		text     []byte
		parallel bool // the pipeline takes it, not the sequential reader
	}{
		{"plain", big, true},
		{"bom crlf", append(append([]byte{}, bomUTF8...), bytes.ReplaceAll(big, []byte("\n"), []byte("\r\n"))...), true},
		{"truncated", big[:cut], true},
		{"no articles", []byte("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n" + strings.Repeat("<!-- nothing -->\n", parallelMin/16) + "</PubmedArticleSet>\n"), false},
	}
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "big.xml")
			if err := os.WriteFile(path, c.text, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			par := openTestDB(t)
			got, gotErr, ok := importParallel(ctx, par, f, path, Options{})
			if ok != c.parallel {
				t.Fatalf("importParallel took the file: %v, want %v", ok, c.parallel)
			}
			if !ok {
				got, gotErr = File(ctx, par, path, Options{})
			}
			seq := openTestDB(t)
			f.Seek(0, 0)
			sum, valid, err := scan(f)
			if err != nil {
				t.Fatal(err)
			}
			f.Seek(0, 0)
			want, wantErr := importReader(ctx, seq, f, &data.Source{File: path, SHA256: sum}, valid, Options{})
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("error %v, sequential %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("results differ:\nparallel   %+v\nsequential %+v", got, want)
			}
			if c.parallel && (got.Rejected == 0 || got.New < 300 || got.Format != FormatPubMedXML) {
				t.Errorf("parallel result %+v: want rejected records, many new, pubmed-xml", got)
			}
			sameStored(t, par, seq)
		})
	}
}
