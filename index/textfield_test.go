package index

import (
	"fmt"
	"sort"
	"strings"
	"testing"

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
