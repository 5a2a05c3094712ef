package index

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// TestTextAnalyserMatchesBleve checks that the title and abstract fields
// the text analyser makes hold exactly the terms, positions and offsets
// bleve's analysers give, on the corpus's real titles and abstracts (and
// the Norwegian ones, and a few words that test the filters' corners).
func TestTextAnalyserMatchesBleve(t *testing.T) {
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
		for _, lang := range []string{langEnglish, langNorwegian} {
			d := &studyDoc{title: tx[0], abstract: tx[1], language: lang, taStatus: StatusUnscreened, ftStatus: StatusIncluded}
			doc, err := d.document("1", m, ta)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range doc.Fields {
				f.Analyze() // the other fields; scorch does this when indexing
			}
			got := fieldDump(doc)

			titleLang, abstractLang := languages(d.title, d.abstract, d.language)
			ref := d.fields(titleLang, abstractLang)
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

// fieldDump describes each analysed field of doc: its options, length
// and every term with its locations, in a fixed order.
func fieldDump(doc *document.Document) map[string]string {
	out := map[string]string{}
	for _, f := range doc.Fields {
		var b strings.Builder
		fmt.Fprintf(&b, "options %v length %d:", f.Options(), f.AnalyzedLength())
		freqs := f.AnalyzedTokenFrequencies()
		terms := make([]string, 0, len(freqs))
		for k := range freqs {
			terms = append(terms, k)
		}
		sort.Strings(terms)
		for _, k := range terms {
			tf := freqs[k]
			fmt.Fprintf(&b, " %q=%q×%d", k, tf.Term, tf.Frequency())
			for _, l := range tf.Locations {
				fmt.Fprintf(&b, " %s", location(l))
			}
		}
		out[f.Name()] = b.String()
	}
	return out
}

func location(l *index.TokenLocation) string {
	return fmt.Sprintf("[%d %d-%d %q %v]", l.Position, l.Start, l.End, l.Field, l.ArrayPositions)
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
	for _, r := range labelledRecords(t, "ace_cohen2006_ferdinands.csv") {
		texts = append(texts, r.Title, r.Abstract)
	}
	texts = append(texts, "Zz@[`{/ \r\n\t\"-", "e.g. U.S.A. 1,000,000 3.5mg don't a:b 1:2 a.1 1.a a1.b x'y'z 1'000 (n=12; p<0.05)")
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
