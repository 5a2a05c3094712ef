package index

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrQuery wraps every mistake in a query a user typed.
var ErrQuery = errors.New("invalid query")

// fieldSpec says where one query field looks: plain fields (unstemmed),
// stemmed fields (terms and phrases only), and how values are treated.
type fieldSpec struct {
	plain   []string
	stemmed []string
	keyword []string // not analysed: the whole value is one term
	numeric bool     // year
	lower   bool     // keyword values are stored in lower case (doi)
}

var (
	titleSpec    = fieldSpec{plain: []string{fTitle}, stemmed: []string{fTitleEN, fTitleNO}}
	abstractSpec = fieldSpec{plain: []string{fAbstract}, stemmed: []string{fAbstractEN, fAbstractNO}}
	authorSpec   = fieldSpec{plain: []string{fAuthors}}
	keywordSpec  = fieldSpec{plain: []string{fKeywords}}
	journalSpec  = fieldSpec{plain: []string{fJournal}}
	sourceSpec   = fieldSpec{plain: []string{fSource}}
	yearSpec     = fieldSpec{numeric: true}
)

// queryFields maps the field names a query may use to where they look.
// The unnamed field ("") searches title, abstract, authors, keywords and
// the identifiers.
var queryFields = map[string]fieldSpec{
	"": {plain: []string{fTitle, fAbstract, fAuthors, fKeywords},
		stemmed: []string{fTitleEN, fTitleNO, fAbstractEN, fAbstractNO}, keyword: []string{fDOI, fPMID}, lower: true},
	"title": titleSpec, "ti": titleSpec,
	"abstract": abstractSpec, "ab": abstractSpec,
	"author": authorSpec, "authors": authorSpec, "au": authorSpec,
	"keyword": keywordSpec, "keywords": keywordSpec, "kw": keywordSpec,
	"journal": journalSpec, "jo": journalSpec,
	"source": sourceSpec,
	"year":   yearSpec, "py": yearSpec,
	"doi":       {keyword: []string{fDOI}, lower: true},
	"pmid":      {keyword: []string{fPMID}},
	"lang":      {keyword: []string{fLang}, lower: true},
	"ta_status": {keyword: []string{fTAStatus}, lower: true},
	"ft_status": {keyword: []string{fFTStatus}, lower: true},
}

// QueryFields lists the field names a query may use (title:, author: …).
func QueryFields() []string {
	var names []string
	for n := range queryFields {
		if n != "" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// parseQuery parses a bleve query string and points every clause at the
// index's fields: terms at the stemmed and plain copies, fuzzy, prefix and
// regular-expression terms at the plain copies only, numbers without a
// field also at the year. An empty query or "*" matches every study.
func parseQuery(s string) (query.Query, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return bleve.NewMatchAllQuery(), nil
	}
	q, err := (&query.QueryStringQuery{Query: s}).Parse()
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrQuery, err)
	}
	return rewrite(q)
}

func rewrite(q query.Query) (query.Query, error) {
	var err error
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, part := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
			if *part != nil {
				if *part, err = rewrite(*part); err != nil {
					return nil, err
				}
			}
		}
		return q, nil
	case *query.ConjunctionQuery:
		return q, rewriteAll(q.Conjuncts)
	case *query.DisjunctionQuery:
		return q, rewriteAll(q.Disjuncts)
	case *query.MatchQuery:
		if s, ok := queryFields[strings.ToLower(q.FieldVal)]; ok && s.numeric {
			if _, err := strconv.ParseFloat(q.Match, 64); err == nil {
				// The parser also made a numeric clause for this number.
				return bleve.NewMatchNoneQuery(), nil
			}
		}
		spec, err := specFor(q.FieldVal)
		if err != nil {
			return nil, err
		}
		fields := spec.plain
		if q.Fuzziness == 0 {
			fields = spec.termFields(q.Match)
		}
		return expand(fields, spec.keywordTerms(q.Match), q.Boost(), func(f string) query.Query {
			m := bleve.NewMatchQuery(q.Match)
			m.SetField(f)
			m.SetFuzziness(q.Fuzziness)
			return m
		}), nil
	case *query.MatchPhraseQuery:
		spec, err := specFor(q.FieldVal)
		if err != nil {
			return nil, err
		}
		fields := append(append([]string{}, spec.plain...), spec.stemmed...)
		return expand(fields, spec.keywordTerms(q.MatchPhrase), q.Boost(), func(f string) query.Query {
			m := bleve.NewMatchPhraseQuery(q.MatchPhrase)
			m.SetField(f)
			return m
		}), nil
	case *query.WildcardQuery:
		spec, err := specFor(q.FieldVal)
		if err != nil {
			return nil, err
		}
		text := strings.ToLower(q.Wildcard)
		return expand(append(append([]string{}, spec.plain...), spec.keyword...), nil, q.Boost(), func(f string) query.Query {
			w := bleve.NewWildcardQuery(text)
			w.SetField(f)
			return w
		}), nil
	case *query.RegexpQuery:
		spec, err := specFor(q.FieldVal)
		if err != nil {
			return nil, err
		}
		return expand(append(append([]string{}, spec.plain...), spec.keyword...), nil, q.Boost(), func(f string) query.Query {
			r := bleve.NewRegexpQuery(q.Regexp)
			r.SetField(f)
			return r
		}), nil
	case *query.NumericRangeQuery:
		if q.FieldVal != "" {
			spec, ok := queryFields[strings.ToLower(q.FieldVal)]
			if !ok {
				_, err := specFor(q.FieldVal)
				return nil, err
			}
			if !spec.numeric {
				// A number in a text field ("pmid:123") is matched as text by
				// the other half of the disjunction the parser made.
				return bleve.NewMatchNoneQuery(), nil
			}
		}
		return yearRange(q), nil
	case *query.DateRangeQuery:
		return nil, fmt.Errorf("%w: dates are not indexed; use year:>=2010", ErrQuery)
	}
	return nil, fmt.Errorf("%w: unsupported clause %T", ErrQuery, q)
}

// yearRange turns a numeric range into the ranges of year and decade terms
// that cover it (years are whole numbers from 1 to 9999, see yearTerm):
// the whole decades in it by their decade terms, the years before and
// after them by theirs. "year:>=2000" is then the few decades from 200 on
// rather than every year since 2000, which took half as long again.
func yearRange(q *query.NumericRangeQuery) query.Query {
	lo, hi := 1.0, 9999.0
	if q.Min != nil {
		// The lower end is inclusive unless said otherwise.
		if q.InclusiveMin == nil || *q.InclusiveMin {
			lo = max(lo, math.Ceil(*q.Min))
		} else {
			lo = max(lo, math.Floor(*q.Min)+1)
		}
	}
	if q.Max != nil {
		// The upper end is exclusive unless said otherwise.
		if q.InclusiveMax != nil && *q.InclusiveMax {
			hi = min(hi, math.Floor(*q.Max))
		} else {
			hi = min(hi, math.Ceil(*q.Max)-1)
		}
	}
	if !(lo <= hi) { // also when an end is NaN
		return bleve.NewMatchNoneQuery()
	}
	from, to := int(lo), int(hi)
	inclusive := true
	termRange := func(field, min, max string) query.Query {
		r := bleve.NewTermRangeInclusiveQuery(min, max, &inclusive, &inclusive)
		r.SetField(field)
		return r
	}
	var parts []query.Query
	firstDecade, lastDecade := (from+9)/10, (to+1)/10-1 // the whole decades in the range
	if firstDecade > lastDecade {
		parts = append(parts, termRange(fYear, yearTerm(from), yearTerm(to)))
	} else {
		if from < firstDecade*10 {
			parts = append(parts, termRange(fYear, yearTerm(from), yearTerm(firstDecade*10-1)))
		}
		parts = append(parts, termRange(fDecade, decadeTerm(firstDecade), decadeTerm(lastDecade)))
		if to >= (lastDecade+1)*10 {
			parts = append(parts, termRange(fYear, yearTerm((lastDecade+1)*10), yearTerm(to)))
		}
	}
	var out query.Query = parts[0]
	if len(parts) > 1 {
		out = bleve.NewDisjunctionQuery(parts...)
	}
	if b := q.Boost(); b != 1 && b != 0 {
		out.(query.BoostableQuery).SetBoost(b)
	}
	return out
}

func rewriteAll(qs []query.Query) error {
	for i, c := range qs {
		r, err := rewrite(c)
		if err != nil {
			return err
		}
		qs[i] = r
	}
	return nil
}

func specFor(field string) (fieldSpec, error) {
	spec, ok := queryFields[strings.ToLower(field)]
	if !ok {
		return spec, fmt.Errorf("%w: unknown field %q; fields are %s", ErrQuery, field, strings.Join(QueryFields(), ", "))
	}
	if spec.numeric {
		return fieldSpec{}, fmt.Errorf("%w: %s takes a number or a range (%s:2019, %s:>=2010)", ErrQuery, field, field, field)
	}
	return spec, nil
}

// termFields returns the fields a plain term is looked up in: the stemmed
// copies instead of the unstemmed ones they duplicate (the same analyser
// indexed and queries them, so an exact word matches there too, and every
// clause saved counts at 100 000 studies), except for stop words, which
// only the unstemmed copies keep.
func (spec fieldSpec) termFields(term string) []string {
	if len(spec.stemmed) == 0 || isStopWord(strings.ToLower(term)) {
		return append(append([]string{}, spec.plain...), spec.stemmed...)
	}
	var out []string
	for _, f := range spec.plain {
		if f != fTitle && f != fAbstract {
			out = append(out, f)
		}
	}
	return append(out, spec.stemmed...)
}

// stopWords are the English and Norwegian stop words the stemming
// analysers drop.
var stopWords = sync.OnceValue(func() analysis.TokenMap {
	tm := analysis.NewTokenMap()
	tm.LoadBytes(en.EnglishStopWords)
	tm.LoadBytes(no.NorwegianStopWords)
	return tm
})

func isStopWord(w string) bool {
	_, ok := stopWords()[w]
	return ok
}

// keywordTerms returns a term query per keyword field for value.
func (spec fieldSpec) keywordTerms(value string) []query.Query {
	if spec.lower {
		value = strings.ToLower(value)
	}
	var qs []query.Query
	for _, f := range spec.keyword {
		t := bleve.NewTermQuery(value)
		t.SetField(f)
		qs = append(qs, t)
	}
	return qs
}

// expand returns one clause per field, and the extra clauses, any of which
// may match.
func expand(fields []string, extra []query.Query, boost float64, clause func(field string) query.Query) query.Query {
	qs := make([]query.Query, 0, len(fields)+len(extra))
	for _, f := range fields {
		qs = append(qs, clause(f))
	}
	qs = append(qs, extra...)
	d := bleve.NewDisjunctionQuery(qs...)
	if boost != 1 && boost != 0 {
		d.SetBoost(boost)
	}
	return d
}
