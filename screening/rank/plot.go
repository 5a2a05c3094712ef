package rank

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
)

// RecallPlot is a chart of recall against records screened: one thin line
// per run, their pointwise median in bold, and the expected recall of
// screening in random order as a dashed diagonal.
type RecallPlot struct {
	Title string
	Note  string   // a line under the title, e.g. the median metrics
	Runs  [][]bool // per run, the label of each record in the order screened
}

// Plot geometry, in SVG user units.
const (
	plotW, plotH                       = 760, 500
	marginL, marginR, marginT, marginB = 70, 20, 50, 60
)

// WriteSVG writes the chart as a standalone SVG document. It returns an
// error only when w fails.
func (p RecallPlot) WriteSVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	n := 0
	if len(p.Runs) > 0 {
		n = len(p.Runs[0])
	}
	xMax := float64(max(n, 1))
	x := func(k float64) float64 { return marginL + k/xMax*(plotW-marginL-marginR) }
	y := func(r float64) float64 { return plotH - marginB - r*(plotH-marginT-marginB) }
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="13">`+"\n",
		plotW, plotH, plotW, plotH)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="white"/>`+"\n", plotW, plotH)
	fmt.Fprintf(bw, `<text x="%d" y="22" font-size="16" font-weight="bold">%s</text>`+"\n", marginL, html.EscapeString(p.Title))
	fmt.Fprintf(bw, `<text x="%d" y="40" fill="#444" font-size="12">%s</text>`+"\n", marginL, html.EscapeString(p.Note))
	// Grid and ticks.
	for i := 0; i <= 10; i += 2 {
		r := float64(i) / 10
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e3e3e3"/>`+"\n", x(0), y(r), x(xMax), y(r))
		fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" text-anchor="end">%d%%</text>`+"\n", x(0)-8, y(r)+4, i*10)
	}
	step := tickStep(xMax)
	for k := 0.0; k <= xMax+1e-9; k += step {
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e3e3e3"/>`+"\n", x(k), y(0), x(k), y(1))
		fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x(k), y(0)+20, strconv.Itoa(int(k)))
	}
	fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="2,3"/>`+"\n", x(0), y(0.95), x(xMax), y(0.95))
	fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#777" font-size="11">95%% recall</text>`+"\n", x(xMax*0.7), y(0.95)+14)
	fmt.Fprintf(bw, `<path d="M%.1f %.1f H%.1f V%.1f" fill="none" stroke="black"/>`+"\n", x(0), y(1), x(0), y(0))
	fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", x(0), y(0), x(xMax), y(0))
	fmt.Fprintf(bw, `<text x="%.1f" y="%d" text-anchor="middle">Records screened (of %d)</text>`+"\n", x(xMax/2), plotH-15, n)
	fmt.Fprintf(bw, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle">Recall (inclusions found)</text>`+"\n", y(0.5))
	// Random screening: expected recall k/N.
	fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888" stroke-width="1.5" stroke-dasharray="6,4"/>`+"\n", x(0), y(0), x(xMax), y(1))
	curves := make([][]float64, len(p.Runs))
	for i, run := range p.Runs {
		curves[i] = Recall(run)
		writeCurve(bw, curves[i], x, y, `stroke="#4a90d9" stroke-opacity="0.5" stroke-width="1"`)
	}
	if len(curves) > 0 {
		writeCurve(bw, medianCurve(curves), x, y, `stroke="#0b3d91" stroke-width="2.5"`)
	}
	// Legend.
	lx, ly := x(xMax)-250, y(0)-82
	fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="240" height="72" fill="white" stroke="#bbb"/>`+"\n", lx, ly)
	legend := []struct{ style, label string }{
		{`stroke="#0b3d91" stroke-width="2.5"`, fmt.Sprintf("model, median of %d runs", len(p.Runs))},
		{`stroke="#4a90d9" stroke-opacity="0.5" stroke-width="1"`, "model, each run"},
		{`stroke="#888" stroke-width="1.5" stroke-dasharray="6,4"`, "random order (expected)"},
	}
	for i, l := range legend {
		ry := ly + 18 + float64(i)*20
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" %s/>`+"\n", lx+10, ry, lx+40, ry, l.style)
		fmt.Fprintf(bw, `<text x="%.1f" y="%.1f">%s</text>`+"\n", lx+48, ry+4, html.EscapeString(l.label))
	}
	fmt.Fprintln(bw, "</svg>")
	return bw.Flush()
}

// writeCurve draws a recall curve as a step path, one vertex per change.
func writeCurve(w io.Writer, c []float64, x, y func(float64) float64, style string) {
	fmt.Fprintf(w, `<path fill="none" %s d="M%.1f %.1f`, style, x(0), y(c[0]))
	for k := 1; k < len(c); k++ {
		if c[k] != c[k-1] {
			fmt.Fprintf(w, " H%.1f V%.1f", x(float64(k)), y(c[k]))
		}
	}
	fmt.Fprintf(w, ` H%.1f"/>`+"\n", x(float64(len(c)-1)))
}

// medianCurve is the pointwise median of curves of equal length.
func medianCurve(curves [][]float64) []float64 {
	out := make([]float64, len(curves[0]))
	col := make([]float64, len(curves))
	for k := range out {
		for i, c := range curves {
			col[i] = c[k]
		}
		out[k] = Median(col)
	}
	return out
}

// tickStep picks a round step giving 4 to 10 ticks up to xMax.
func tickStep(xMax float64) float64 {
	raw := xMax / 8
	mag := math.Pow(10, math.Floor(math.Log10(max(raw, 1))))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// WriteRecallCSV writes the recall curves as CSV: one row per number of records
// screened (0 … N) with the expected recall of random order, the median
// recall of the runs and each run's recall (columns seed_<seed>).
func WriteRecallCSV(w io.Writer, runs []Run, included []bool) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "screened,random,median")
	curves := make([][]float64, len(runs))
	for i, r := range runs {
		fmt.Fprintf(bw, ",seed_%d", r.Seed)
		curves[i] = Recall(InOrder(r.Order, included))
	}
	fmt.Fprintln(bw)
	if len(curves) == 0 {
		return bw.Flush()
	}
	med := medianCurve(curves)
	n := len(med) - 1
	for k := range med {
		fmt.Fprintf(bw, "%d,%.4f,%.4f", k, float64(k)/float64(max(n, 1)), med[k])
		for _, c := range curves {
			fmt.Fprintf(bw, ",%.4f", c[k])
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}
