package rank

import (
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func devLoad(t testing.TB, path string) ([]string, []bool) {
	f, err := os.Open(path)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := rows[0]
	ti, ab, lb := -1, -1, -1
	for i, c := range h {
		switch strings.ToLower(strings.TrimPrefix(c, "\ufeff")) {
		case "title":
			ti = i
		case "abstract":
			ab = i
		case "label_included", "included":
			lb = i
		}
	}
	var texts []string
	var inc []bool
	for _, r := range rows[1:] {
		texts = append(texts, r[ti]+" "+r[ab])
		inc = append(inc, r[lb] == "1")
	}
	return texts, inc
}

func TestDev(t *testing.T) {
	if os.Getenv("DEV") == "" {
		t.Skip()
	}
	for _, name := range strings.Split(os.Getenv("DEV"), ",") {
		texts, inc := devLoad(t, "../../../shared/corpus/labelled/"+name)
		t0 := time.Now()
		opt := DefaultFeatures
		if os.Getenv("UNI") != "" {
			opt.Bigrams = false
		}
		if os.Getenv("RAWTF") != "" {
			opt.Sublinear = false
		}
		if os.Getenv("DF1") != "" {
			opt.MinDF = 1
		}
		f := NewFeaturesWith(texts, opt)
		if a := os.Getenv("ALPHA"); a != "" {
			NBAlpha, _ = strconv.ParseFloat(a, 64)
		}
		if a := os.Getenv("LAMBDA"); a != "" {
			linearLambda, _ = strconv.ParseFloat(a, 64)
		}
		devNoBalance = os.Getenv("NOBAL") != ""
		devSampled = os.Getenv("SAMPLED") != ""
		t.Logf("%s: features %v: %d x %d nnz %d", name, time.Since(t0), f.Len(), f.Terms(), f.NonZero())
		model := os.Getenv("MODEL")
		var wss, rrf []float64
		t0 = time.Now()
		for seed := uint64(1); seed <= uint64(nseeds()); seed++ {
			r, err := Simulate(context.Background(), f, inc, SimOptions{Model: model}, seed)
			if err != nil {
				t.Fatal(err)
			}
			wss = append(wss, r.Metrics.WSS95)
			if os.Getenv("V") != "" {
				t.Logf("seed %d prior %v: %+v", seed, r.Prior, r.Metrics)
				var pos []int
				for i, d := range r.Order {
					if inc[d] {
						pos = append(pos, i+1)
					}
				}
				t.Logf("found at %v", pos)
				for i, d := range r.Order {
					if inc[d] && i > 300 {
						t.Logf("late %d: %.300s", i+1, texts[d])
					}
				}
			}
			rrf = append(rrf, r.Metrics.RRF10)
		}
		t.Logf("%s %s: median WSS95 %.1f RRF10 %.1f  (%v per run)", name, model, Median(wss), Median(rrf), time.Since(t0)/time.Duration(nseeds()))
	}
}

func nseeds() int {
	if os.Getenv("SEEDS") == "3" {
		return 3
	}
	return 15
}
