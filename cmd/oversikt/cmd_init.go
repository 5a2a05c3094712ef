package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() { register(newInitCmd) }

func newInitCmd(app *App) *cobra.Command {
	var title string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a review database",
		Long: `Create the review database named by --db (default ./oversikt.db) and store
the review's title. Running it on an existing database only updates the title.`,
		Example: `  oversikt init --title "Learning networks in quality improvement"
  oversikt --db reviews/ln.db init`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := app.openDB(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			if title != "" {
				if err := db.SetSetting(cmd.Context(), "title", title); err != nil {
					return err
				}
			}
			if app.JSON {
				return app.printJSON(map[string]string{"db": app.DBPath, "title": title})
			}
			fmt.Fprintf(app.Err, "Review database ready: %s\n", app.DBPath)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the review's title")
	return cmd
}
