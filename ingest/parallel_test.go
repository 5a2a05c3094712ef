package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
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
	path := writeBigRIS(t, "big.ris", "")
	ctx := context.Background()

	par := openTestDB(t)
	got, err := File(ctx, par, path, Options{})
	if err != nil {
		t.Fatalf("File (parallel): %v", err)
	}
	seq := openTestDB(t)
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
	sameStored(t, par, seq)
}

// writeBigRIS writes a RIS file large enough for the import pipeline, with
// a record without TY now and then, and tail at its end; it returns the
// file's path.
func writeBigRIS(t *testing.T, name, tail string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; b.Len() < parallelMin+blockSize; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\r\nAU  - Bakke, Kari %d\r\nTI  - Learning  networks %d\r\n  in Norway\r\nAB  - Umea\u030a about %s\r\nN1  - <note> & \"quoted\" %d\r\nER  - \r\n\r\n",
			i, i, strings.Repeat("quality improvement ", 20), i)
		if i%5000 == 17 {
			b.WriteString("TI  - a record without TY\r\nER  - \r\n\r\n")
		}
	}
	b.WriteString(tail)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkStore fails t unless db holds exactly the records and sources want
// says, all complete, and passes its own check.
func checkStore(t *testing.T, db *data.DB, want data.Counts) {
	t.Helper()
	ctx := context.Background()
	if c, err := db.Count(ctx); err != nil || c != want {
		t.Errorf("Count() = %+v, %v; want %+v", c, err, want)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check() = %v, %v; want no problems", problems, err)
	}
}

// TestParallelImportAgain imports a large file, then the same bytes under
// the same name (known by its fingerprint before reading) and under
// another name (found by its hash at the end): neither adds anything.
func TestParallelImportAgain(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	path := writeBigRIS(t, "big.ris", "")
	first, err := File(ctx, db, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := data.Counts{Sources: 1, Records: first.New, Studies: first.New}
	src, err := db.SourceByID(ctx, first.SourceID)
	if err != nil || src.Fingerprint == "" || strings.HasPrefix(src.SHA256, "pending") || len(src.SHA256) != 64 {
		t.Fatalf("source = %+v, %v; want a SHA-256 and a fingerprint", src, err)
	}
	b, _ := os.ReadFile(path)
	other := filepath.Join(t.TempDir(), "renamed.ris")
	os.WriteFile(other, b, 0o644)
	for _, p := range []string{path, other} {
		again, err := File(ctx, db, p, Options{})
		if err != nil {
			t.Fatalf("%s again: %v", p, err)
		}
		if !again.AlreadyImported || again.SourceID != first.SourceID || again.Records != first.Records || again.New != 0 {
			t.Errorf("%s again = %+v; want already imported as source %d with %d records", p, again, first.SourceID, first.Records)
		}
		checkStore(t, db, want)
	}
}

// TestParallelImportInterrupted leaves an import begun under the file's
// fingerprint half done, as a kill does, and runs it again: every record
// is stored once.
func TestParallelImportInterrupted(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	path := writeBigRIS(t, "big.ris", "")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	fp, err := fingerprint(f, st.Size())
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// What a kill leaves: the source under its fingerprint, incomplete,
	// with the records of the batches stored so far.
	_, err = db.SQL().Exec(`INSERT INTO source(id, name, file, format, kind, sha256, fingerprint, encoding, imported_at, records)
		VALUES(1, 'x', ?, 'ris', 'database', ?, ?, 'utf-8', '', 2);
		INSERT INTO record(id, source_id, study_id, line, raw, title) VALUES(1, 1, 1, 1, 'TY  - JOUR', 'half'), (2, 1, 2, 9, 'TY  - JOUR', 'half');
		INSERT INTO study(id, rep_id) VALUES(1, 1), (2, 2)`, path, "pending:"+fp, fp)
	if err != nil {
		t.Fatal(err)
	}
	got, err := File(ctx, db, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.New == 0 || got.AlreadyImported {
		t.Fatalf("re-run = %+v; want every record new", got)
	}
	checkStore(t, db, data.Counts{Sources: 1, Records: got.New, Studies: got.New})
}

// TestParallelImportLateBadUTF8 imports a large file valid UTF-8 at its
// start but not further on: it is read as Windows-1252, as the sequential
// path reads it, and nothing of the first attempt is left.
func TestParallelImportLateBadUTF8(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	path := writeBigRIS(t, "latin1.ris", "TY  - JOUR\r\nTI  - Caf\xe9 culture\r\nER  - \r\n")
	got, err := File(ctx, db, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Encoding != encCP1252 || got.Rejected != 4 {
		t.Errorf("result = %+v; want windows-1252 and the 4 records without TY rejected", got)
	}
	var title string
	db.SQL().QueryRow("SELECT title FROM record ORDER BY id DESC LIMIT 1").Scan(&title)
	if title != "Café culture" {
		t.Errorf("last title = %q, want %q", title, "Café culture")
	}
	checkStore(t, db, data.Counts{Sources: 1, Records: got.New, Studies: got.New})
}

// TestParallelImportStrict rejects a large file with a bad record under
// --strict and stores nothing of it.
func TestParallelImportStrict(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	path := writeBigRIS(t, "big.ris", "")
	_, err := File(ctx, db, path, Options{Strict: true})
	if !errors.Is(err, ErrStrict) {
		t.Fatalf("File --strict: %v; want ErrStrict", err)
	}
	checkStore(t, db, data.Counts{})
}

// TestTuneGC checks that the pipeline's collector settings hold while any
// pipeline runs and that the last one to end puts the old ones back.
func TestTuneGC(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: tuneGC leaves the collector alone")
	}
	percent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	before, limit := percent(), debug.SetMemoryLimit(-1)
	stop1 := tuneGC()
	stop2 := tuneGC()
	if got := percent(); got != gcPercent {
		t.Errorf("GC percent while two run: %d, want %d", got, gcPercent)
	}
	stop1()
	if got, lim := percent(), debug.SetMemoryLimit(-1); got != gcPercent || lim != gcMemoryLimit {
		t.Errorf("while one runs: GC percent %d, limit %d; want %d, %d", got, lim, gcPercent, gcMemoryLimit)
	}
	stop2()
	if got, lim := percent(), debug.SetMemoryLimit(-1); got != before || lim != limit {
		t.Errorf("after both: GC percent %d, limit %d; want %d, %d", got, lim, before, limit)
	}
}
