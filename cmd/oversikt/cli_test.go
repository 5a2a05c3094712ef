package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusDir is the shared corpus of real export files beside the
// repository.
const corpusDir = "../../../shared/corpus"

func needCorpus(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "expected.csv")); err != nil {
		tb.Skipf("skipped: the shared corpus is not at %s (clone ../shared beside the repository to run this test)", corpusDir)
	}
}

// runCLI runs the command line as a user types it, with stdin, and returns
// what it printed and its exit code. The clock is fixed.
func runCLI(tb testing.TB, stdin string, args ...string) (stdout, stderr string, code int) {
	tb.Helper()
	var out, errb bytes.Buffer
	ctx := context.Background()
	app := Streams{In: strings.NewReader(stdin), Out: &out, Err: &errb}
	code = Run(ctx, args, app)
	return out.String(), errb.String(), code
}

// tempDB returns a database path in a fresh temporary directory.
func tempDB(tb testing.TB) string {
	return filepath.Join(tb.TempDir(), "review.db")
}

func writeFile(tb testing.TB, name, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestMain(m *testing.M) {
	os.Setenv("OVERSIKT_DB", "")
	os.Setenv("OVERSIKT_REVIEWER", "")
	time.Local = time.UTC
	os.Exit(m.Run())
}
