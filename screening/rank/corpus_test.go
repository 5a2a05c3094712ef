package rank

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir holds the shared labelled data sets.
const corpusDir = "../../../shared/corpus/labelled"

// labelled reads a labelled set of the shared corpus, skipping the test
// when the corpus is absent.
func labelled(tb testing.TB, name string) *Dataset {
	tb.Helper()
	path := filepath.Join(corpusDir, name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("shared corpus not found (%v); it lives beside the repository in ../shared/corpus", err)
	}
	ds, err := ReadLabelled(path)
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}
