package synthesis

import (
	"strconv"
	"strings"
)

// labels are the texts of the PRISMA diagram in one language.
type labels struct {
	lang                                string
	title, headDB, headOther            string
	identification, screening, included string
	identifiedFrom                      string
	kind                                map[string]string
	removed, duplicates, automation     string
	otherRemoved                        string
	screened, awaitingScreening         string
	screenExcluded                      string
	sought, notRetrieved                string
	assessed, awaitingAssessment        string
	excluded                            string
	studies, reports                    string
}

func prismaLabels(lang string) labels {
	if lang == "nb" {
		return labels{lang: "nb",
			title:              "PRISMA 2020-flytdiagram",
			headDB:             "Identifisering av nye studier via databaser og registre",
			headOther:          "Identifisering av nye studier via andre metoder",
			identification:     "Identifisering",
			screening:          "Screening",
			included:           "Inkludert",
			identifiedFrom:     "Poster identifisert fra:",
			kind:               map[string]string{"database": "Databaser", "register": "Registre", "website": "Nettsteder", "organisation": "Organisasjoner", "citation": "Kjedesøk (referanser og siteringer)"},
			removed:            "Poster fjernet før screening:",
			duplicates:         "Duplikater fjernet",
			automation:         "Poster merket som uaktuelle av automatiske verktøy",
			otherRemoved:       "Poster fjernet av andre grunner",
			screened:           "Poster screenet",
			awaitingScreening:  "herav ikke screenet ennå",
			screenExcluded:     "Poster ekskludert",
			sought:             "Publikasjoner forsøkt innhentet i fulltekst",
			notRetrieved:       "Publikasjoner som ikke kunne innhentes",
			assessed:           "Publikasjoner vurdert for inklusjon",
			awaitingAssessment: "herav ikke vurdert ennå",
			excluded:           "Publikasjoner ekskludert",
			studies:            "Studier inkludert i oversikten",
			reports:            "Publikasjoner fra inkluderte studier",
		}
	}
	return labels{lang: "en",
		title:              "PRISMA 2020 flow diagram",
		headDB:             "Identification of new studies via databases and registers",
		headOther:          "Identification of new studies via other methods",
		identification:     "Identification",
		screening:          "Screening",
		included:           "Included",
		identifiedFrom:     "Records identified from:",
		kind:               map[string]string{"database": "Databases", "register": "Registers", "website": "Websites", "organisation": "Organisations", "citation": "Citation searching"},
		removed:            "Records removed before screening:",
		duplicates:         "Duplicate records removed",
		automation:         "Records marked as ineligible by automation tools",
		otherRemoved:       "Records removed for other reasons",
		screened:           "Records screened",
		awaitingScreening:  "of which not yet screened",
		screenExcluded:     "Records excluded",
		sought:             "Reports sought for retrieval",
		notRetrieved:       "Reports not retrieved",
		assessed:           "Reports assessed for eligibility",
		awaitingAssessment: "of which not yet assessed",
		excluded:           "Reports excluded",
		studies:            "Studies included in review",
		reports:            "Reports of included studies",
	}
}

// n formats " (n = 1 234)" with the language's thousands separator and a
// no-break space before the number, so "(n = 12)" never splits.
func (t labels) n(v int) string {
	return " (n\u00a0=\u00a0" + groupThousands(v, t.lang) + ")"
}

// groupThousands writes v with thousands separated: "1 234" (a no-break
// space) in Norwegian, "1,234" in English.
func groupThousands(v int, lang string) string {
	s := strconv.Itoa(v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if lang == "nb" {
		sep = "\u00a0"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// reasonsNB are Norwegian names of the default full-text exclusion reasons
// (screening.DefaultFullTextReasons) and of the reason PRISMA uses when
// none was recorded.
var reasonsNB = map[string]string{
	"wrong population":   "feil populasjon",
	"wrong intervention": "feil tiltak",
	"wrong comparator":   "feil sammenligning",
	"wrong outcome":      "feil utfallsmål",
	"wrong design":       "feil studiedesign",
	"not retrievable":    "ikke tilgjengelig",
	"duplicate":          "duplikat",
	"other":              "annet",
	noReason:             "ingen grunn oppgitt",
}

// ReasonLabel returns an exclusion reason as the diagram and report show
// it in lang: the default reasons are translated into Norwegian, and any
// other reason is shown as the reviewers wrote it.
func ReasonLabel(reason, lang string) string {
	if lang == "nb" {
		if nb, ok := reasonsNB[strings.ToLower(reason)]; ok {
			return nb
		}
	}
	return reason
}
