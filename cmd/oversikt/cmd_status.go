package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening"
)

func init() { register(newStatusCmd) }

func newStatusCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show what the review holds and how far screening has come",
		Long: `Show how many sources, records and studies the review holds and, per
screening stage: studies eligible, not yet screened, screened by fewer
reviewers than needed, by all needed (k), unresolved conflicts, resolved,
included and excluded. How "maybe" counts is stated.

Exit codes: 0 shown; 1 error; 2 usage.`,
		Example: `  oversikt status
  oversikt status --json | jq '.stages[0].conflicts'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			counts, err := db.Count(ctx)
			if err != nil {
				return err
			}
			cfg, err := screening.LoadConfig(ctx, db)
			if err != nil {
				return err
			}
			stages, err := screening.Status(ctx, db, cfg)
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(map[string]any{"sources": counts.Sources, "records": counts.Records, "studies": counts.Studies, "stages": stages})
			}
			fmt.Fprintf(app.Out, "%d sources, %d records, %d studies\n", counts.Sources, counts.Records, counts.Studies)
			for _, s := range stages {
				st := screening.Stage(s.Stage)
				fmt.Fprintf(app.Out, "\n%s (k=%d; %s)\n", st.Long(), s.K, s.MaybeRule)
				rows := []struct {
					label string
					n     int
				}{
					{"eligible", s.Eligible},
					{"not screened", s.Unscreened},
					{"screened by fewer than k", s.ScreenedByOne},
					{"screened by all k", s.ScreenedByAll},
					{"conflicts", s.Conflicts},
					{"resolved", s.Resolved},
					{"included", s.Included},
					{"excluded", s.Excluded},
				}
				for _, r := range rows {
					fmt.Fprintf(app.Out, "  %-26s %d\n", r.label, r.n)
				}
			}
			return nil
		},
	}
}
