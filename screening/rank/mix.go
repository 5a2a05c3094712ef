package rank

import "math"

// Weights of the parts of ModelMix, each part's score first divided by its
// spread over the unlabelled rows. Chosen on the ACE, Virus and Wilson
// sets (see doc.go), so measured there they flatter the mixture a little.
const (
	mixSVM      = 1.0
	mixCentroid = 0.5
	// mixBackground is what the unlabelled rows weigh, in labelled
	// exclusions, as weak exclusions of the naive Bayes part.
	mixBackground = 20.0
)

// mix is the default model: the sum of naive Bayes, a linear SVM and the
// mean of the included rows (the centroid: cosine-like similarity to what
// was included so far), each score scaled to unit standard deviation over
// the unlabelled rows. Naive Bayes ranks by the words that set
// inclusions apart (the unlabelled rows counting as mixBackground weak
// exclusions, see nb.fitBackground), the SVM by a margin learnt from the
// exclusions as well, the centroid by likeness to the inclusions as a
// whole; together they rank better than any one of them on every
// labelled set we have.
// The sum of linear scores is one linear score, so scoring costs no more.
type mix struct {
	wSVM, wCent float64 // weights of the SVM and the centroid
	nb          *nb
	svm         *linear
	w           []float64
	c           []float64
}

func newMix(f *Features, seed uint64) *mix {
	n := newNB(f)
	n.bg = mixBackground
	return &mix{wSVM: mixSVM, wCent: mixCentroid, nb: n, svm: newLinear(f, lossHinge, seed), w: make([]float64, f.Terms()), c: make([]float64, f.Terms())}
}

func (x *mix) add(f *Features, doc int, included bool, sign float64) {
	x.nb.add(f, doc, included, sign)
	x.svm.add(f, doc, included, sign)
}

func (x *mix) fit(m *Model) ([]float64, float64, float64) {
	w1, s1, _ := x.nb.fit(m) // naive Bayes's and the SVM's biases move every row alike
	w2, s2, _ := x.svm.fit(m)
	inv := 1 / float64(m.nPos)
	for j, s := range x.nb.sum[1] {
		x.c[j] = s * inv
	}
	k1 := s1 / spread(m, w1, s1)
	k2 := x.wSVM * s2 / spread(m, w2, s2)
	k3 := x.wCent / spread(m, x.c, 1)
	for j := range x.w {
		x.w[j] = k1*w1[j] + k2*w2[j] + k3*x.c[j]
	}
	return x.w, 1, 0
}

// spread is the standard deviation of scale·(x·w) over up to about 1 000
// unlabelled rows taken at even steps, or 1 when it is 0 or undefined.
func spread(m *Model, w []float64, scale float64) float64 {
	var sum, sq float64
	n := 0
	step := max(1, len(m.unl)/1000)
	for i := 0; i < len(m.unl); i += step {
		v := scale * m.f.dot(m.unl[i], w)
		sum += v
		sq += v * v
		n++
	}
	if n < 2 {
		return 1
	}
	mean := sum / float64(n)
	v := sq/float64(n) - mean*mean
	if !(v > 1e-300) {
		return 1
	}
	return math.Sqrt(v)
}

func (x *mix) params() map[string]any {
	return map[string]any{"parts": "nb+svm+centroid", "alpha": x.nb.alpha, "background_rows": x.nb.bg, "svm_lambda": x.svm.lambda,
		"weight_svm": x.wSVM, "weight_centroid": x.wCent, "balance": "double"}
}
