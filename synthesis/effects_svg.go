package synthesis

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/oversikt/oversikt/screening/coding"
)

// effect direction plot geometry, in px (1 px = 0.75 pt)
const (
	epStudyW  = 400.0 // study column
	epCellW   = 84.0  // one outcome
	epRowH    = 20.0
	epHeadH   = 150.0 // rotated outcome labels
	epGroupH  = 24.0  // evidence-type band
	epLegendH = 64.0
	epMargin  = 12.0
)

// marks are the plot's symbols per direction: ▲ improved, △ positive trend
// (not significant), ● no difference, ◆ mixed, ▼ worse, ? unclear.
var marks = map[string]struct{ glyph, colour string }{
	DirImproved:     {"▲", "#1b7837"},
	DirTrend:        {"△", "#1b7837"},
	DirNoDifference: {"●", "#555555"},
	DirMixed:        {"◆", "#b8860b"},
	DirWorse:        {"▼", "#b2182b"},
	DirUnclear:      {"?", "#555555"},
}

// WriteEffectsSVG draws the effect direction plot (after Thomson & Thomas
// 2013) of the review in lang: one row per included study with a coded
// outcome, grouped by evidence type and, within primary research, by
// design; one column per outcome; a symbol for the direction each study
// found, and a legend. The SVG is self-contained (no fonts or scripts
// fetched) and sized to fit an A4 page width.
func (r *Report) WriteEffectsSVG(out io.Writer, lang string) error {
	w := wordsFor(lang)
	var outcomes []coding.Code
	for _, o := range r.Effects {
		outcomes = append(outcomes, o.Code)
	}
	type row struct {
		band  string // evidence type heading, or "" for a study row
		study *Study
	}
	var rows []row
	designRank := r.Evidence.designRank()
	for _, t := range EvidenceTypes {
		var ss []*Study
		for _, s := range r.Evidence.Studies {
			if s.Evidence != t {
				continue
			}
			for _, c := range outcomes {
				if s.Values[c.Slug] != "" {
					ss = append(ss, s)
					break
				}
			}
		}
		if len(ss) == 0 {
			continue
		}
		sort.SliceStable(ss, func(i, j int) bool { return designRank(ss[i].Design) < designRank(ss[j].Design) })
		rows = append(rows, row{band: w.typeName[t]})
		for _, s := range ss {
			rows = append(rows, row{study: s})
		}
	}
	tableW := epStudyW + epCellW*float64(max(len(outcomes), 1))
	width := epMargin*2 + tableW + epHeadH*0.8 // room for the last outcome's slanted label
	height := epMargin*2 + epHeadH + epLegendH
	for _, rw := range rows {
		if rw.band != "" {
			height += epGroupH
		} else {
			height += epRowH
		}
	}
	bw := bufio.NewWriter(out)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img">`+"\n",
		num(width), num(height), num(width), num(height))
	p("<title>%s</title>\n", xmlEscape(w.plotH))
	p(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	x0 := epMargin + epStudyW
	y := epMargin + epHeadH
	for i, c := range outcomes {
		cx := x0 + epCellW*float64(i) + epCellW/2
		lines := wrapText(c.Labels.In(lang), 200, true) // textWidth measures 14 px text; these are 12 px
		for j, l := range lines {
			lx := cx - 6 + float64(j)*14 - float64(len(lines)-1)*7
			p(`<text x="%s" y="%s" transform="rotate(-50 %s %s)" font-weight="bold">%s</text>`+"\n", num(lx), num(y-6), num(lx), num(y-6), xmlEscape(l))
		}
	}
	p(`<text x="%s" y="%s" font-weight="bold">%s</text>`+"\n", num(epMargin), num(y-6), xmlEscape(w.hStudy))
	p(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000"/>`+"\n", num(epMargin), num(y), num(epMargin+tableW), num(y))
	stripe := false
	for _, rw := range rows {
		if rw.band != "" {
			p(`<rect x="%s" y="%s" width="%s" height="%s" fill="#dde6f0"/>`+"\n", num(epMargin), num(y), num(tableW), num(epGroupH))
			p(`<text x="%s" y="%s" font-weight="bold">%s</text>`+"\n", num(epMargin+4), num(y+16), xmlEscape(rw.band))
			y += epGroupH
			stripe = false
			continue
		}
		s := rw.study
		if stripe {
			p(`<rect x="%s" y="%s" width="%s" height="%s" fill="#f4f4f4"/>`+"\n", num(epMargin), num(y), num(tableW), num(epRowH))
		}
		stripe = !stripe
		label := fmt.Sprintf("[%d] %s", s.Ref, coding.Cite(s.Record))
		if d := r.optionLabel(designCode, s.Design, lang); d != "" && s.Evidence == EvidencePrimary {
			label = fmt.Sprintf("[%d] %s (%s)", s.Ref, shortCite(s), d)
		}
		// textWidth measures 14 px text; labels are 12 px
		p(`<text x="%s" y="%s">%s</text>`+"\n", num(epMargin+4), num(y+14), xmlEscape(clip(label, (epStudyW-16)*1.1)))
		for i, c := range outcomes {
			d := s.Values[c.Slug]
			m, ok := marks[d]
			if !ok {
				continue
			}
			cx := x0 + epCellW*float64(i) + epCellW/2
			p(`<text x="%s" y="%s" text-anchor="middle" font-size="15" fill="%s"><title>%s</title>%s</text>`+"\n",
				num(cx), num(y+15), m.colour, xmlEscape(w.dirName[d]), m.glyph)
		}
		y += epRowH
	}
	p(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#000"/>`+"\n", num(epMargin), num(y), num(epMargin+tableW), num(y))
	y += 22
	x := epMargin
	for i, d := range Directions {
		if i == 3 {
			x = epMargin
			y += 20
		}
		m := marks[d]
		p(`<text x="%s" y="%s" font-size="15" fill="%s">%s</text>`, num(x), num(y), m.colour, m.glyph)
		p(`<text x="%s" y="%s">%s</text>`+"\n", num(x+18), num(y-1), xmlEscape(upperFirst(w.dirName[d])))
		x += 200
	}
	p("</svg>\n")
	return bw.Flush()
}

// shortCite is "Family Year" (et al. when more authors).
func shortCite(s *Study) string {
	c := coding.Cite(s.Record)
	if i := strings.Index(c, ":"); i > 0 {
		return c[:i]
	}
	return c
}

// clip shortens text to fit width px at 12 px, with an ellipsis.
func clip(s string, width float64) string {
	if textWidth(s, false) <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && textWidth(string(rs)+"…", false) > width {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimSpace(string(rs)) + "…"
}
