package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening/coding"
)

func init() { register(newCodebookCmd) }

func newCodebookCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "codebook",
		Short: "Write, check, show and install the codebook studies are coded against",
		Long: `The codebook names what reviewers record about each included study: groups of
codes, each with a slug, Norwegian and English labels, a definition, a value
type (flag, one_of, many_of, text, number, direction) and the kind of
evidence it feeds (descriptive, effect, factor, barrier). The default, for
studies of learning networks, is built in; the review uses it until another
is installed with "codebook use".`,
		Example: `  oversikt codebook init --out codebook.yaml
  oversikt codebook check codebook.yaml
  oversikt codebook use codebook.yaml
  oversikt codebook show --lang nb`,
	}
	cmd.AddCommand(newCodebookInitCmd(app), newCodebookCheckCmd(app), newCodebookShowCmd(app), newCodebookUseCmd(app))
	return cmd
}

func newCodebookInitCmd(app *App) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write the default codebook out as YAML for editing",
		Long: `Write the built-in codebook for learning-network studies to --out (default
codebook.yaml; "-" for stdout). An existing file is kept unless --force.

Exit codes: 0 written; 1 error; 2 usage (the file exists).`,
		Example: `  oversikt codebook init
  oversikt codebook init --out - | less`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "-" {
				_, err := app.Out.Write(coding.DefaultYAML())
				return err
			}
			if _, err := os.Stat(out); err == nil && !force {
				return usagef("oversikt codebook init --out OTHER.yaml, or --force", "%s exists; not overwritten", out)
			}
			if err := os.WriteFile(out, coding.DefaultYAML(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(app.Err, "Wrote the default codebook to %s. Edit it, then: oversikt codebook check %s\n", out, out)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", coding.DefaultFile, `file to write ("-" for stdout)`)
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}

func newCodebookCheckCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Check a codebook file",
		Long: `Read a codebook file and report every mistake with line, column and a caret
under it: YAML syntax, keys the codebook does not know, duplicate slugs,
missing labels, one_of/many_of codes without options, unknown types.

Exit codes: 0 valid; 1 the file has mistakes (listed on stderr) or cannot be read.`,
		Example: `  oversikt codebook check codebook.yaml
  oversikt codebook check --json codebook.yaml | jq '.problems[].message'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			cb, err := coding.Parse(args[0], src)
			var ps coding.Problems
			if err != nil && !errors.As(err, &ps) {
				return err
			}
			if app.JSON {
				if jerr := app.printJSON(map[string]any{"file": args[0], "valid": err == nil, "problems": nonNilProblems(ps)}); jerr != nil {
					return jerr
				}
			}
			if err != nil {
				if !app.JSON {
					fmt.Fprintln(app.Err, ps.Error())
				}
				return fmt.Errorf("%s: %s", args[0], mistakes(len(ps)))
			}
			if !app.JSON {
				fmt.Fprintf(app.Out, "%s: valid codebook %q: %d groups, %d codes\n", args[0], cb.Name, len(cb.Groups), len(cb.Codes()))
			}
			return nil
		},
	}
}

func mistakes(n int) string {
	if n == 1 {
		return "1 mistake"
	}
	return fmt.Sprintf("%d mistakes", n)
}

func nonNilProblems(ps coding.Problems) coding.Problems {
	if ps == nil {
		return coding.Problems{}
	}
	return ps
}

func newCodebookShowCmd(app *App) *cobra.Command {
	var lang string
	var yaml bool
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the codebook in force",
		Long: `Print the codebook the review codes against: the latest version installed
with "codebook use", or the built-in default (version 0) when none is. Without
a review database the built-in default is shown. --yaml prints the file as
installed.`,
		Example: `  oversikt codebook show
  oversikt codebook show --lang nb
  oversikt codebook show --json | jq '.codebook.groups[].codes[].slug'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			b := coding.Book{}
			text := coding.DefaultYAML()
			if _, err := os.Stat(app.DBPath); err == nil {
				db, err := app.openDB(ctx, false)
				if err != nil {
					return err
				}
				defer db.Close()
				if b, err = coding.InForce(ctx, db); err != nil {
					return err
				}
				if cv, err := db.LatestCodebook(ctx); err == nil {
					text = []byte(cv.YAML)
				}
			} else {
				cb, err := coding.Default()
				if err != nil {
					return err
				}
				b.Codebook = cb
			}
			switch {
			case app.JSON:
				return app.printJSON(map[string]any{"version": b.Version, "codebook": b.Codebook})
			case yaml:
				_, err := app.Out.Write(text)
				return err
			}
			version := fmt.Sprintf("version %d", b.Version)
			if b.Version == 0 {
				version = "built-in default"
			}
			fmt.Fprintf(app.Out, "Codebook %q (%s)\n", b.Name, version)
			for _, g := range b.Groups {
				fmt.Fprintf(app.Out, "\n%s — %s [%s]\n", g.Slug, g.Labels.In(lang), g.Evidence)
				for _, c := range g.Codes {
					what := string(c.Type)
					if c.Type == coding.Direction {
						what += ": " + optionSlugs(b.Directions)
					} else if len(c.Options) > 0 {
						what += ": " + optionSlugs(c.Options)
					}
					if c.Format != "" {
						what += " (" + c.Format + ")"
					}
					fmt.Fprintf(app.Out, "  %-24s %s — %s\n", c.Slug, c.Labels.In(lang), what)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "en", "labels in nb|en")
	cmd.Flags().BoolVar(&yaml, "yaml", false, "print the YAML as installed")
	return cmd
}

func optionSlugs(opts []coding.Option) string {
	s := ""
	for i, o := range opts {
		if i > 0 {
			s += ", "
		}
		s += o.Slug
	}
	return s
}

func newCodebookUseCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "use FILE",
		Short: "Install a codebook file as the review's next codebook version",
		Long: `Check FILE and store it in the review database as the next codebook version.
Every current coding and reconciled value is checked against it: when the
new codebook would no longer accept some (a code removed, its type changed,
an option gone), they are listed — study, reviewer, code, value and why —
and nothing is stored unless --force. Codings keep the version they were
made under either way. Installing the same file again stores nothing.

Exit codes: 0 installed; 1 the file has mistakes, or stored codings would be
affected (listed on stderr) and --force was not given.`,
		Example: `  oversikt codebook use codebook.yaml
  oversikt codebook use --force codebook.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			src, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			b, affected, err := coding.Use(ctx, db, args[0], src, app.Reviewer, force)
			var ps coding.Problems
			if errors.As(err, &ps) {
				fmt.Fprintln(app.Err, ps.Error())
				return fmt.Errorf("%s: %s; nothing installed", args[0], mistakes(len(ps)))
			}
			if app.JSON {
				if jerr := app.printJSON(map[string]any{"version": b.Version, "installed": err == nil, "affected": nonNilAffected(affected)}); jerr != nil {
					return jerr
				}
			} else {
				for _, a := range affected {
					fmt.Fprintf(app.Err, "study %d, %s, %s = %q: %s\n", a.StudyID, a.Reviewer, a.Code, a.Value, a.Reason)
				}
			}
			if err != nil {
				return err
			}
			if !app.JSON {
				fmt.Fprintf(app.Err, "Codebook %s installed as version %d (%d codings no longer fit it).\n", args[0], b.Version, len(affected))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "install even when stored codings no longer fit")
	return cmd
}

func nonNilAffected(a []coding.Affected) []coding.Affected {
	if a == nil {
		return []coding.Affected{}
	}
	return a
}
