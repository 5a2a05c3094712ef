package screening

import (
	"math"
	"testing"
)

// Worked examples with published figures. Values are compared to three
// decimals.
//
//   - Feinstein & Cicchetti (1990), "High agreement but low kappa: I. The
//     problems of two paradoxes", J Clin Epidemiol 43:543–549: two 2×2
//     tables with the same pₒ = 0.85 give κ = 0.70 (40, 9 / 6, 45) and
//     κ = 0.32 (80, 10 / 5, 5). Byrt, Bishop & Carlin (1993), J Clin
//     Epidemiol 46:423–429, use these tables to introduce PABAK = 2pₒ − 1 =
//     0.70 for both; Sim & Wright (2005), Phys Ther 85:257–268, discuss the
//     same prevalence effect.
//   - Fleiss, Levin & Paik (2003), Statistical Methods for Rates and
//     Proportions, 3rd ed., §18.1: two psychiatrists, 100 patients, three
//     diagnoses (75, 1, 4 / 5, 4, 1 / 0, 0, 10): κ = 0.676. Its
//     Fleiss–Cohen–Everitt large-sample SE is 0.088 and the 95 % CI
//     0.504 to 0.848 when, as in print, the CI is built from the SE rounded
//     to 0.088; unrounded it is 0.505 to 0.848, so the CI is compared to
//     0.001.
//   - Gwet (2008), Br J Math Stat Psychol 61:29–48, on the kappa paradox:
//     118, 5 / 2, 0 (125 subjects, pₒ = 0.944) gives κ = −0.023 while AC1 =
//     0.941. The AC1 values of the other tables follow Gwet's definition
//     and were checked by hand (pₑ = 2π(1 − π)).
func TestAgreementPublishedExamples(t *testing.T) {
	cases := []struct {
		name                  string
		table                 Table
		po, kappa, se, lo, hi float64
		pabak, ac1            float64
		label                 string
		checkSE               bool
	}{
		{name: "Feinstein-Cicchetti balanced", table: Table{{40, 9}, {6, 45}}, po: 0.85, kappa: 0.700, pabak: 0.700, ac1: 0.701, label: "substantial"},
		{name: "Feinstein-Cicchetti skewed", table: Table{{80, 10}, {5, 5}}, po: 0.85, kappa: 0.318, pabak: 0.700, ac1: 0.808, label: "fair"},
		{name: "Fleiss-Levin-Paik 18.1", table: Table{{75, 1, 4}, {5, 4, 1}, {0, 0, 10}}, po: 0.89, kappa: 0.676, se: 0.088, lo: 0.504, hi: 0.848,
			pabak: 0.835, ac1: 0.868, label: "substantial", checkSE: true},
		{name: "Gwet paradox", table: Table{{118, 5}, {2, 0}}, po: 0.944, kappa: -0.023, pabak: 0.888, ac1: 0.941, label: "poor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check := func(what string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 0.0005 {
					t.Errorf("%s() = %.4f, want %.3f", what, got, want)
				}
			}
			check("PercentAgreement", c.table.PercentAgreement(), c.po)
			check("Kappa", c.table.Kappa(), c.kappa)
			check("PABAK", c.table.PABAK(), c.pabak)
			check("AC1", c.table.AC1(), c.ac1)
			if c.checkSE {
				check("KappaSE", c.table.KappaSE(), c.se)
				lo, hi := c.table.KappaCI()
				if math.Abs(lo-c.lo) > 0.001 || math.Abs(hi-c.hi) > 0.001 {
					t.Errorf("KappaCI() = [%.4f, %.4f], want [%.3f, %.3f]", lo, hi, c.lo, c.hi)
				}
			}
			if got := LandisKoch(c.table.Kappa()); got != c.label {
				t.Errorf("LandisKoch(%.3f) = %q, want %q", c.table.Kappa(), got, c.label)
			}
		})
	}
}

// TestKappaSEMatchesFormula checks the Fleiss–Cohen–Everitt SE against the
// closed form for a 2×2 table written out by hand, on the balanced
// Feinstein–Cicchetti table.
func TestKappaSEMatchesFormula(t *testing.T) {
	tb := Table{{40, 9}, {6, 45}}
	n := 100.0
	p11, p12, p21, p22 := 0.40, 0.09, 0.06, 0.45
	r1, r2, c1, c2 := p11+p12, p21+p22, p11+p21, p12+p22
	pe := r1*c1 + r2*c2
	k := (p11 + p22 - pe) / (1 - pe)
	a := p11*sq(1-(r1+c1)*(1-k)) + p22*sq(1-(r2+c2)*(1-k))
	b := sq(1-k) * (p12*sq(c1+r2) + p21*sq(c2+r1))
	want := math.Sqrt((a + b - sq(k-pe*(1-k))) / (n * sq(1-pe)))
	if got := tb.KappaSE(); math.Abs(got-want) > 1e-12 {
		t.Errorf("KappaSE() = %.6f, want %.6f", got, want)
	}
}

func TestAgreementEdgeCases(t *testing.T) {
	cases := []struct {
		name      string
		table     Table
		kappaNaN  bool
		wantPo    float64
		wantLabel string
	}{
		{"all one category", Table{{10, 0}, {0, 0}}, true, 1, ""},
		{"perfect", Table{{5, 0}, {0, 5}}, false, 1, "almost perfect"},
		{"empty", Table{{0, 0}, {0, 0}}, true, math.NaN(), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := c.table.Kappa()
			if math.IsNaN(k) != c.kappaNaN {
				t.Errorf("Kappa() = %v, want NaN %v", k, c.kappaNaN)
			}
			po := c.table.PercentAgreement()
			if !(math.IsNaN(po) && math.IsNaN(c.wantPo)) && po != c.wantPo {
				t.Errorf("PercentAgreement() = %v, want %v", po, c.wantPo)
			}
			if got := LandisKoch(k); got != c.wantLabel {
				t.Errorf("LandisKoch() = %q, want %q", got, c.wantLabel)
			}
			if b, err := Num(k).MarshalJSON(); err != nil || (c.kappaNaN && string(b) != "null") {
				t.Errorf("Num(%v).MarshalJSON() = %s, %v", k, b, err)
			}
		})
	}
}
