package rank

import (
	"fmt"
	"slices"
)

// Model names accepted by Options.Model.
const (
	ModelMix      = "mix"      // naive Bayes + SVM + centroid of inclusions (the default)
	ModelNB       = "nb"       // multinomial naive Bayes
	ModelLogistic = "logistic" // L2 logistic regression, SGD
	ModelSVM      = "svm"      // linear SVM (hinge loss), Pegasos SGD
	// ModelPairs is naive Bayes over words and word pairs with little
	// smoothing, trained mostly on the inclusions: it ranks by the
	// phrases of what was included so far. Use it with PairsFeatures.
	ModelPairs = "pairs"
	// ModelASReview replicates ASReview 1.x's default model: naive Bayes
	// (alpha 3.822) on a training set re-balanced at random by the
	// "double" strategy before every fit. Use it with ASReviewFeatures.
	ModelASReview = "asreview"
)

// Models lists the accepted model names, the default first.
var Models = []string{ModelMix, ModelNB, ModelLogistic, ModelSVM, ModelPairs, ModelASReview}

// ASReviewFeatures are ASReview 1.x's default TF-IDF features: words
// (unigrams) without scikit-learn's English stopwords, raw counts,
// smoothed idf, unit rows. scikit-learn's words are runs of two or more
// \w characters, which unlike ours include the underscore.
var ASReviewFeatures = FeatureOptions{MinDF: 1, Stopwords: StopwordsSklearn}

// PairsFeatures are ModelPairs's features: words and word pairs, every
// word kept, as ASReview 0.9 had them.
var PairsFeatures = FeatureOptions{MinDF: 1, Bigrams: true, Stopwords: StopwordsNone}

// FeaturesFor returns the feature options model is meant for:
// ASReviewFeatures for ModelASReview, PairsFeatures for ModelPairs, else
// DefaultFeatures.
func FeaturesFor(model string) FeatureOptions {
	switch model {
	case ModelASReview:
		return ASReviewFeatures
	case ModelPairs:
		return PairsFeatures
	}
	return DefaultFeatures
}

// Options choose the model and its seed. The zero value is the default
// model (ModelMix) with seed 0.
type Options struct {
	Model string // one of Models; "" means ModelMix
	Seed  uint64 // seeds every random choice a model makes
}

// learner is one kind of model: it sees labels come and go and fits a
// linear score over the features (score = scale·(x·w) + bias).
type learner interface {
	add(f *Features, doc int, included bool, sign float64)
	fit(m *Model) (w []float64, scale, bias float64)
	params() map[string]any
}

// Model ranks the unlabelled texts of a Features matrix by how likely they
// are to be included, learning from labels given to it one at a time.
// It retrains lazily: Add is cheap, and the next Scores, Order or Next
// refits (naive Bayes from running counts; the linear models warm-start
// from their previous weights). Given the same Features, options and
// sequence of labels, a Model gives the same scores. A Model is not safe
// for concurrent use.
type Model struct {
	f     *Features
	opts  Options
	l     learner
	label []int8 // -1 unlabelled, 0 excluded, 1 included
	nPos  int
	nNeg  int
	unl   []int   // unlabelled docs (unordered)
	where []int   // index of each unlabelled doc in unl, -1 when labelled
	open  []int32 // per column: unlabelled rows holding it (columns at 0 score no one)

	fitted bool
	w      []float64
	scale  float64
	bias   float64
}

// New returns an untrained model over f. It returns an error for an
// unknown model name.
func New(f *Features, opts Options) (*Model, error) {
	if opts.Model == "" {
		opts.Model = ModelMix
	}
	var l learner
	switch opts.Model {
	case ModelMix:
		l = newMix(f, opts.Seed)
	case ModelNB:
		l = newNB(f)
	case ModelLogistic:
		l = newLinear(f, lossLogistic, opts.Seed)
	case ModelSVM:
		l = newLinear(f, lossHinge, opts.Seed)
	case ModelPairs:
		l = newPairsNB(f)
	case ModelASReview:
		l = newSampledNB(f, opts.Seed)
	default:
		return nil, fmt.Errorf("unknown model %q (want one of %v)", opts.Model, Models)
	}
	n := f.Len()
	m := &Model{f: f, opts: opts, l: l, label: make([]int8, n), unl: make([]int, n), where: make([]int, n),
		open: make([]int32, f.Terms())}
	for _, c := range f.cols {
		m.open[c]++
	}
	for i := range n {
		m.label[i] = -1
		m.unl[i] = i
		m.where[i] = i
	}
	return m, nil
}

// Train returns a model over f trained on labels (row index → included).
// It returns an error for an unknown model name or a row out of range.
func Train(f *Features, labels map[int]bool, opts Options) (*Model, error) {
	m, err := New(f, opts)
	if err != nil {
		return nil, err
	}
	docs := make([]int, 0, len(labels))
	for d := range labels {
		docs = append(docs, d)
	}
	slices.Sort(docs) // map order must not change the result
	for _, d := range docs {
		if err := m.Add(d, labels[d]); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Name is the model's name (one of Models).
func (m *Model) Name() string { return m.opts.Model }

// Seed is the model's seed.
func (m *Model) Seed() uint64 { return m.opts.Seed }

// Params are the model's fixed parameters and the feature options, for
// the record of a ranking.
func (m *Model) Params() map[string]any {
	p := m.l.params()
	o := m.f.opt
	p["features"] = map[string]any{"bigrams": o.Bigrams, "sublinear_tf": o.Sublinear, "min_df": o.MinDF, "suffix": o.Suffix,
		"stopwords": o.Stopwords.String(), "split_title": o.SplitTitle}
	return p
}

// Add labels row doc as included or not. Labelling a row again replaces
// its label. It returns an error for a row out of range.
func (m *Model) Add(doc int, included bool) error {
	if doc < 0 || doc >= len(m.label) {
		return fmt.Errorf("row %d out of range (0..%d)", doc, len(m.label)-1)
	}
	switch m.label[doc] {
	case 1:
		if included {
			return nil
		}
		m.l.add(m.f, doc, true, -1)
		m.nPos--
	case 0:
		if !included {
			return nil
		}
		m.l.add(m.f, doc, false, -1)
		m.nNeg--
	default:
		i, last := m.where[doc], m.unl[len(m.unl)-1]
		m.unl[i], m.where[last] = last, i
		m.unl = m.unl[:len(m.unl)-1]
		m.where[doc] = -1
		cols, _ := m.f.row(doc)
		for _, c := range cols {
			m.open[c]--
		}
	}
	m.l.add(m.f, doc, included, 1)
	if included {
		m.label[doc] = 1
		m.nPos++
	} else {
		m.label[doc] = 0
		m.nNeg++
	}
	m.fitted = false
	return nil
}

// Labelled returns how many rows are labelled included and excluded.
func (m *Model) Labelled() (included, excluded int) { return m.nPos, m.nNeg }

// Ready reports whether the model has at least one inclusion and one
// exclusion; before that every score is 0 and Order is file order.
func (m *Model) Ready() bool { return m.nPos > 0 && m.nNeg > 0 }

func (m *Model) refit() {
	if m.fitted {
		return
	}
	m.fitted = true
	if !m.Ready() {
		m.w, m.scale, m.bias = nil, 0, 0
		return
	}
	m.w, m.scale, m.bias = m.l.fit(m)
}

func (m *Model) score(doc int) float64 {
	if m.w == nil {
		return 0
	}
	return m.scale*m.f.dot(doc, m.w) + m.bias
}

// Scores returns the score of every row (higher: more likely included).
// Scores are comparable within one fit only.
func (m *Model) Scores() []float64 {
	m.refit()
	s := make([]float64, len(m.label))
	for i := range s {
		s[i] = m.score(i)
	}
	return s
}

// Next returns the unlabelled row with the highest score (the lowest row
// index among ties), or false when every row is labelled.
func (m *Model) Next() (int, bool) {
	m.refit()
	best, bestScore := -1, 0.0
	for _, d := range m.unl {
		s := m.score(d)
		if best < 0 || s > bestScore || (s == bestScore && d < best) {
			best, bestScore = d, s
		}
	}
	return best, best >= 0
}

// Order returns the unlabelled rows, highest score first (lower row index
// first among ties).
func (m *Model) Order() []int {
	m.refit()
	type scored struct {
		doc int
		s   float64
	}
	all := make([]scored, len(m.unl))
	for i, d := range m.unl {
		all[i] = scored{d, m.score(d)}
	}
	slices.SortFunc(all, func(a, b scored) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return a.doc - b.doc
	})
	order := make([]int, len(all))
	for i, s := range all {
		order[i] = s.doc
	}
	return order
}
