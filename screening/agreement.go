package screening

import "math"

// Table is a k×k agreement table of counts: Table[i][j] is the number of
// items rater A put in category i and rater B in category j. The functions
// on it are pure so coding reuses them for per-code agreement.
type Table [][]float64

// Total returns the number of items in the table.
func (t Table) Total() float64 {
	var n float64
	for _, row := range t {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// margins returns the row and column proportions and the proportions table.
func (t Table) proportions() (p [][]float64, rows, cols []float64) {
	n := t.Total()
	k := len(t)
	p = make([][]float64, k)
	rows, cols = make([]float64, k), make([]float64, k)
	for i := range t {
		p[i] = make([]float64, k)
		for j := range t[i] {
			p[i][j] = t[i][j] / n
			rows[i] += p[i][j]
			cols[j] += p[i][j]
		}
	}
	return p, rows, cols
}

// PercentAgreement returns the observed agreement pₒ as a proportion (NaN
// for an empty table).
func (t Table) PercentAgreement() float64 {
	n := t.Total()
	if n == 0 {
		return math.NaN()
	}
	var d float64
	for i := range t {
		d += t[i][i]
	}
	return d / n
}

// Kappa returns Cohen's kappa κ = (pₒ − pₑ)/(1 − pₑ) (Cohen 1960) with pₑ
// from the two raters' own margins. It is NaN when pₑ = 1 (both raters put
// everything in one category) or the table is empty.
func (t Table) Kappa() float64 {
	po, pe := t.PercentAgreement(), t.chance()
	if math.IsNaN(po) || pe >= 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}

func (t Table) chance() float64 {
	if t.Total() == 0 {
		return math.NaN()
	}
	_, rows, cols := t.proportions()
	var pe float64
	for i := range rows {
		pe += rows[i] * cols[i]
	}
	return pe
}

// KappaSE returns the large-sample standard error of kappa (not under the
// null) of Fleiss, Cohen & Everitt (1969, Psychological Bulletin 72:323),
// the ASE that SAS PROC FREQ and Stata report:
//
//	var = [Σᵢ pᵢᵢ(1 − (pᵢ. + p.ᵢ)(1 − κ))² + (1 − κ)² Σᵢ≠ⱼ pᵢⱼ(p.ᵢ + pⱼ.)² − (κ − pₑ(1 − κ))²] / (n(1 − pₑ)²)
func (t Table) KappaSE() float64 {
	n, k := t.Total(), t.Kappa()
	if math.IsNaN(k) {
		return math.NaN()
	}
	p, rows, cols := t.proportions()
	pe := t.chance()
	var a, b float64
	for i := range p {
		a += p[i][i] * sq(1-(rows[i]+cols[i])*(1-k))
		for j := range p[i] {
			if i != j {
				b += p[i][j] * sq(cols[i]+rows[j])
			}
		}
	}
	v := (a + sq(1-k)*b - sq(k-pe*(1-k))) / (n * sq(1-pe))
	if v < 0 {
		v = 0
	}
	return math.Sqrt(v)
}

// KappaCI returns the 95 % confidence interval κ ± 1.96·SE (SE from
// KappaSE), clipped to [−1, 1].
func (t Table) KappaCI() (lo, hi float64) {
	k, se := t.Kappa(), t.KappaSE()
	if math.IsNaN(k) || math.IsNaN(se) {
		return math.NaN(), math.NaN()
	}
	return math.Max(-1, k-1.959964*se), math.Min(1, k+1.959964*se)
}

// PABAK returns the prevalence- and bias-adjusted kappa of Byrt, Bishop &
// Carlin (1993, J Clin Epidemiol 46:423): (q·pₒ − 1)/(q − 1) for q
// categories, 2pₒ − 1 for two.
func (t Table) PABAK() float64 {
	q := float64(len(t))
	if q < 2 {
		return math.NaN()
	}
	return (q*t.PercentAgreement() - 1) / (q - 1)
}

// AC1 returns Gwet's first-order agreement coefficient (Gwet 2008, Br J
// Math Stat Psychol 61:29): (pₒ − pₑ)/(1 − pₑ) with
// pₑ = Σₖ πₖ(1 − πₖ)/(q − 1), πₖ the mean of the two raters' shares of
// category k.
func (t Table) AC1() float64 {
	po := t.PercentAgreement()
	q := float64(len(t))
	if math.IsNaN(po) || q < 2 {
		return math.NaN()
	}
	_, rows, cols := t.proportions()
	var pe float64
	for i := range rows {
		pi := (rows[i] + cols[i]) / 2
		pe += pi * (1 - pi)
	}
	pe /= q - 1
	if pe >= 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}

// LandisKoch returns the Landis & Koch (1977, Biometrics 33:159) label of
// a kappa: poor, slight, fair, moderate, substantial, almost perfect ("" for
// NaN).
func LandisKoch(k float64) string {
	switch {
	case math.IsNaN(k):
		return ""
	case k < 0:
		return "poor"
	case k <= 0.20:
		return "slight"
	case k <= 0.40:
		return "fair"
	case k <= 0.60:
		return "moderate"
	case k <= 0.80:
		return "substantial"
	}
	return "almost perfect"
}

func sq(x float64) float64 { return x * x }
