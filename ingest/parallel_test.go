package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// parsedRIS is what a RIS parse yields: each record cleaned, and the
// reader's error.
type parsedRIS struct {
	recs []Parsed
	err  string
}

// readRISSequential parses text with the sequential reader.
func readRISSequential(text []byte) parsedRIS {
	var out parsedRIS
	err := readRIS(bytes.NewReader(text), func(p Parsed) error {
		clean(&p)
		out.recs = append(out.recs, p)
		return nil
	})
	if err != nil {
		out.err = err.Error()
	}
	return out
}

// readRISChunked parses text as the import pipeline does, cut into chunks
// of about block bytes; ok false when the pipeline would hand the text to
// the sequential reader.
func readRISChunked(t testing.TB, text []byte, block int) (out parsedRIS, ok bool) {
	t.Helper()
	order := make(chan *chunk, chunksAhead)
	work := make(chan *chunk, chunksAhead)
	go splitRIS(context.Background(), bytes.NewReader(text), false, block, order, work)
	go func() {
		for c := range work {
			var o chunkOut
			o.err = readRISLines(newTextScanner(c.text, c.first), func(p Parsed) error {
				clean(&p)
				o.items = append(o.items, chunkItem{line: p.Record.Line, problem: p.Problem, rec: data.Prepare(p.Record)})
				out.recs = append(out.recs, p) // one parser: in file order
				return nil
			})
			c.done <- o
		}
	}()
	var err error
	for c := range order {
		if c.err != nil {
			if errors.Is(c.err, errSequential) {
				for range order {
				}
				return out, false
			}
			err = c.err
			break
		}
		if o := <-c.done; o.err != nil {
			err = o.err
			break
		}
	}
	for range order {
	}
	if err != nil {
		out.err = err.Error()
	}
	return out, true
}

// compareRIS fails t when the chunked parse of text differs from the
// sequential one.
func compareRIS(t *testing.T, name string, text []byte, block int) {
	t.Helper()
	want := readRISSequential(text)
	got, ok := readRISChunked(t, text, block)
	if !ok {
		return // the sequential reader takes it
	}
	if got.err != want.err {
		t.Fatalf("%s (blocks of %d): chunked error %q, sequential %q", name, block, got.err, want.err)
	}
	if len(got.recs) != len(want.recs) {
		t.Fatalf("%s (blocks of %d): chunked %d records, sequential %d", name, block, len(got.recs), len(want.recs))
	}
	for i := range want.recs {
		if !reflect.DeepEqual(got.recs[i], want.recs[i]) {
			t.Fatalf("%s (blocks of %d): record %d differs:\nchunked    %+v\nsequential %+v", name, block, i, got.recs[i], want.recs[i])
		}
	}
}

// TestChunkedRISMatchesSequential parses every RIS file of the corpus, and
// dialects written here, both ways with blocks so small that nearly every
// record starts a chunk, and with larger ones.
func TestChunkedRISMatchesSequential(t *testing.T) {
	inputs := map[string][]byte{
		"crlf, preamble": []byte("Provider: X\r\n\r\nTY  - JOUR\r\nTI  - One\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Two\r\n  continued\r\nER  - \r\n"),
		"no ER":          []byte("TY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nTY  -\nTY  - x\n"),
		"bare CR":        []byte("TY  - JOUR\rTI  - One\nER  - \nTY  - JOUR\nTI  - Two\r\nER  -\n1.\nTY  - JOUR\n"),
		"no TY first":    []byte("TI  - orphan\nER  - \nTY  - JOUR\nTI  - fine\nER  - \nTI  - orphan two\nTY  -x\nTY  - \n"),
		"ovid numbered":  []byte("1.\nTY  - JOUR\nTI  - A\nER  - \nNL  - tail\n\n2.\nTY  - JOUR\nTI  - B\nER  - \n"),
		"nothing":        []byte("just text\nno records\n"),
		"empty":          nil,
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "ris", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(f)] = bytes.TrimPrefix(b, bomUTF8)
	}
	for name, text := range inputs {
		for _, block := range []int{1, 7, 100, 4096, 1 << 20} {
			compareRIS(t, name, text, block)
		}
	}
}

// TestRecordStarts checks where the splitter may cut.
func TestRecordStarts(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"TY  - A\nTI  - x\nTY  - B\n", 16},
		{"TY  - A\nTI  - x\nTY  -x\n", 0},           // not a type line
		{"pre\nTY  - A\nTI  - x\n", 0},              // one record start only
		{"pre\nTY  - A\nTY  -\r\nTY  -B\n", 12},     // "TY  -" at a line end is one
		{"TY  - A\nTI  - TY  - B\nTY  -\tC\nx", 22}, // only at a line start
		{"\nTY  - A\n", 0},
	}
	for _, c := range cases {
		if got := lastRecordStart([]byte(c.in)); got != c.want {
			t.Errorf("lastRecordStart(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// FuzzChunkedRIS checks that cutting any input into chunks gives what the
// sequential reader gives.
func FuzzChunkedRIS(f *testing.F) {
	seedFuzz(f, "ris/*")
	f.Add([]byte("TY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nTY  -\nTY  - x\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, block := range []int{1, 13, 512} {
			compareRIS(t, "input", in, block)
		}
	})
}

// TestParallelImportMatchesSequential imports one large RIS file both ways
// and compares every stored column, and the results.
func TestParallelImportMatchesSequential(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < parallelMin+blockSize; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\r\nAU  - Bakke, Kari %d\r\nTI  - Learning  networks %d\r\n  in Norway\r\nAB  - Umea\u030a about %s\r\nN1  - <note> & \"quoted\" %d\r\nER  - \r\n\r\n",
			i, i, strings.Repeat("quality improvement ", 20), i)
		if i%5000 == 17 {
			b.WriteString("TI  - a record without TY\r\nER  - \r\n\r\n")
		}
	}
	path := filepath.Join(t.TempDir(), "big.ris")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dump := func(db *data.DB) []string {
		rows, err := db.SQL().QueryContext(ctx, `SELECT id, study_id, line, source_key, raw, type, title, abstract, authors, year, journal,
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

	open := func() *data.DB {
		db, err := data.Open(ctx, filepath.Join(t.TempDir(), "review.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	par := open()
	got, err := File(ctx, par, path, Options{})
	if err != nil {
		t.Fatalf("File (parallel): %v", err)
	}
	seq := open()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, valid, err := scan(f)
	if err != nil {
		t.Fatal(err)
	}
	f.Seek(0, 0)
	want, err := importReader(ctx, seq, f, &data.Source{File: path, SHA256: sum}, valid, Options{})
	if err != nil {
		t.Fatalf("importReader: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results differ:\nparallel   %+v\nsequential %+v", got, want)
	}
	if got.Rejected == 0 || got.New < 1000 {
		t.Errorf("parallel result %+v: want rejected records and many new", got)
	}
	g, w := dump(par), dump(seq)
	if len(g) != len(w) {
		t.Fatalf("parallel stored %d records, sequential %d", len(g), len(w))
	}
	for i := range w {
		if g[i] != w[i] {
			t.Fatalf("record %d differs:\nparallel   %s\nsequential %s", i, g[i], w[i])
		}
	}
}
