package rank

import "math"

// balanceParams are the parameters of ASReview's "double" balance
// strategy: inclusions are over-sampled by a·(n1/n0)^-alpha and
// exclusions weighted by 1-(1-b)(1+ln n)^-beta.
type balanceParams struct{ a, alpha, b, beta float64 }

// doubleDefault is ASReview's default double balance (a=2.155,
// alpha=0.94, b=0.789, beta=1).
var doubleDefault = balanceParams{2.155, 0.94, 0.789, 1}

// balance returns the per-record weights of inclusions and exclusions
// under ASReview's default "double" balance strategy (see balanceWith).
func balance(nPos, nNeg int) (wPos, wNeg float64) { return balanceWith(doubleDefault, nPos, nNeg) }

// balanceWith returns the per-record weights of inclusions and
// exclusions under the "double" balance strategy with parameters p:
// both weights are scaled so the training set keeps its size, with at
// least one inclusion and two exclusions. ASReview draws that many
// records at random; the weights here are the expected counts, so no
// randomness is involved.
func balanceWith(p balanceParams, nPos, nNeg int) (wPos, wNeg float64) {
	n1, n0 := float64(nPos), float64(nNeg)
	n := n1 + n0
	one := p.a * math.Pow(n1/n0, -p.alpha)
	zero := 1 - (1-p.b)*math.Pow(1+math.Log(n), -p.beta)
	oneTrain := one * n1 * n / (one*n1 + zero*n0)
	oneTrain = max(1, min(n-2, oneTrain))
	if n < 3 {
		oneTrain = n1 // too few records to re-balance
	}
	return oneTrain / n1, (n - oneTrain) / n0
}
