package rank

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticTexts makes n abstract-like texts of about 180 words drawn from
// a Zipf-distributed vocabulary of 30 000 made-up words; one in fifty
// texts also draws from a small "topic" vocabulary and is labelled
// included.
func syntheticTexts(n int, seed uint64) ([]string, []bool) {
	rng := rand.New(rand.NewPCG(seed, 1))
	zipf := rand.NewZipf(rng, 1.1, 2, 29999)
	word := func(i uint64) string { return fmt.Sprintf("w%x", i*2654435761%1000003) }
	texts := make([]string, n)
	inc := make([]bool, n)
	var b strings.Builder
	for i := range texts {
		b.Reset()
		inc[i] = rng.IntN(50) == 0
		for range 150 + rng.IntN(60) {
			if inc[i] && rng.IntN(10) == 0 {
				fmt.Fprintf(&b, "topic%d ", rng.IntN(40))
				continue
			}
			b.WriteString(word(zipf.Uint64()))
			b.WriteByte(' ')
		}
		texts[i] = b.String()
	}
	return texts, inc
}

func BenchmarkFeatures100k(b *testing.B) {
	texts, _ := syntheticTexts(100_000, 1)
	for _, name := range []string{"words", "pairs"} {
		opt := DefaultFeatures
		if name == "pairs" {
			opt = PairsFeatures
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				f := NewFeaturesWith(texts, opt)
				b.ReportMetric(float64(f.Terms()), "terms")
				b.ReportMetric(float64(f.NonZero()), "nonzeros")
			}
		})
	}
}

// featuresFor builds the features each model is meant for, once per set
// of options.
func featuresFor(texts []string) func(model string) *Features {
	built := map[FeatureOptions]*Features{}
	return func(model string) *Features {
		opt := FeaturesFor(model)
		if built[opt] == nil {
			built[opt] = NewFeaturesWith(texts, opt)
		}
		return built[opt]
	}
}

// BenchmarkRetrain100k measures one retrain and re-rank of 100 000
// records after a new decision, with 1 000 decisions made before.
func BenchmarkRetrain100k(b *testing.B) {
	texts, inc := syntheticTexts(100_000, 1)
	features := featuresFor(texts)
	for _, model := range Models {
		b.Run(model, func(b *testing.B) {
			m, err := New(features(model), Options{Model: model, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			for d := range 1000 {
				m.Add(d, inc[d])
			}
			m.Order()
			b.ResetTimer()
			for i := range b.N {
				d := 1000 + i
				m.Add(d, inc[d])
				if order := m.Order(); len(order) == 0 {
					b.Fatal("empty order")
				}
			}
		})
	}
}

// BenchmarkSimulate measures one complete simulated review of a labelled
// set, retraining after every decision (features built once, outside).
func BenchmarkSimulate(b *testing.B) {
	ds := labelled(b, "ace_cohen2006_ferdinands.csv")
	features := featuresFor(ds.Texts)
	for _, model := range Models {
		b.Run(model, func(b *testing.B) {
			f := features(model)
			for i := range b.N {
				if _, err := Simulate(context.Background(), f, ds.Included, SimOptions{Model: model}, uint64(i+1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
