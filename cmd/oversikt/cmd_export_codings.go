package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening/coding"
)

func init() {
	registerExport(newExportCodingsCmd)
	registerExport(func(app *App) *cobra.Command { return newExportMatrixCmd(app, "factors", coding.EvidenceFactor) })
	registerExport(func(app *App) *cobra.Command { return newExportMatrixCmd(app, "barriers", coding.EvidenceBarrier) })
}

func newExportCodingsCmd(app *App) *cobra.Command {
	var o tableOptions
	cmd := &cobra.Command{
		Use:   "codings",
		Short: "Every coding in long form: study × code × reviewer, and the final value",
		Long: `Write one row per study, code and coder: each reviewer's current value with
its quote and location, and a row with coder "final" for the settled value —
recorded by reconcile (method agreement or consensus, and by whom) or
implied because both reviewers agree ("agreement (not recorded)").`,
		Example: `  oversikt export codings > codings.csv
  oversikt export codings --excel --out codings.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			rows, err := coding.Long(ctx, db)
			if err != nil {
				return err
			}
			if rows == nil {
				rows = []coding.LongRow{}
			}
			return app.writeCSV(o, rows)
		},
	}
	o.register(cmd.Flags())
	return cmd
}

func newExportMatrixCmd(app *App, name, evidence string) *cobra.Command {
	var o tableOptions
	cmd := &cobra.Command{
		Use:   name,
		Short: fmt.Sprintf("Included studies × %s codes (settled values)", evidence),
		Long: fmt.Sprintf(`Write one row per included study and one column per %s code of the
codebook in force: 1 where the settled value says the study reports it, 0
where it does not, empty while the study is not coded by two reviewers or
the code is still to reconcile (the status column says which). A warning on
stderr counts the studies not settled yet.`, evidence),
		Example: fmt.Sprintf(`  oversikt export %s > %s.csv
  oversikt export %s --excel --out %s.csv`, name, name, name, name),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := coding.Matrix(ctx, db, evidence)
			if err != nil {
				return err
			}
			w, closeOut, err := app.output(o)
			if err != nil {
				return err
			}
			sw, err := newSafeWriter(w, o)
			if err != nil {
				closeOut()
				return err
			}
			for _, row := range append([][]string{t.Header}, t.Rows...) {
				if err := sw.Write(row); err != nil {
					closeOut()
					return err
				}
			}
			sw.Flush()
			if err := sw.Error(); err != nil {
				closeOut()
				return err
			}
			if err := closeOut(); err != nil {
				return err
			}
			if t.Unsettled > 0 {
				fmt.Fprintf(app.Err, "warning: %d of %d included studies are not settled yet (empty cells); see oversikt reconcile --list\n", t.Unsettled, len(t.Rows))
			}
			return nil
		},
	}
	o.register(cmd.Flags())
	return cmd
}
