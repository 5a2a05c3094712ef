package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/rank"
	"github.com/oversikt/oversikt/screening/term"
)

func init() { register(newScreenCmd) }

// searchStudies restricts the queue to the studies a search of the index
// matches (the index is brought up to date first).
func searchStudies(ctx context.Context, app *App, db *data.DB, query string) (map[int64]bool, error) {
	ix, err := index.Open(ctx, db, index.Options{Log: app.Err})
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	ids, err := ix.IDs(ctx, index.Request{Query: query})
	if errors.Is(err, index.ErrQuery) {
		return nil, usagef(`oversikt search --help for the query syntax`, "%v", err)
	}
	if err != nil {
		return nil, err
	}
	only := make(map[int64]bool, len(ids))
	for _, id := range ids {
		only[id] = true
	}
	fmt.Fprintf(app.Err, "%d studies match %q\n", len(ids), query)
	return only, nil
}

// highlightTerms returns the marker of the review's include and exclude
// terms for the line mode (nil when there are none): colours on a
// terminal, [[brackets]] otherwise.
func highlightTerms(ctx context.Context, app *App, db *data.DB) (func(string) string, error) {
	h, err := index.LoadHighlighter(ctx, db)
	if err != nil || h.Empty() {
		return nil, err
	}
	style := markStyle(app.Out)
	return func(text string) string { return h.Highlight(text, style) }, nil
}

type screenOptions struct {
	stage, order, query string
	model               string
	modelSet            bool // --model given
	seed                int64
	lines               bool
}

func newScreenCmd(app *App) *cobra.Command {
	var o screenOptions
	cmd := &cobra.Command{
		Use:   "screen",
		Short: "Screen studies, blind to the other reviewers",
		Long: `Show the studies that wait for your decision at a stage, one at a time, and
store each decision before the next study is shown. Your queue holds the
studies you have not decided that still need a decision (each study needs
k decisions from distinct reviewers; see 'oversikt screen config'); it
resumes where you left off. You never see another reviewer's decision.

At full text (--stage ft) the queue holds the studies included at
title/abstract, exclusions need a reason, and the attached full text is
shown (see 'oversikt fulltext').

--order file shows studies as they were imported; random in an order fixed
by --seed; priority ranks the queue by a model trained on your decisions
and the resolutions (re-ranked every 10 decisions; file order until it has
an inclusion and an exclusion). --model chooses its model: mix, the
default, suits most questions; pairs (naive Bayes over words and word
pairs, trained mostly on the inclusions) ranked better on narrow questions
in our simulations and worse on broad ones (see 'oversikt simulate --help').
--query keeps only the studies a search matches (the syntax of 'oversikt
search'). Each decision stores how the study was shown: the order, its
position and the ranking.

Line mode (stdin not a terminal, or --lines) prints each study and reads one
command per line: i, e REASON, m, s, u, n TEXT, o, q, ? (REASON by number
or text from the stage's list). Each decision is answered "saved: …" once
it is committed.

Exit codes: 0 at quit, end of input or an empty queue; 1 error; 2 usage.`,
		Example: `  oversikt screen --reviewer anna
  oversikt screen --reviewer bo --stage ft
  printf 'i\ne wrong design\nq\n' | oversikt screen --reviewer anna --stage ta
  oversikt screen --reviewer anna --order random --seed 7
  oversikt screen --reviewer anna --order priority --query 'title:network*'
  oversikt screen --reviewer anna --order priority --model pairs`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.modelSet = cmd.Flags().Changed("model")
			return runScreen(cmd.Context(), app, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.stage, "stage", "ta", "ta (title-abstract) or ft (full-text)")
	f.StringVar(&o.order, "order", "file", "file|random|priority")
	f.StringVar(&o.query, "query", "", "only the studies this search matches")
	f.StringVar(&o.model, "model", rank.Models[0], fmt.Sprintf("model for --order priority: %v", rank.Models))
	f.Int64Var(&o.seed, "seed", 0, "seed for --order random (default: the review's screening.seed)")
	f.BoolVar(&o.lines, "lines", false, "line mode even on a terminal")
	cmd.AddCommand(newScreenConfigCmd(app), newScreenAllocateCmd(app))
	return cmd
}

func runScreen(ctx context.Context, app *App, o screenOptions) error {
	reviewer, err := app.requireReviewer()
	if err != nil {
		return err
	}
	st, err := parseStage(o.stage)
	if err != nil {
		return err
	}
	if !slices.Contains(rank.Models, o.model) {
		return usagef("oversikt screen --help", "unknown model %q (want one of %v)", o.model, rank.Models)
	}
	if o.modelSet && o.order != "priority" {
		return usagef("oversikt screen --order priority --model "+o.model, "--model chooses the model of --order priority, and the order is %s", o.order)
	}
	db, cfg, err := app.openScreening(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	seed := o.seed
	if seed == 0 {
		seed = cfg.Seed
	}
	order, err := screenOrder(ctx, app, db, o.order, reviewer, o.model, seed)
	if err != nil {
		return err
	}
	opts := screening.Options{Reviewer: reviewer, Stage: st, Order: order, Config: &cfg}
	if o.query != "" {
		if opts.Only, err = searchStudies(ctx, app, db, o.query); err != nil {
			return err
		}
	}
	s, err := screening.Open(ctx, db, opts)
	if err != nil {
		return err
	}
	if !o.lines && isTerminal(app.In) && isTerminal(app.Out) {
		return runScreenTUI(ctx, app, db, s, opts)
	}
	lo := screening.LineOptions{Open: openWithViewer}
	if lo.Highlight, err = highlightTerms(ctx, app, db); err != nil {
		return err
	}
	return screening.RunLines(ctx, s, app.In, app.Out, app.Err, lo)
}

// screenOrder returns the Orderer --order names.
func screenOrder(ctx context.Context, app *App, db *data.DB, name, reviewer, model string, seed int64) (screening.Orderer, error) {
	o, err := screening.ParseOrder(name, seed)
	if errors.Is(err, screening.ErrNoPriority) {
		p, err := screening.NewPriority(ctx, db, reviewer, rank.Options{Model: model, Seed: uint64(seed)})
		if err != nil {
			return nil, err
		}
		fmt.Fprintln(app.Err, "priority order: the model learns from your decisions and the resolutions; file order until it has an inclusion and an exclusion")
		return p, nil
	}
	if err != nil {
		return nil, usagef("--order file|random|priority", "%v", err)
	}
	return o, nil
}

// openWithViewer opens a file or URL with the system's viewer.
func openWithViewer(path string) error {
	name := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", path).Start()
	}
	return exec.Command(name, path).Start()
}

func newScreenConfigCmd(app *App) *cobra.Command {
	var k int
	var calibration float64
	var seed int64
	var maybe, reasonsTA, reasonsFT, criteriaTA, criteriaFT string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show or change how the review screens",
		Long: `Show the screening configuration, or change it with flags:
  --k N            decisions needed per study from distinct reviewers (1, 2 or 3)
  --calibration F  with --k 1: share of studies screened twice for calibration
  --seed N         seed for the calibration sample and random order
  --maybe RULE     how maybe counts: include (default), exclude or separate
  --reasons-ta, --reasons-ft  exclusion reasons, separated by ';'
  --criteria-ta, --criteria-ft  the eligibility criteria the screen shows

Exit codes: 0 done; 1 error; 2 usage.`,
		Example: `  oversikt screen config
  oversikt screen config --k 1 --calibration 0.1 --seed 42
  oversikt screen config --reasons-ft "wrong population;wrong design;other"
  oversikt screen config --criteria-ta "Include: learning networks or QI collaboratives in health care; any design"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			set := map[string]string{}
			f := cmd.Flags()
			if f.Changed("k") {
				set[screening.SettingK] = strconv.Itoa(k)
			}
			if f.Changed("calibration") {
				set[screening.SettingCalibration] = strconv.FormatFloat(calibration, 'f', -1, 64)
			}
			if f.Changed("seed") {
				set[screening.SettingSeed] = strconv.FormatInt(seed, 10)
			}
			if f.Changed("maybe") {
				set[screening.SettingMaybe] = maybe
			}
			if f.Changed("reasons-ta") {
				set[screening.SettingReasons(screening.TitleAbstract)] = reasonsTA
			}
			if f.Changed("reasons-ft") {
				set[screening.SettingReasons(screening.FullText)] = reasonsFT
			}
			if f.Changed("criteria-ta") {
				set[term.SettingCriteria(screening.TitleAbstract)] = criteriaTA
			}
			if f.Changed("criteria-ft") {
				set[term.SettingCriteria(screening.FullText)] = criteriaFT
			}
			old := map[string]string{}
			for name, v := range set {
				if old[name], err = db.Setting(ctx, name, ""); err != nil {
					return err
				}
				if err := db.SetSetting(ctx, name, v); err != nil {
					return err
				}
			}
			cfg, err := screening.LoadConfig(ctx, db)
			if err != nil {
				for name, v := range old { // put back what did not validate
					db.SetSetting(ctx, name, v)
				}
				return usagef("oversikt screen config --help", "%v", err)
			}
			return printScreenConfig(app, cfg)
		},
	}
	f := cmd.Flags()
	f.IntVar(&k, "k", 2, "decisions needed per study (1, 2 or 3)")
	f.Float64Var(&calibration, "calibration", 0, "with --k 1: share screened twice")
	f.Int64Var(&seed, "seed", 1, "seed for calibration sample and random order")
	f.StringVar(&maybe, "maybe", "include", "how maybe counts: include|exclude|separate")
	f.StringVar(&reasonsTA, "reasons-ta", "", "title/abstract exclusion reasons, ';'-separated (empty: free text)")
	f.StringVar(&reasonsFT, "reasons-ft", "", "full-text exclusion reasons, ';'-separated")
	f.StringVar(&criteriaTA, "criteria-ta", "", "eligibility criteria shown while screening titles/abstracts")
	f.StringVar(&criteriaFT, "criteria-ft", "", "eligibility criteria shown while screening full texts")
	return cmd
}

func printScreenConfig(app *App, cfg screening.Config) error {
	if app.JSON {
		return app.printJSON(map[string]any{"k": cfg.K, "calibration": cfg.Calibration, "seed": cfg.Seed, "maybe": cfg.Maybe,
			"reasons": map[string][]string{"ta": cfg.Reasons[screening.TitleAbstract], "ft": cfg.Reasons[screening.FullText]}})
	}
	fmt.Fprintf(app.Out, "decisions per study (k): %d\n", cfg.K)
	if cfg.K == 1 {
		fmt.Fprintf(app.Out, "calibration share screened twice: %g\n", cfg.Calibration)
	}
	fmt.Fprintf(app.Out, "seed: %d\nmaybe: %s\n", cfg.Seed, cfg.MaybeRule())
	for _, st := range screening.Stages {
		r := strings.Join(cfg.Reasons[st], "; ")
		if r == "" {
			r = "(free text)"
		}
		fmt.Fprintf(app.Out, "exclusion reasons %s: %s\n", st, r)
	}
	return nil
}

func newScreenAllocateCmd(app *App) *cobra.Command {
	var stage string
	var clear bool
	cmd := &cobra.Command{
		Use:   "allocate REVIEWER...",
		Short: "Split a stage's studies among named reviewers",
		Long: `Allocate each study of a stage to k of the named reviewers, in turn, so that
each reviewer's queue holds only their share. Without allocation (the
default) every reviewer may screen every study until it has k decisions.
Running it again replaces the stage's allocation; --clear removes it.

Exit codes: 0 done; 1 error; 2 usage.`,
		Example: `  oversikt screen allocate anna bo cem
  oversikt screen allocate --stage ft anna bo
  oversikt screen allocate --clear`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := parseStage(stage)
			if err != nil {
				return err
			}
			if !clear && len(args) == 0 {
				return usagef("oversikt screen allocate anna bo", "name the reviewers to allocate to")
			}
			db, cfg, err := app.openScreening(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			alloc := map[string][]int64{}
			if !clear {
				if alloc, err = screening.Allocate(ctx, db, cfg, st, args); err != nil {
					return err
				}
			}
			if err := db.SetAllocation(ctx, string(st), alloc); err != nil {
				return err
			}
			counts := map[string]int{}
			for r, ids := range alloc {
				counts[r] = len(ids)
			}
			if app.JSON {
				return app.printJSON(map[string]any{"stage": st, "allocated": counts})
			}
			names := make([]string, 0, len(counts))
			for r := range counts {
				names = append(names, r)
			}
			sort.Strings(names)
			if len(names) == 0 {
				fmt.Fprintf(app.Out, "%s: allocation removed; every reviewer may screen every study\n", st)
			}
			for _, r := range names {
				fmt.Fprintf(app.Out, "%s: %d studies allocated to %s\n", st, counts[r], r)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&stage, "stage", "ta", "ta or ft")
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the stage's allocation")
	return cmd
}
