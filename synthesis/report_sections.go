package synthesis

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oversikt/oversikt/screening/coding"
)

func (r *Report) methods(b *strings.Builder, w words) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	nb := w.lang == "nb"
	p("## %s\n\n### %s\n\n", w.methods, w.search)
	if nb {
		p("Vi søkte i disse kildene:\n\n")
	} else {
		p("We searched these sources:\n\n")
	}
	p("| %s | %s | %s | %s |\n|---|---|---|--:|\n", w.hSource, w.hKind, w.hDate, w.hRecords)
	for _, s := range r.sortedSources() {
		date := s.SearchDate
		if date == "" {
			date = "–"
		}
		kind := w.kinds[s.Kind]
		if kind == "" {
			kind = s.Kind
		}
		p("| %s | %s | %s | %s |\n", mdEscape(s.Name), kind, date, w.num(s.Records))
	}
	f := r.Flow
	identified := f.Databases.Identified + f.Other.Identified
	dups := f.Databases.Duplicates + f.Other.Duplicates
	screened := f.Databases.Screened + f.Other.Screened
	p("\n### %s\n\n", w.dedup)
	if nb {
		p("Av %s identifiserte poster ble %s fjernet som dubletter; %s unike studier gikk videre til utvelgelse.\n\n", w.num(identified), w.num(dups), w.num(screened))
	} else {
		p("Of %s records identified, %s were removed as duplicates; %s unique studies went on to selection.\n\n", w.num(identified), w.num(dups), w.num(screened))
	}
	p("### %s\n\n", w.screeningH)
	k := r.Config.K
	if nb {
		p("Hver studie ble vurdert av %s, først på tittel og sammendrag, deretter i fulltekst. %s %s\n\n", reviewersNB(k), maybeRuleNB[r.Config.Maybe], r.resolutionText(w))
	} else {
		p("Each study was assessed by %s, first on title and abstract, then in full text. Rule for “maybe”: %s. %s\n\n", reviewersEN(k), r.Config.MaybeRule(), r.resolutionText(w))
	}
	if len(r.Agreement) > 0 {
		if nb {
			p("Enighet mellom personene (alle par samlet):\n\n")
		} else {
			p("Agreement between reviewers (all pairs pooled):\n\n")
		}
		p("| %s | %s | %s | %s | %s | %s |\n|---|--:|--:|--:|--:|--:|\n", w.hStage, w.hN, w.hAgree, w.hKappa, w.hPABAK, w.hAC1)
		for _, a := range r.Agreement {
			p("| %s (%d) | %s | %s | %s (%s %s %s) | %s | %s |\n", w.stageName[a.Stage], r.Reviewers[a.Stage], w.num(a.N), w.pct(float64(a.PercentAgreement)),
				w.dec(float64(a.Kappa), 2), w.dec(float64(a.KappaCI[0]), 2), w.to, w.dec(float64(a.KappaCI[1]), 2), w.dec(float64(a.PABAK), 2), w.dec(float64(a.AC1), 2))
		}
		if nb {
			p("\nTallet i parentes etter trinnet er antall personer som vurderte. n er antall vurderingspar. Konfidensintervallet bygger på standardfeilen til Fleiss, Cohen og Everitt (1969).\n\n")
		} else {
			p("\nThe number after the stage is how many reviewers screened. n is the number of pairs of decisions. The confidence interval uses the standard error of Fleiss, Cohen and Everitt (1969).\n\n")
		}
	}
	if rk := r.Ranking; rk != nil {
		p("### %s\n\n", w.prioritisation)
		if nb {
			p("Rekkefølgen studiene ble vist i, ble prioritert med en maskinlæringsmodell (%s) trent på %d inkluderte og %d ekskluderte vurderinger; modellen rangerte %s studier. Modellen avgjorde ingen studier; alle ble vurdert av personer.\n\n",
				mdEscape(rk.Model), rk.TrainedIncluded, rk.TrainedExcluded, w.num(rk.Ranked))
		} else {
			p("The order in which studies were shown was prioritised by a machine-learning model (%s) trained on %d included and %d excluded decisions; it ranked %s studies. The model decided no study; every study was assessed by reviewers.\n\n",
				mdEscape(rk.Model), rk.TrainedIncluded, rk.TrainedExcluded, w.num(rk.Ranked))
		}
	}
	p("### %s\n\n", w.codingH)
	r.codingMethods(b, w)
	p("### %s\n\n", w.synthesisH)
	if nb {
		p("Vi gjorde ingen metaanalyse. For hvert utfall oppsummerte vi retningen på effekten studie for studie, gruppert etter kildetype (systematiske oversikter, primærforskning etter design, erfarings- og evalueringsrapporter), og talte studier etter retning slik SWiM-retningslinjen tillater — aldri etter p-verdier. En positiv trend som ikke var signifikant, teller som positiv retning. Tilliten til dokumentasjonen ble vurdert med GRADE for effekter og med CERQual for suksessfaktorer og barrierer der den er vurdert.\n\n")
	} else {
		p("We did no meta-analysis. For each outcome we summarised the direction of effect study by study, grouped by evidence type (systematic reviews, primary research by design, experience and evaluation reports), and counted studies by direction as the SWiM guideline allows — never by p-values. A positive trend that was not significant counts as a positive direction. Certainty of the evidence was rated with GRADE for effects and with CERQual for success factors and barriers, where assessed.\n\n")
	}
}

func (r *Report) codingMethods(b *strings.Builder, w words) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	nb := w.lang == "nb"
	n, agree := 0, 0
	var kappas []float64
	for _, a := range r.Coding {
		n, agree = n+a.N, agree+a.Agree
		if a.Kappa != nil {
			kappas = append(kappas, *a.Kappa)
		}
	}
	if n == 0 {
		if nb {
			p("Ingen studier er kodet av to personer ennå.\n\n")
		} else {
			p("No study has been coded by two reviewers yet.\n\n")
		}
		return
	}
	if nb {
		p("To personer hentet ut data fra hver inkluderte studie uavhengig av hverandre med en kodebok (%d koder: studiekjennetegn, utfall med retning på effekten, suksessfaktorer og barrierer); %s ble kodet av to. Forskjeller ble avklart, og den avklarte verdien er den som brukes. Personene var enige i %s av %s studie × kode-par.",
			len(r.Evidence.Book.Codes()), w.studies(r.CodedPairs), w.pct(100*float64(agree)/float64(n)), w.num(n))
	} else {
		p("Two reviewers extracted data from each included study independently with a codebook (%d codes: study characteristics, outcomes with direction of effect, success factors and barriers); %s were coded by two. Differences were reconciled, and the reconciled value is the one used. The reviewers agreed on %s of %s study × code pairs.",
			len(r.Evidence.Book.Codes()), w.studies(r.CodedPairs), w.pct(100*float64(agree)/float64(n)), w.num(n))
	}
	if len(kappas) > 0 {
		sort.Float64s(kappas)
		med := kappas[len(kappas)/2]
		if len(kappas)%2 == 0 {
			med = (kappas[len(kappas)/2-1] + kappas[len(kappas)/2]) / 2
		}
		if nb {
			p(" Kappa per kode der den er definert (%d koder): median %s (spenn %s til %s).", len(kappas), w.dec(med, 2), w.dec(kappas[0], 2), w.dec(kappas[len(kappas)-1], 2))
		} else {
			p(" Kappa per code where defined (%d codes): median %s (range %s to %s).", len(kappas), w.dec(med, 2), w.dec(kappas[0], 2), w.dec(kappas[len(kappas)-1], 2))
		}
	}
	var low []string
	for _, a := range r.Coding {
		if a.N > 0 && a.Agree < a.N {
			c, _ := r.Evidence.Book.Code(a.Code)
			label := a.Code
			if c != nil {
				label = lowerFirst(c.Labels.In(w.lang))
			}
			low = append(low, fmt.Sprintf("%s (%d/%d)", mdEscape(label), a.Agree, a.N))
		}
	}
	if len(low) > 0 {
		if nb {
			p(" Koder med uenighet: %s.", strings.Join(low, ", "))
		} else {
			p(" Codes with disagreement: %s.", strings.Join(low, ", "))
		}
	}
	p("\n\n")
}

func (r *Report) results(b *strings.Builder, w words, prismaSVG, effectsSVG string) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	nb := w.lang == "nb"
	f := r.Flow
	p("## %s\n\n### %s\n\n", w.results, w.prismaH)
	db, ot := f.Databases, f.Other
	if nb {
		p("Søket ga %s poster fra databaser og registre og %s fra andre metoder; %s dubletter ble fjernet. Vi vurderte %s studier på tittel og sammendrag og ekskluderte %s. Vi forsøkte å skaffe %s i fulltekst (%s ikke tilgjengelige), vurderte %s og ekskluderte %s",
			w.num(db.Identified), w.num(ot.Identified), w.num(db.Duplicates+ot.Duplicates), w.num(db.Screened+ot.Screened), w.num(db.ScreenExcluded+ot.ScreenExcluded),
			w.num(db.Sought+ot.Sought), w.num(db.NotRetrieved+ot.NotRetrieved), w.num(db.Assessed+ot.Assessed), w.num(db.Excluded+ot.Excluded))
	} else {
		p("The searches gave %s records from databases and registers and %s from other methods; %s duplicates were removed. We screened %s studies on title and abstract and excluded %s. We sought %s in full text (%s not retrieved), assessed %s and excluded %s",
			w.num(db.Identified), w.num(ot.Identified), w.num(db.Duplicates+ot.Duplicates), w.num(db.Screened+ot.Screened), w.num(db.ScreenExcluded+ot.ScreenExcluded),
			w.num(db.Sought+ot.Sought), w.num(db.NotRetrieved+ot.NotRetrieved), w.num(db.Assessed+ot.Assessed), w.num(db.Excluded+ot.Excluded))
	}
	reasons := map[string]int{}
	for _, rc := range append(append([]ReasonCount(nil), db.Reasons...), ot.Reasons...) {
		reasons[rc.Reason] += rc.N
	}
	if rs := sortedReasons(reasons); len(rs) > 0 {
		parts := make([]string, len(rs))
		for i, rc := range rs {
			parts[i] = fmt.Sprintf("%s %d", mdEscape(ReasonLabel(rc.Reason, w.lang)), rc.N)
		}
		p(" (%s)", strings.Join(parts, ", "))
	}
	if nb {
		p(". %s ble inkludert, med %s.\n\n", upperFirst(w.studies(f.TotalStudies())), plural(f.TotalReports(), "rapport", "rapporter"))
	} else {
		p(". %s were included, with %s.\n\n", upperFirst(w.studies(f.TotalStudies())), plural(f.TotalReports(), "report", "reports"))
	}
	p("![%s](%s)\n\n", w.prismaH, prismaSVG)

	p("### %s\n\n", w.characteristics)
	p("| %s | %s | %s | %s | %s | %s |\n|--:|---|---|---|---|---|\n", w.hRef, w.hStudy, w.hType, w.hDesign, w.hSetting, w.hCountry)
	for _, s := range r.Evidence.Studies {
		var settings []string
		for _, st := range s.Settings {
			settings = append(settings, r.optionLabel(settingCode, st, w.lang))
		}
		p("| %d | %s | %s | %s | %s | %s |\n", s.Ref, mdEscape(coding.Cite(s.Record)), w.typeName[s.Evidence],
			mdEscape(dash(r.optionLabel(designCode, s.Design, w.lang))), mdEscape(dash(strings.Join(settings, ", "))), dash(strings.Join(s.Countries, ", ")))
	}
	p("\n### %s\n\n", w.effectsH)
	if len(r.Effects) == 0 {
		if nb {
			p("Ingen utfall er kodet med retning på effekten ennå.\n\n")
		} else {
			p("No outcome is coded with a direction of effect yet.\n\n")
		}
	} else {
		p("| %s | %s | %s | %s | %s | %s | %s |\n|---|---|--:|--:|--:|---|---|\n", w.hOutcome, w.hType, w.hPos, w.hNeg, w.hNone, w.hRefs, w.hCertainty)
		for _, o := range r.Effects {
			cert := "–"
			if o.Rating != nil {
				cert = o.Rating.Level.Symbols() + " " + o.Rating.Level.Label(w.lang)
			}
			for i, g := range o.Groups {
				label := ""
				if i == 0 {
					label = mdEscape(o.Code.Labels.In(w.lang))
				}
				var ss []*Study
				for _, e := range g.Effects {
					ss = append(ss, e.Study)
				}
				c := ""
				if i == 0 {
					c = cert
				}
				p("| %s | %s | %d | %d | %d | %s | %s |\n", label, w.typeName[g.Evidence], g.Votes.Positive, g.Votes.Negative, g.Votes.None, refs(ss), c)
			}
		}
		if nb {
			p("\nPositiv retning: forbedring eller positiv trend; ingen retning: ingen forskjell, blandet eller uklart resultat.\n\n")
		} else {
			p("\nPositive direction: improved or a positive trend; no direction: no difference, mixed or unclear result.\n\n")
		}
		var rated []ratedSubject
		for _, o := range r.Effects {
			rated = append(rated, ratedSubject{o.Code.Labels.In(w.lang), o.Rating})
		}
		ratingNotes(b, w, "GRADE", rated)
		p("#### %s\n\n![%s](%s)\n\n", w.plotH, w.plotH, effectsSVG)
	}
	for _, sec := range []struct {
		title string
		fs    []Finding
	}{{w.factorsH, r.Factors}, {w.barriersH, r.Barriers}} {
		p("### %s\n\n", sec.title)
		if len(sec.fs) == 0 {
			p("%s.\n\n", upperFirst(w.none))
			continue
		}
		p("| %s | %s | %s | %s | %s | %s | %s |\n|---|--:|--:|--:|--:|---|---|\n", w.hFinding, w.hStudies,
			w.typeName[EvidenceReview], w.typeName[EvidencePrimary], w.typeName[EvidenceExperience], w.hRefs, w.hConfidence)
		for _, f := range sec.fs {
			conf := "–"
			if f.Rating != nil {
				conf = f.Rating.Level.Symbols() + " " + f.Rating.Level.Label(w.lang)
			}
			p("| %s | %d | %d | %d | %d | %s | %s |\n", mdEscape(f.Code.Labels.In(w.lang)), f.N(), len(f.By[EvidenceReview]), len(f.By[EvidencePrimary]),
				len(f.By[EvidenceExperience]), refs(f.Studies), conf)
		}
		p("\n")
		var rated []ratedSubject
		for _, f := range sec.fs {
			rated = append(rated, ratedSubject{f.Code.Labels.In(w.lang), f.Rating})
		}
		ratingNotes(b, w, "CERQual", rated)
	}
}

type ratedSubject struct {
	label  string
	rating *Rating
}

// ratingNotes spells out each rating's arithmetic under its table: where
// it started and why it moved ("start low; risk of bias: serious").
func ratingNotes(b *strings.Builder, w words, method string, subjects []ratedSubject) {
	var lines []string
	for _, s := range subjects {
		if s.rating == nil {
			continue
		}
		why := []string{}
		if method == "GRADE" {
			if w.lang == "nb" {
				why = append(why, "start "+s.rating.From.Label("nb"))
			} else {
				why = append(why, "start "+s.rating.From.Label("en"))
			}
		}
		for _, reason := range s.rating.Reasons {
			why = append(why, reasonWords(reason, w.lang))
		}
		if len(why) == 0 {
			if w.lang == "nb" {
				why = append(why, "ingen betenkeligheter")
			} else {
				why = append(why, "no concerns")
			}
		}
		lines = append(lines, fmt.Sprintf("- %s %s %s: %s.", mdEscape(s.label), s.rating.Level.Symbols(), s.rating.Level.Label(w.lang), strings.Join(why, "; ")))
	}
	if len(lines) == 0 {
		return
	}
	if w.lang == "nb" {
		fmt.Fprintf(b, "Vurdering med %s:\n\n%s\n\n", method, strings.Join(lines, "\n"))
	} else {
		fmt.Fprintf(b, "%s assessments:\n\n%s\n\n", method, strings.Join(lines, "\n"))
	}
}

// reasonsWordsNB puts the reasons GRADE and CERQual give into Norwegian.
var reasonsWordsNB = strings.NewReplacer(
	"risk of bias", "risiko for systematiske skjevheter", "inconsistency", "inkonsistens", "indirectness", "indirekthet",
	"imprecision", "upresisjon", "publication bias", "publikasjonsskjevhet", "very-serious", "svært alvorlig", "very serious", "svært alvorlig",
	"very large effect", "svært stor effekt", "large effect", "stor effekt", "dose–response", "dose–respons",
	"plausible confounding", "plausibel konfundering", "methodological limitations", "metodiske begrensninger",
	"coherence", "sammenheng", "adequacy", "tilstrekkelige data", "relevance", "relevans",
	"minor concerns", "små betenkeligheter", "moderate concerns", "moderate betenkeligheter", "serious concerns", "alvorlige betenkeligheter",
	"serious", "alvorlig")

func reasonWords(reason, lang string) string {
	if lang == "nb" {
		return reasonsWordsNB.Replace(reason)
	}
	return strings.ReplaceAll(reason, "very-serious", "very serious")
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// maybeRuleNB words the maybe rule in Norwegian.
var maybeRuleNB = map[string]string{
	"include":  "«Kanskje» telte som inkludering.",
	"exclude":  "«Kanskje» telte som eksklusjon.",
	"separate": "«Kanskje» var en egen kategori som aldri ble avgjort ved enighet alene.",
}

// resolutionText says, per stage, how many studies the reviewers agreed on
// and how the rest were settled (from the current resolutions).
func (r *Report) resolutionText(w words) string {
	var parts []string
	for _, a := range r.Agreement {
		m := r.Resolved[a.Stage]
		var how []string
		for _, c := range []struct{ method, nb, en string }{{"consensus", "ved konsensus", "by consensus"},
			{"third-reviewer", "av en tredje person", "by a third reviewer"}, {"single", "av én person", "by one reviewer"}} {
			if n := m[c.method]; n > 0 {
				if w.lang == "nb" {
					how = append(how, fmt.Sprintf("%d %s", n, c.nb))
				} else {
					how = append(how, fmt.Sprintf("%d %s", n, c.en))
				}
			}
		}
		stage := lowerFirst(w.stageName[a.Stage])
		switch {
		case w.lang == "nb" && len(how) > 0:
			parts = append(parts, fmt.Sprintf("%s: %s avgjort ved enighet, %s", upperFirst(stage), w.studies(m["agreement"]), strings.Join(how, ", ")))
		case w.lang == "nb":
			parts = append(parts, fmt.Sprintf("%s: %s avgjort ved enighet", upperFirst(stage), w.studies(m["agreement"])))
		case len(how) > 0:
			parts = append(parts, fmt.Sprintf("%s: %s settled by agreement, %s", upperFirst(stage), w.studies(m["agreement"]), strings.Join(how, ", ")))
		default:
			parts = append(parts, fmt.Sprintf("%s: %s settled by agreement", upperFirst(stage), w.studies(m["agreement"])))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ". ") + "."
}
