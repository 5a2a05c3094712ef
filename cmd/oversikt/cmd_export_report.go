package main

import (
	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/synthesis"
)

func init() { registerExport(newExportEffectsCmd) }

func newExportEffectsCmd(app *App) *cobra.Command {
	var o tableOptions
	cmd := &cobra.Command{
		Use:   "effects",
		Short: "One row per included study and outcome: the direction of effect it found",
		Long: `Write the effects table: for every outcome of the codebook (in its order),
each included study with a settled direction of effect on it — its
evidence type (src_sr, src_primary, src_experience, or unclassified),
design, study id, reference number in the report, short citation, the
direction (improved, trend_ns, no_difference, mixed, worse, unclear), its
vote when votes are counted by direction (1 positive, -1 negative, 0 no
direction; a positive trend that is not significant counts as positive)
and the outcome's GRADE certainty when assessed. --json prints the rows
as JSON instead.

Exit codes: 0 written; 1 error.`,
		Example: `  oversikt export effects > effects.csv
  oversikt export effects --excel --out effects.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.withDB(cmd.Context(), func(db *data.DB) error {
				ev, err := synthesis.LoadEvidence(cmd.Context(), db)
				if err != nil {
					return err
				}
				rows := ev.EffectRows()
				if app.JSON {
					return app.printJSON(rows)
				}
				return app.writeCSV(o, rows)
			})
		},
	}
	o.register(cmd.Flags())
	return cmd
}
