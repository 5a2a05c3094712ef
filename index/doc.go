// Package index keeps the review's full-text index: a bleve index derived
// from the SQLite database, stored beside it in "<db>.index/", always
// rebuildable, updated incrementally, searched with bleve's query-string
// syntax and highlighted. It also marks the review's highlighting lists
// (include and exclude terms) in any text, for the screening loop.
//
// Searching:
//
//	ix, err := index.Open(ctx, db, index.Options{Log: stderr}) // builds or updates first
//	defer ix.Close()
//	res, err := ix.Search(ctx, index.Request{Query: `title:"learning network" year:>=2010`, Limit: 20})
//	ids, err := ix.IDs(ctx, index.Request{Query: q, Status: []string{"unscreened"}}) // all matches, best first
//
// Keeping the index current after writes (optional: Open does it too):
//
//	_, err := index.Update(ctx, db, index.Options{}) // ErrBusy: another process is at it; fine to ignore
//
// Highlighting in the screening loop:
//
//	h, err := index.LoadHighlighter(ctx, db)
//	title := h.Highlight(rec.Title, func(kind, s string) string { … }) // kind: index.MarkInclude or MarkExclude
//	marks := h.Marks(rec.Abstract) // byte spans, sorted, not overlapping
//
// One document per study: the representative record's title, abstract,
// authors and keywords; journal, year, DOIs, PMIDs and source names of all
// its records; the guessed language; and the screening status per stage
// from resolutions (included/excluded), else "screening" when someone has
// decided, else "unscreened" — never a reviewer's verdict.
//
// Concurrency: one writer at a time (an flock on "<db>.index.lock");
// writers build or update a copy of the index directory (segment files
// hard-linked) and swap it in, so readers never wait and never see a
// half-written index. A process that cannot take the writer lock searches
// the index as it is and says so.
package index
