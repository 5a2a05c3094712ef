package coding

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// TestLoadDemo imports the worked example's records (cmd/oversikt/example),
// includes at full text the studies the example's decisions include, and
// loads the demo codings: every row must find its study.
func TestLoadDemo(t *testing.T) {
	dir := filepath.Join("..", "..", "cmd", "oversikt", "example")
	if _, err := os.Stat(filepath.Join(dir, "decisions.csv")); err != nil {
		t.Skipf("worked example not found in %s: %v", dir, err)
	}
	db, _ := newReview(t)
	ctx := context.Background()
	for _, f := range []string{"pubmed.ris", "embase.ris", "grey.ris"} {
		if _, err := ingest.File(ctx, db, filepath.Join(dir, f), ingest.Options{}); err != nil {
			t.Fatalf("ingest %s: %v", f, err)
		}
	}
	// Include the first study whose title starts like a title the
	// example's reviewers included at full text (both, or by a
	// resolution); the later ones are the duplicates dedup would merge.
	included := map[string]bool{}
	for _, name := range []string{"decisions.csv", "resolutions.csv"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			if r[1] == "ft" && (r[3] == "include" || name == "resolutions.csv" && r[2] == "include") {
				included[r[0]] = true
			}
		}
	}
	err := db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		for title := range included {
			if included[title] && strings.HasPrefix(strings.ToLower(r.Title), strings.ToLower(title)) {
				included[title] = false
				for _, stage := range []string{"ta", "ft"} {
					if err := db.AddResolution(ctx, &data.Resolution{StudyID: r.StudyID, Stage: stage, Verdict: data.VerdictInclude, Method: data.MethodAgreement}); err != nil {
						return err
					}
				}
				return nil
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := LoadDemo(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(res.Problems, res.Skipped...) {
		t.Errorf("demo row not loaded: %v", p)
	}
	if res.Stored != 134 {
		t.Errorf("LoadDemo() stored %d codings, want 134 (every row)", res.Stored)
	}
	items, err := Items(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, it := range items {
		if !it.Settled() {
			open = append(open, it.Code+" "+it.A.Value+"|"+it.B.Value)
		}
	}
	want := "design sr|eval_report; out_patient trend_ns|no_difference; design uba|its; bar_measurement_burden yes|; fac_culture yes|; fac_team |yes; country NO|"
	if got := strings.Join(open, "; "); got != want {
		t.Errorf("demo disagreements = %s\nwant %s", got, want)
	}
	n, err := ReconcileDemo(ctx, db, "Cecilie")
	if err != nil {
		t.Fatal(err)
	}
	if n != len(items)-len(open)+3 {
		t.Errorf("ReconcileDemo() recorded %d, want %d agreements + 3 settled", n, len(items)-len(open))
	}
	items, err = Items(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	open = nil
	for _, it := range items {
		if !it.Settled() {
			open = append(open, it.Code)
		}
	}
	if got, want := strings.Join(open, " "), "design fac_culture fac_team country"; got != want {
		t.Errorf("left to reconcile after ReconcileDemo: %s, want %s", got, want)
	}
}
