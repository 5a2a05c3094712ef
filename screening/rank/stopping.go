package rank

import (
	"math"
	"strconv"
)

// IrrelevantRun returns how many records in a row, counting back from the
// latest decision, were excluded. decisions are the labels in the order
// they were made (true: included).
func IrrelevantRun(decisions []bool) int {
	n := 0
	for i := len(decisions) - 1; i >= 0 && !decisions[i]; i-- {
		n++
	}
	return n
}

// RecallEstimate is a heuristic estimate of the recall reached so far. It
// is not a guarantee: relevant records the model ranks low can remain
// unfound whatever it says, and it never says 100 %. Label says so in
// words for the screen.
type RecallEstimate struct {
	Found     int     // inclusions found so far
	Remaining float64 // estimated inclusions among the unscreened records
	Recall    float64 // Found / (Found + Remaining), below 1
	Window    int     // most recent decisions the rate was taken from
	Label     string  // e.g. "estimated recall ≈ 93% (heuristic, not a guarantee)"
}

// EstimateRecall estimates recall from the decisions so far (in the order
// made, prior records included) and the number of records not yet
// screened. It takes the inclusion rate of the latest decisions (the last
// max(50, 10 %) of them, with half an inclusion added so the rate is never
// 0) and assumes every unscreened record is included at that rate. A
// prioritised order puts likely inclusions first, so the rate only falls
// further down the list: the estimate errs towards too low a recall.
func EstimateRecall(decisions []bool, unscreened int) RecallEstimate {
	e := RecallEstimate{}
	for _, inc := range decisions {
		if inc {
			e.Found++
		}
	}
	e.Window = min(len(decisions), max(50, len(decisions)/10))
	hits := 0
	for _, inc := range decisions[len(decisions)-e.Window:] {
		if inc {
			hits++
		}
	}
	rate := (float64(hits) + 0.5) / (float64(e.Window) + 1)
	e.Remaining = rate * float64(max(unscreened, 0))
	if unscreened > 0 {
		e.Remaining = math.Max(e.Remaining, 0.5) // never claim none are left
	}
	if total := float64(e.Found) + e.Remaining; total > 0 {
		e.Recall = float64(e.Found) / total
	}
	e.Label = labelRecall(e.Recall, unscreened)
	return e
}

func labelRecall(r float64, unscreened int) string {
	if unscreened == 0 {
		return "all records screened"
	}
	pct := math.Floor(r * 100) // round down: never show 100 %
	if pct >= 100 {
		pct = 99
	}
	return "estimated recall ≈ " + strconv.Itoa(int(pct)) + "% (heuristic, not a guarantee)"
}
