//go:build unix

package index

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

// benchQueries are the fixed queries whose latency the benchmark reports.
var benchQueries = []string{
	"depression",
	"fluoxetine rat",
	`"major depression"`,
	`title:"avian influenza"`,
	"+virus +chicken -vaccine",
	"antidepress*",
	"influenz~1",
	"year:>=2010 +title:depression",
	"author:smith",
	"Wilson disease copper",
	"title:(hepatic OR liver) +copper",
	"ace inhibitor blood pressure",
	"learning network",
	"læringsnettverk",
	"ledelse",
	"newcastle disease virus genotype",
	"+year:>=2000 +year:<2005 sepsis",
	"coronavir*",
	"/chel.tion/",
	"*",
}

// benchRecords returns n records cycled from the corpus's four labelled
// screening sets (about 8 900 real titles and abstracts); copies after the
// first get a shifted year.
func benchRecords(tb testing.TB, n int) []data.Record {
	var base []data.Record
	for _, f := range []string{"bannach-brown_2019.csv", "virus_kwok2020_ferdinands.csv", "ace_cohen2006_ferdinands.csv", "wilson_appenzeller-herzog2019_ferdinands.csv"} {
		base = append(base, labelledRecords(tb, f)...)
	}
	base = append(base, norwegianRecords...)
	out := make([]data.Record, n)
	for i := range out {
		r := base[i%len(base)]
		if copyN := i / len(base); copyN > 0 {
			r.Year = 1980 + (r.Year+copyN)%45
		}
		r.Line = i + 1
		out[i] = r
	}
	return out
}

// TestIndexBenchmark builds the index of OVERSIKT_BENCH_N (default
// 100 000) records and prints the build rate and the latency of
// benchQueries:
//
//	OVERSIKT_LONG=1 go test ./index -run TestIndexBenchmark -v -timeout 30m
func TestIndexBenchmark(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to run the index benchmark (100 000 records, minutes)")
	}
	n := 100000
	if s := os.Getenv("OVERSIKT_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	db := mustOpenDB(t)
	recs := benchRecords(t, n)
	importRecords(t, db, "Bench", recs)

	start, cpu0 := time.Now(), cpuTime()
	st, err := Rebuild(ctx, db, Options{Log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	took, cpu := time.Since(start), cpuTime()-cpu0
	// On a shared machine the wall-clock rate depends on the others' load;
	// the CPU time says what the build costs.
	t.Logf("build: %d records in %s = %.0f records/s wall; %.1f CPU-s = %.0f records per CPU-second (GOMAXPROCS %d)",
		st.Studies, took.Round(time.Millisecond), float64(st.Studies)/took.Seconds(), cpu.Seconds(),
		float64(st.Studies)/cpu.Seconds(), runtime.GOMAXPROCS(0))

	// Incremental: 1 000 new records on top.
	importRecords(t, db, "Bench-more", recs[:1000])
	start = time.Now()
	st, err = Update(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("update: %d new records in %s (rebuilt: %v)", st.Studies, time.Since(start).Round(time.Millisecond), st.Rebuilt)

	ix := mustOpenIndex(t, db)
	defer ix.Close()
	const rounds = 5
	var all, allCPU []time.Duration
	for _, q := range benchQueries {
		var times, cpus []time.Duration
		var total uint64
		for range rounds {
			start, cpu0 := time.Now(), cpuTime()
			res, err := ix.Search(ctx, Request{Query: q, Limit: 10})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			times, cpus = append(times, time.Since(start)), append(cpus, cpuTime()-cpu0)
			total = res.Total
		}
		slices.Sort(times)
		slices.Sort(cpus)
		all, allCPU = append(all, times...), append(allCPU, cpus...)
		t.Logf("%-40s %7d hits  median %6.1f ms wall, %6.1f ms CPU", q, total, ms(times[len(times)/2]), ms(cpus[len(cpus)/2]))
	}
	slices.Sort(all)
	slices.Sort(allCPU)
	t.Logf("queries: %d runs, wall median %.1f ms, p95 %.1f ms, max %.1f ms; CPU median %.1f ms, p95 %.1f ms",
		len(all), ms(all[len(all)/2]), ms(all[len(all)*95/100]), ms(all[len(all)-1]),
		ms(allCPU[len(allCPU)/2]), ms(allCPU[len(allCPU)*95/100]))
	fmt.Fprintf(os.Stderr, "index bench: %d records\n", n)
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
