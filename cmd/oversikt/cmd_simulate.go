package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening/rank"
)

// simulateOptions are the flags of oversikt simulate.
type simulateOptions struct {
	model         string
	seeds         int
	priorIncluded int
	priorExcluded int
	plot          string
	curve         string
	workers       int
	features      rank.FeatureOptions
}

func init() { register(newSimulateCmd) }

func newSimulateCmd(app *App) *cobra.Command {
	var o simulateOptions
	cmd := &cobra.Command{
		Use:   "simulate LABELLED-FILE",
		Short: "Measure prioritised screening on a labelled data set",
		Long: `Simulate prioritised screening on a file whose records carry screening
labels (ASReview's columns label_included, included, label, final_included …,
Abstrackr's consensus and reviewer columns, Rayyan's RAYYAN-INCLUSION notes;
CSV, TSV, XLSX, RIS or any format ingest reads). Each run starts from random
prior records (seeded: run i uses seed i), retrains the model after every
decision and screens in the model's order to the end. It reports per run and
as the median over runs: WSS@95 and WSS@100 (work saved over random order at
95 % and 100 % recall, in %), RRF@10 (% of inclusions found after screening
10 % of the records) and the records screened to find 95 % and 100 % of the
inclusions. Prior records count as screened. The database is not used.
WSS@95 is (N − screened)/N − 5 % at the point 95 % of inclusions are found;
the "as ASReview" column and asreview_wss95 give it as ASReview 0.x computed
its published figures (prior records left out; recall − share screened at
the first point recall ≥ 95 %).

--curve writes the recall curves as CSV, --plot draws them as SVG with the
random-order line. The default model, mix, adds up naive Bayes (with the
unscreened records as weak exclusions, worth 20 screened ones), a linear
SVM and the likeness to the mean inclusion; --model nb is naive Bayes with
ASReview's settings; --model pairs is naive Bayes over words and word pairs
with little smoothing, trained mostly on the inclusions (better than mix on
narrow questions such as ACE, Wilson and Bannach-Brown, worse on broad ones
such as Virus; about twice the CPU); --model asreview replicates ASReview
1.x's default (naive Bayes on a training set re-balanced at random,
scikit-learn's stopwords). Each model has its own default features; --bigrams,
--sublinear, --min-df and --suffix change them.

Exit codes: 0 done; 1 the file could not be read or has too few labels;
2 usage.`,
		Example: `  oversikt simulate ace.csv
  oversikt simulate virus.csv --model svm --seeds 5 --plot recall.svg --curve recall.csv
  oversikt simulate wilson.csv --json
  oversikt simulate wilson.csv --model pairs --seeds 15
  oversikt simulate ace.csv --bigrams --sublinear --min-df 2`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSimulate(cmd, app, args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.model, "model", rank.Models[0], fmt.Sprintf("model: %v", rank.Models))
	f.IntVar(&o.seeds, "seeds", 15, "number of runs (seeds 1..N)")
	f.IntVar(&o.priorIncluded, "prior-included", 1, "random included records screened first")
	f.IntVar(&o.priorExcluded, "prior-excluded", 1, "random excluded records screened first")
	f.StringVar(&o.plot, "plot", "", "write an SVG plot of recall against records screened")
	f.StringVar(&o.curve, "curve", "", "write the recall curves as CSV")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "runs in parallel")
	o.features = rank.DefaultFeatures
	f.BoolVar(&o.features.Bigrams, "bigrams", o.features.Bigrams, "word pairs as features too")
	f.BoolVar(&o.features.Sublinear, "sublinear", o.features.Sublinear, "1 + ln tf instead of raw term counts")
	f.IntVar(&o.features.MinDF, "min-df", o.features.MinDF, "least number of records a term must occur in")
	f.IntVar(&o.features.Suffix, "suffix", o.features.Suffix, "add each word's last N letters as a feature (0: off)")
	return cmd
}

type simulateRunJSON struct {
	Seed uint64 `json:"seed"`
	rank.Metrics
}

type simulateJSON struct {
	Dataset       string            `json:"dataset"`
	Records       int               `json:"records"`
	Included      int               `json:"included"`
	Model         string            `json:"model"`
	PriorIncluded int               `json:"prior_included"`
	PriorExcluded int               `json:"prior_excluded"`
	Runs          []simulateRunJSON `json:"runs"`
	Median        rank.Summary      `json:"median"`
}

func runSimulate(cmd *cobra.Command, app *App, path string, o simulateOptions) error {
	if !slices.Contains(rank.Models, o.model) {
		return usagef("oversikt simulate --help", "unknown model %q (want one of %v)", o.model, rank.Models)
	}
	if o.seeds < 1 || o.priorIncluded < 1 || o.priorExcluded < 1 {
		return usagef("oversikt simulate FILE --seeds 15 --prior-included 1 --prior-excluded 1",
			"--seeds, --prior-included and --prior-excluded must be at least 1")
	}
	ds, err := rank.ReadLabelled(path)
	if err != nil {
		return err
	}
	if ds.Unlabelled > 0 || ds.Rejected > 0 {
		fmt.Fprintf(app.Err, "Warning: %s: %d records without a label and %d rejected records left out\n", path, ds.Unlabelled, ds.Rejected)
	}
	if !slices.ContainsFunc([]string{"bigrams", "sublinear", "min-df", "suffix"}, cmd.Flags().Changed) {
		o.features = rank.FeaturesFor(o.model) // the features the model is meant for
	}
	f := rank.NewFeaturesWith(ds.Texts, o.features)
	seeds := make([]uint64, o.seeds)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	bar := app.newProgress("Simulating", int64(len(seeds)))
	opts := rank.SimOptions{Model: o.model, PriorIncluded: o.priorIncluded, PriorExcluded: o.priorExcluded}
	runs, err := rank.SimulateSeeds(cmd.Context(), f, ds.Included, opts, seeds, o.workers, func(n int) { bar.set(int64(n)) })
	bar.done()
	if err != nil {
		return err
	}
	if o.curve != "" {
		if err := writeSimFile(o.curve, func(w *os.File) error { return rank.WriteRecallCSV(w, runs, ds.Included) }); err != nil {
			return err
		}
	}
	med := rank.Summarize(runs)
	if o.plot != "" {
		p := rank.RecallPlot{Title: fmt.Sprintf("%s: %s, %d+%d prior records", ds.Name, o.model, o.priorIncluded, o.priorExcluded),
			Note: fmt.Sprintf("%d included; median of %d runs: WSS@95 %.1f%%, RRF@10 %.1f%%, %.0f screened to find 95%%",
				ds.Count(), len(runs), med.WSS95, med.RRF10, med.ScreenedTo95)}
		for _, r := range runs {
			p.Runs = append(p.Runs, rank.InOrder(r.Order, ds.Included))
		}
		if err := writeSimFile(o.plot, func(w *os.File) error { return p.WriteSVG(w) }); err != nil {
			return err
		}
	}
	out := simulateJSON{Dataset: ds.Name, Records: len(ds.Texts), Included: ds.Count(), Model: o.model,
		PriorIncluded: o.priorIncluded, PriorExcluded: o.priorExcluded, Median: med}
	for _, r := range runs {
		out.Runs = append(out.Runs, simulateRunJSON{Seed: r.Seed, Metrics: r.Metrics})
	}
	if app.JSON {
		return app.printJSON(out)
	}
	return printSimulation(app, out)
}

func printSimulation(app *App, s simulateJSON) error {
	fmt.Fprintf(app.Out, "%s: %d records, %d included; model %s; prior %d included + %d excluded\n\n",
		s.Dataset, s.Records, s.Included, s.Model, s.PriorIncluded, s.PriorExcluded)
	tw := tabwriter.NewWriter(app.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "seed\tWSS@95\tWSS@100\tRRF@10\tscreened to 95%\tscreened to 100%\tWSS@95 as ASReview\t")
	for _, r := range s.Runs {
		fmt.Fprintf(tw, "%d\t%.1f\t%.1f\t%.1f\t%d\t%d\t%.1f\t\n", r.Seed, r.WSS95, r.WSS100, r.RRF10, r.ScreenedTo95, r.ScreenedTo100, r.ASReviewWSS95)
	}
	m := s.Median
	fmt.Fprintf(tw, "median\t%.1f\t%.1f\t%.1f\t%.0f\t%.0f\t%.1f\t\n", m.WSS95, m.WSS100, m.RRF10, m.ScreenedTo95, m.ScreenedTo100, m.ASReviewWSS95)
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(app.Out, "\nPrior records count as screened. \"As ASReview\": prior records left out, recall − share screened\nat the first point recall ≥ 95 % (ASReview 0.x, the published figures).")
	return err
}

// writeSimFile creates path and writes it with fn.
func writeSimFile(path string, fn func(*os.File) error) error {
	w, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(w); err != nil {
		w.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return w.Close()
}
