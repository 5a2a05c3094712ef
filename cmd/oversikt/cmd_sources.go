package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func init() { register(newSourcesCmd) }

type sourceRow struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	File     string `json:"file"`
	Format   string `json:"format"`
	Kind     string `json:"kind"`
	Encoding string `json:"encoding"`
	Records  int    `json:"records"`
	Rejected int    `json:"rejected"`
	Imported string `json:"imported"`
	Complete bool   `json:"complete"`
}

func newSourcesCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List the imported files and pages",
		Long: `List every import: its id, name, file, format, PRISMA kind, records stored
and rejected, and when it was imported. An import left incomplete by an
interrupted run is marked; importing the same file again completes it.`,
		Example: `  oversikt sources
  oversikt sources --json
  oversikt sources remove 3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := app.openDB(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			srcs, err := db.Sources(cmd.Context())
			if err != nil {
				return err
			}
			rows := []sourceRow{}
			for _, s := range srcs {
				rows = append(rows, sourceRow{s.ID, s.Name, s.File, s.Format, s.Kind, s.Encoding, s.Records, s.Rejected,
					s.ImportedAt.Format("2006-01-02 15:04"), s.Complete})
			}
			if app.JSON {
				return app.printJSON(map[string]any{"sources": rows})
			}
			tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tKIND\tFORMAT\tRECORDS\tREJECTED\tIMPORTED\tFILE")
			for _, r := range rows {
				state := ""
				if !r.Complete {
					state = " (incomplete: import it again)"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s%s\n", r.ID, r.Name, r.Kind, r.Format, r.Records, r.Rejected, r.Imported, r.File, state)
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(newSourcesRemoveCmd(app))
	return cmd
}

func newSourcesRemoveCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "remove ID",
		Short: "Take an import back out of the review",
		Long: `Remove one source with its records, and the studies left without records.
It is refused when screening decisions depend on the source's records;
--force removes it anyway and says what goes.`,
		Example: `  oversikt sources remove 3
  oversikt sources remove 3 --force`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usagef("oversikt sources (to see the ids)", "source id %q is not a number", args[0])
			}
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			src, err := db.SourceByID(ctx, id)
			if err != nil {
				return fmt.Errorf("source %d: %w", id, err)
			}
			deps, err := db.SourceDependents(ctx, id)
			if err != nil {
				return err
			}
			if deps > 0 && !force {
				return usagef(fmt.Sprintf("oversikt sources remove %d --force", id),
					"%d screening decisions or codings depend on the records of source %d (%s); nothing removed", deps, id, src.File)
			}
			n, err := db.RemoveSource(ctx, id)
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(map[string]any{"source": id, "records_removed": n, "dependents_removed": deps})
			}
			fmt.Fprintf(app.Out, "Removed source %d (%s): %d records", id, src.File, n)
			if deps > 0 {
				fmt.Fprintf(app.Out, ", and %d decisions/codings on studies that no longer have records", deps)
			}
			fmt.Fprintln(app.Out)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "remove even when decisions depend on it")
	return cmd
}
