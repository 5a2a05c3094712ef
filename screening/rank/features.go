package rank

import (
	"math"
	"slices"
)

// Features is the TF-IDF matrix of a set of texts, built once: one sparse
// row per text (compressed sparse rows, float32) over the terms its
// FeatureOptions select. Weights are tf (or 1 + ln tf) times the smoothed
// idf ln((1+n)/(1+df)) + 1, and every non-empty row has unit Euclidean
// length. A Features value is read-only after NewFeatures and safe for
// concurrent use.
type Features struct {
	rowPtr []int   // row i is cols[rowPtr[i]:rowPtr[i+1]]
	cols   []int32 // column (term) of each stored value
	vals   []float32
	terms  []string // the term of each column: "word" or "word word"
	opt    FeatureOptions
}

// FeatureOptions change how texts become features. The zero value is
// not the default: use DefaultFeatures.
type FeatureOptions struct {
	Bigrams   bool // word pairs as well as words
	Sublinear bool // 1 + ln tf instead of tf
	MinDF     int  // least number of texts a term must occur in (1 when there are fewer than 3 texts)
	// Suffix, when above 0, adds the last Suffix letters of every word at
	// least Suffix+3 letters long as a feature of its own ("~pril" joins
	// enalapril, captopril and ramipril).
	Suffix int
}

// DefaultFeatures are the options NewFeatures uses: words only, raw term
// counts, every term kept — ASReview's TF-IDF. On the ACE, Virus and
// Wilson sets (1+1 prior, naive Bayes) it beat word pairs with sublinear
// counts and min df 2 on two of three (WSS@95 77.1/70.1/82.6 against
// 74.2/68.3/86.5, medians of 15 seeds), and word suffixes on Virus.
var DefaultFeatures = FeatureOptions{MinDF: 1}

// NewFeatures tokenises texts (see the package comment for the rule) and
// builds their TF-IDF matrix with DefaultFeatures. Row i belongs to
// texts[i]; an empty or stopword-only text gets an empty row and scores 0
// under every model.
func NewFeatures(texts []string) *Features { return NewFeaturesWith(texts, DefaultFeatures) }

// NewFeaturesWith is NewFeatures with chosen options.
func NewFeaturesWith(texts []string, opt FeatureOptions) *Features {
	minDF := int32(max(1, opt.MinDF))
	if len(texts) < 3 {
		minDF = 1
	}
	// Pass 1: every text as a sequence of word ids.
	wordID := map[string]int32{}
	var words []string
	id := func(w string) int32 {
		i, ok := wordID[w]
		if !ok {
			i = int32(len(words))
			wordID[w] = i
			words = append(words, w)
		}
		return i
	}
	seqPtr := make([]int, 1, len(texts)+1)
	sfxPtr := make([]int, 1, len(texts)+1)
	var seq, sfx []int32
	var buf []string
	for _, t := range texts {
		buf = tokenize(buf[:0], t)
		for _, w := range buf {
			seq = append(seq, id(w))
			if s := suffix(w, opt.Suffix); s != "" {
				sfx = append(sfx, id(s))
			}
		}
		seqPtr = append(seqPtr, len(seq))
		sfxPtr = append(sfxPtr, len(sfx))
	}
	keysOf := func(dst []uint64, i int) []uint64 {
		dst = docKeys(dst, seq[seqPtr[i]:seqPtr[i+1]], opt.Bigrams)
		for _, s := range sfx[sfxPtr[i]:sfxPtr[i+1]] {
			dst = append(dst, uint64(s)<<32)
		}
		return dst
	}
	// Pass 2: document frequency of each unigram and bigram key.
	df := map[uint64]int32{}
	var keys []uint64
	for i := range texts {
		keys = keysOf(keys[:0], i)
		keys = uniq(keys)
		for _, k := range keys {
			df[k]++
		}
	}
	// Pass 3: columns for the frequent keys in order of first occurrence,
	// and the rows.
	col := make(map[uint64]int32, len(df)/2)
	f := &Features{rowPtr: make([]int, 1, len(texts)+1), opt: opt}
	var idf []float32
	n := float64(len(texts))
	for i := range texts {
		keys = keysOf(keys[:0], i)
		slices.Sort(keys)
		start := len(f.cols)
		for j := 0; j < len(keys); {
			k := keys[j]
			tf := 0
			for j < len(keys) && keys[j] == k {
				tf++
				j++
			}
			d := df[k]
			if d < minDF {
				continue
			}
			c, ok := col[k]
			if !ok {
				c = int32(len(f.terms))
				col[k] = c
				f.terms = append(f.terms, keyTerm(k, words))
				idf = append(idf, float32(math.Log((1+n)/(1+float64(d)))+1))
			}
			f.cols = append(f.cols, c)
			w := float64(tf)
			if opt.Sublinear {
				w = 1 + math.Log(w)
			}
			f.vals = append(f.vals, float32(w)*idf[c])
		}
		normalize(f.vals[start:])
		f.rowPtr = append(f.rowPtr, len(f.cols))
	}
	return f
}

// docKeys appends the unigram and bigram keys of a word sequence: a
// unigram is id<<32, a bigram (a, b) is a<<32 | (b+1).
func docKeys(dst []uint64, seq []int32, bigrams bool) []uint64 {
	for j, a := range seq {
		dst = append(dst, uint64(a)<<32)
		if bigrams && j+1 < len(seq) {
			dst = append(dst, uint64(a)<<32|uint64(seq[j+1]+1))
		}
	}
	return dst
}

// suffix returns "~" and the last n letters of w when w has at least n+3,
// else "".
func suffix(w string, n int) string {
	if n <= 0 || len(w) < n+3 {
		return ""
	}
	r := []rune(w)
	if len(r) < n+3 {
		return ""
	}
	return "~" + string(r[len(r)-n:])
}

func uniq(keys []uint64) []uint64 {
	slices.Sort(keys)
	return slices.Compact(keys)
}

func keyTerm(k uint64, words []string) string {
	a, b := k>>32, k&0xffffffff
	if b == 0 {
		return words[a]
	}
	return words[a] + " " + words[b-1]
}

func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
}

// Len is the number of rows (texts).
func (f *Features) Len() int { return len(f.rowPtr) - 1 }

// Terms is the number of columns (unigrams and bigrams kept).
func (f *Features) Terms() int { return len(f.terms) }

// Term returns the text of column j ("word" or "word word").
func (f *Features) Term(j int) string { return f.terms[j] }

// NonZero is the number of stored values.
func (f *Features) NonZero() int { return len(f.vals) }

// row returns the columns and values of row i.
func (f *Features) row(i int) ([]int32, []float32) {
	a, b := f.rowPtr[i], f.rowPtr[i+1]
	return f.cols[a:b], f.vals[a:b]
}

// dot is row i times the dense vector w.
func (f *Features) dot(i int, w []float64) float64 {
	cols, vals := f.row(i)
	var s float64
	for k, c := range cols {
		s += float64(vals[k]) * w[c]
	}
	return s
}
