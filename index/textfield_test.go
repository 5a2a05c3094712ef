package index

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/size"
	index "github.com/blevesearch/bleve_index_api"
)

// TestDocumentMatchesBleve checks that the documents the text analyser
// makes hold exactly the terms, positions, offsets and stored values
// bleve's mapping and analysers give, as the index merges the fields of a
// name, on the corpus's real titles and abstracts (and the Norwegian
// ones, and a few words that test the filters' corners), with authors,
// keywords, journals, sources and identifiers.
func TestDocumentMatchesBleve(t *testing.T) {
	var texts [][2]string
	for _, f := range []string{"bannach-brown_2019.csv", "virus_kwok2020_ferdinands.csv", "ace_cohen2006_ferdinands.csv", "wilson_appenzeller-herzog2019_ferdinands.csv"} {
		for i, r := range labelledRecords(t, f) {
			if i%16 == 0 { // a sixteenth of each set keeps the test quick
				texts = append(texts, [2]string{r.Title, r.Abstract})
			}
		}
	}
	for _, r := range norwegianRecords {
		texts = append(texts, [2]string{r.Title, r.Abstract})
	}
	texts = append(texts,
		[2]string{"", ""},
		[2]string{"The Children's and the CHILDREN’S ΣΟΦΟΣ İstanbul", "Don't re-use 3.5 mg/kg; e.g. COVID-19 (SARS-CoV-2) 日本語 læringsnettverkene ﬁnd"},
		[2]string{"Læringsnettverk i helsetjenesten", "Ledelse og lederforankring av læringsnettverket. The the THE."},
	)
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	ta, err := newTextAnalyser(m)
	if err != nil {
		t.Fatal(err)
	}
	for i, tx := range texts {
		// Every other text with an analyser that forgets all it knew
		// after every few words.
		ta.maxWords = []int{maxWords, 3}[i%2]
		for j, lang := range []string{langEnglish, langNorwegian} {
			d := &studyDoc{title: tx[0], abstract: tx[1], language: lang, taStatus: StatusUnscreened, ftStatus: StatusIncluded}
			if j == 1 || i%3 == 0 {
				// The other fields from other texts, as one value or many.
				o := texts[(i+1)%len(texts)]
				d.authors, d.keywords, d.journal = o[0], o[1], tx[0]
				d.srcs = []string{"Scopus", o[0], "PubMed (MEDLINE)"}[:1+i%3]
				d.dois = []string{"10.1000/abc.1", "10.1000/ABC.2"}[:i%3]
				d.pmids = []string{"123", "456"}[:1+i%2]
				d.year = 1990 + i
			}
			doc := d.document("1", ta)
			for _, f := range doc.Fields {
				f.Analyze() // scorch does this when indexing (our fields are analysed ahead)
				if tf, ok := f.(*textField); ok {
					if want := reflectStaticSizeTextField + size.SizeOfPtr + len(tf.name) + tf.freqs.Size(); tf.Size() != want {
						t.Errorf("text %d (%s) field %s: Size() = %d, want %d", i, lang, tf.name, tf.Size(), want)
					}
				}
			}
			got := fieldDump(doc)

			titleLang, abstractLang := languages(d.title, d.abstract, d.language)
			ref := map[string]any{
				fAuthors: d.authors, fKeywords: d.keywords, fJournal: d.journal,
				fDOI: d.dois, fPMID: d.pmids, fSource: d.srcs,
				fLang: abstractLang, fTAStatus: d.taStatus, fFTStatus: d.ftStatus,
			}
			if d.abstract == "" {
				ref[fLang] = titleLang
			}
			if d.year != 0 {
				ref[fYear], ref[fDecade] = yearTerm(d.year), decadeTerm(d.year/10)
			}
			ref[fTitle], ref[fTitle+"_"+titleLang] = d.title, d.title
			ref[fAbstract], ref[fAbstract+"_"+abstractLang] = d.abstract, d.abstract
			want := document.NewDocument("1")
			if err := m.MapDocument(want, ref); err != nil {
				t.Fatal(err)
			}
			for _, f := range want.Fields {
				f.Analyze()
			}
			wantDump := fieldDump(want)
			if len(got) != len(wantDump) {
				t.Errorf("text %d (%s): %d fields, want %d", i, lang, len(got), len(wantDump))
			}
			for name, w := range wantDump {
				if g := got[name]; g != w {
					t.Errorf("text %d (%s) field %s:\n got %.300s\nwant %.300s", i, lang, name, g, w)
				}
			}
		}
	}
}

// fieldDump describes what the index takes from each field name of doc
// as it merges the fields of one name: their options, stored values,
// total length and every term with its frequency and locations, in a
// fixed order. Fields with no terms and nothing stored are left out: they
// add nothing to the index.
func fieldDump(doc *document.Document) map[string]string {
	type merged struct {
		options index.FieldIndexingOptions
		stored  []string
		length  int
		freqs   map[string][]string // term → frequency, then locations
		counts  map[string]int
	}
	fields := map[string]*merged{}
	for _, f := range doc.Fields {
		mf := fields[f.Name()]
		if mf == nil {
			mf = &merged{options: f.Options(), freqs: map[string][]string{}, counts: map[string]int{}}
			fields[f.Name()] = mf
		}
		if f.Options() != mf.options {
			mf.stored = append(mf.stored, fmt.Sprintf("(options %v)", f.Options()))
		}
		if f.Options().IsStored() {
			mf.stored = append(mf.stored, fmt.Sprintf("%q@%v", f.Value(), f.ArrayPositions()))
		}
		mf.length += f.AnalyzedLength()
		for k, tf := range f.AnalyzedTokenFrequencies() {
			if string(tf.Term) != k {
				mf.freqs[k] = append(mf.freqs[k], fmt.Sprintf("(term %q)", tf.Term))
			}
			mf.counts[k] += tf.Frequency()
			for _, l := range tf.Locations {
				mf.freqs[k] = append(mf.freqs[k], location(l))
			}
		}
	}
	out := map[string]string{}
	for name, mf := range fields {
		if len(mf.counts) == 0 && len(mf.stored) == 0 {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "options %v stored %v length %d:", mf.options, mf.stored, mf.length)
		terms := make([]string, 0, len(mf.counts))
		for k := range mf.counts {
			terms = append(terms, k)
		}
		sort.Strings(terms)
		for _, k := range terms {
			fmt.Fprintf(&b, " %q×%d %s", k, mf.counts[k], strings.Join(mf.freqs[k], " "))
		}
		out[name] = b.String()
	}
	return out
}

// location describes a term's location as the index keeps it: the field
// a merged location names is the field it is merged into.
func location(l *index.TokenLocation) string {
	return fmt.Sprintf("[%d %d-%d %v]", l.Position, l.Start, l.End, l.ArrayPositions)
}

// TestTokenizeMatchesBleve checks the ASCII tokeniser against bleve's on
// every string of up to five characters from a letter, a digit and the
// punctuation the word-boundary rules treat apart, and on the corpus.
func TestTokenizeMatchesBleve(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	ta, err := newTextAnalyser(m)
	if err != nil {
		t.Fatal(err)
	}
	alphabet := []byte("a9.,;:' _")
	var texts []string
	var gen func(prefix []byte, n int)
	gen = func(prefix []byte, n int) {
		texts = append(texts, string(prefix))
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			gen(append(prefix, c), n-1)
		}
	}
	gen(nil, 5)
	// Runs of other characters are cut apart at white space: check the
	// white space, marks and joiners after it, and the characters of other
	// scripts and punctuation around it.
	runes := append(strings.Split("a . ' _ \t \n é \u0301 \u200d ’ 日 👍 \xff", " "), " ")
	var genRunes func(prefix string, n int)
	genRunes = func(prefix string, n int) {
		texts = append(texts, prefix)
		if n == 0 {
			return
		}
		for _, r := range runes {
			genRunes(prefix+r, n-1)
		}
	}
	genRunes("", 4)
	for _, r := range labelledRecords(t, "ace_cohen2006_ferdinands.csv") {
		texts = append(texts, r.Title, r.Abstract)
	}
	texts = append(texts, "Zz@[`{/ \r\n\t\"-", "Læringsnettverk i kommunene, e.g. 3.5 mg/kg — the CHILDREN’S ΣΟΦΟΣ  İstanbul\u0301 x\u200d👍 日本語 ﬁnd", "e.g. U.S.A. 1,000,000 3.5mg don't a:b 1:2 a.1 1.a a1.b x'y'z 1'000 (n=12; p<0.05)")
	for _, text := range texts {
		got := tokenDump(ta.tokenize([]byte(text)))
		want := tokenDump(ta.tokenizer.Tokenize([]byte(text)))
		if got != want {
			t.Errorf("tokenize(%q) = %s, want %s", text, got, want)
		}
	}
}

func tokenDump(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "[%q %d-%d %d]", t.Term, t.Start, t.End, t.Position)
	}
	return b.String()
}
