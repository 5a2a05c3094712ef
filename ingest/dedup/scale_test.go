package dedup

import (
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

// synthetic builds n records in memory of which a share dups are planted
// near-duplicates of an earlier record (typos, case, punctuation, a dropped
// DOI, a short page range), and returns them prepared for matching with
// truth[i] = the index of the original a duplicate copies, or -1.
// Title words follow a Zipf law over a made-up vocabulary, so common words
// crowd the blocks the way "effects of" and "the role of" do.
type synthetic struct {
	items []item
	truth []int32
}

func makeSynthetic(n int, dups float64, seed uint64) synthetic {
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
	s := synthetic{items: make([]item, 0, n), truth: make([]int32, 0, n)}
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
		it := newItem(&rec)
		it.isNew = true
		s.items = append(s.items, it)
		if orig >= 0 {
			s.truth = append(s.truth, baseItem[orig])
		} else {
			s.truth = append(s.truth, -1)
		}
	}
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
		s := makeSynthetic(n, 0.2, uint64(n))
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
	s := makeSynthetic(10000, 0.2, 1)
	b.ResetTimer()
	for b.Loop() {
		plan(s.items, nil)
	}
}
