package dedup

import "strings"

// titleSimilarity returns how alike two folded titles are, in [0, 1]: the
// larger of token Jaccard and normalised edit distance, and 0.95 when one
// title is the other with a subtitle dropped (at least five words kept).
func titleSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	ta, tb := strings.Fields(a), strings.Fields(b)
	j := jaccard(ta, tb)
	best := j
	if j >= 0.4 {
		if s := editSimilarity(a, b, 0.25); s > best {
			best = s
		}
	}
	if best < 0.95 && (prefixTitle(ta, tb) || prefixTitle(tb, ta)) {
		best = 0.95
	}
	return best
}

// prefixTitle reports whether short is long's first words, at least five
// of them (a subtitle dropped).
func prefixTitle(short, long []string) bool {
	if len(short) < 5 || len(short) >= len(long) {
		return false
	}
	for i, w := range short {
		if long[i] != w {
			return false
		}
	}
	return true
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := make(map[string]bool, len(a))
	for _, w := range a {
		set[w] = true
	}
	inter, union := 0, len(set)
	seen := make(map[string]bool, len(b))
	for _, w := range b {
		if seen[w] {
			continue
		}
		seen[w] = true
		if set[w] {
			inter++
		} else {
			union++
		}
	}
	return float64(inter) / float64(union)
}

// editSimilarity is 1 − Levenshtein distance / longer length, computed in a
// band: pairs further apart than maxFrac of the longer length score 0.
func editSimilarity(a, b string, maxFrac float64) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	n, m := len(ra), len(rb)
	if n == 0 {
		return 1
	}
	k := int(maxFrac * float64(n))
	if n-m > k {
		return 0
	}
	const inf = 1 << 30
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range prev {
		prev[j] = j
		if j > k {
			prev[j] = inf
		}
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-k), min(m, i+k)
		for j := range cur {
			cur[j] = inf
		}
		if i <= k {
			cur[0] = i
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > k {
			return 0
		}
		prev, cur = cur, prev
	}
	d := prev[m]
	if d > k {
		return 0
	}
	return 1 - float64(d)/float64(n)
}

var journalStopwords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "in": true, "on": true, "de": true, "la": true}

// journalsAgree reports whether two folded journal names name the same
// journal: equal, one the other's start ("circulation conference" and
// "circulation"), or one an abbreviation of the other ("j nutr biochem" and
// "journal of nutritional biochemistry").
func journalsAgree(a, b string) bool {
	if a == b {
		return true
	}
	ta, tb := significant(a), significant(b)
	if len(ta) == 0 || len(tb) == 0 {
		return false
	}
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	return abbreviates(ta, tb) || (len(ta) >= 1 && startsWith(tb, ta)) || strings.Join(ta, "") == strings.Join(tb, "")
}

func significant(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if !journalStopwords[w] {
			out = append(out, w)
		}
	}
	return out
}

func startsWith(long, short []string) bool {
	for i, w := range short {
		if long[i] != w {
			return false
		}
	}
	return true
}

// abbreviates reports whether every word of short starts the word of long
// in the same place ("endocr rev" and "endocrine reviews conference").
func abbreviates(short, long []string) bool {
	if len(short) > len(long) || (len(short) < 2 && len(short) != len(long)) {
		return false
	}
	for i, w := range short {
		if !strings.HasPrefix(long[i], w) {
			return false
		}
	}
	return true
}
