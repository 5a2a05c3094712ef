package dedup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

// synthetic is a made-up review prepared for matching, with truth[i] the
// index of the record that record i is a planted duplicate of, or -1.
type synthetic struct {
	items []item
	truth []int32
}

// makeSynthetic builds n records in memory, passing each to emit (with id
// and study i+1), of which a share dups are planted near-duplicates of an
// earlier record (typos, case, punctuation, a dropped DOI, a short page
// range). It returns truth as in synthetic. Title words follow a Zipf law
// over a made-up vocabulary, so common words crowd the blocks the way
// "effects of" and "the role of" do.
func makeSynthetic(n int, dups float64, seed uint64, emit func(*data.Record)) []int32 {
	r := rand.New(rand.NewPCG(seed, 7))
	syll := []string{"ka", "lo", "mi", "ne", "sto", "ra", "ve", "tu", "gri", "an", "el", "or", "ul", "pse", "dro", "fa", "nu", "xi", "bre", "co"}
	word := func(i uint64) string {
		var b strings.Builder
		for j := 0; j < 2+int(i%3); j++ {
			b.WriteString(syll[(i/uint64(j*7+1)+uint64(j))%uint64(len(syll))])
		}
		b.WriteByte(byte('a' + i%26))
		b.WriteByte(byte('a' + i/26%26))
		return b.String()
	}
	words := rand.NewZipf(r, 1.1, 4, 50000)
	names := rand.NewZipf(r, 1.2, 2, 20000)
	journals := rand.NewZipf(r, 1.3, 1, 3000)
	truth := make([]int32, 0, n)
	var bases []data.Record
	var baseItem []int32 // index among all items of each original
	for i := 0; i < n; i++ {
		var rec data.Record
		orig := int32(-1)
		if len(bases) > 0 && r.Float64() < dups {
			orig = int32(r.IntN(len(bases)))
			rec = bases[orig]
			rec.Authors = append([]string(nil), rec.Authors...)
			mutate(r, &rec)
		} else {
			var t []string
			for j := 0; j < 6+r.IntN(10); j++ {
				t = append(t, word(words.Uint64()))
			}
			rec = data.Record{
				Title:   strings.ToUpper(t[0][:1]) + strings.Join(t, " ")[1:],
				Year:    1990 + r.IntN(35),
				Journal: "Journal of " + word(journals.Uint64()),
				Volume:  fmt.Sprint(1 + r.IntN(80)), Pages: fmt.Sprintf("%d-%d", 100+r.IntN(900), 1000+r.IntN(100)),
				DOI: fmt.Sprintf("10.%d/syn.%d", 1000+r.IntN(9000), i),
			}
			for j := 0; j < 1+r.IntN(6); j++ {
				rec.Authors = append(rec.Authors, word(names.Uint64())+", "+string(rune('A'+r.IntN(26))))
			}
			orig = -1
			bases = append(bases, rec)
			baseItem = append(baseItem, int32(i))
		}
		rec.ID, rec.StudyID = int64(i+1), int64(i+1)
		emit(&rec)
		if orig >= 0 {
			truth = append(truth, baseItem[orig])
		} else {
			truth = append(truth, -1)
		}
	}
	return truth
}

// inMemory makes a synthetic review of n records as items.
func inMemory(n int, dups float64, seed uint64) synthetic {
	s := synthetic{items: make([]item, 0, n)}
	s.truth = makeSynthetic(n, dups, seed, func(r *data.Record) {
		it := newItem(r)
		it.isNew = true
		s.items = append(s.items, it)
	})
	return s
}

func mutate(r *rand.Rand, rec *data.Record) {
	for range 1 + r.IntN(3) {
		switch r.IntN(6) {
		case 0: // a typo: two letters swapped
			b := []byte(rec.Title)
			if k := 1 + r.IntN(len(b)-2); b[k] != ' ' && b[k+1] != ' ' {
				b[k], b[k+1] = b[k+1], b[k]
			}
			rec.Title = string(b)
		case 1:
			rec.Title = strings.ToUpper(rec.Title)
		case 2:
			rec.Title = strings.Replace(rec.Title, " ", ": ", 1) + "."
		case 3:
			rec.DOI = ""
		case 4: // a letter dropped
			if k := 1 + r.IntN(len(rec.Title)-2); rec.Title[k] != ' ' {
				rec.Title = rec.Title[:k] + rec.Title[k+1:]
			}
		case 5:
			rec.Pages = rec.Pages[:strings.IndexByte(rec.Pages, '-')+1] + rec.Pages[len(rec.Pages)-2:]
		}
	}
}

// peakHeap samples the live heap until stop is called and returns the
// largest value seen.
func peakHeap() (stop func() uint64) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapAlloc)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// quality counts how many planted duplicates share their original's
// cluster, and how many clusters join two originals.
func quality(s *synthetic, p data.DedupPlan) (found, planted, falseMerges int) {
	study := make(map[int64]int64, len(p.Moves))
	for _, m := range p.Moves {
		study[m.From] = m.To
	}
	final := func(i int) int64 {
		id := s.items[i].id
		if to, ok := study[id]; ok {
			return to
		}
		return id
	}
	origins := map[int64]int{}
	for i, t := range s.truth {
		if t < 0 {
			origins[final(i)]++
			continue
		}
		planted++
		if final(i) == final(int(t)) {
			found++
		}
	}
	for _, n := range origins {
		falseMerges += n - 1
	}
	return found, planted, falseMerges
}

// TestDedupScale dedups synthetic reviews of growing size in memory (the
// matcher without SQLite) and reports time, peak heap and quality. Set
// OVERSIKT_LONG=1 to run it (100 000 records at most), OVERSIKT_LONG=1m
// for 1 000 000 too.
func TestDedupScale(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to run the scale test (OVERSIKT_LONG=1m adds 1 000 000 records)")
	}
	sizes := []int{25000, 50000, 100000}
	if os.Getenv("OVERSIKT_LONG") == "1m" {
		sizes = append(sizes, 200000, 1000000)
	}
	var perRecord []float64
	for _, n := range sizes {
		runtime.GC()
		stop := peakHeap()
		start, cpuStart := time.Now(), cpuTime()
		s := inMemory(n, 0.2, uint64(n))
		prepared, cpuPrepared := time.Since(start), cpuTime()-cpuStart
		p, st := plan(s.items, nil)
		elapsed, cpu := time.Since(start), cpuTime()-cpuStart
		peak := stop()
		found, planted, falseMerges := quality(&s, p)
		// CPU time is what the process used (the test's sampling goroutine
		// included); wall time depends on what else the machine runs.
		if cpu == 0 {
			cpu, cpuPrepared = elapsed, prepared
		}
		per := float64(cpu.Microseconds()) / float64(n)
		perRecord = append(perRecord, per)
		t.Logf("%8d records: wall %6.2fs, CPU %6.2fs (generate+fold %5.2fs, match %5.2fs; %.1f µs/record), peak heap %4d MiB, %d pairs compared, planted duplicates found %d/%d (%.4f), false merges %d, uncertain %d",
			n, elapsed.Seconds(), cpu.Seconds(), cpuPrepared.Seconds(), (cpu - cpuPrepared).Seconds(), per, peak>>20, st.compared, found, planted,
			float64(found)/float64(planted), falseMerges, st.uncertain)
		if recall := float64(found) / float64(planted); recall < 0.95 {
			t.Errorf("%d records: planted duplicates found %.4f, want ≥ 0.95", n, recall)
		}
		if falseMerges > n/1000 {
			t.Errorf("%d records: %d false merges, want ≤ %d", n, falseMerges, n/1000)
		}
		if n == 100000 && cpu > 10*time.Second {
			t.Errorf("100 000 records took %v of CPU, want < 10s", cpu)
		}
	}
	if first, last := perRecord[0], perRecord[len(perRecord)-1]; last > 3*first {
		t.Errorf("time per record grew from %.1f to %.1f µs: not roughly linear", first, last)
	}
}

// BenchmarkPlan times the matcher on 10 000 synthetic records.
func BenchmarkPlan(b *testing.B) {
	s := inMemory(10000, 0.2, 1)
	b.ResetTimer()
	for b.Loop() {
		plan(s.items, nil)
	}
}

// TestDedupScaleStore runs the whole path through SQLite: 100 000
// synthetic records imported into a fresh review, then Run (read, match,
// write merges and pairs). Set OVERSIKT_LONG=1 to run it.
func TestDedupScaleStore(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to run the store scale test")
	}
	const n = 100000
	ctx := context.Background()
	db := openDB(t)
	imp, err := db.BeginImport(ctx, &data.Source{Name: "synthetic", File: "synthetic", Format: "ris", Kind: data.KindDatabase, SHA256: "synthetic", Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	truth := makeSynthetic(n, 0.2, 9, func(r *data.Record) {
		r.Raw, r.Line = "TY  - JOUR", 1
		if err := imp.Add(*r); err != nil {
			t.Fatal(err)
		}
	})
	if err := imp.Finish(0); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	stop := peakHeap()
	start, cpuStart := time.Now(), cpuTime()
	sum, err := Run(ctx, db, Options{})
	elapsed, cpu := time.Since(start), cpuTime()-cpuStart
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	study := make([]int64, 0, n)
	db.Records(ctx, data.RecordFilter{}, func(r data.Record) error { study = append(study, r.StudyID); return nil })
	found, planted, origins := 0, 0, map[int64]int{}
	for i, o := range truth {
		if o < 0 {
			origins[study[i]]++
			continue
		}
		planted++
		if study[i] == study[o] {
			found++
		}
	}
	falseMerges := 0
	for _, c := range origins {
		falseMerges += c - 1
	}
	t.Logf("%d records through the store: wall %.2fs, CPU %.2fs, peak heap %d MiB; %+v; planted duplicates found %d/%d, false merges %d",
		n, elapsed.Seconds(), cpu.Seconds(), peak>>20, sum, found, planted, falseMerges)
	if falseMerges > n/1000 {
		t.Errorf("%d false merges, want ≤ %d", falseMerges, n/1000)
	}
	if cpu > 10*time.Second {
		t.Errorf("Run on %d records took %v of CPU, want < 10s", n, cpu)
	}
	if float64(found)/float64(planted) < 0.95 {
		t.Errorf("planted duplicates found %d/%d, want ≥ 0.95", found, planted)
	}
}
