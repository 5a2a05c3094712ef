package rank

import "math"

// fastLog is the natural logarithm for positive normal x, to about 1e-12
// relative error, several times faster than math.Log (naive Bayes takes
// one per vocabulary term per retrain). Other inputs go to math.Log.
func fastLog(x float64) float64 {
	bits := math.Float64bits(x)
	exp := int(bits>>52&0x7ff) - 1023
	if x <= 0 || exp == -1023 || exp == 1024 {
		return math.Log(x)
	}
	m := math.Float64frombits(bits&(1<<52-1) | 1023<<52) // [1, 2)
	if m > math.Sqrt2 {
		m /= 2
		exp++
	}
	s := (m - 1) / (m + 1) // |s| ≤ 0.172
	s2 := s * s
	p := 1 + s2*(1.0/3+s2*(1.0/5+s2*(1.0/7+s2*(1.0/9+s2*(1.0/11+s2*(1.0/13))))))
	return 2*s*p + float64(exp)*math.Ln2
}
