package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
)

// refreshIndex brings an existing full-text index up to date after a
// command changed the review, incrementally. A review without an index is
// left alone: search builds it when first needed. Another process updating
// the index is fine: it will take these changes too.
func (app *App) refreshIndex(ctx context.Context, db *data.DB) {
	if _, err := os.Stat(index.Path(db.Path)); err != nil {
		return
	}
	if _, err := index.Update(ctx, db, index.Options{Log: app.Err}); err != nil && !errors.Is(err, index.ErrBusy) {
		fmt.Fprintf(app.Err, "Warning: the search index was not updated (%v); 'oversikt index update' retries\n", err)
	}
}
