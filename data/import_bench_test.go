package data

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// benchRecords makes n records shaped like the benchmark RIS file's: a
// 2 KB verbatim text, a 1.5 KB abstract, five authors, keywords, a DOI.
func benchRecords(n int) []Record {
	abstract := strings.Repeat("Agro-silvo-pastoral systems occupy much of the Mediterranean region. ", 22)
	recs := make([]Record, n)
	for i := range recs {
		title := fmt.Sprintf("Modelling future scenarios to improve woodland landscapes for birds w%d", i)
		doi := fmt.Sprintf("10.1016/j.jnc.2016.02.001.g%d", i)
		recs[i] = Record{Line: i*20 + 1, Type: "JOUR", Title: title, Abstract: abstract, Year: 2016,
			Authors: []string{fmt.Sprintf("Leal, A.I.-%d", i), "Rainho, A.", "Martins, R.C.", "Granadeiro, J.P.", "Palmeirim, J.M."},
			Journal: "Journal for Nature Conservation", Volume: "30", Pages: "1031-112", DOI: doi,
			Keywords: []string{"Conservation", "Cork oak woodlands", "Landscape heterogeneity", "Management"},
			Raw:      "TY  - JOUR\nTI  - " + title + "\nAB  - " + abstract + "\nDO  - " + doi + "\nER  - \n"}
	}
	return recs
}

// BenchmarkImport stores 20 000 records into a new database per iteration.
func BenchmarkImport(b *testing.B) {
	recs := benchRecords(20000)
	ctx, cancel := context.WithCancel(context.Background()) // as the command's
	defer cancel()
	for i := 0; b.Loop(); i++ {
		db, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		imp, err := db.BeginImport(ctx, &Source{Name: "B", File: "b.ris", Format: "ris", Kind: KindDatabase, SHA256: "b", Encoding: "utf-8"})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			if err := imp.Add(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := imp.Finish(0); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
