package rank

import (
	"math"
	"slices"
)

// Metrics measure one screening order against known labels, the way
// ASReview's simulation studies report them. Prior records count as
// screened. Percentages are 0–100.
type Metrics struct {
	Records       int     `json:"records"`
	Included      int     `json:"included"`
	WSS95         float64 `json:"wss95"`          // work saved over sampling at 95 % recall
	WSS100        float64 `json:"wss100"`         // … at 100 % recall
	RRF10         float64 `json:"rrf10"`          // % of inclusions found after screening 10 % of records
	ScreenedTo95  int     `json:"screened_to_95"` // records screened to find 95 % of inclusions
	ScreenedTo100 int     `json:"screened_to_100"`
	// ASReviewWSS95 is WSS@95 as ASReview 0.x computed it for the
	// published figures: prior records left out of both counts, and
	// recall − share screened at the first point recall ≥ 95 % (so it
	// credits overshooting 95 %). Set by Simulate.
	ASReviewWSS95 float64 `json:"asreview_wss95"`
}

// Measure computes the metrics of a screening order given as the label of
// each record in the order screened (true: included). WSS@r is
// (TN+FN)/N − (1 − r), that is (N − screened)/N − (1 − r), at the first
// point where at least ⌈r·I⌉ of the I inclusions have been found; RRF@10
// is the share of inclusions among the first ⌈N/10⌉ records screened.
// With no inclusions every figure is 0.
func Measure(screened []bool) Metrics {
	m := Metrics{Records: len(screened)}
	for _, inc := range screened {
		if inc {
			m.Included++
		}
	}
	if m.Included == 0 {
		return m
	}
	m.ScreenedTo95 = screenedTo(screened, 0.95)
	m.ScreenedTo100 = screenedTo(screened, 1)
	n := float64(m.Records)
	m.WSS95 = 100 * ((n-float64(m.ScreenedTo95))/n - 0.05)
	m.WSS100 = 100 * (n - float64(m.ScreenedTo100)) / n
	tenth := int(math.Ceil(n / 10))
	found := 0
	for _, inc := range screened[:tenth] {
		if inc {
			found++
		}
	}
	m.RRF10 = 100 * float64(found) / float64(m.Included)
	return m
}

// screenedTo returns how many records were screened when ⌈r·I⌉ inclusions
// had been found.
func screenedTo(screened []bool, r float64) int {
	total := 0
	for _, inc := range screened {
		if inc {
			total++
		}
	}
	need := int(math.Ceil(r*float64(total) - 1e-9))
	found := 0
	for i, inc := range screened {
		if inc {
			found++
		}
		if found >= need {
			return i + 1
		}
	}
	return len(screened)
}

// Recall returns the recall curve of a screening order: element k is the
// share of inclusions found after screening k records (element 0 is 0).
func Recall(screened []bool) []float64 {
	total := 0
	for _, inc := range screened {
		if inc {
			total++
		}
	}
	curve := make([]float64, len(screened)+1)
	found := 0
	for i, inc := range screened {
		if inc {
			found++
		}
		if total > 0 {
			curve[i+1] = float64(found) / float64(total)
		}
	}
	return curve
}

// Median returns the median of xs (the mean of the two middle values for
// an even count), or 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	h := len(s) / 2
	if len(s)%2 == 1 {
		return s[h]
	}
	return (s[h-1] + s[h]) / 2
}

// asreviewWSS is ASReview 0.x's WSS@r in percent: with the first nPrior
// records left out, recall − share screened at the first point where
// recall ≥ r.
func asreviewWSS(screened []bool, nPrior int, r float64) float64 {
	rest := screened[min(nPrior, len(screened)):]
	total := 0
	for _, inc := range rest {
		if inc {
			total++
		}
	}
	if total == 0 {
		return 0
	}
	found := 0
	for i, inc := range rest {
		if inc {
			found++
		}
		recall := float64(found) / float64(total)
		if recall >= r-1e-8 {
			return 100 * (recall - float64(i+1)/float64(len(rest)))
		}
	}
	return 0
}
