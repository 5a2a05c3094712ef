package synthesis

import (
	"context"
	"database/sql"

	"testing"

	"github.com/oversikt/oversikt/data"
)

// addBigCodings codes every included study of the big review by two
// agreeing reviewers, straight into the coding tables: source type,
// design, setting, country, two outcomes with a direction, three factors
// and two barriers, varied by study.
func addBigCodings(b *testing.B, db *data.DB) {
	b.Helper()
	ctx := context.Background()
	ids, err := IncludedStudies(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM coding").Scan(&n); err != nil || n > 0 {
		return // coded already (or no table: the query error shows in the report)
	}
	srcs := []string{"src_sr", "src_primary", "src_primary", "src_experience"}
	designs := map[string][]string{"src_sr": {"sr"}, "src_primary": {"crct", "cba", "its", "uba", "qual"}, "src_experience": {"eval_report"}}
	dirs := []string{"improved", "trend_ns", "no_difference", "mixed", "worse", "unclear", "improved"}
	facs := []string{"fac_leader_anchor", "fac_staff_anchor", "fac_culture", "fac_data_access", "fac_measurement", "fac_planning"}
	bars := []string{"bar_no_leader_support", "bar_org_not_promoting", "bar_missing_data", "bar_team_dropout", "bar_cost"}
	err = db.Update(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO coding (study_id, reviewer, code, value, codebook_version, via, coded_at) VALUES (?, ?, ?, ?, 1, 'import', '2026-11-01T09:00:00Z')`)
		if err != nil {
			return err
		}
		done, err := tx.PrepareContext(ctx, `INSERT INTO coding_status (study_id, reviewer, done, at) VALUES (?, ?, 1, '2026-11-01T09:00:00Z')`)
		if err != nil {
			return err
		}
		for i, id := range ids {
			src := srcs[i%len(srcs)]
			vals := [][2]string{{"source_type", src}, {"design", designs[src][i%len(designs[src])]}, {"setting", "hospital"},
				{"country", []string{"NO", "SE", "US", "GB"}[i%4]}, {"out_patient", dirs[i%len(dirs)]}, {"out_process", dirs[(i/7)%len(dirs)]}}
			for k := range 3 {
				vals = append(vals, [2]string{facs[(i+k)%len(facs)], "yes"})
			}
			for k := range 2 {
				vals = append(vals, [2]string{bars[(i+k)%len(bars)], "yes"})
			}
			for _, r := range []string{"Anne", "Bjørn"} {
				for _, v := range vals {
					if _, err := ins.ExecContext(ctx, id, r, v[0], v[1]); err != nil {
						return err
					}
				}
				if _, err := done.ExecContext(ctx, id, r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReport100k: the whole report (both languages: Markdown, HTML,
// both diagrams, PRISMA CSV) of a review of 100 000 records and 1 000
// included studies coded in pairs. Run with
// go test ./synthesis -run '^$' -bench Report100k -benchtime 3x
func BenchmarkReport100k(b *testing.B) {
	db := bigReview(b)
	addBigCodings(b, db)
	ctx := context.Background()
	dir := b.TempDir()
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for range b.N {
		r, err := BuildReport(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if got := len(r.Evidence.Studies); got != 1000 {
			b.Fatalf("report has %d included studies, want 1000", got)
		}
		if len(r.Effects) == 0 || len(r.Factors) == 0 {
			b.Fatalf("report has %d outcomes and %d factors, want some of each", len(r.Effects), len(r.Factors))
		}
		if _, err := r.Write(dir, []string{"nb", "en"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/report")
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/report")

}
