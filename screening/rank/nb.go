package rank

import "math"

// NBAlpha is the additive smoothing of naive Bayes: ASReview's default
// (tuned for TF-IDF inputs).
var NBAlpha = 3.822

var devNoBalance bool

// nb is multinomial naive Bayes over TF-IDF weights with double-balanced
// class weights. It keeps the summed rows of each class, so a new label
// costs the length of one row and a fit one pass over the vocabulary.
type nb struct {
	sum  [2][]float64 // per class: summed feature values
	tot  [2]float64   // per class: sum of sum
	w    []float64
	logs []float64 // scratch
}

func newNB(f *Features) *nb {
	v := f.Terms()
	return &nb{sum: [2][]float64{make([]float64, v), make([]float64, v)}, w: make([]float64, v)}
}

func (n *nb) add(f *Features, doc int, included bool, sign float64) {
	c := 0
	if included {
		c = 1
	}
	cols, vals := f.row(doc)
	for k, j := range cols {
		v := sign * float64(vals[k])
		n.sum[c][j] += v
		n.tot[c] += v
	}
}

// fit sets w_j = log θ1j − log θ0j with θcj = (wc·Scj + α)/(wc·Tc + αV);
// the class prior is the same for every row, so it is left out. Only the
// weights of terms some unlabelled row holds are brought up to date.
func (n *nb) fit(m *Model) ([]float64, float64, float64) {
	wPos, wNeg := balance(m.nPos, m.nNeg)
	if devNoBalance {
		wPos, wNeg = 1, 1
	}
	v := float64(len(n.w))
	c := math.Log(wNeg*n.tot[0]+NBAlpha*v) - math.Log(wPos*n.tot[1]+NBAlpha*v)
	s1, s0 := n.sum[1], n.sum[0]
	for j := range n.w {
		switch {
		case m.open[j] == 0:
			// No unlabelled row holds the term: its weight is never used.
		case s1[j] == 0 && s0[j] == 0:
			n.w[j] = c
		default:
			n.w[j] = fastLog((wPos*s1[j]+NBAlpha)/(wNeg*s0[j]+NBAlpha)) + c
		}
	}
	return n.w, 1, 0
}

func (n *nb) params() map[string]any {
	return map[string]any{"alpha": NBAlpha, "balance": "double", "features": "tfidf-1-2gram-sublinear"}
}
