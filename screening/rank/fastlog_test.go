package rank

import (
	"math"
	"testing"
)

func TestFastLog(t *testing.T) {
	for _, x := range []float64{1e-300, 1e-10, 0.01, 0.3, 0.7071, 1, 1.4142, 1.5, 2, 3.822, 10, 1e6, 1e300, 0, -1, math.Inf(1)} {
		got, want := fastLog(x), math.Log(x)
		if math.IsNaN(want) || math.IsInf(want, 0) {
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("fastLog(%g)=%g, want %g", x, got, want)
			}
			continue
		}
		if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("fastLog(%g)=%.17g, want %.17g", x, got, want)
		}
	}
}
