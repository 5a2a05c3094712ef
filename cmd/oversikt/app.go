package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/oversikt/oversikt/data"
)

// Exit codes (ARCHITECTURE.md).
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitProblems    = 3
	exitInterrupted = 130
)

// Streams are the standard streams a command uses, injected so every
// command runs in tests without a terminal.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// isTerminal reports whether w (or r) is a terminal.
func isTerminal(s any) bool {
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// App is what every command shares: streams, global flags, the clock.
type App struct {
	Streams
	DBPath   string
	Reviewer string
	JSON     bool
	Now      func() time.Time
}

// errProblems makes a command exit with code 3 after printing its result.
var errProblems = errors.New("finished with per-record problems")

// usageError is a mistake in how a command was called.
type usageError struct{ msg, try string }

func (e *usageError) Error() string { return e.msg }

func usagef(try, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), try: try}
}

// commands holds the constructors of the top-level commands; each command's
// file adds its own in an init function.
var commands []func(*App) *cobra.Command

func register(c func(*App) *cobra.Command) { commands = append(commands, c) }

// Run runs the command line args and returns the exit code.
func Run(ctx context.Context, args []string, s Streams) int {
	app := &App{Streams: s, Now: func() time.Time { return time.Now().UTC() }}
	root := newRoot(app)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.ExecuteContext(ctx)
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errProblems):
		return exitProblems
	case ctx.Err() != nil:
		fmt.Fprintln(s.Err, "Interrupted.")
		return exitInterrupted
	case errors.As(err, &ue):
		fmt.Fprintf(s.Err, "Error: %s\n", ue.msg)
		if ue.try != "" {
			fmt.Fprintf(s.Err, "Try: %s\n", ue.try)
		}
		return exitUsage
	case isFlagError(err):
		fmt.Fprintf(s.Err, "Error: %s\nTry: oversikt %s --help\n", err, commandPath(root, args))
		return exitUsage
	}
	fmt.Fprintf(s.Err, "Error: %s\n", err)
	return exitError
}

func newRoot(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "oversikt",
		Short: "A command-line pipeline for systematic reviews and evidence syntheses",
		Long: `oversikt keeps one review in one SQLite file: ingest and deduplicate records
from real database exports, screen them in pairs, code the included studies
and write the synthesis report with a PRISMA 2020 flow diagram.`,
		Example: `  oversikt demo --out demo-report
  oversikt init --title "Learning networks"
  oversikt ingest pubmed.nbib embase.ris scopus.csv`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	dbDefault := os.Getenv("OVERSIKT_DB")
	if dbDefault == "" {
		dbDefault = "oversikt.db"
	}
	root.PersistentFlags().StringVar(&app.DBPath, "db", dbDefault, "the review database (env OVERSIKT_DB)")
	root.PersistentFlags().StringVar(&app.Reviewer, "reviewer", os.Getenv("OVERSIKT_REVIEWER"), "your reviewer name (env OVERSIKT_REVIEWER)")
	root.PersistentFlags().BoolVar(&app.JSON, "json", false, "print one JSON document on stdout")
	for _, c := range commands {
		root.AddCommand(c(app))
	}
	return root
}

func isFlagError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "unknown command", "accepts ", "requires at least", "requires exactly"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func commandPath(root *cobra.Command, args []string) string {
	if c, _, err := root.Find(args); err == nil && c != root {
		return c.CommandPath()[len("oversikt "):]
	}
	return ""
}

// openDB opens the review database named by --db, creating it when create
// is set; otherwise a missing database is an error with a hint.
func (app *App) openDB(ctx context.Context, create bool) (*data.DB, error) {
	if !create {
		if _, err := os.Stat(app.DBPath); errors.Is(err, os.ErrNotExist) {
			return nil, usagef("oversikt init, or oversikt ingest FILE, or --db PATH", "no review database at %s", app.DBPath)
		}
	}
	db, err := data.Open(ctx, app.DBPath)
	if err != nil {
		return nil, err
	}
	db.Now = app.Now
	return db, nil
}

// printJSON writes v as one indented JSON document on stdout.
func (app *App) printJSON(v any) error {
	enc := json.NewEncoder(app.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// requireReviewer returns the reviewer name or a usage error.
func (app *App) requireReviewer() (string, error) {
	if app.Reviewer == "" {
		return "", usagef("--reviewer NAME, or export OVERSIKT_REVIEWER=NAME", "who is deciding? no reviewer given")
	}
	return app.Reviewer, nil
}
