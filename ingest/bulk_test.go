package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// TestBulkBuildMatchesOpen runs the same imports of large files (the
// pipeline) into a review built in bulk and into one opened the normal
// way: a file, a file that turns out not to be UTF-8 (read again as
// Windows-1252), a --strict rejection, and the first file's bytes under
// another name (taken back out once hashed). The results and everything
// stored are the same.
func TestBulkBuildMatchesOpen(t *testing.T) {
	if testing.Short() {
		t.Skip("imports several large files")
	}
	ctx := context.Background()
	big := writeBigRIS(t, "big.ris", "")
	latin1 := writeBigRIS(t, "latin1.ris", "TY  - JOUR\r\nTI  - Caf\xe9 culture\r\nER  - \r\n")
	strict := writeBigRIS(t, "strict.ris", "TY  - JOUR\r\nTI  - One more\r\nER  - \r\n")
	b, _ := os.ReadFile(big)
	renamed := filepath.Join(t.TempDir(), "renamed.ris")
	os.WriteFile(renamed, b, 0o644)
	steps := []struct {
		path string
		opts Options
	}{{big, Options{}}, {latin1, Options{}}, {strict, Options{Strict: true}}, {renamed, Options{}}}

	run := func(db *data.DB) (results []Result, errs []error) {
		for _, s := range steps {
			res, err := File(ctx, db, s.path, s.opts)
			results, errs = append(results, res), append(errs, err)
		}
		return results, errs
	}
	normal := openTestDB(t)
	wantRes, wantErrs := run(normal)

	path := filepath.Join(t.TempDir(), "review.db")
	bulk, err := data.CreateBulk(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Close()
	gotRes, gotErrs := run(bulk)
	if err := bulk.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotRes, wantRes) {
		t.Errorf("results in a bulk build:\n%+v\nwant\n%+v", gotRes, wantRes)
	}
	if len(gotErrs) != len(wantErrs) || !errors.Is(gotErrs[2], ErrStrict) || gotErrs[0] != nil || gotErrs[1] != nil || gotErrs[3] != nil {
		t.Errorf("errors in a bulk build: %v; want only --strict's (as %v)", gotErrs, wantErrs)
	}
	if !wantRes[3].AlreadyImported || wantRes[1].Encoding != encCP1252 {
		t.Fatalf("normal results %+v; want the renamed file already imported and latin1 read as windows-1252", wantRes)
	}
	pub, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	sameStored(t, pub, normal)
	c, _ := normal.Count(ctx)
	checkStore(t, pub, c)
}
