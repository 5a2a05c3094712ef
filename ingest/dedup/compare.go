package dedup

import (
	"math"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Verdict is what a comparison concludes about a pair of records.
type Verdict int

// Verdicts, from weakest to strongest.
const (
	Distinct  Verdict = iota // different studies
	Uncertain                // a reviewer should look
	Certain                  // the same study: merge
)

func (v Verdict) String() string {
	return [...]string{"distinct", "uncertain", "certain"}[v]
}

// match is the outcome of comparing two records.
type match struct {
	verdict Verdict
	method  string
	score   float64
	fields  []string // the fields that agreed
}

// evidence is what two records' fields say, field by field.
type evidence struct {
	title                  float64
	agree                  []string
	yearGap                int // -1 when a year is missing
	authors, authorsClash  bool
	journal                bool
	volumeClash, pageClash bool
	doiClash               bool
	noticeClash            bool
	confClash              bool
	numberClash            bool // the titles carry different numbers ("Part 1", "Part 2")
}

func weigh(a, b *item) evidence {
	var e evidence
	for _, ta := range a.titles {
		for _, tb := range b.titles {
			e.title = math.Max(e.title, titleSimilarity(ta, tb))
		}
	}
	if e.title >= 0.9 {
		e.agree = append(e.agree, "title")
	}
	if e.title < 1 && len(a.titles) > 0 && len(b.titles) > 0 {
		e.numberClash = numbersDiffer(a.titles[0], b.titles[0])
	}
	e.yearGap = -1
	if a.year != 0 && b.year != 0 {
		e.yearGap = abs(a.year - b.year)
		if e.yearGap == 0 {
			e.agree = append(e.agree, "year")
		}
	}
	if len(a.authors) > 0 && len(b.authors) > 0 {
		ov := overlap(a.authors, b.authors)
		e.authors = a.authors[0] == b.authors[0] || ov >= 0.5
		e.authorsClash = !e.authors && ov < 0.25
		if e.authors {
			e.agree = append(e.agree, "authors")
		}
	}
	if a.journal != "" && b.journal != "" {
		e.journal = journalsAgree(a.journal, b.journal)
		if e.journal {
			e.agree = append(e.agree, "journal")
		}
	}
	if a.volume != "" && b.volume != "" {
		if a.volume == b.volume {
			e.agree = append(e.agree, "volume")
		} else {
			e.volumeClash = true
		}
	}
	if a.page != "" && b.page != "" {
		if a.page == b.page {
			e.agree = append(e.agree, "pages")
		} else {
			e.pageClash = true
		}
	}
	if a.doi != "" && b.doi != "" {
		if a.doi == b.doi {
			e.agree = append(e.agree, "doi")
		} else {
			e.doiClash = !a.preprint && !b.preprint
		}
	}
	if a.pmid != "" && b.pmid == a.pmid {
		e.agree = append(e.agree, "pmid")
	}
	e.noticeClash = a.notice != b.notice
	e.confClash = a.conf != b.conf && !(e.yearGap == 0 && contains(e.agree, "pages")) && (e.yearGap > 0 || e.pageClash || !e.journal)
	return e
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// overlap is the share of the shorter author list found in the other.
func overlap(a, b []string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(a))
}

// score summarises evidence as one number in [0, 1] for people to read:
// title similarity, raised by each agreeing field and lowered by clashes.
func (e *evidence) score() float64 {
	s := 0.6*e.title + 0.05*float64(len(e.agree))
	if e.yearGap > 1 {
		s -= 0.1
	}
	for _, c := range []bool{e.authorsClash, e.volumeClash, e.pageClash, e.doiClash, e.noticeClash} {
		if c {
			s -= 0.1
		}
	}
	return math.Round(math.Max(0, math.Min(1, s))*1000) / 1000
}

// compare decides whether two records report the same study, by their
// fields alone (identifier matches are the caller's first tier).
func compare(a, b *item) match {
	e := weigh(a, b)
	m := match{method: data.MethodFuzzy, score: e.score(), fields: e.agree}
	m.verdict = fuzzyVerdict(&e)
	return m
}

func fuzzyVerdict(e *evidence) Verdict {
	if e.title < 0.75 || e.noticeClash {
		return Distinct
	}
	clashes := 0
	for _, c := range []bool{e.volumeClash, e.pageClash, e.doiClash} {
		if c {
			clashes++
		}
	}
	hard := e.yearGap > 1 || e.authorsClash
	support := len(e.agree) - 1 // beyond the title
	if e.title < 0.9 {
		// A looser title needs the rest of the citation to agree.
		if !hard && clashes == 0 && !e.numberClash && e.authors && e.yearGap == 0 && (e.journal || contains(e.agree, "pages") || contains(e.agree, "volume")) {
			return Certain
		}
		if !hard && e.authors && e.title >= 0.8 {
			return Uncertain
		}
		return Distinct
	}
	switch {
	case hard:
		// Same group, near-identical title, another year or other authors.
		if e.title >= 0.97 && (e.authors || e.journal) {
			return Uncertain
		}
		return Distinct
	case e.confClash, e.numberClash:
		return Uncertain
	case clashes == 0 && support >= 1:
		return Certain
	case clashes == 0:
		// Nothing but the title: enough only for a long identical title.
		if e.title == 1 {
			return Certain
		}
		return Uncertain
	case clashes == 1 && e.doiClash && e.title >= 0.97 && e.authors && e.journal && e.yearGap == 0 &&
		contains(e.agree, "volume") && contains(e.agree, "pages"):
		// Two DOIs for one citation that agrees in every other field: a
		// publisher's move, or a DOI written two ways.
		return Certain
	case clashes == 1 && e.title >= 0.97 && e.authors && e.journal && e.yearGap == 0 && !e.doiClash:
		// One of volume or pages disagrees, often a misfiled column.
		return Certain
	}
	return Uncertain
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// compareIdentifier decides a pair that shares a DOI or PMID: the same
// study unless the titles say otherwise (an erratum or comment can carry
// the article's DOI; a book's chapters can share one).
func compareIdentifier(a, b *item, method string) match {
	e := weigh(a, b)
	if e.title < 0.6 && len(a.titles) > 0 && len(b.titles) > 0 {
		// Few pairs share an identifier: afford the edit distance even
		// where typos left few words in common.
		e.title = math.Max(e.title, editSimilarity(a.titles[0], b.titles[0], 0.3))
	}
	m := match{method: method, score: e.score(), fields: e.agree}
	untitled := len(a.titles) == 0 || len(b.titles) == 0
	switch {
	case e.noticeClash, !untitled && e.title < 0.4:
		// An erratum or comment with the article's DOI; unrelated titles
		// under one DOI (a supplement's abstracts).
		m.verdict = Distinct
	case e.pageClash && e.title < 1:
		// A supplement's or a book's DOI shared by abstracts or chapters
		// with near titles: the pages differ.
		m.verdict = Uncertain
	case untitled || e.title >= 0.6:
		m.verdict = Certain
		m.score = math.Max(m.score, 0.99)
	default:
		m.verdict = Uncertain
	}
	return m
}

// numbersDiffer reports whether two folded titles carry different numbers
// (digits, or Roman numerals from ii on): parts of a series, follow-ups.
func numbersDiffer(a, b string) bool {
	na, nb := numbers(a), numbers(b)
	if len(na) != len(nb) {
		return true
	}
	for i := range na {
		if na[i] != nb[i] {
			return true
		}
	}
	return false
}

// numbers returns the digit runs of a folded title ("glp 1 9 37" and
// "glp1 9 37" alike) and its Roman numerals from ii on.
func numbers(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if romanNumerals[w] {
			out = append(out, w)
		}
	}
	start := -1
	for i := 0; i <= len(s); i++ {
		digit := i < len(s) && s[i] >= '0' && s[i] <= '9'
		switch {
		case digit && start < 0:
			start = i
		case !digit && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

var romanNumerals = map[string]bool{"ii": true, "iii": true, "iv": true, "vi": true, "vii": true, "viii": true, "ix": true, "xi": true, "xii": true}
