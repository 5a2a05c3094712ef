package rank

import (
	"math"
	"math/rand/v2"
	"slices"
)

const (
	lossLogistic = iota
	lossHinge
)

// Linear model settings: L2 strength (per loss, chosen on the ACE set)
// and SGD steps per refit.
const (
	lambdaLogistic = 1e-4
	lambdaHinge    = 1e-2
	linearMinSteps = 300
	linearMaxSteps = 1500
)

// linear is a linear classifier (logistic or hinge loss, L2 penalty)
// trained by stochastic gradient descent. Each refit warm-starts from the
// previous weights and takes a bounded number of steps, sampling
// inclusions and exclusions in the proportions of the double balance
// strategy, so retraining costs the same however many labels there are.
// The weights are kept as scale·v so the L2 shrinkage costs O(1) a step.
type linear struct {
	loss   int
	lambda float64
	v      []float64
	scale  float64
	bias   float64
	rng    *rand.Rand
	docs   [2][]int // labelled rows per class, in the order labelled
	warm   bool     // fitted before
}

func newLinear(f *Features, loss int, seed uint64) *linear {
	lambda := lambdaLogistic
	if loss == lossHinge {
		lambda = lambdaHinge
	}
	return &linear{loss: loss, lambda: lambda, v: make([]float64, f.Terms()), scale: 1,
		rng: rand.New(rand.NewPCG(seed, 0x6f766572))}
}

func (l *linear) add(_ *Features, doc int, included bool, sign float64) {
	c := 0
	if included {
		c = 1
	}
	if sign > 0 {
		l.docs[c] = append(l.docs[c], doc)
		return
	}
	if i := slices.Index(l.docs[c], doc); i >= 0 {
		l.docs[c] = slices.Delete(l.docs[c], i, i+1)
	}
}

func (l *linear) fit(m *Model) ([]float64, float64, float64) {
	n1, n0 := len(l.docs[1]), len(l.docs[0])
	wPos, wNeg := balance(n1, n0)
	pPos := wPos * float64(n1) / (wPos*float64(n1) + wNeg*float64(n0))
	steps := min(linearMaxSteps, max(linearMinSteps, 2*(n1+n0)))
	if !l.warm {
		steps *= 10 // a cold start (Train on many labels at once) needs more
		l.warm = true
	}
	t0 := 1 / (l.lambda * 10) // first step size 10 (rows have unit length)
	for t := range steps {
		c, y := 0, -1.0
		if l.rng.Float64() < pPos {
			c, y = 1, 1
		}
		doc := l.docs[c][l.rng.IntN(len(l.docs[c]))]
		z := l.scale*m.f.dot(doc, l.v) + l.bias
		var g float64 // minus the loss's derivative in z, times y
		switch l.loss {
		case lossLogistic:
			g = y / (1 + math.Exp(y*z))
		default:
			if y*z < 1 {
				g = y
			}
		}
		eta := 1 / (l.lambda * (t0 + float64(t)))
		l.scale *= 1 - eta*l.lambda
		if g != 0 {
			cols, vals := m.f.row(doc)
			step := eta * g / l.scale
			for k, j := range cols {
				l.v[j] += step * float64(vals[k])
			}
			l.bias += 0.01 * eta * g
		}
		if l.scale < 1e-9 {
			for j := range l.v {
				l.v[j] *= l.scale
			}
			l.scale = 1
		}
	}
	return l.v, l.scale, l.bias
}

func (l *linear) params() map[string]any {
	loss := "logistic"
	if l.loss == lossHinge {
		loss = "hinge"
	}
	return map[string]any{"loss": loss, "lambda": l.lambda, "balance": "double",
		"steps": [2]int{linearMinSteps, linearMaxSteps}, "optimizer": "sgd-warm-start"}
}
