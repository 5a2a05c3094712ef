package main

import (
	"context"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

// parseStage reads a --stage value (ta, ft or their long names); a wrong
// one is a usage error.
func parseStage(s string) (screening.Stage, error) {
	st, err := screening.ParseStage(s)
	if err != nil {
		return "", usagef("--stage ta or --stage ft", "%v", err)
	}
	return st, nil
}

// openScreening opens the review and loads its screening configuration.
// The caller closes the database.
func (app *App) openScreening(ctx context.Context) (*data.DB, screening.Config, error) {
	db, err := app.openDB(ctx, false)
	if err != nil {
		return nil, screening.Config{}, err
	}
	cfg, err := screening.LoadConfig(ctx, db)
	if err != nil {
		db.Close()
		return nil, screening.Config{}, err
	}
	return db, cfg, nil
}
