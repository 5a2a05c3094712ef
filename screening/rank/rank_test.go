package rank

import (
	"math"
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The ACE-inhibitor trial, in 2006.", []string{"ace", "inhibitor", "trial", "2006"}},
		{"Lillebø og Ræbild: Umeå", []string{"lillebø", "og", "ræbild", "umeå"}},
		{"a b c I x", nil},
		{"", nil},
		{"COVID-19 (SARS–CoV–2)", []string{"covid", "19", "sars", "cov"}},
	}
	for _, tt := range tests {
		if got := tokenize(nil, tt.in, stopwords); !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q)=%q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStopwordLists(t *testing.T) {
	const text = "We did find two systems: the system was found to show ACE inhibition"
	tests := []struct {
		stop Stopwords
		want []string
	}{
		{StopwordsShort, []string{"find", "two", "systems", "system", "found", "show", "ace", "inhibition"}},
		{StopwordsSklearn, []string{"did", "systems", "ace", "inhibition"}},
		{StopwordsNone, []string{"we", "did", "find", "two", "systems", "the", "system", "was", "found", "to", "show", "ace", "inhibition"}},
	}
	for _, tt := range tests {
		if got := tokenize(nil, text, tt.stop.set()); !slices.Equal(got, tt.want) {
			t.Errorf("tokenize(%q, %v)=%q, want %q", text, tt.stop, got, tt.want)
		}
	}
	if n := len(sklearnStopwords); n != 318 {
		t.Errorf("scikit-learn's list has %d words, want 318", n)
	}
}

func TestFeaturesSplitTitle(t *testing.T) {
	texts := []string{"Enalapril trial\nenalapril in heart failure", "Wetlands\nsoil of wetlands", "\nno title"}
	f := NewFeaturesWith(texts, FeatureOptions{MinDF: 1, SplitTitle: true})
	var terms []string
	for j := range f.Terms() {
		terms = append(terms, f.Term(j))
	}
	want := []string{"ti:enalapril", "ti:trial", "enalapril", "heart", "failure", "ti:wetlands", "soil", "wetlands", "title"}
	if !slices.Equal(terms, want) {
		t.Errorf("terms=%q, want %q", terms, want)
	}
	for i, want := range []float64{2, 2, 1} { // title and the rest each of unit length
		_, vals := f.row(i)
		var s float64
		for _, v := range vals {
			s += float64(v) * float64(v)
		}
		if math.Abs(s-want) > 1e-6 {
			t.Errorf("row %d: squared norm %.6f, want %.0f", i, s, want)
		}
	}
}

func TestFeatures(t *testing.T) {
	texts := []string{
		"heart failure trial of enalapril",
		"enalapril in heart failure",
		"soil restoration in wetlands",
		"wetlands restoration",
		"",
	}
	f := NewFeaturesWith(texts, FeatureOptions{Bigrams: true, Sublinear: true, MinDF: 2})
	var terms []string
	for j := range f.Terms() {
		terms = append(terms, f.Term(j))
	}
	want := []string{"heart", "heart failure", "failure", "enalapril", "restoration", "wetlands"}
	if !slices.Equal(terms, want) {
		t.Errorf("terms=%q, want %q (df ≥ 2, order of first use)", terms, want)
	}
	for i := range f.Len() {
		_, vals := f.row(i)
		var s float64
		for _, v := range vals {
			s += float64(v) * float64(v)
		}
		want := 1.0
		if texts[i] == "" {
			want = 0
		}
		if math.Abs(s-want) > 1e-6 {
			t.Errorf("row %d: squared norm %.6f, want %.0f", i, s, want)
		}
	}
	if got := NewFeatures(texts).Terms(); got != 7 {
		t.Errorf("NewFeatures: %d terms, want the 7 distinct non-stopwords", got)
	}
}

func TestMeasure(t *testing.T) {
	// 20 records, 4 inclusions found at positions 1, 2, 5 and 20.
	order := make([]bool, 20)
	for _, p := range []int{1, 2, 5, 20} {
		order[p-1] = true
	}
	m := Measure(order)
	want := Metrics{Records: 20, Included: 4, ScreenedTo95: 20, ScreenedTo100: 20,
		WSS95: 100 * (0.0/20 - 0.05), WSS100: 0, RRF10: 50}
	if m != want {
		t.Errorf("Measure()=%+v, want %+v", m, want)
	}
	// ASReview's WSS: the 2 prior records (both inclusions) left out, the
	// other 2 inclusions are all found only at the last record: 100 % − 100 %.
	if got := asreviewWSS(order, 2, 0.95); math.Abs(got) > 1e-9 {
		t.Errorf("asreviewWSS(prior 2)=%.3f, want 0", got)
	}
	// 100 records, 20 inclusions first: 95 % (19) found after 19.
	order = make([]bool, 100)
	for i := range 20 {
		order[i] = true
	}
	m = Measure(order)
	if m.ScreenedTo95 != 19 || math.Abs(m.WSS95-76) > 1e-9 || math.Abs(m.WSS100-80) > 1e-9 || m.RRF10 != 50 {
		t.Errorf("Measure(perfect)=%+v, want screened 19, WSS95 76, WSS100 80, RRF10 50", m)
	}
	// Without prior: 19 of 20 after 19 of 100: 95 − 19; with 2 prior
	// inclusions: 18 left, 95 % needs 18 (100 %) after 18 of 98.
	for _, tt := range []struct {
		prior int
		want  float64
	}{{0, 76}, {2, 100 * (1 - 18.0/98)}} {
		if got := asreviewWSS(order, tt.prior, 0.95); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("asreviewWSS(perfect, prior %d)=%.3f, want %.3f", tt.prior, got, tt.want)
		}
	}
}

// toy is a small set where inclusions share a topic.
func toy() ([]string, []bool) {
	var texts []string
	var inc []bool
	for i := range 40 {
		switch {
		case i%8 == 0:
			texts = append(texts, "randomised trial of enalapril in heart failure patients")
			inc = append(inc, true)
		case i%2 == 0:
			texts = append(texts, "soil carbon restoration of wetlands and peat")
			inc = append(inc, false)
		default:
			texts = append(texts, "survey of teachers in primary schools and heart of learning")
			inc = append(inc, false)
		}
	}
	return texts, inc
}

func TestModelsRankInclusionsFirst(t *testing.T) {
	texts, inc := toy()
	f := NewFeatures(texts)
	for _, model := range Models {
		t.Run(model, func(t *testing.T) {
			m, err := Train(f, map[int]bool{0: true, 1: false, 2: false}, Options{Model: model, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			order := m.Order()
			if len(order) != len(texts)-3 {
				t.Fatalf("Order() has %d rows, want %d unlabelled", len(order), len(texts)-3)
			}
			for k, d := range order[:4] {
				if !inc[d] {
					t.Errorf("Order()[%d]=%d (%q), want an inclusion in the first 4", k, d, texts[d])
				}
			}
			again, _ := Train(f, map[int]bool{2: false, 1: false, 0: true}, Options{Model: model, Seed: 7})
			if !slices.Equal(again.Scores(), m.Scores()) {
				t.Errorf("same labels and seed gave different scores")
			}
		})
	}
}

func TestModelNotReady(t *testing.T) {
	texts, _ := toy()
	m, err := Train(NewFeatures(texts), map[int]bool{3: true}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Ready() {
		t.Error("Ready()=true with one label")
	}
	if order := m.Order(); order[0] != 0 || order[1] != 1 || order[3] != 4 {
		t.Errorf("Order()=%v…, want file order without row 3", order[:4])
	}
	if _, err := New(NewFeatures(texts), Options{Model: "forest"}); err == nil {
		t.Error("New(model forest) gave no error")
	}
	if err := m.Add(99, true); err == nil {
		t.Error("Add(99) out of range gave no error")
	}
}

func TestRelabel(t *testing.T) {
	texts, _ := toy()
	f := NewFeatures(texts)
	a, _ := Train(f, map[int]bool{0: true, 1: false}, Options{})
	b, _ := Train(f, map[int]bool{0: true, 1: true}, Options{})
	if err := b.Add(1, false); err != nil {
		t.Fatal(err)
	}
	if inc, exc := b.Labelled(); inc != 1 || exc != 1 {
		t.Errorf("Labelled()=%d,%d after relabel, want 1,1", inc, exc)
	}
	sa, sb := a.Scores(), b.Scores()
	for i := range sa {
		if math.Abs(sa[i]-sb[i]) > 1e-9 {
			t.Fatalf("score %d after relabel %.12f, want %.12f", i, sb[i], sa[i])
		}
	}
}

func TestStopping(t *testing.T) {
	dec := []bool{true, false, true, false, false, false}
	if got := IrrelevantRun(dec); got != 3 {
		t.Errorf("IrrelevantRun()=%d, want 3", got)
	}
	if got := IrrelevantRun([]bool{false, true}); got != 0 {
		t.Errorf("IrrelevantRun(ends included)=%d, want 0", got)
	}
	// 10 found, then 200 exclusions, 1000 unscreened: rate 0.5/51 over the
	// last 50, about 9.8 left: recall ≈ 50 %.
	dec = make([]bool, 210)
	for i := range 10 {
		dec[i] = true
	}
	e := EstimateRecall(dec, 1000)
	if e.Found != 10 || e.Window != 50 || e.Recall >= 1 || math.Abs(e.Remaining-1000*0.5/51) > 1e-9 {
		t.Errorf("EstimateRecall()=%+v", e)
	}
	if e.Label != "estimated recall ≈ 50% (heuristic, not a guarantee)" {
		t.Errorf("Label=%q", e.Label)
	}
	// Never 100 % while records are left, however long the run.
	dec = append(make([]bool, 5000), true)
	slices.Reverse(dec)
	if e := EstimateRecall(dec, 1); e.Recall >= 1 || e.Label == "" {
		t.Errorf("EstimateRecall(long run, 1 left)=%+v, want recall below 1", e)
	}
}

func TestFeatureOptions(t *testing.T) {
	texts := []string{"enalapril trial", "captopril trial", "ramipril in heart failure", "heart failure"}
	tests := []struct {
		opt  FeatureOptions
		want []string
	}{
		{FeatureOptions{MinDF: 2}, []string{"trial", "heart", "failure"}},
		{FeatureOptions{MinDF: 2, Bigrams: true}, []string{"trial", "heart", "heart failure", "failure"}},
		{FeatureOptions{MinDF: 2, Suffix: 4}, []string{"~pril", "trial", "heart", "failure", "~lure"}},
		{FeatureOptions{MinDF: 3, Suffix: 4}, []string{"~pril"}},
	}
	for _, tt := range tests {
		f := NewFeaturesWith(texts, tt.opt)
		var got []string
		for j := range f.Terms() {
			got = append(got, f.Term(j))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("NewFeaturesWith(%+v) terms %q, want %q", tt.opt, got, tt.want)
		}
	}
}
