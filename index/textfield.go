package index

import (
	"fmt"
	"reflect"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/size"
	index "github.com/blevesearch/bleve_index_api"
)

// textAnalyser analyses a title or an abstract for both of its fields at
// once: it tokenises the text one time and derives the unstemmed terms
// and the stemmed ones from the same tokens, where bleve would tokenise it
// once per field. After the tokeniser, every filter of the plain, en and
// no analysers works on one token at a time, so the analyser runs bleve's
// own filters on each distinct word once and remembers the result. The
// terms, positions and offsets are exactly those bleve's analysers give
// (see TestTextAnalyserMatchesBleve). A textAnalyser is not safe for
// concurrent use: give each goroutine its own.
type textAnalyser struct {
	tokenizer analysis.Tokenizer
	plain     []analysis.TokenFilter
	stem      [len(stemLanguages)][]analysis.TokenFilter
	words     map[string]*wordForms
	terms     map[string]*term // one term per text, however many words make it
	field     uint64           // counts the fields made, to tell a term's marks apart
	maxWords  int              // how many words it remembers before it starts over

	// Scratch space, reused from one text to the next: nothing made
	// from a text keeps a reference to it.
	text                  []byte
	tokens                []analysis.Token
	stream                analysis.TokenStream
	plainTerms, stemTerms []*term
	which                 []int32
	counts                []int
	uniq                  []*term
}

// stemLanguages are the languages a textAnalyser stems, in the order of
// its arrays.
var stemLanguages = [...]string{langEnglish, langNorwegian}

// wordForms is what the filters make of one word as the tokeniser cut it.
type wordForms struct {
	plain *term
	stems [len(stemLanguages)]*term // a nil term is a stop word
	done  [len(stemLanguages)]bool
}

// term is an indexed term, shared by the words that make it ("The" and
// "the"), both as bytes (for bleve) and as a string (a map key that costs
// no allocation), and where the field being made keeps it: slot is valid
// when field is the analyser's current field.
type term struct {
	b     []byte
	s     string
	field uint64
	slot  int32
}

// maxWords bounds an analyser's memory of words; past it, it starts over
// (between texts: the words of one text must share their terms).
const maxWords = 1 << 18

func newTextAnalyser(m mapping.IndexMapping) (*textAnalyser, error) {
	chain := func(name string) (*analysis.DefaultAnalyzer, error) {
		a, ok := m.AnalyzerNamed(name).(*analysis.DefaultAnalyzer)
		if !ok || a.CharFilters != nil {
			return nil, fmt.Errorf("analyser %s: not a plain tokeniser and filter chain", name)
		}
		return a, nil
	}
	plain, err := chain(plainAnalyzer)
	if err != nil {
		return nil, err
	}
	ta := &textAnalyser{tokenizer: plain.Tokenizer, plain: plain.TokenFilters, words: map[string]*wordForms{}, terms: map[string]*term{}, maxWords: maxWords}
	for i, lang := range stemLanguages {
		a, err := chain(stemAnalyzers[lang])
		if err != nil {
			return nil, err
		}
		if a.Tokenizer != plain.Tokenizer {
			return nil, fmt.Errorf("analyser %s: tokenises unlike %s", stemAnalyzers[lang], plainAnalyzer)
		}
		ta.stem[i] = a.TokenFilters
	}
	return ta, nil
}

// forms returns what the filters make of the word raw: its plain term and
// its stem in language lang (an index in stemLanguages).
func (ta *textAnalyser) forms(raw []byte, lang int) (plain, stem *term) {
	w := ta.words[string(raw)]
	if w == nil {
		w = &wordForms{plain: ta.filterWord(raw, ta.plain)}
		ta.words[string(raw)] = w
	}
	if !w.done[lang] {
		w.stems[lang] = ta.filterWord(raw, ta.stem[lang])
		w.done[lang] = true
	}
	return w.plain, w.stems[lang]
}

// plainForm returns the plain term of the word raw.
func (ta *textAnalyser) plainForm(raw []byte) *term {
	w := ta.words[string(raw)]
	if w == nil {
		w = &wordForms{plain: ta.filterWord(raw, ta.plain)}
		ta.words[string(raw)] = w
	}
	return w.plain
}

// filterWord runs filters over the one-token stream raw, on a copy (bleve's
// filters may change a term in place), and returns the term it leaves, or
// nil when they drop the token.
func (ta *textAnalyser) filterWord(raw []byte, filters []analysis.TokenFilter) *term {
	ts := analysis.TokenStream{{Term: append([]byte(nil), raw...), Start: 0, End: len(raw), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range filters {
		ts = f.Filter(ts)
	}
	if len(ts) == 0 {
		return nil
	}
	t := ta.terms[string(ts[0].Term)]
	if t == nil {
		b := append([]byte(nil), ts[0].Term...)
		t = &term{b: b, s: string(b)}
		ta.terms[t.s] = t
	}
	return t
}

// analyse returns the unstemmed field plainName and the field stemName,
// stemmed in lang, of text.
func (ta *textAnalyser) analyse(text, plainName, stemName, lang string) (plain, stemmed *textField) {
	l := 0
	for i, s := range stemLanguages {
		if s == lang {
			l = i
		}
	}
	ta.forget()
	ta.text = append(ta.text[:0], text...)
	tokens := ta.tokenize(ta.text)
	plainTerms := grow(ta.plainTerms, len(tokens))
	stemTerms := grow(ta.stemTerms, len(tokens))
	ta.plainTerms, ta.stemTerms = plainTerms, stemTerms
	for i, t := range tokens {
		plainTerms[i], stemTerms[i] = ta.forms(t.Term, l)
	}
	// Both fields locate a token alike, so they share its location:
	// nothing downstream changes one (there is no composite field).
	locs := make([]index.TokenLocation, len(tokens))
	for i, tok := range tokens {
		locs[i] = index.TokenLocation{Start: tok.Start, End: tok.End, Position: tok.Position}
	}
	plain = ta.newTextField(plainName, len(text), locs, plainTerms)
	stemmed = ta.newTextField(stemName, len(text), locs, stemTerms)
	return plain, stemmed
}

// forget starts the analyser's memory of words over when it is full; call
// it between texts only.
func (ta *textAnalyser) forget() {
	if len(ta.words) >= ta.maxWords {
		clear(ta.words)
		clear(ta.terms)
	}
}

// plainField returns the field name of values analysed by the plain
// analyser, with term vectors: what a text field mapping of newMapping
// makes of a string, or of a slice of strings when array is set (each
// value's locations then carry its index as their array position, and
// positions start again at each value, as bleve's mapping does).
func (ta *textAnalyser) plainField(name string, array bool, values ...string) *textField {
	ta.forget()
	var locs []index.TokenLocation
	var terms []*term
	size := 0
	for i, v := range values {
		var arrayPos []uint64
		if array {
			arrayPos = []uint64{uint64(i)}
		}
		ta.text = append(ta.text[:0], v...)
		tokens := ta.tokenize(ta.text)
		if locs == nil {
			locs = make([]index.TokenLocation, 0, len(tokens))
		}
		for _, tok := range tokens {
			locs = append(locs, index.TokenLocation{ArrayPositions: arrayPos, Start: tok.Start, End: tok.End, Position: tok.Position})
			terms = append(terms, ta.plainForm(tok.Term))
		}
		size += len(v)
	}
	return ta.newTextField(name, size, locs, terms)
}

// textField is an analysed text field, indexed with term vectors and not
// stored: what a text field mapping of newMapping makes, analysed ahead.
type textField struct {
	name   string
	bytes  int
	length int
	size   int // what Size returns, counted once (scorch asks twice)
	freqs  index.TokenFrequencies
}

// newTextField makes the token frequencies of a field: terms[i] is the
// term of the token at locs[i], or nil when the token is dropped. It
// allocates the terms in a few slabs instead of one by one.
func (ta *textAnalyser) newTextField(name string, textBytes int, locs []index.TokenLocation, terms []*term) *textField {
	ta.field++
	uniq := ta.uniq[:0]
	which := grow(ta.which, len(locs))
	counts := ta.counts[:0]
	defer func() { ta.uniq, ta.which, ta.counts = uniq, which, counts }()
	n := 0
	for i, t := range terms {
		if t == nil {
			continue
		}
		n++
		if t.field != ta.field {
			t.field, t.slot = ta.field, int32(len(uniq))
			uniq = append(uniq, t)
			counts = append(counts, 0)
		}
		k := t.slot
		counts[k]++
		which[i] = k
	}
	f := &textField{name: name, bytes: textBytes, length: n, freqs: make(index.TokenFrequencies, len(uniq))}
	slab := make([]index.TokenFreq, len(uniq))
	ptrs := make([]*index.TokenLocation, n)
	off := 0
	for k, t := range uniq {
		slab[k].Term = t.b
		slab[k].SetFrequency(counts[k])
		slab[k].Locations = ptrs[off : off : off+counts[k]]
		off += counts[k]
		f.freqs[t.s] = &slab[k]
	}
	for i := range locs {
		if terms[i] == nil {
			continue
		}
		tf := &slab[which[i]]
		tf.Locations = append(tf.Locations, &locs[i])
	}
	// What f.freqs.Size() would count, without walking every location
	// again (scorch only adds it to its statistics).
	f.size = reflectStaticSizeTextField + size.SizeOfPtr + len(name) + size.SizeOfMap +
		len(uniq)*(size.SizeOfString+size.SizeOfPtr+reflectStaticSizeTokenFreq) + n*reflectStaticSizeTokenLocation
	for _, t := range uniq {
		f.size += 2 * len(t.b)
	}
	for i := range locs {
		if terms[i] != nil {
			f.size += len(locs[i].ArrayPositions) * size.SizeOfUint64
		}
	}
	return f
}

// textFieldOptions are those of a text field mapping in newMapping.
const textFieldOptions = index.IndexField | index.IncludeTermVectors

func (f *textField) Name() string                                     { return f.name }
func (f *textField) ArrayPositions() []uint64                         { return nil }
func (f *textField) Options() index.FieldIndexingOptions              { return textFieldOptions }
func (f *textField) Analyze()                                         {}
func (f *textField) Value() []byte                                    { return nil }
func (f *textField) NumPlainTextBytes() uint64                        { return uint64(f.bytes) }
func (f *textField) EncodedFieldType() byte                           { return 't' }
func (f *textField) AnalyzedLength() int                              { return f.length }
func (f *textField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *textField) Size() int { return f.size }

var (
	reflectStaticSizeTextField     = int(reflect.TypeOf(textField{}).Size())
	reflectStaticSizeTokenFreq     = int(reflect.TypeOf(index.TokenFreq{}).Size())
	reflectStaticSizeTokenLocation = int(reflect.TypeOf(index.TokenLocation{}).Size())
)

var _ document.Field = (*textField)(nil)

// keywordField is a field of the keyword analyser: each value one term,
// without term vectors; what a keyword field mapping of newMapping makes
// of a string, or of a slice of distinct strings. A stored field has one
// value.
type keywordField struct {
	name    string
	options index.FieldIndexingOptions
	value   []byte // stored
	length  int
	freqs   index.TokenFrequencies
}

func newKeywordField(name string, stored bool, values ...string) *keywordField {
	f := &keywordField{name: name, options: index.IndexField, length: len(values), freqs: make(index.TokenFrequencies, len(values))}
	slab := make([]index.TokenFreq, len(values))
	for i, v := range values {
		tf := f.freqs[v]
		if tf == nil {
			tf = &slab[i]
			tf.Term = []byte(v)
			f.freqs[v] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
	}
	if stored {
		f.options |= index.StoreField
		f.value = []byte(values[0])
	}
	return f
}

func (f *keywordField) Name() string                        { return f.name }
func (f *keywordField) ArrayPositions() []uint64            { return nil }
func (f *keywordField) Options() index.FieldIndexingOptions { return f.options }
func (f *keywordField) Analyze()                            {}
func (f *keywordField) Value() []byte                       { return f.value }
func (f *keywordField) NumPlainTextBytes() uint64 {
	n := 0
	for k := range f.freqs {
		n += len(k) * f.freqs[k].Frequency()
	}
	return uint64(n)
}
func (f *keywordField) EncodedFieldType() byte                           { return 't' }
func (f *keywordField) AnalyzedLength() int                              { return f.length }
func (f *keywordField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
func (f *keywordField) Size() int {
	return reflectStaticSizeKeywordField + size.SizeOfPtr + len(f.name) + len(f.value) + f.freqs.Size()
}

var reflectStaticSizeKeywordField = int(reflect.TypeOf(keywordField{}).Size())

var _ document.Field = (*keywordField)(nil)

// tokenize cuts text into words as bleve's unicode tokeniser does. It cuts
// ASCII without '_' (most titles and abstracts, and most words of the
// rest) itself, by the rules of Unicode word boundaries (UAX #29) that
// apply to it, three times faster. No rule joins anything to ASCII white
// space but white space and the marks that follow it (WB3d, WB4), so
// text is cut into runs of other characters first: runs of ASCII
// without '_' it cuts itself, the others go to the tokeniser with the
// character before them. Text that is not UTF-8 goes to the tokeniser
// whole: it stops at the first bad byte.
func (ta *textAnalyser) tokenize(text []byte) analysis.TokenStream {
	if !isASCII(text) && !utf8.Valid(text) {
		return ta.tokenizer.Tokenize(text)
	}
	tokens := ta.tokens[:0]
	for i := 0; i < len(text); {
		if isASCIISpace(text[i]) {
			i++
			continue
		}
		j, fast := i, true
		for ; j < len(text) && !isASCIISpace(text[j]); j++ {
			if c := text[j]; c >= 0x80 || c == '_' {
				fast = false
			}
		}
		if fast {
			for k := i; k < j; {
				end := asciiWordEnd(text[:j], k)
				if end == k {
					k++
					continue
				}
				tokens = append(tokens, analysis.Token{Term: text[k:end], Start: k, End: end, Position: len(tokens) + 1, Type: analysis.AlphaNumeric})
				k = end
			}
		} else {
			from := max(i-1, 0)
			for _, t := range ta.tokenizer.Tokenize(text[from:j]) {
				tokens = append(tokens, analysis.Token{Term: t.Term, Start: from + t.Start, End: from + t.End, Position: len(tokens) + 1, Type: t.Type})
			}
		}
		i = j
	}
	stream := grow(ta.stream, len(tokens))
	for k := range tokens {
		stream[k] = &tokens[k]
	}
	ta.tokens, ta.stream = tokens, stream
	return stream
}

func isASCII(text []byte) bool {
	for _, c := range text {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// isASCIISpace reports whether c is ASCII white space: a space, a tab or
// a line or page break.
func isASCIISpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool  { return c >= '0' && c <= '9' }

// asciiWordEnd returns where the word starting at text[i] ends, or i when
// no word starts there. Letters and digits join (WB5, WB8–WB10); a single
// full stop or an apostrophe joins letters to letters and digits to
// digits, a colon letters only and a comma or semicolon digits only
// (WB6–WB7, WB11–WB12).
func asciiWordEnd(text []byte, i int) int {
	if i >= len(text) || !isASCIILetter(text[i]) && !isASCIIDigit(text[i]) {
		return i
	}
	j := i + 1
	for j < len(text) {
		c := text[j]
		if isASCIILetter(c) || isASCIIDigit(c) {
			j++
			continue
		}
		if j+1 >= len(text) {
			break
		}
		prev, next := text[j-1], text[j+1]
		switch {
		case isASCIILetter(prev) && isASCIILetter(next) && (c == '.' || c == '\'' || c == ':'):
			j += 2
		case isASCIIDigit(prev) && isASCIIDigit(next) && (c == '.' || c == '\'' || c == ',' || c == ';'):
			j += 2
		default:
			return j
		}
	}
	return j
}

// grow returns s with length n, reusing its array when it is big enough.
func grow[S ~[]E, E any](s S, n int) S {
	if cap(s) < n {
		return make(S, n)
	}
	return s[:n]
}
