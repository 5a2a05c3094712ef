package main

import (
	"github.com/spf13/cobra"
)

func init() { register(newExportCmd) }

// exports holds the constructors of `export` subcommands; each table's
// file adds its own in an init function.
var exports []func(*App) *cobra.Command

func registerExport(c func(*App) *cobra.Command) { exports = append(exports, c) }

func newExportCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export TABLE",
		Short: "Write a table of the review as CSV (or RIS)",
		Long: `Write one table of the review to stdout or --out FILE. Tables are CSV that
opens cleanly in Excel: --excel adds a UTF-8 BOM and uses ; as delimiter,
and cells that start with =, +, - or @ are neutralised with a leading '
(plain numbers are left alone).`,
		Example: `  oversikt export records > records.csv
  oversikt export records --format ris --out included.ris
  oversikt export decisions --excel --out decisions.csv`,
	}
	for _, c := range exports {
		cmd.AddCommand(c(app))
	}
	return cmd
}
