package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

func init() { register(newIngestCmd) }

type ingestOptions struct {
	format, kind, name, searchDate, query string
	strict                                bool
}

func newIngestCmd(app *App) *cobra.Command {
	var o ingestOptions
	cmd := &cobra.Command{
		Use:   "ingest [flags] FILE|URL...",
		Short: "Import records from export files or web pages",
		Long: `Import the records of each FILE (or web page at URL) into the review,
creating the database when it does not exist yet.

The format is told from the content, never from the file name: RIS (every
dialect), MEDLINE/.nbib, PubMed XML, PMC JATS, Web of Science tagged text,
Ovid, BibTeX/biblatex, EndNote XML, CSV/TSV/XLSX from the databases and
reference managers, and HTML pages. Files that are not UTF-8 are read as
Windows-1252 and said so.

A new review is built in a temporary file beside its path (PATH.importing-…)
and appears at PATH only once every file is in, so an import stopped half
way leaves no review behind; the next run removes what it left.

Importing the same bytes again adds nothing. A record that cannot be read
is reported with file and line and skipped; the good records still land.
--strict makes each file all or nothing.

Exit codes: 0 all records stored; 1 error; 2 usage; 3 some records were
rejected (listed on stderr, or in --json).`,
		Example: `  oversikt ingest pubmed.nbib embase.ris scopus.csv
  oversikt ingest --name "APA PsycInfo" --kind database psycinfo.ris
  oversikt ingest --kind organisation https://www.fhi.no/publ/2011/laringsnettverk/
  oversikt ingest --json export.xml | jq '.files[].new'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runIngest(cmd, app, o, args) },
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "auto", "auto|"+joinFormats())
	f.StringVar(&o.kind, "kind", "", "database|register|website|organisation|citation (default: database; website for pages)")
	f.StringVar(&o.name, "name", "", `the source's name for PRISMA, e.g. "Embase" (default: told from the content)`)
	f.StringVar(&o.searchDate, "search-date", "", "when the search was run (YYYY-MM-DD)")
	f.StringVar(&o.query, "query", "", "the search string as run")
	f.BoolVar(&o.strict, "strict", false, "store nothing from a file in which any record is rejected")
	return cmd
}

func joinFormats() string {
	var s []string
	for _, f := range ingest.Formats {
		s = append(s, string(f))
	}
	return strings.Join(s, "|")
}

func runIngest(cmd *cobra.Command, app *App, o ingestOptions, args []string) error {
	ctx := cmd.Context()
	switch o.kind {
	case "", "database", "register", "website", "organisation", "citation":
	default:
		return usagef("--kind database|register|website|organisation|citation", "unknown kind %q", o.kind)
	}
	if stop := profileIngest(app); stop != nil {
		defer stop()
	}
	data.RemoveStaleBuilds(app.DBPath)
	if _, err := os.Lstat(app.DBPath); errors.Is(err, os.ErrNotExist) {
		if done, err := ingestNew(ctx, app, o, args); done {
			return err
		}
	}
	db, err := app.openDB(ctx, true)
	if err != nil {
		return err
	}
	defer db.Close()
	out, err := ingestFiles(ctx, app, db, o, args, func(f func()) { f() })
	if err != nil {
		return err
	}
	app.refreshIndex(ctx, db)
	return out.finish(app)
}

// beforePublish, when set (by tests), runs when a new review's import is
// built and about to be published.
var beforePublish func(path string)

// ingestNew imports args into a review that does not exist yet: the
// database is built in bulk beside its path and published when every file
// is in (data.CreateBulk), so a killed import leaves no review behind, and
// what the import prints is held back until the review is there. done is
// false when the import must go the normal way instead (a database
// appeared at the path meanwhile, or none can be built in bulk here);
// nothing of the build is stored then.
func ingestNew(ctx context.Context, app *App, o ingestOptions, args []string) (done bool, err error) {
	db, err := data.CreateBulk(ctx, app.DBPath)
	if err != nil {
		return false, nil
	}
	defer db.Close() // discards the build unless it was published
	db.Now = app.Now
	var held []func()
	out, err := ingestFiles(ctx, app, db, o, args, func(f func()) { held = append(held, f) })
	if err != nil {
		return true, err
	}
	if beforePublish != nil {
		beforePublish(app.DBPath)
	}
	if err := db.Publish(ctx); errors.Is(err, data.ErrExists) {
		return false, nil
	} else if err != nil {
		return true, err
	}
	for _, f := range held {
		f()
	}
	if pub, err := app.openDB(ctx, false); err == nil {
		app.refreshIndex(ctx, pub)
		pub.Close()
	}
	return true, out.finish(app)
}

// ingestOutcome is what importing a command's files gave.
type ingestOutcome struct {
	results          []ingest.Result
	failed, rejected bool
}

// finish prints the --json document and returns the command's error.
func (out ingestOutcome) finish(app *App) error {
	if app.JSON {
		if err := app.printJSON(map[string]any{"files": out.results}); err != nil {
			return err
		}
	}
	if out.failed {
		return errors.New("some files were not imported (see above)")
	}
	if out.rejected {
		return errProblems
	}
	return nil
}

// ingestFiles imports each of args into db, handing what it prints for a
// file to show (which prints it now, or later). The error is the
// context's, when it ended: the import stopped.
func ingestFiles(ctx context.Context, app *App, db *data.DB, o ingestOptions, args []string, show func(func())) (ingestOutcome, error) {
	var out ingestOutcome
	for _, path := range args {
		opts := ingest.Options{Format: ingest.Format(o.format), Kind: o.kind, Name: o.name, Strict: o.strict,
			SearchDate: o.searchDate, Query: o.query}
		var res ingest.Result
		var err error
		if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
			res, err = ingest.URL(ctx, db, path, ingest.Fetcher{}, opts)
		} else {
			var size int64
			if st, err := os.Stat(path); err == nil {
				size = st.Size()
			}
			bar := app.newProgress(path, size)
			opts.Progress = bar.set
			res, err = ingest.File(ctx, db, path, opts)
			bar.done()
		}
		out.results = append(out.results, res)
		if err != nil && ctx.Err() != nil {
			return out, err
		}
		show(func() {
			for _, p := range res.Problems {
				fmt.Fprintf(app.Err, "%s:%d: %s\n", path, p.Line, p.Message)
			}
			if err != nil {
				fmt.Fprintf(app.Err, "Error: %v\n", err)
			} else if !app.JSON {
				printIngestResult(app, res)
			}
		})
		if err != nil {
			out.failed = true
			continue
		}
		out.rejected = out.rejected || res.Rejected > 0
	}
	return out, nil
}

func printIngestResult(app *App, res ingest.Result) {
	if res.AlreadyImported {
		fmt.Fprintf(app.Out, "%s: already imported as source %d (%s, %d records); nothing added\n", res.File, res.SourceID, res.Format, res.Records)
		return
	}
	enc := ""
	if res.Encoding != "utf-8" && res.Encoding != "" {
		enc = ", read as " + res.Encoding
	}
	fmt.Fprintf(app.Out, "%s: %s%s, %s (%s): %d records, %d new, %d rejected\n",
		res.File, res.Format, enc, res.Name, res.Kind, res.Records, res.New, res.Rejected)
}

// profileIngest starts a CPU profile or an execution trace of the import
// when OVERSIKT_CPUPROFILE or OVERSIKT_TRACE names a file (a hidden aid for
// measuring import speed). It returns the function that stops it, or nil.
func profileIngest(app *App) func() {
	var stops []func()
	if path := os.Getenv("OVERSIKT_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err != nil {
			fmt.Fprintf(app.Err, "Warning: no CPU profile: %v\n", err)
		} else if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			fmt.Fprintf(app.Err, "Warning: no CPU profile: %v\n", err)
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := os.Getenv("OVERSIKT_TRACE"); path != "" {
		if f, err := os.Create(path); err != nil {
			fmt.Fprintf(app.Err, "Warning: no trace: %v\n", err)
		} else if err := trace.Start(f); err != nil {
			f.Close()
			fmt.Fprintf(app.Err, "Warning: no trace: %v\n", err)
		} else {
			stops = append(stops, func() { trace.Stop(); f.Close() })
		}
	}
	if len(stops) == 0 {
		return nil
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}
