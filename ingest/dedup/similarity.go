package dedup

import (
	"slices"
	"strings"
)

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
	return len(short) >= 5 && len(short) < len(long) && startsWith(long, short)
}

// jaccard is the share of distinct words the two titles have in common.
// Titles are short: nested loops beat maps and allocate nothing.
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	distinctA, inter := 0, 0
	for i, w := range a {
		if slices.Contains(a[:i], w) {
			continue
		}
		distinctA++
		if slices.Contains(b, w) {
			inter++
		}
	}
	distinctB := 0
	for i, w := range b {
		if !slices.Contains(b[:i], w) {
			distinctB++
		}
	}
	return float64(inter) / float64(distinctA+distinctB-inter)
}

// editSimilarity is 1 − Levenshtein distance / longer length, computed in a
// band: pairs further apart than maxFrac of the longer length score 0.
// Folded titles are nearly always ASCII and are compared byte by byte;
// others rune by rune.
func editSimilarity(a, b string, maxFrac float64) float64 {
	if isASCII(a) && isASCII(b) {
		return banded([]byte(a), []byte(b), maxFrac)
	}
	return banded([]rune(a), []rune(b), maxFrac)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// banded is the banded Levenshtein similarity of editSimilarity; rows live
// on the stack for titles up to 255 characters.
func banded[T byte | rune](ra, rb []T, maxFrac float64) float64 {
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	total := len(ra)
	if total == 0 {
		return 1
	}
	k := int(maxFrac * float64(total))
	if total-len(rb) > k {
		return 0
	}
	// A shared start and end cost nothing: only the middle is compared
	// (a typo, a counter word, a dropped subtitle).
	for len(rb) > 0 && ra[0] == rb[0] {
		ra, rb = ra[1:], rb[1:]
	}
	for len(rb) > 0 && ra[len(ra)-1] == rb[len(rb)-1] {
		ra, rb = ra[:len(ra)-1], rb[:len(rb)-1]
	}
	n, m := len(ra), len(rb)
	if m == 0 {
		return 1 - float64(n)/float64(total)
	}
	const inf = 1 << 30
	var stack [2][256]int
	var prev, cur []int
	if m+1 > len(stack[0]) {
		prev, cur = make([]int, m+1), make([]int, m+1)
	} else {
		prev, cur = stack[0][:m+1], stack[1][:m+1]
	}
	for j := range prev {
		prev[j] = j
		if j > k {
			prev[j] = inf
		}
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-k), min(m, i+k)
		cur[lo-1] = inf
		if lo == 1 {
			cur[0] = i
			if i > k {
				cur[0] = inf
			}
		}
		if hi < m {
			cur[hi+1] = inf
		}
		rowMin := inf
		if lo == 1 {
			rowMin = cur[0]
		}
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
	if d := prev[m]; d <= k {
		return 1 - float64(d)/float64(total)
	}
	return 0
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

// startsWith reports whether long begins with the words of short, which
// must be no longer than long.
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
