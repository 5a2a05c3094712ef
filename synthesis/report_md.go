package synthesis

import (
	"fmt"
	"strings"

	"github.com/oversikt/oversikt/screening/coding"
)

// Markdown writes the report in lang ("nb" or "en") as Markdown. The
// PRISMA diagram and the effect direction plot are referenced as images
// named prismaSVG and effectsSVG (files beside the report). Same report,
// same bytes.
func (r *Report) Markdown(lang, prismaSVG, effectsSVG string) string {
	w := wordsFor(lang)
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n", mdEscape(r.Title[lang]))
	r.keyFindings(&b, w)
	r.summary(&b, w)
	r.methods(&b, w)
	r.results(&b, w, prismaSVG, effectsSVG)
	p("## %s\n\n", w.references)
	for _, s := range r.Evidence.Studies {
		p("%d. %s\n", s.Ref, mdEscape(Vancouver(s.Record)))
	}
	if len(r.Evidence.Studies) > 0 {
		p("\n")
	}
	r.appendix(&b, w)
	return b.String()
}

func (r *Report) keyFindings(b *strings.Builder, w words) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("## %s\n\n", w.keyFindings)
	totals := r.groupTotals()
	if len(r.Evidence.Studies) == 0 {
		if w.lang == "nb" {
			p("- Ingen studier er inkludert ennå.\n\n")
		} else {
			p("- No studies are included yet.\n\n")
		}
		return
	}
	for _, t := range EvidenceTypes {
		if totals[t] == 0 {
			continue
		}
		p("**%s** (%s):\n\n", w.leadIn[t], w.count(totals[t], t))
		any := false
		for _, o := range r.Effects {
			for _, g := range o.Groups {
				if g.Evidence != t {
					continue
				}
				any = true
				var ss []*Study
				for _, e := range g.Effects {
					ss = append(ss, e.Study)
				}
				line := fmt.Sprintf("- %s: %s %s.", o.Code.Labels.In(w.lang), w.votes(g.Votes, t), refs(ss))
				if t == EvidenceExperience {
					p("%s\n", line)
				} else {
					p("%s %s\n", line, r.certainty(o, w))
				}
			}
		}
		if !any {
			if w.lang == "nb" {
				p("- Ingen effekter er kodet.\n")
			} else {
				p("- No effects are coded.\n")
			}
		}
		if t == EvidenceExperience {
			p("- %s\n", w.experience)
		}
		p("\n")
	}
	for _, f := range []struct {
		name string
		fs   []Finding
	}{{w.factors, r.Factors}, {w.barriers, r.Barriers}} {
		p("**%s:** %s.\n\n", f.name, r.findingPhrases(f.fs, w))
	}
}

// findingPhrases lists findings as short noun phrases with counts:
// "lederforankring (5 studier), …".
func (r *Report) findingPhrases(fs []Finding, w words) string {
	if len(fs) == 0 {
		return w.none
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		s := fmt.Sprintf("%s (%s", lowerFirst(f.Code.Labels.In(w.lang)), w.studies(f.N()))
		if f.Rating != nil {
			s += "; " + Confidence(f.Rating.Level, w.lang)
		}
		parts[i] = mdEscape(s) + ")"
	}
	return strings.Join(parts, ", ")
}

func (r *Report) summary(b *strings.Builder, w words) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("## %s\n\n", w.summary)
	f := r.Flow
	identified := f.Databases.Identified + f.Other.Identified
	totals := r.groupTotals()
	var types []string
	for _, t := range EvidenceTypes {
		if totals[t] > 0 {
			types = append(types, w.typed(totals[t], t))
		}
	}
	if w.lang == "nb" {
		p("Vi identifiserte %s poster i %d kilder. Etter dublettkontroll vurderte %s %s studier. Vi inkluderte %s",
			w.num(identified), len(r.Sources), reviewersNB(r.Config.K), w.num(f.Databases.Screened+f.Other.Screened), w.studies(f.TotalStudies()))
	} else {
		p("We identified %s records in %d sources. After deduplication, %s screened %s studies. We included %s",
			w.num(identified), len(r.Sources), reviewersEN(r.Config.K), w.num(f.Databases.Screened+f.Other.Screened), w.studies(f.TotalStudies()))
	}
	if len(types) > 0 {
		p(": %s", strings.Join(types, ", "))
	}
	p(".\n\n")
	for _, o := range r.Effects {
		label := lowerFirst(o.Code.Labels.In(w.lang))
		if w.lang == "nb" {
			p("For %s: %s. %s\n\n", label, w.votes(o.Votes, EvidencePrimary), r.certainty(o, w))
		} else {
			p("For %s, %s. %s\n\n", label, w.votes(o.Votes, EvidencePrimary), r.certainty(o, w))
		}
	}
	switch {
	case len(r.Factors) == 0 && len(r.Barriers) == 0 && w.lang == "nb":
		p("Ingen suksessfaktorer eller barrierer er kodet ennå.\n\n")
	case len(r.Factors) == 0 && len(r.Barriers) == 0:
		p("No success factors or barriers are coded yet.\n\n")
	case w.lang == "nb":
		p("De hyppigst rapporterte suksessfaktorene var %s. De hyppigst rapporterte barrierene var %s.\n\n", r.findingPhrases(top(r.Factors, 3), w), r.findingPhrases(top(r.Barriers, 3), w))
	default:
		p("The success factors reported most often were %s. The barriers reported most often were %s.\n\n", r.findingPhrases(top(r.Factors, 3), w), r.findingPhrases(top(r.Barriers, 3), w))
	}
}

func top(fs []Finding, n int) []Finding {
	if len(fs) > n {
		return fs[:n]
	}
	return fs
}

func (r *Report) appendix(b *strings.Builder, w words) {
	if len(r.Evidence.Studies) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("## %s\n\n", w.appendix)
	for _, m := range []struct {
		title string
		kind  string
	}{{w.matrixFactors, coding.EvidenceFactor}, {w.matrixBarriers, coding.EvidenceBarrier}} {
		var codes []coding.Code
		for _, c := range r.Evidence.Book.CodesOf(m.kind) {
			for _, s := range r.Evidence.Studies {
				if s.Values[c.Slug] == "yes" {
					codes = append(codes, c)
					break
				}
			}
		}
		if len(codes) == 0 {
			continue
		}
		p("### %s\n\n", m.title)
		if w.lang == "nb" {
			p("Kolonnene: ")
		} else {
			p("Columns: ")
		}
		for i, c := range codes {
			if i > 0 {
				p("; ")
			}
			p("**%d** %s", i+1, mdEscape(lowerFirst(c.Labels.In(w.lang))))
		}
		p(".\n\n| %s | %s |", w.hRef, w.hStudy)
		for i := range codes {
			p(" %d |", i+1)
		}
		p("\n|--:|---|")
		for range codes {
			p(":-:|")
		}
		p("\n")
		none := 0
		for _, s := range r.Evidence.Studies {
			row, any := "", false
			for _, c := range codes {
				if s.Values[c.Slug] == "yes" {
					row, any = row+" ✓ |", true
				} else {
					row += "   |"
				}
			}
			if !any {
				none++
				continue
			}
			p("| %d | %s |%s\n", s.Ref, mdEscape(shortCite(s)), row)
		}
		if none > 0 {
			if w.lang == "nb" {
				p("\n%s rapporterer ingen av disse.\n", upperFirst(w.studies(none)))
			} else {
				p("\n%s report none of these.\n", upperFirst(w.studies(none)))
			}
		}
		p("\n")
	}
}

// reviewersEN says who screened each study: "two reviewers independently".
func reviewersEN(k int) string {
	switch k {
	case 1:
		return "one reviewer"
	case 2:
		return "two reviewers independently"
	}
	return fmt.Sprintf("%d reviewers independently", k)
}

// reviewersNB is reviewersEN in Norwegian.
func reviewersNB(k int) string {
	switch k {
	case 1:
		return "én person"
	case 2:
		return "to personer uavhengig av hverandre"
	}
	return fmt.Sprintf("%d personer uavhengig av hverandre", k)
}
