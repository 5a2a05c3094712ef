package rank

import "math"

// balance returns the per-record weights of inclusions and exclusions
// under ASReview's "double" balance strategy (a=2.155, alpha=0.94,
// b=0.789, beta=1): inclusions are over-sampled by a·(n1/n0)^-alpha and
// exclusions weighted by 1-(1-b)(1+ln n)^-beta, then both are scaled so
// the training set keeps its size, with at least one inclusion and two
// exclusions. ASReview draws that many records at random; the weights
// here are the expected counts, so no randomness is involved.
func balance(nPos, nNeg int) (wPos, wNeg float64) {
	const a, alpha, b, beta = 2.155, 0.94, 0.789, 1.0
	n1, n0 := float64(nPos), float64(nNeg)
	n := n1 + n0
	one := a * math.Pow(n1/n0, -alpha)
	zero := 1 - (1-b)*math.Pow(1+math.Log(n), -beta)
	oneTrain := one * n1 * n / (one*n1 + zero*n0)
	oneTrain = max(1, min(n-2, oneTrain))
	if n < 3 {
		oneTrain = n1 // too few records to re-balance
	}
	return oneTrain / n1, (n - oneTrain) / n0
}
