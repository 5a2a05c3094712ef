package index

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	db := mustOpenDB(t)
	importRecords(t, db, "Bannach-Brown", labelledRecords(t, "bannach-brown_2019.csv"))
	ctx := context.Background()
	start := time.Now()
	st, err := Update(ctx, db, Options{Log: os.Stderr})
	t.Logf("update %+v %v err=%v", st, time.Since(start), err)
	ix, err := Open(ctx, db, Options{Log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range []string{"depression", `title:"major depression"`, "deprssion~1", "antidepress*", "year:>=2015 +fluoxetine", "author:whistler", "2001"} {
		res, err := ix.Search(ctx, Request{Query: q, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: total %d took %v", q, res.Total, res.Took)
		for _, h := range res.Hits {
			t.Logf("  %d %d %.2f %s", h.StudyID, h.Year, h.Score, h.Title)
			for _, f := range h.Fragments {
				t.Logf("     %s: %s", f.Field, f.Render(Brackets))
			}
		}
	}
}
