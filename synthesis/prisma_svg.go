package synthesis

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// The drawing is in CSS pixels across the width of an A4 portrait page
// (794 at 96 per inch), as tall as its content needs. 12 px is 9 pt, so
// body text at 14 px prints at 10.5 pt across the full width and still at
// 9 pt when a printer's margins shrink the page to 180 mm.
const (
	pageW      = 794.0
	margin     = 28.0
	bandW      = 30.0 // the phase band on the left
	bandGap    = 12.0 // between the band and the boxes
	colGap     = 26.0 // between the two columns of a flow
	sideGap    = 22.0 // between a main box and its side box
	rowGap     = 28.0 // between rows (room for the arrows)
	pad        = 7.0  // inside a box
	fontSize   = 14.0 // body text
	lineHeight = 17.5 // body line height
	headSize   = 14.5 // the phase labels
)

const fontFamily = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

// para is a paragraph of box text: it wraps at the box's width.
type para struct {
	text   string
	bold   bool
	indent float64
}

// svgBox is a box of the diagram with its wrapped lines.
type svgBox struct {
	x, y, w, h float64
	paras      []para
	lines      []para // after wrapping
	fill       string
}

func (b *svgBox) wrap() {
	b.lines = nil
	for _, p := range b.paras {
		for _, l := range wrapText(p.text, b.w-2*pad-p.indent, p.bold) {
			b.lines = append(b.lines, para{text: l, bold: p.bold, indent: p.indent})
		}
	}
	b.h = float64(len(b.lines))*lineHeight + 2*pad - (lineHeight - fontSize) + 2
}

// WriteSVG draws f as a PRISMA 2020 flow diagram in lang ("nb" or "en";
// anything else is English), laid out like the official template for new
// reviews: the phases Identification, Screening and Included on a band at
// the left; the databases-and-registers column and, when the review has
// records from other methods, the other-methods column, each with its
// boxes of removed and excluded records to the right. The SVG is
// self-contained (no external fonts, styles or images), as wide as A4
// portrait (210 mm) and as tall as the boxes need; text is at least 9 pt
// when printed on A4, and long labels wrap.
func WriteSVG(w io.Writer, f Flow, lang string) error {
	t := prismaLabels(lang)
	cols := []Column{f.Databases}
	heads := []string{t.headDB}
	if f.Other.Identified > 0 || len(f.Other.Sources) > 0 {
		cols = append(cols, f.Other)
		heads = append(heads, t.headOther)
	}
	left := margin + bandW + bandGap
	colW := (pageW - margin - left - colGap*float64(len(cols)-1)) / float64(len(cols))
	mainW := (colW - sideGap) * 0.5
	if len(cols) == 1 {
		mainW = (colW - sideGap) * 0.45
	}
	sideW := colW - sideGap - mainW

	// boxes[row][col*2] is a main box, [col*2+1] its side box (nil: none).
	const rows = 5
	boxes := make([][]*svgBox, rows)
	for r := range boxes {
		boxes[r] = make([]*svgBox, 2*len(cols))
	}
	for ci, c := range cols {
		x := left + float64(ci)*(colW+colGap)
		main := func(r int, ps ...para) {
			boxes[r][2*ci] = &svgBox{x: x, w: mainW, paras: ps, fill: "#ffffff"}
		}
		side := func(r int, ps ...para) {
			boxes[r][2*ci+1] = &svgBox{x: x + mainW + sideGap, w: sideW, paras: ps, fill: "#ffffff"}
		}
		main(0, identifiedParas(c, ci == 1, t)...)
		side(0, para{text: t.removed, bold: true},
			para{text: t.duplicates + t.n(c.Duplicates)},
			para{text: t.automation + t.n(c.Automation)},
			para{text: t.otherRemoved + t.n(c.OtherRemoved)})
		screened := []para{{text: t.screened + t.n(c.Screened)}}
		if c.AwaitingScreening > 0 {
			screened = append(screened, para{text: t.awaitingScreening + t.n(c.AwaitingScreening), indent: 0})
		}
		main(1, screened...)
		side(1, para{text: t.screenExcluded + t.n(c.ScreenExcluded)})
		main(2, para{text: t.sought + t.n(c.Sought)})
		side(2, para{text: t.notRetrieved + t.n(c.NotRetrieved)})
		assessed := []para{{text: t.assessed + t.n(c.Assessed)}}
		if c.AwaitingAssessment > 0 {
			assessed = append(assessed, para{text: t.awaitingAssessment + t.n(c.AwaitingAssessment)})
		}
		main(3, assessed...)
		excl := []para{{text: t.excluded + t.n(c.Excluded), bold: len(c.Reasons) > 0}}
		if len(c.Reasons) > 0 {
			excl[0].text += ":"
		}
		for _, r := range c.Reasons {
			excl = append(excl, para{text: ReasonLabel(r.Reason, lang) + t.n(r.N), indent: 8})
		}
		side(3, excl...)
	}
	boxes[4][0] = &svgBox{x: left, w: mainW, fill: "#ffffff", paras: []para{
		{text: t.studies + t.n(f.TotalStudies())}, {text: t.reports + t.n(f.TotalReports())}}}

	// Column headings, then rows stacked with equal heights per row.
	y := margin
	headH := 0.0
	var headBoxes []*svgBox
	for ci, h := range heads {
		b := &svgBox{x: left + float64(ci)*(colW+colGap), w: colW, paras: []para{{text: h, bold: true}}}
		b.wrap()
		headH = max(headH, b.h)
		headBoxes = append(headBoxes, b)
	}
	for i, b := range headBoxes {
		b.y, b.h = y, headH
		b.fill = []string{"#ffd966", "#d9d9d9"}[i]
	}
	y += headH + 18
	rowY := make([]float64, rows)
	rowH := make([]float64, rows)
	// A phase's band must be long enough for its label, turned on its side.
	bandMin := map[int]float64{0: textWidth(t.identification, true)*headSize/fontSize + 16,
		4: textWidth(t.included, true)*headSize/fontSize + 16}
	for r := range boxes {
		rowH[r] = bandMin[r]
		for _, b := range boxes[r] {
			if b != nil {
				b.wrap()
				rowH[r] = max(rowH[r], b.h)
			}
		}
		rowY[r] = y
		for _, b := range boxes[r] {
			if b != nil {
				b.y, b.h = y, rowH[r]
			}
		}
		y += rowH[r] + rowGap
	}
	height := y - rowGap + margin

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="%smm" viewBox="0 0 %s %s" font-family="%s" font-size="%s" role="img" aria-label="%s">`+"\n",
		num(height*210/pageW), num(pageW), num(height), fontFamily, num(fontSize), xmlEscape(t.title))
	fmt.Fprintf(bw, "<title>%s</title>\n", xmlEscape(t.title))
	bw.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#222222"/></marker></defs>` + "\n")
	fmt.Fprintf(bw, `<rect width="%s" height="%s" fill="#ffffff"/>`+"\n", num(pageW), num(height))

	// The phase band.
	phase := func(label string, top, bottom float64) {
		fmt.Fprintf(bw, `<rect x="%s" y="%s" width="%s" height="%s" rx="5" fill="#9dc3e6" stroke="#2e75b6" stroke-width="1"/>`+"\n",
			num(margin), num(top), num(bandW), num(bottom-top))
		cx, cy := margin+bandW/2, (top+bottom)/2
		fmt.Fprintf(bw, `<text x="%s" y="%s" transform="rotate(-90 %s %s)" text-anchor="middle" dominant-baseline="central" font-weight="bold" font-size="%s">%s</text>`+"\n",
			num(cx), num(cy), num(cx), num(cy), num(headSize), xmlEscape(label))
	}
	phase(t.identification, rowY[0], rowY[0]+rowH[0])
	phase(t.screening, rowY[1], rowY[3]+rowH[3])
	phase(t.included, rowY[4], rowY[4]+rowH[4])

	for _, b := range headBoxes {
		drawBox(bw, b, true)
	}
	for r := range boxes {
		for _, b := range boxes[r] {
			if b != nil {
				drawBox(bw, b, false)
			}
		}
	}

	// Arrows: down each main column, across to each side box, and from the
	// last main box of each column into the included box.
	for ci := range cols {
		for r := 0; r < 4; r++ {
			m, s := boxes[r][2*ci], boxes[r][2*ci+1]
			if s != nil {
				arrow(bw, m.x+m.w, m.y+m.h/2, s.x, s.y+s.h/2)
			}
			if r < 3 {
				n := boxes[r+1][2*ci]
				arrow(bw, m.x+m.w/2, m.y+m.h, n.x+n.w/2, n.y)
			}
		}
	}
	inc := boxes[4][0]
	arrow(bw, inc.x+inc.w/2, boxes[3][0].y+boxes[3][0].h, inc.x+inc.w/2, inc.y)
	if len(cols) > 1 {
		o := boxes[3][2]
		ox, oy, ty := o.x+o.w/2, o.y+o.h, inc.y+inc.h/2
		fmt.Fprintf(bw, `<path d="M%s,%s L%s,%s L%s,%s" fill="none" stroke="#222222" stroke-width="1.3" marker-end="url(#arrow)"/>`+"\n",
			num(ox), num(oy), num(ox), num(ty), num(inc.x+inc.w+1), num(ty))
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}

func drawBox(w *bufio.Writer, b *svgBox, center bool) {
	fmt.Fprintf(w, `<rect x="%s" y="%s" width="%s" height="%s" rx="3" fill="%s" stroke="#222222" stroke-width="1"/>`+"\n",
		num(b.x), num(b.y), num(b.w), num(b.h), b.fill)
	// Center the block of lines vertically in the (row-high) box.
	block := float64(len(b.lines))*lineHeight - (lineHeight - fontSize)
	y := b.y + (b.h-block)/2 + fontSize - 2
	for _, l := range b.lines {
		x, anchor := b.x+pad+l.indent, ""
		if center {
			x, anchor = b.x+b.w/2, ` text-anchor="middle"`
		}
		weight := ""
		if l.bold {
			weight = ` font-weight="bold"`
		}
		fmt.Fprintf(w, `<text x="%s" y="%s"%s%s>%s</text>`+"\n", num(x), num(y), anchor, weight, xmlEscape(l.text))
		y += lineHeight
	}
}

func arrow(w *bufio.Writer, x1, y1, x2, y2 float64) {
	fmt.Fprintf(w, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222222" stroke-width="1.3" marker-end="url(#arrow)"/>`+"\n",
		num(x1), num(y1), num(x2), num(y2-0.5))
}

// identifiedParas lists the records identified per kind and source.
func identifiedParas(c Column, other bool, t labels) []para {
	ps := []para{{text: t.identifiedFrom, bold: true}}
	kinds := []string{"database", "register"}
	if other {
		kinds = []string{"website", "organisation", "citation"}
	}
	// The left column's sources of no known kind are shown as databases.
	kindOf := func(s SourceCount) string {
		if !other && s.Kind != "register" {
			return "database"
		}
		return s.Kind
	}
	for _, k := range kinds {
		n := 0
		for _, s := range c.Sources {
			if kindOf(s) == k {
				n += s.N
			}
		}
		ps = append(ps, para{text: t.kind[k] + t.n(n)})
		for _, s := range c.Sources {
			if kindOf(s) == k {
				ps = append(ps, para{text: s.Name + t.n(s.N), indent: 10})
			}
		}
	}
	return ps
}

func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// wrapText breaks s into lines no wider than width at fontSize, breaking
// at plain spaces only (never at a no-break space; a word longer than a
// line is cut).
func wrapText(s string, width float64, bold bool) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Split(s, " ") {
		if word == "" {
			continue
		}
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if textWidth(try, bold) <= width || cur == "" && textWidth(word, bold) <= width {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		for textWidth(word, bold) > width {
			cut := len([]rune(word))
			for cut > 1 && textWidth(string([]rune(word)[:cut]), bold) > width {
				cut--
			}
			lines = append(lines, string([]rune(word)[:cut]))
			word = string([]rune(word)[cut:])
		}
		cur = word
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// textWidth estimates the width of s in a Helvetica-like face at fontSize
// from rough per-glyph advances (in em), erring wide so text stays inside
// its box whichever sans-serif face the reader has.
func textWidth(s string, bold bool) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("iljI.,:;'|!()[] ", r):
			w += 0.30
		case strings.ContainsRune("frt-", r):
			w += 0.37
		case strings.ContainsRune("mwMW", r):
			w += 0.88
		case r >= 'A' && r <= 'Z' || strings.ContainsRune("ÆØÅ", r):
			w += 0.70
		case r >= '0' && r <= '9':
			w += 0.58
		case r == '\u00a0':
			w += 0.30
		default:
			w += 0.57
		}
	}
	if bold {
		w *= 1.12
	}
	return w * fontSize * 1.1 // DejaVu Sans, a common fallback, runs wider than Helvetica
}
