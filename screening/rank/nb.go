package rank

import (
	"math"
	"math/rand/v2"
	"slices"
)

// NBAlpha is the additive smoothing of naive Bayes: ASReview's default
// (tuned for TF-IDF inputs).
var NBAlpha = 3.822

// nb is multinomial naive Bayes over TF-IDF weights with double-balanced
// class weights. It keeps the summed rows of each class, so a new label
// costs the length of one row and a fit one pass over the vocabulary.
type nb struct {
	alpha   float64       // additive smoothing
	bal     balanceParams // double balance
	sampled bool          // draw the balanced training set at random, as ASReview does
	sum     [2][]float64  // per class: summed feature values
	tot     [2]float64    // per class: sum of sum
	w       []float64
	docs    [2][]int
	tmp     [2][]float64
	rng     *rand.Rand
	// bg, when above 0, makes the unlabelled rows weak exclusions worth
	// bg labelled rows in all (see fitBackground).
	bg float64
}

func newNB(f *Features) *nb {
	v := f.Terms()
	return &nb{alpha: NBAlpha, bal: doubleDefault, sum: [2][]float64{make([]float64, v), make([]float64, v)}, w: make([]float64, v)}
}

// pairsBalance and pairsAlpha are ModelPairs's settings: Ferdinands et
// al.'s hyperopt-tuned naive Bayes for the Wilson set (see
// TestFerdinandsReplay). The balance gives the inclusions nearly the whole
// training set, so with alpha this small a row scores by how much of the
// inclusions' vocabulary, word pairs above all, it holds.
var (
	pairsBalance = balanceParams{1.155488046407053, 1.8497333161837746, 0.222013921717905, 1}
	pairsAlpha   = 0.030566525875036474
)

func newPairsNB(f *Features) *nb {
	n := newNB(f)
	n.alpha, n.bal = pairsAlpha, pairsBalance
	return n
}

// newSampledNB is naive Bayes that draws its balanced training set at
// random with seed before every fit, as ASReview does.
func newSampledNB(f *Features, seed uint64) *nb {
	n := newNB(f)
	v := f.Terms()
	n.sampled = true
	n.tmp = [2][]float64{make([]float64, v), make([]float64, v)}
	n.rng = rand.New(rand.NewPCG(seed, 0x6e62))
	return n
}

func (n *nb) add(f *Features, doc int, included bool, sign float64) {
	c := 0
	if included {
		c = 1
	}
	if sign > 0 {
		n.docs[c] = append(n.docs[c], doc)
	} else if i := slices.Index(n.docs[c], doc); i >= 0 {
		n.docs[c] = slices.Delete(n.docs[c], i, i+1)
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
	if n.sampled {
		return n.fitSampled(m)
	}
	wPos, wNeg := balanceWith(n.bal, m.nPos, m.nNeg)
	if n.bg > 0 {
		return n.fitBackground(m, wPos, wNeg)
	}
	a := n.alpha
	v := float64(len(n.w))
	c := math.Log(wNeg*n.tot[0]+a*v) - math.Log(wPos*n.tot[1]+a*v)
	s1, s0 := n.sum[1], n.sum[0]
	for j := range n.w {
		switch {
		case m.open[j] == 0:
			// No unlabelled row holds the term: its weight is never used.
		case s1[j] == 0 && s0[j] == 0:
			n.w[j] = c
		default:
			n.w[j] = fastLog((wPos*s1[j]+a)/(wNeg*s0[j]+a)) + c
		}
	}
	return n.w, 1, 0
}

// fitBackground is fit with the unlabelled rows as weak exclusions, as
// positive-unlabelled learning does (Cormack and Grossman's BMI treats
// unlabelled records as not relevant): the exclusions' summed values
// become wNeg·S0j + λ·Uj, where Uj sums term j over the unlabelled rows
// and λ = bg / (unlabelled rows), so the unlabelled rows weigh as much as
// bg labelled ones. Early on, with one real exclusion, that makes the
// score nearer log P(w|included) / P(w|background), since nearly every
// unlabelled record is irrelevant; as exclusions accumulate, the real
// ones outweigh it.
func (n *nb) fitBackground(m *Model, wPos, wNeg float64) ([]float64, float64, float64) {
	lam := n.bg / float64(max(1, len(m.unl)))
	a := n.alpha
	v := float64(len(n.w))
	s1, s0 := n.sum[1], n.sum[0]
	t0 := wNeg*n.tot[0] + lam*(m.f.sum-n.tot[0]-n.tot[1])
	c := math.Log(t0+a*v) - math.Log(wPos*n.tot[1]+a*v)
	for j := range n.w {
		if m.open[j] == 0 {
			continue // no unlabelled row holds the term: its weight is never used
		}
		u := m.f.colSum[j] - s1[j] - s0[j]
		n.w[j] = fastLog((wPos*s1[j]+a)/(wNeg*s0[j]+lam*u+a)) + c
	}
	return n.w, 1, 0
}

func (n *nb) params() map[string]any {
	p := map[string]any{"alpha": n.alpha, "balance": "double"}
	if n.bal != doubleDefault {
		p["balance_params"] = []float64{n.bal.a, n.bal.alpha, n.bal.b, n.bal.beta}
	}
	if n.bg > 0 {
		p["background_rows"] = n.bg
	}
	if n.sampled {
		p["balance"] = "double, sampled"
	}
	return p
}

func (n *nb) fitSampled(m *Model) ([]float64, float64, float64) {
	n1, n0 := len(n.docs[1]), len(n.docs[0])
	wPos, _ := balanceWith(n.bal, n1, n0)
	oneF := wPos * float64(n1)
	one := int(oneF)
	if n.rng.Float64() < oneF-float64(one) {
		one++
	}
	tot := n1 + n0
	one = max(1, min(tot-2, one))
	if tot < 3 {
		one = n1
	}
	zero := tot - one
	var tt [2]float64
	for c, k := range [2]int{zero, one} {
		t := n.tmp[c]
		clear(t)
		docs := n.docs[c]
		copies := k / len(docs)
		if copies > 0 {
			for j := range t {
				t[j] = float64(copies) * n.sum[c][j]
			}
			tt[c] = float64(copies) * n.tot[c]
		}
		for _, i := range n.rng.Perm(len(docs))[:k-copies*len(docs)] {
			cols, vals := m.f.row(docs[i])
			for q, j := range cols {
				t[j] += float64(vals[q])
				tt[c] += float64(vals[q])
			}
		}
	}
	v := float64(len(n.w))
	a := n.alpha
	cst := math.Log(tt[0]+a*v) - math.Log(tt[1]+a*v)
	for j := range n.w {
		if m.open[j] == 0 {
			continue
		}
		n.w[j] = fastLog((n.tmp[1][j]+a)/(n.tmp[0][j]+a)) + cst
	}
	return n.w, 1, 0
}
