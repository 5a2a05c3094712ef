package term

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/rank"
)

// keypress is one decision in the loop as a person makes it: the key
// goes through Update (Decide commits, Next loads the next study) and the
// screen is drawn (View).
func keypress(tb testing.TB, m *Model, i int) {
	key := [...]string{"i", "e", "m"}[i%3]
	var cmd tea.Cmd
	if key == "e" {
		cmd = press(m, "e", "2")
	} else {
		cmd = press(m, key)
	}
	if cmd != nil || m.item == nil {
		tb.Fatalf("keypress %d: cmd %v, study %v, err %v", i, cmd, m.item, m.err)
	}
	if m.View().Content == "" {
		tb.Fatal("empty view")
	}
}

func bigModel(tb testing.TB, n int, order func(*data.DB) screening.Orderer) *Model {
	tb.Helper()
	db := newReview(tb, n)
	ctx := context.Background()
	cfg := testConfig()
	s, err := screening.Open(ctx, db, screening.Options{Reviewer: "cecilie", Config: &cfg, Order: order(db)})
	if err != nil {
		tb.Fatal(err)
	}
	h := index.NewHighlighter([]string{"learning network*", "nursing home*"}, []string{"children", "randomised trial"})
	m, err := New(ctx, db, s, Options{Highlighter: h, Color: true, Criteria: "Population: health services."})
	if err != nil {
		tb.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m
}

func fileOrder(*data.DB) screening.Orderer { return nil }

// BenchmarkKeypress100k measures one keypress in the loop (Update with
// the decision committed, the next study loaded, View drawn) in a review
// of 100 000 studies:
//
//	go test ./screening/term -run '^$' -bench Keypress100k -benchtime 2000x
func BenchmarkKeypress100k(b *testing.B) {
	m := bigModel(b, 100000, fileOrder)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		keypress(b, m, i)
	}
}

// TestKeypressLatency100k reports the median and 95th percentile of the
// time from a keypress to the next study on screen (Update: Decide
// committed + Next; then View) with 100 000 studies, in file and in
// priority order; the target is a median under 20 ms.
//
//	OVERSIKT_LONG=1 go test ./screening/term -run KeypressLatency100k -v
func TestKeypressLatency100k(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to time keypresses in a review of 100 000 studies")
	}
	t0 := time.Now()
	m := bigModel(t, 100000, fileOrder)
	t.Logf("build a review of 100000 studies and open the loop: %v", time.Since(t0))
	if median := timePresses(t, m, "file order", 2000); median > 20*time.Millisecond {
		t.Errorf("median keypress %v, want under 20 ms", median)
	}
	t0 = time.Now()
	m = bigModel(t, 100000, func(db *data.DB) screening.Orderer {
		p, err := screening.NewPriority(context.Background(), db, "cecilie", rank.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	})
	t.Logf("build a second review, the priority model's features, open the loop: %v", time.Since(t0))
	if median := timePresses(t, m, "priority order (re-ranked in the background every 10)", 500); median > 20*time.Millisecond {
		t.Errorf("median keypress %v, want under 20 ms", median)
	}
}

// timePresses times n keypresses and logs the median, 95th percentile and
// maximum; it returns the median.
func timePresses(t *testing.T, m *Model, what string, n int) time.Duration {
	lat := make([]time.Duration, n)
	for i := range lat {
		start := time.Now()
		keypress(t, m, i)
		lat[i] = time.Since(start)
	}
	slices.Sort(lat)
	t.Logf("%s: keypress → next study drawn (Update: Decide committed + Next; View) over %d presses: median %v, p95 %v, max %v",
		what, n, lat[n/2], lat[n*95/100], lat[n-1])
	return lat[n/2]
}
