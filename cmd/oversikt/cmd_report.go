package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/coding"
	"github.com/oversikt/oversikt/synthesis"
)

func init() { register(newReportCmd) }

func newReportCmd(app *App) *cobra.Command {
	var lang, out string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the review's report (Markdown and HTML, nb and en), PRISMA diagram and every table as CSV",
		Long: `Write the report of the review into --out DIR, in the style of the
Norwegian Knowledge Centre's reports: key findings first (systematic
reviews, then primary research, then experience reports, each with counts
and its GRADE certainty wording, or "not assessed"), summary, methods
generated from the data (sources and search dates, deduplication, dual
screening and agreement, the prioritisation model if one was used, coding
in pairs), results (PRISMA 2020, study characteristics, effects by
direction with an effect direction plot, success factors, barriers) and
Vancouver references.

Files: report.nb.md, report.en.md, report.nb.html, report.en.html
(self-contained, print styled for A4), prisma.svg and effects.svg (in the
first language; prisma.<lang>.svg and effects.<lang>.svg per language),
prisma.csv (the PRISMA2020 package's format) and tables/*.csv (studies,
decisions, codings, effects, factors, barriers, prisma). --lang nb or en
writes one language only. The same database gives the same bytes.

Exit codes: 0 written; 1 error (also PRISMA counts that do not add up); 2 usage.`,
		Example: `  oversikt report --out report
  oversikt report --lang nb --out rapport`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			langs := []string{"nb", "en"}
			switch lang {
			case "":
			case "nb", "en":
				langs = []string{lang}
			default:
				return usagef("--lang nb or --lang en", "unknown language %q", lang)
			}
			return app.withDB(cmd.Context(), func(db *data.DB) error {
				files, err := writeReport(cmd.Context(), app, db, out, langs)
				if err != nil {
					return err
				}
				if app.JSON {
					return app.printJSON(map[string]any{"dir": out, "files": files})
				}
				fmt.Fprintf(app.Out, "wrote %d files to %s\n", len(files), out)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "", "only this language: nb or en (default both)")
	cmd.Flags().StringVar(&out, "out", "report", "directory to write the report into")
	return cmd
}

// writeReport writes the report (synthesis.Report.Write) and every export
// table under dir/tables, with the same writers as oversikt export. The
// tables are written concurrently with building and writing the report
// (SQLite in WAL mode reads in parallel), which halves the time on two
// cores.
func writeReport(ctx context.Context, app *App, db *data.DB, dir string, langs []string) ([]string, error) {
	tables := filepath.Join(dir, "tables")
	if err := os.MkdirAll(tables, 0o755); err != nil {
		return nil, err
	}
	cfg, err := screening.LoadConfig(ctx, db)
	if err != nil {
		return nil, err
	}
	var r *synthesis.Report // set before the steps that need it run
	quiet := *app
	quiet.Reviewer = ""
	steps := []struct {
		name       string
		needReport bool
		write      func(o tableOptions) error
	}{
		{"studies", false, func(o tableOptions) error {
			rows, err := synthesis.StudyRows(ctx, db)
			if err != nil {
				return err
			}
			return app.writeCSV(o, rows)
		}},
		{"decisions", false, func(o tableOptions) error { return exportDecisions(ctx, &quiet, db, cfg, o, "", false) }},
		{"codings", false, func(o tableOptions) error {
			rows, err := coding.Long(ctx, db)
			if err != nil {
				return err
			}
			if rows == nil {
				rows = []coding.LongRow{}
			}
			return app.writeCSV(o, rows)
		}},
		{"effects", true, func(o tableOptions) error { return app.writeCSV(o, r.Evidence.EffectRows()) }},
		{"factors", false, func(o tableOptions) error { return writeMatrix(ctx, app, db, o, coding.EvidenceFactor) }},
		{"barriers", false, func(o tableOptions) error { return writeMatrix(ctx, app, db, o, coding.EvidenceBarrier) }},
		{"prisma", true, func(o tableOptions) error { return app.writeCSV(o, synthesis.PRISMARows(r.Flow)) }},
	}
	var wg sync.WaitGroup
	var files []string
	errs := make([]error, len(steps)+1)
	start := func(report bool) {
		for i, s := range steps {
			if s.needReport != report {
				continue
			}
			wg.Go(func() {
				if err := s.write(tableOptions{out: filepath.Join(tables, s.name+".csv")}); err != nil {
					errs[i+1] = fmt.Errorf("table %s: %w", s.name, err)
				}
			})
		}
	}
	start(false)
	if r, errs[0] = synthesis.BuildReport(ctx, db); errs[0] == nil {
		start(true)
		files, errs[0] = r.Write(dir, langs)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return files, err
	}
	for _, s := range steps {
		files = append(files, filepath.Join("tables", s.name+".csv"))
	}
	return files, nil
}

// writeMatrix writes coding.Matrix of one evidence kind as CSV, as
// oversikt export factors|barriers does.
func writeMatrix(ctx context.Context, app *App, db *data.DB, o tableOptions, evidence string) error {
	t, err := coding.Matrix(ctx, db, evidence)
	if err != nil {
		return err
	}
	return app.writeTo(o, func(w io.Writer) error {
		sw, err := newSafeWriter(w, o)
		if err != nil {
			return err
		}
		for _, row := range append([][]string{t.Header}, t.Rows...) {
			if err := sw.Write(row); err != nil {
				return err
			}
		}
		sw.Flush()
		return sw.Error()
	})
}

// demoReport names the worked example's intervention and Norwegian title
// for the report, and writes the report into dir (oversikt demo's last
// step).
func demoReport(ctx context.Context, app *App, db *data.DB, dir string, say func(string, ...any)) error {
	for k, v := range map[string]string{
		synthesis.SettingTitleNB:   "Læringsnettverk som verktøy i kvalitetsforbedring (gjennomgått eksempel)",
		synthesis.SettingSubjectNB: "læringsnettverk",
		synthesis.SettingSubjectEN: "learning networks",
	} {
		if err := db.SetSetting(ctx, k, v); err != nil {
			return err
		}
	}
	files, err := writeReport(ctx, app, db, dir, []string{"nb", "en"})
	if err != nil {
		return err
	}
	say("   %d files in %s: report.nb.html, report.en.html, prisma.svg, effects.svg, tables/*.csv …", len(files), dir)
	return nil
}
