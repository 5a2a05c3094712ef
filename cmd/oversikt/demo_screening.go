package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

// demoTitleIndex maps each record's lower-cased title to its study, so the
// worked example's decision files can name studies by title prefix.
type demoTitleIndex map[string]int64

func newDemoTitleIndex(ctx context.Context, db *data.DB) (demoTitleIndex, error) {
	idx := demoTitleIndex{}
	err := db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		idx[strings.ToLower(r.Title)] = r.StudyID
		return nil
	})
	return idx, err
}

// studies returns the studies with a record whose title starts with prefix.
func (idx demoTitleIndex) studies(prefix string) []int64 {
	prefix = strings.ToLower(prefix)
	seen := map[int64]bool{}
	var out []int64
	for t, id := range idx {
		if strings.HasPrefix(t, prefix) && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// readDemoCSV reads one of the worked example's CSV files as rows keyed by
// the header's names.
func readDemoCSV(name string) ([]map[string]string, error) {
	f, err := example.Open("example/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("example/%s: %w", name, err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out, nil
}

// demoScreen stores the worked example's decisions stage by stage, then
// resolves the conflicts as the example's reviewers did.
func demoScreen(ctx context.Context, db *data.DB, say func(string, ...any)) error {
	idx, err := newDemoTitleIndex(ctx, db)
	if err != nil {
		return err
	}
	cfg, err := screening.LoadConfig(ctx, db)
	if err != nil {
		return err
	}
	decisions, err := readDemoCSV("decisions.csv")
	if err != nil {
		return err
	}
	resolutions, err := readDemoCSV("resolutions.csv")
	if err != nil {
		return err
	}
	for _, st := range []screening.Stage{screening.TitleAbstract, screening.FullText} {
		n := 0
		for _, d := range decisions {
			if d["stage"] != string(st) {
				continue
			}
			for _, id := range idx.studies(d["title"]) {
				dec := &data.Decision{StudyID: id, Reviewer: d["reviewer"], Stage: string(st), Verdict: d["decision"],
					Reason: d["reason"], ShownBy: "scripted"}
				if err := screening.Record(ctx, db, cfg, dec); err != nil {
					return fmt.Errorf("worked example, %s decision on %q: %w", st, d["title"], err)
				}
				n++
			}
		}
		conflicts, err := screening.Conflicts(ctx, db, cfg, st)
		if err != nil {
			return err
		}
		resolved := 0
		for _, r := range resolutions {
			if r["stage"] != string(st) {
				continue
			}
			for _, id := range idx.studies(r["title"]) {
				if _, err := screening.Resolve(ctx, db, id, st, r["decision"], r["method"], r["resolver"], r["reason"]); err != nil {
					return fmt.Errorf("worked example, resolving %q: %w", r["title"], err)
				}
				resolved++
			}
		}
		rep, err := screening.Agreement(ctx, db, cfg, st)
		if err != nil {
			return err
		}
		say("   %s: %d decisions by two reviewers; %d conflicts, %d resolved; agreement %.1f %%, kappa %.2f (%s)",
			st.Long(), n, len(conflicts), resolved, float64(rep.PercentAgreement), float64(rep.Kappa), rep.Label)
	}
	return nil
}
