package synthesis

import (
	"fmt"
	"math"
	"strings"
)

// words are the report's fixed phrases in one language.
type words struct {
	lang string
	to   string // "to" in a range

	keyFindings, summary, methods, results, references, appendix   string
	search, dedup, screeningH, prioritisation, codingH, synthesisH string
	prismaH, characteristics, effectsH, plotH, factorsH, barriersH string
	matrixFactors, matrixBarriers                                  string

	leadIn     map[string]string // evidence type → "From systematic reviews"
	typeName   map[string]string // evidence type → "Systematic reviews"
	one, many  map[string]string // evidence type → "review", "reviews"
	studyOne   string
	studyMany  string
	dirName    map[string]string
	stageName  map[string]string
	notAssess  string // certainty not assessed
	experience string // experience reports are not rated with GRADE
	factors    string // "Success factors"
	barriers   string
	none       string // "none reported"

	// table headers
	hSource, hKind, hDate, hRecords, hStage, hN, hAgree, hKappa, hPABAK, hAC1  string
	hRef, hStudy, hType, hDesign, hSetting, hCountry, hOutcome, hStudies, hPos string
	hNeg, hNone, hRefs, hCertainty, hFinding, hConfidence, hDirection, hCode   string
	kinds                                                                      map[string]string
}

var wordsNB = words{
	lang:        "nb",
	to:          "til",
	keyFindings: "Hovedfunn", summary: "Sammendrag", methods: "Metode", results: "Resultater", references: "Referanser", appendix: "Vedlegg",
	search: "Litteratursøk", dedup: "Dublettkontroll", screeningH: "Utvelgelse av studier", prioritisation: "Prioritering",
	codingH: "Datauttrekk (koding)", synthesisH: "Sammenstilling", prismaH: "Flytdiagram (PRISMA 2020)",
	characteristics: "Beskrivelse av de inkluderte studiene", effectsH: "Effekter", plotH: "Effektretningsplott",
	factorsH: "Suksessfaktorer", barriersH: "Barrierer", matrixFactors: "Studier og suksessfaktorer", matrixBarriers: "Studier og barrierer",
	leadIn: map[string]string{EvidenceReview: "Fra systematiske oversikter", EvidencePrimary: "Fra primærforskning",
		EvidenceExperience: "Fra erfarings- og evalueringsrapporter", EvidenceUnknown: "Fra studier som ikke er klassifisert ennå"},
	typeName: map[string]string{EvidenceReview: "Systematiske oversikter", EvidencePrimary: "Primærforskning",
		EvidenceExperience: "Erfarings- og evalueringsrapporter", EvidenceUnknown: "Ikke klassifisert"},
	one:      map[string]string{EvidenceReview: "oversikt", EvidencePrimary: "studie", EvidenceExperience: "rapport", EvidenceUnknown: "studie"},
	many:     map[string]string{EvidenceReview: "oversikter", EvidencePrimary: "studier", EvidenceExperience: "rapporter", EvidenceUnknown: "studier"},
	studyOne: "studie", studyMany: "studier",
	dirName: map[string]string{DirImproved: "forbedring", DirTrend: "positiv trend, ikke signifikant", DirNoDifference: "ingen forskjell",
		DirMixed: "blandet", DirWorse: "forverring", DirUnclear: "uklart"},
	stageName:  map[string]string{"ta": "Tittel og sammendrag", "ft": "Fulltekst"},
	notAssess:  "Tilliten til dokumentasjonen er ikke vurdert (GRADE).",
	experience: "Erfaringsrapporter vurderes ikke med GRADE; de beskriver erfaringer, ikke effekter.",
	factors:    "Suksessfaktorer", barriers: "Barrierer", none: "ingen rapportert",
	hSource: "Kilde", hKind: "Type", hDate: "Søkedato", hRecords: "Poster", hStage: "Trinn", hN: "n", hAgree: "Enighet",
	hKappa: "Kappa (95 % KI)", hPABAK: "PABAK", hAC1: "AC1", hRef: "Ref.", hStudy: "Studie", hType: "Kildetype",
	hDesign: "Design", hSetting: "Tjenestenivå", hCountry: "Land", hOutcome: "Utfall", hStudies: "Studier", hPos: "Positiv retning",
	hNeg: "Negativ retning", hNone: "Ingen retning", hRefs: "Referanser", hCertainty: "Tillit (GRADE)", hFinding: "Funn",
	hConfidence: "Tillit (CERQual)", hDirection: "Retning", hCode: "Kode",
	kinds: map[string]string{"database": "database", "register": "register", "website": "nettsted", "organisation": "organisasjon",
		"citation": "siteringssøk"},
}

var wordsEN = words{
	lang:        "en",
	to:          "to",
	keyFindings: "Key findings", summary: "Summary", methods: "Methods", results: "Results", references: "References", appendix: "Appendix",
	search: "Literature search", dedup: "Deduplication", screeningH: "Study selection", prioritisation: "Prioritisation",
	codingH: "Data extraction (coding)", synthesisH: "Synthesis", prismaH: "Flow diagram (PRISMA 2020)",
	characteristics: "Characteristics of the included studies", effectsH: "Effects", plotH: "Effect direction plot",
	factorsH: "Success factors", barriersH: "Barriers", matrixFactors: "Studies and success factors", matrixBarriers: "Studies and barriers",
	leadIn: map[string]string{EvidenceReview: "From systematic reviews", EvidencePrimary: "From primary research",
		EvidenceExperience: "From experience and evaluation reports", EvidenceUnknown: "From studies not classified yet"},
	typeName: map[string]string{EvidenceReview: "Systematic reviews", EvidencePrimary: "Primary research",
		EvidenceExperience: "Experience and evaluation reports", EvidenceUnknown: "Not classified"},
	one:      map[string]string{EvidenceReview: "review", EvidencePrimary: "study", EvidenceExperience: "report", EvidenceUnknown: "study"},
	many:     map[string]string{EvidenceReview: "reviews", EvidencePrimary: "studies", EvidenceExperience: "reports", EvidenceUnknown: "studies"},
	studyOne: "study", studyMany: "studies",
	dirName: map[string]string{DirImproved: "improved", DirTrend: "positive trend, not significant", DirNoDifference: "no difference",
		DirMixed: "mixed", DirWorse: "worse", DirUnclear: "unclear"},
	stageName:  map[string]string{"ta": "Title and abstract", "ft": "Full text"},
	notAssess:  "The certainty of the evidence has not been assessed (GRADE).",
	experience: "Experience reports are not rated with GRADE; they describe experience, not effects.",
	factors:    "Success factors", barriers: "Barriers", none: "none reported",
	hSource: "Source", hKind: "Kind", hDate: "Search date", hRecords: "Records", hStage: "Stage", hN: "n", hAgree: "Agreement",
	hKappa: "Kappa (95% CI)", hPABAK: "PABAK", hAC1: "AC1", hRef: "Ref.", hStudy: "Study", hType: "Evidence type",
	hDesign: "Design", hSetting: "Service level", hCountry: "Country", hOutcome: "Outcome", hStudies: "Studies", hPos: "Positive direction",
	hNeg: "Negative direction", hNone: "No direction", hRefs: "References", hCertainty: "Certainty (GRADE)", hFinding: "Finding",
	hConfidence: "Confidence (CERQual)", hDirection: "Direction", hCode: "Code",
	kinds: map[string]string{"database": "database", "register": "register", "website": "website", "organisation": "organisation",
		"citation": "citation searching"},
}

func wordsFor(lang string) words {
	if lang == "nb" {
		return wordsNB
	}
	return wordsEN
}

// count writes "3 studier" / "1 review" with the evidence type's noun.
func (w words) count(n int, evidence string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, w.one[evidence])
	}
	return fmt.Sprintf("%d %s", n, w.many[evidence])
}

// studies writes "5 studier" / "1 study".
func (w words) studies(n int) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, w.studyOne)
	}
	return fmt.Sprintf("%d %s", n, w.studyMany)
}

// num writes a count with thousands grouped as the language does.
func (w words) num(n int) string { return groupThousands(n, w.lang) }

// dec writes a number with d decimals and the language's decimal mark; a
// NaN is a dash.
func (w words) dec(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := fmt.Sprintf("%.*f", d, x)
	if w.lang == "nb" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	s = strings.ReplaceAll(s, "-", "−")
	return s
}

// pct writes a percentage: "94,3 %" / "94.3%".
func (w words) pct(x float64) string {
	if w.lang == "nb" {
		return w.dec(x, 1) + "\u00a0%"
	}
	return w.dec(x, 1) + "%"
}

// votes writes how the studies of a group point: "4 of 6 reviews point
// to improvement (3 improved, 1 positive trend (not significant)); 2 show
// no direction (1 mixed, 1 unclear)".
func (w words) votes(v Votes, evidence string) string {
	parts := func(dirs ...string) string {
		var ps []string
		for _, d := range dirs {
			if n := v.By[d]; n > 0 {
				ps = append(ps, fmt.Sprintf("%d %s", n, w.dirName[d]))
			}
		}
		return strings.Join(ps, ", ")
	}
	var out []string
	nb := w.lang == "nb"
	if v.Positive > 0 {
		if nb {
			out = append(out, fmt.Sprintf("%d av %s peker mot forbedring (%s)", v.Positive, w.count(v.N(), evidence), parts(DirImproved, DirTrend)))
		} else {
			out = append(out, fmt.Sprintf("%d of %s %s to improvement (%s)", v.Positive, w.count(v.N(), evidence), verb(v.Positive, "points", "point"), parts(DirImproved, DirTrend)))
		}
	}
	if v.Negative > 0 {
		if nb {
			out = append(out, fmt.Sprintf("%d av %s peker mot forverring", v.Negative, w.count(v.N(), evidence)))
		} else {
			out = append(out, fmt.Sprintf("%d of %s %s to worse results", v.Negative, w.count(v.N(), evidence), verb(v.Negative, "points", "point")))
		}
	}
	if v.None > 0 {
		if nb {
			out = append(out, fmt.Sprintf("%d av %s viser ingen klar retning (%s)", v.None, w.count(v.N(), evidence), parts(DirNoDifference, DirMixed, DirUnclear)))
		} else {
			out = append(out, fmt.Sprintf("%d of %s %s no clear direction (%s)", v.None, w.count(v.N(), evidence), verb(v.None, "shows", "show"), parts(DirNoDifference, DirMixed, DirUnclear)))
		}
	}
	return strings.Join(out, "; ")
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// typed writes a count of included studies with its evidence type:
// "9 systematiske oversikter", "1 primary study".
func (w words) typed(n int, evidence string) string {
	nb := map[string][2]string{EvidenceReview: {"systematisk oversikt", "systematiske oversikter"}, EvidencePrimary: {"primærstudie", "primærstudier"},
		EvidenceExperience: {"erfarings- eller evalueringsrapport", "erfarings- og evalueringsrapporter"}, EvidenceUnknown: {"studie som ikke er klassifisert ennå", "studier som ikke er klassifisert ennå"}}
	en := map[string][2]string{EvidenceReview: {"systematic review", "systematic reviews"}, EvidencePrimary: {"primary study", "primary studies"},
		EvidenceExperience: {"experience or evaluation report", "experience and evaluation reports"}, EvidenceUnknown: {"study not classified yet", "studies not classified yet"}}
	m := en
	if w.lang == "nb" {
		m = nb
	}
	if n == 1 {
		return fmt.Sprintf("%d %s", n, m[evidence][0])
	}
	return fmt.Sprintf("%d %s", n, m[evidence][1])
}

// lowerFirst lower-cases the first letter: "Patient outcomes" → "patient
// outcomes", for a label used inside a sentence.
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// upperFirst capitalises the first letter.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// mdEscape escapes text for a Markdown paragraph or table cell.
func mdEscape(s string) string { return mdEscaper.Replace(s) }

var mdEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `#`, `\#`, "\n", " ", "\r", " ")
