package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Version names the mapping and the way documents are built. An index
// written under another version is rebuilt; change it whenever mapping.go
// or document.go change what is indexed.
const Version = "oversikt-index-6"

// plainAnalyzer splits on Unicode word boundaries and lowercases, nothing
// more: the unstemmed copy that fuzzy, prefix and exact phrase queries use.
const plainAnalyzer = "plain"

// stemAnalyzers are the analysers of the stemmed copies, by language.
var stemAnalyzers = map[string]string{langEnglish: en.AnalyzerName, langNorwegian: no.AnalyzerName}

// Index fields. Title and abstract are indexed twice: unstemmed (title,
// abstract) and stemmed in the language guessed for each (title_en or
// title_no, abstract_en or abstract_no).
const (
	fTitle      = "title"
	fTitleEN    = "title_en"
	fTitleNO    = "title_no"
	fAbstract   = "abstract"
	fAbstractEN = "abstract_en"
	fAbstractNO = "abstract_no"
	fAuthors    = "authors"
	fKeywords   = "keywords"
	fJournal    = "journal"
	fYear       = "year"
	fDecade     = "decade"
	fDOI        = "doi"
	fPMID       = "pmid"
	fSource     = "source"
	fLang       = "lang"
	fTAStatus   = "ta_status"
	fFTStatus   = "ft_status"
)

// newMapping returns the index mapping: one document type, explicit
// fields only; only the screening status is stored (hits are shown from
// the database).
func newMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(plainAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = plainAnalyzer
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	doc := bleve.NewDocumentStaticMapping()
	text := func(analyzer string, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	// Documents carry title and abstract analysed ahead (textfield.go);
	// queries analyse their terms by these mappings.
	for _, name := range []string{fTitle, fAbstract} {
		doc.AddFieldMappingsAt(name, text(plainAnalyzer, true))
		for lang, analyzer := range stemAnalyzers {
			doc.AddFieldMappingsAt(name+"_"+lang, text(analyzer, true))
		}
	}
	// Term vectors (positions) on every analysed field: phrases need them.
	for _, name := range []string{fAuthors, fKeywords, fJournal, fSource} {
		doc.AddFieldMappingsAt(name, text(plainAnalyzer, true))
	}
	// The year is a keyword too, its term four digits (yearTerm), and so
	// is its decade, three (decadeTerm), so a range of years is a few
	// ranges of terms (query.go): two terms per study where a numeric
	// field indexes sixteen, which cost 6% of a rebuild.
	for _, name := range []string{fDOI, fPMID, fLang, fTAStatus, fFTStatus, fYear, fDecade} {
		f := text(keyword.Name, false)
		f.Store = name == fTAStatus || name == fFTStatus // shown with hits
		doc.AddFieldMappingsAt(name, f)
	}

	// No composite _all field: queries name their fields (see query.go).
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im.DefaultMapping = doc
	return im, nil
}
