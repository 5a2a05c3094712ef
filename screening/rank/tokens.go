package rank

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenize appends the words of text to dst: runs of Unicode letters and
// digits, lower-cased, at least two characters long, without the words in
// stop. The same rule splits every text, so a word is one feature
// wherever it occurs.
func tokenize(dst []string, text string, stop map[string]bool) []string {
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			dst = appendWord(dst, text[start:i], stop)
			start = -1
		}
	}
	if start >= 0 {
		dst = appendWord(dst, text[start:], stop)
	}
	return dst
}

func appendWord(dst []string, w string, stop map[string]bool) []string {
	if utf8.RuneCountInString(w) < 2 {
		return dst
	}
	w = lower(w)
	if stop[w] {
		return dst
	}
	return append(dst, w)
}

// lower lower-cases w without allocating when it is lower case already.
func lower(w string) string {
	for _, r := range w {
		if unicode.IsUpper(r) {
			return strings.ToLower(w)
		}
	}
	return w
}

// stopwords are common English function words that carry no topic.
var stopwords = wordSet(`a about above across after afterwards again against all almost alone
	along already also although always am among amongst an and another any anyhow anyone anything anyway
	anywhere are around as at be became because become becomes becoming been before beforehand behind
	being below beside besides between beyond both but by can cannot could did do does doing done down
	due during each eg either else elsewhere enough etc even ever every everyone everything everywhere
	except few for former formerly from further had has have having he hence her here hereafter hereby
	herein hereupon hers herself him himself his how however i ie if in indeed into is it its itself
	just last latter latterly least less may me meanwhile might mine more moreover most mostly much must
	my myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of
	off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps
	please rather re same seem seemed seeming seems several she should since so some somehow someone
	something sometime sometimes somewhere still such than that the their theirs them themselves then
	thence there thereafter thereby therefore therein thereupon these they this those though through
	throughout thru thus to together too toward towards under until up upon us very via was we well were
	what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether
	which while whither who whoever whole whom whose why will with within without would yet you your
	yours yourself yourselves`)

// sklearnStopwords are scikit-learn's ENGLISH_STOP_WORDS (the Glasgow
// list, 318 words), which ASReview's TF-IDF removes: stopwords without
// did, does, doing and just, and with number words and a few nouns and
// verbs (bill, system, find, found, show, …) besides.
var sklearnStopwords = wordSet(`a about above across after afterwards again against all almost alone
	along already also although always am among amongst amoungst amount an and another any anyhow anyone
	anything anyway anywhere are around as at back be became because become becomes becoming been before
	beforehand behind being below beside besides between beyond bill both bottom but by call can cannot
	cant co con could couldnt cry de describe detail do done down due during each eg eight either eleven
	else elsewhere empty enough etc even ever every everyone everything everywhere except few fifteen
	fifty fill find fire first five for former formerly forty found four from front full further get
	give go had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him
	himself his how however hundred i ie if in inc indeed interest into is it its itself keep last
	latter latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly
	move much must my myself name namely neither never nevertheless next nine no nobody none noone nor
	not nothing now nowhere of off often on once one only onto or other others otherwise our ours
	ourselves out over own part per perhaps please put rather re same see seem seemed seeming seems
	serious several she should show side since sincere six sixty so some somehow someone something
	sometime sometimes somewhere still such system take ten than that the their them themselves then
	thence there thereafter thereby therefore therein thereupon these they thick thin third this those
	though three through throughout thru thus to together too top toward towards twelve twenty two un
	under until up upon us very via was we well were what whatever when whence whenever where
	whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole
	whom whose why will with within without would yet you your yours yourself yourselves`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
