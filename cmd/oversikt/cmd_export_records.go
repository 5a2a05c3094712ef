package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/synthesis"
)

func init() { registerExport(newExportRecordsCmd) }

// recordRow is one line of `export records`.
type recordRow struct {
	RecordID  int64  `csv:"record_id"`
	StudyID   int64  `csv:"study_id"`
	Source    string `csv:"source"`
	SourceKey string `csv:"source_key"`
	Line      int    `csv:"line"`
	Type      string `csv:"type"`
	Title     string `csv:"title"`
	Authors   string `csv:"authors"`
	Year      string `csv:"year"`
	Journal   string `csv:"journal"`
	Volume    string `csv:"volume"`
	Issue     string `csv:"issue"`
	Pages     string `csv:"pages"`
	DOI       string `csv:"doi"`
	PMID      string `csv:"pmid"`
	PMCID     string `csv:"pmcid"`
	ISBN      string `csv:"isbn"`
	URL       string `csv:"url"`
	Keywords  string `csv:"keywords"`
	Language  string `csv:"language"`
	Abstract  string `csv:"abstract"`
}

func newExportRecordsCmd(app *App) *cobra.Command {
	var o tableOptions
	var format string
	var studies bool
	cmd := &cobra.Command{
		Use:   "records",
		Short: "Every imported record with its study and normalised fields",
		Long: `Write every record of the review: its id, the study it belongs to after
deduplication, the source it came from with the source's own key and line,
and the normalised fields. --format ris writes RIS instead of CSV;
--studies writes only each study's representative record.`,
		Example: `  oversikt export records > records.csv
  oversikt export records --excel --out records.csv
  oversikt export records --studies --format ris --out studies.ris`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			filter := data.RecordFilter{RepOnly: studies}
			switch format {
			case "csv":
				return exportRecordsCSV(ctx, app, db, filter, o)
			case "ris":
				return exportRecordsRIS(ctx, app, db, filter, o)
			}
			return usagef("--format csv|ris", "unknown format %q", format)
		},
	}
	o.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "csv", "csv|ris")
	cmd.Flags().BoolVar(&studies, "studies", false, "only each study's representative record")
	return cmd
}

func exportRecordsCSV(ctx context.Context, app *App, db *data.DB, filter data.RecordFilter, o tableOptions) error {
	names, err := sourceNames(ctx, db)
	if err != nil {
		return err
	}
	rows := make(chan any, 256)
	errc := make(chan error, 1)
	go func() {
		defer close(rows)
		errc <- db.Records(ctx, filter, func(r data.Record) error {
			year := ""
			if r.Year > 0 {
				year = strconv.Itoa(r.Year)
			}
			rows <- recordRow{r.ID, r.StudyID, names[r.SourceID], r.Key, r.Line, r.Type, r.Title, strings.Join(r.Authors, "; "),
				year, r.Journal, r.Volume, r.Issue, r.Pages, r.DOI, r.PMID, r.PMCID, r.ISBN, r.URL,
				strings.Join(r.Keywords, "; "), r.Language, r.Abstract}
			return nil
		})
	}()
	if err := app.writeCSV(o, rows); err != nil {
		return err
	}
	return <-errc
}

func exportRecordsRIS(ctx context.Context, app *App, db *data.DB, filter data.RecordFilter, o tableOptions) error {
	w, closeOut, err := app.output(o)
	if err != nil {
		return err
	}
	rw := synthesis.NewRISWriter(w)
	err = db.Records(ctx, filter, func(r data.Record) error {
		rw.Write(r)
		return nil
	})
	if ferr := rw.Flush(); err == nil {
		err = ferr
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// sourceNames maps source ids to "name (file)" for tables.
func sourceNames(ctx context.Context, db *data.DB) (map[int64]string, error) {
	srcs, err := db.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	names := make(map[int64]string, len(srcs))
	for _, s := range srcs {
		names[s.ID] = s.Name
	}
	return names, nil
}
