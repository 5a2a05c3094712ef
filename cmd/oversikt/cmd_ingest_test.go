package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

type ingestJSON struct {
	Files []struct {
		File            string `json:"file"`
		Format          string `json:"format"`
		Records         int    `json:"records"`
		New             int    `json:"new"`
		Rejected        int    `json:"rejected"`
		AlreadyImported bool   `json:"already_imported"`
		Problems        []struct {
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"problems"`
	} `json:"files"`
}

func ingestJSONOf(t *testing.T, stdout string) ingestJSON {
	t.Helper()
	var got ingestJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("ingest --json printed %q: %v", stdout, err)
	}
	return got
}

func TestIngestJSONAndReimport(t *testing.T) {
	needCorpus(t)
	db := tempDB(t)
	file := filepath.Join(corpusDir, "medline/pubmed_medline_misnamed_cff.ris")
	stdout, stderr, code := runCLI(t, "", "--db", db, "ingest", "--json", file)
	if code != 0 {
		t.Fatalf("ingest exit %d, stderr %s", code, stderr)
	}
	got := ingestJSONOf(t, stdout)
	if f := got.Files[0]; f.Format != "medline" || f.Records != 50 || f.New != 50 || f.Rejected != 0 {
		t.Errorf("ingest --json = %+v, want medline (sniffed despite .ris), 50 records, 50 new", f)
	}
	stdout, _, code = runCLI(t, "", "--db", db, "ingest", "--json", file)
	if f := ingestJSONOf(t, stdout).Files[0]; code != 0 || f.New != 0 || !f.AlreadyImported {
		t.Errorf("second ingest = %+v (exit %d), want nothing new and already_imported", f, code)
	}
	stdout, _, _ = runCLI(t, "", "--db", db, "export", "records")
	if n := strings.Count(stdout, "\n"); n < 51 {
		t.Errorf("export records printed %d lines, want a header and 50 records", n)
	}
	if !strings.HasPrefix(stdout, "record_id,study_id,source,source_key,line,type,title,authors,year,journal,volume,issue,pages,doi,pmid") {
		t.Errorf("export records header = %q", strings.SplitN(stdout, "\n", 2)[0])
	}
}

// badRIS has a good record, a record with no title or identifier, and a
// good record after it.
const badRIS = `TY  - JOUR
TI  - Learning networks in municipal care
PY  - 2019
ER  - 

TY  - JOUR
PY  - 2020
ER  - 

TY  - JOUR
TI  - Quality improvement collaboratives in Norway
PY  - 2021
ER  - 
`

func TestIngestReportsBadRecordsAndKeepsGoodOnes(t *testing.T) {
	db := tempDB(t)
	file := writeFile(t, "bad.ris", badRIS)
	stdout, stderr, code := runCLI(t, "", "--db", db, "ingest", file)
	if code != exitProblems {
		t.Errorf("exit code %d, want %d", code, exitProblems)
	}
	if want := file + ":6: record has no title or identifier; skipped"; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr, want)
	}
	if !strings.Contains(stdout, "3 records, 2 new, 1 rejected") {
		t.Errorf("stdout = %q, want 3 records, 2 new, 1 rejected", stdout)
	}

	strictDB := tempDB(t)
	_, stderr, code = runCLI(t, "", "--db", strictDB, "ingest", "--strict", file)
	if code != exitError || !strings.Contains(stderr, "--strict") {
		t.Errorf("--strict: exit %d, stderr %q; want exit 1 naming --strict", code, stderr)
	}
	db2, err := data.Open(context.Background(), strictDB)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if c, _ := db2.Count(context.Background()); c.Records != 0 || c.Sources != 0 {
		t.Errorf("after a --strict rejection the review holds %+v, want nothing", c)
	}
}

func TestIngestUnreadableFiles(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		name, content, want string
	}{
		{"empty.ris", "", "is empty"},
		{"junk.bin", "\x00\x01\x02\x03\xff\xfe\x00junk\x00\x00", "cannot tell the format"},
		{"prose.txt", "Dear librarian, here are the references you asked for.\n", "no records found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeFile(t, tt.name, tt.content)
			_, stderr, code := runCLI(t, "", "--db", db, "ingest", file)
			if code != exitError || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, tt.name) {
				t.Errorf("exit %d, stderr %q; want exit 1 and a message naming the file and %q", code, stderr, tt.want)
			}
		})
	}
	_, stderr, code := runCLI(t, "", "--db", db, "ingest", "--kind", "blog", "x.ris")
	if code != exitUsage || !strings.Contains(stderr, "Try:") {
		t.Errorf("unknown --kind: exit %d, stderr %q; want exit 2 with a Try: hint", code, stderr)
	}
}

// TestIngestKilledAndRerun kills an import of a large file half way and
// checks that running it again stores every record exactly once: into a
// review that exists (the normal import) and into one the command creates
// (built in bulk: the kill leaves no review, only the build, which the
// re-run removes).
func TestIngestKilledAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "oversikt")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	const n = 60000
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("TY  - JOUR\nTI  - Learning network study number " + strconv.Itoa(i) + "\nPY  - 2011\nAB  - An abstract long enough to make the file take a moment to import, about learning networks.\nER  - \n\n")
	}
	file := filepath.Join(dir, "big.ris")
	os.WriteFile(file, []byte(b.String()), 0o644)

	for _, existing := range []bool{true, false} {
		db := filepath.Join(t.TempDir(), "review.db")
		if existing {
			if out, err := exec.Command(bin, "--db", db, "init").CombinedOutput(); err != nil {
				t.Fatalf("init: %v\n%s", err, out)
			}
		}
		cmd := exec.Command(bin, "--db", db, "ingest", file)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if existing {
			waitForRecords(t, db, 1)
		} else {
			waitForBuild(t, db, 1<<20)
		}
		cmd.Process.Kill()
		cmd.Wait()
		if !existing {
			if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a killed import into a new review left %s (%v); want no review", db, err)
			}
		}

		out, err := exec.Command(bin, "--db", db, "--json", "ingest", file).Output()
		if err != nil {
			t.Fatalf("re-run: %v", err)
		}
		if f := ingestJSONOf(t, string(out)).Files[0]; f.New != n || f.AlreadyImported {
			t.Errorf("existing review %v: re-run after kill stored %d (already imported %v), want %d", existing, f.New, f.AlreadyImported, n)
		}
		out, _ = exec.Command(bin, "--db", db, "check").CombinedOutput()
		if strings.TrimSpace(string(out)) != "ok" {
			t.Errorf("existing review %v: check after kill and re-run: %s", existing, out)
		}
		if left := buildFiles(t, db); len(left) != 0 {
			t.Errorf("existing review %v: left beside the review: %v", existing, left)
		}
	}
}

// waitForBuild waits until a bulk build of the database at path has
// written at least size bytes, so a test can kill it half way.
func waitForBuild(t *testing.T, path string, size int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range buildFiles(t, path) {
			if st, err := os.Stat(p); err == nil && st.Size() >= size {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no build of %s of %d bytes after 60 s", path, size)
}

// waitForRecords waits until the database at path holds at least n
// records, so a test can kill an import half way.
func waitForRecords(t *testing.T, path string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if db, err := data.Open(context.Background(), path); err == nil {
			c, err := db.Count(context.Background())
			db.Close()
			if err == nil && c.Records >= n {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %d records in %s after 60 s", n, path)
}
