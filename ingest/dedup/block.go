package dedup

import (
	"slices"
	"strconv"
	"strings"
)

// Blocking: each record gets a few keys; only records that share a key are
// compared. Keys are hashed and sorted, so memory stays a few words per
// key and time grows with n log n, never with the number of all pairs.

const (
	smallBlock = 40 // blocks up to this size are compared pair by pair
	window     = 12 // larger blocks: each record against the next ones in title order
	keyChars   = 24 // folded title characters in the prefix and suffix keys
)

type keyed struct {
	h uint64
	i int32
}

// blockKeys appends the FNV-1a hashes of it's blocking keys: folded title prefix
// and suffix (spaces removed), year with first author and the title's
// longest word, and journal with volume and first page.
func blockKeys(it *item, out []uint64) []uint64 {
	hash := func(kind byte, s string) {
		h := uint64(14695981039346656037) ^ uint64(kind)
		h *= 1099511628211
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		out = append(out, h)
	}
	for _, t := range it.titles {
		ns := strings.ReplaceAll(t, " ", "")
		if len(ns) < 8 {
			continue
		}
		hash('p', ns[:min(len(ns), keyChars)])
		hash('s', ns[max(0, len(ns)-keyChars):])
	}
	if len(it.titles) > 0 && len(it.authors) > 0 {
		hash('a', strconv.Itoa(it.year)+" "+it.authors[0]+" "+longestWord(it.titles[0]))
	}
	if it.journal != "" && it.volume != "" && it.page != "" {
		hash('j', initials(it.journal)+" "+it.volume+" "+it.page)
	}
	return out
}

func longestWord(s string) string {
	best := ""
	for _, w := range strings.Fields(s) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range significant(s) {
		b.WriteByte(w[0])
	}
	return b.String()
}

// candidates calls fn for each pair of items that share a blocking key and
// of which at least one is new. A pair may come more than once (from
// several keys); fn skips what it has settled.
func candidates(items []item, fn func(i, j int)) {
	keys := make([]keyed, 0, 4*len(items))
	var buf []uint64
	for i := range items {
		buf = blockKeys(&items[i], buf[:0])
		for _, h := range buf {
			keys = append(keys, keyed{h, int32(i)})
		}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		return int(a.i - b.i)
	})
	var block []int
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end].h == keys[start].h {
			end++
		}
		if end-start > 1 {
			block = block[:0]
			anyNew := false
			for _, k := range keys[start:end] {
				if len(block) == 0 || block[len(block)-1] != int(k.i) {
					block = append(block, int(k.i))
					anyNew = anyNew || items[k.i].isNew
				}
			}
			if anyNew {
				compareBlock(items, block, fn)
			}
		}
		start = end
	}
}

func compareBlock(items []item, block []int, fn func(i, j int)) {
	span := len(block)
	if len(block) > smallBlock {
		slices.SortStableFunc(block, func(a, b int) int { return strings.Compare(items[a].title(), items[b].title()) })
		span = window
	}
	for x, i := range block {
		for _, j := range block[x+1 : min(len(block), x+1+span)] {
			if items[i].isNew || items[j].isNew {
				fn(i, j)
			}
		}
	}
}
