package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/term"
)

// runScreenTUI runs the full-screen screening loop on a terminal. opts
// opened s; a search in the loop reopens the session with them,
// restricted to the studies the query matches.
func runScreenTUI(ctx context.Context, app *App, db *data.DB, s *screening.Session, opts screening.Options) error {
	h, err := index.LoadHighlighter(ctx, db)
	if err != nil {
		return err
	}
	criteria, err := screenCriteria(ctx, db, s.Stage())
	if err != nil {
		return err
	}
	color := os.Getenv("NO_COLOR") == "" && isTerminal(app.Out)
	o := term.Options{Highlighter: h, Criteria: criteria, Open: openWithViewer, Color: color,
		Restrict: func(ctx context.Context, query string) (*screening.Session, int, error) {
			ro := opts
			ro.Only = nil
			if query != "" {
				only, err := matchStudies(ctx, db, query)
				if err != nil {
					return nil, 0, err
				}
				ro.Only = only
			}
			ns, err := screening.Open(ctx, db, ro)
			return ns, len(ro.Only), err
		}}
	m, err := term.New(ctx, db, s, o)
	if err != nil {
		return err
	}
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(app.In), tea.WithOutput(app.Out)}
	if !color {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	if _, err := tea.NewProgram(m, popts...).Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return err
	}
	if err := m.Err(); err != nil {
		return err
	}
	p := m.Session().Progress()
	fmt.Fprintf(app.Out, "%s: done %d, left %d, your includes %d. Every decision is saved.\n", m.Session().Reviewer(), p.Done, p.Left, p.Includes)
	return nil
}

// screenCriteria returns the review's eligibility criteria for a stage:
// its own setting, else the stage-less one ("" when neither is set).
func screenCriteria(ctx context.Context, db *data.DB, st screening.Stage) (string, error) {
	c, err := db.Setting(ctx, term.SettingCriteria(st), "")
	if err != nil || c != "" {
		return c, err
	}
	return db.Setting(ctx, "screening.criteria", "")
}

// matchStudies returns the studies an index query matches, bringing the
// index up to date quietly (the screen belongs to the loop).
func matchStudies(ctx context.Context, db *data.DB, query string) (map[int64]bool, error) {
	ix, err := index.Open(ctx, db, index.Options{Log: io.Discard})
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	ids, err := ix.IDs(ctx, index.Request{Query: query})
	if err != nil {
		return nil, err
	}
	only := make(map[int64]bool, len(ids))
	for _, id := range ids {
		only[id] = true
	}
	return only, nil
}
