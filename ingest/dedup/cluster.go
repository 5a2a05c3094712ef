package dedup

import (
	"slices"

	"github.com/oversikt/oversikt/data"
)

// clusters is a union–find over items with "cannot link" constraints from
// reviewers' "different" decisions.
type clusters struct {
	parent []int32
	cannot map[int32][]int32 // item → items it must never share a study with
	bound  map[int32][]int32 // root → its members that have constraints
	doi    map[int32]string  // root → a DOI its members carry (preprints aside)
}

func newClusters(n int) *clusters {
	c := &clusters{parent: make([]int32, n), cannot: map[int32][]int32{}, bound: map[int32][]int32{}, doi: map[int32]string{}}
	for i := range c.parent {
		c.parent[i] = int32(i)
	}
	return c
}

func (c *clusters) find(i int32) int32 {
	for c.parent[i] != i {
		c.parent[i] = c.parent[c.parent[i]]
		i = c.parent[i]
	}
	return i
}

func (c *clusters) forbid(i, j int32) {
	for _, p := range [][2]int32{{i, j}, {j, i}} {
		if len(c.cannot[p[0]]) == 0 {
			r := c.find(p[0])
			c.bound[r] = append(c.bound[r], p[0])
		}
		c.cannot[p[0]] = append(c.cannot[p[0]], p[1])
	}
}

// union joins the clusters of i and j unless a constraint forbids it, and
// reports whether they are joined.
func (c *clusters) union(i, j int32) bool {
	ri, rj := c.find(i), c.find(j)
	if ri == rj {
		return true
	}
	if c.blocked(ri, rj) {
		return false
	}
	if len(c.bound[ri]) > len(c.bound[rj]) {
		ri, rj = rj, ri
	}
	c.parent[ri] = rj
	if d, ok := c.doi[ri]; ok {
		if _, has := c.doi[rj]; !has {
			c.doi[rj] = d
		}
		delete(c.doi, ri)
	}
	if b := c.bound[ri]; len(b) > 0 {
		c.bound[rj] = append(c.bound[rj], b...)
		delete(c.bound, ri)
	}
	return true
}

// doiConflict reports whether the clusters rooted at ri and rj carry
// different DOIs: two articles, however alike their citations.
func (c *clusters) doiConflict(ri, rj int32) bool {
	a, b := c.doi[ri], c.doi[rj]
	return a != "" && b != "" && a != b
}

// blocked reports whether a reviewer decided that a member of the cluster
// rooted at ri is different from a member of the one rooted at rj.
func (c *clusters) blocked(ri, rj int32) bool {
	for _, x := range c.bound[ri] {
		for _, y := range c.cannot[x] {
			if c.find(y) == rj {
				return true
			}
		}
	}
	return false
}

// maxQueued is how many uncertain pairs one run queues for a study.
const maxQueued = 3

// link is a certain pair that joined two clusters.
type link struct {
	i, j int32
	m    match
}

// stats counts what a run compared and found.
type stats struct {
	compared  int
	certain   int
	uncertain int
}

// plan clusters items: current studies stay together, reviewers' "same"
// and "different" decisions hold, identifier matches come first, then
// blocked fuzzy comparison. It returns what to store.
func plan(items []item, decided []data.Pair) (data.DedupPlan, stats) {
	var st stats
	c := newClusters(len(items))
	index := make(map[int64]int32, len(items))
	byStudy := make(map[int64]int32, len(items))
	for i := range items {
		index[items[i].id] = int32(i)
		if items[i].doi != "" && !items[i].preprint {
			c.doi[int32(i)] = items[i].doi
		}
		if first, ok := byStudy[items[i].study]; ok {
			c.union(first, int32(i))
		} else {
			byStudy[items[i].study] = int32(i)
		}
	}
	known := map[[2]int32]bool{} // pairs already decided or queued
	for _, p := range decided {
		i, ok1 := index[p.A]
		j, ok2 := index[p.B]
		if !ok1 || !ok2 {
			continue
		}
		known[pairKey(i, j)] = true
		if p.Status == data.PairDifferent {
			c.forbid(i, j)
		}
	}
	var links []link
	queued := map[[2]int32]match{}
	consider := func(i, j int32, m match) {
		st.compared++
		bridge := items[i].doi == "" || items[j].doi == ""
		if m.verdict == Certain && m.method == data.MethodFuzzy && bridge && c.doiConflict(c.find(i), c.find(j)) {
			// A DOI-less record must not bridge two articles with DOIs.
			m.verdict = Uncertain
		}
		switch m.verdict {
		case Certain:
			if c.find(i) != c.find(j) && c.union(i, j) {
				links = append(links, link{i, j, m})
				st.certain++
			}
		case Uncertain:
			k := pairKey(i, j)
			if !known[k] {
				queued[k] = m
			}
		}
	}
	sameID(items, func(it *item) string { return it.doi }, func(i, j int32) {
		if c.find(i) != c.find(j) {
			consider(i, j, compareIdentifier(&items[i], &items[j], data.MethodDOI))
		}
	})
	sameID(items, func(it *item) string { return it.pmid }, func(i, j int32) {
		if c.find(i) != c.find(j) {
			consider(i, j, compareIdentifier(&items[i], &items[j], data.MethodPMID))
		}
	})
	tried := map[[2]int32]bool{} // pairs compared and left apart: several keys bring them
	candidates(items, func(i, j int) {
		a, b := int32(i), int32(j)
		k := pairKey(a, b)
		if c.find(a) == c.find(b) || known[k] || tried[k] {
			return
		}
		m := compare(&items[i], &items[j])
		consider(a, b, m)
		if c.find(a) != c.find(b) {
			tried[k] = true
		}
	})
	return buildPlan(items, c, links, queued, &st), st
}

func pairKey(i, j int32) [2]int32 {
	if i > j {
		i, j = j, i
	}
	return [2]int32{i, j}
}

// sameID calls fn for pairs of items sharing a non-empty identifier where
// at least one is new: each item against the ones before it in its group,
// at most window of them.
func sameID(items []item, id func(*item) string, fn func(i, j int32)) {
	groups := map[string][]int32{}
	for i := range items {
		if v := id(&items[i]); v != "" {
			groups[v] = append(groups[v], int32(i))
		}
	}
	keys := make([]string, 0, len(groups))
	for k, g := range groups {
		if len(g) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		g := groups[k]
		for x, j := range g {
			for _, i := range g[max(0, x-window):x] {
				if items[i].isNew || items[j].isNew {
					fn(i, j)
				}
			}
		}
	}
}

// buildPlan turns the clusters into study moves (into the smallest study id
// of each cluster), merge rows and queued uncertain pairs.
func buildPlan(items []item, c *clusters, links []link, queued map[[2]int32]match, st *stats) data.DedupPlan {
	var p data.DedupPlan
	final := map[int32]int64{} // root → surviving study
	for i := range items {
		r := c.find(int32(i))
		if s, ok := final[r]; !ok || items[i].study < s {
			final[r] = items[i].study
		}
		p.ComparedThrough = max(p.ComparedThrough, items[i].id)
	}
	moved := map[int64]bool{}
	for i := range items {
		s, to := items[i].study, final[c.find(int32(i))]
		if s != to && !moved[s] {
			moved[s] = true
			p.Moves = append(p.Moves, data.StudyMove{From: s, To: to})
		}
	}
	for _, l := range links {
		a, b := &items[l.i], &items[l.j]
		to := final[c.find(l.i)]
		rec, matched := a, b
		if a.study == to || (b.study != to && b.id > a.id) {
			rec, matched = b, a
		}
		p.Merges = append(p.Merges, data.Merge{StudyID: to, RecordID: rec.id, MatchedID: matched.id, Method: l.m.method,
			Score: l.m.score, Fields: l.m.fields, DecidedBy: data.DecidedByMatcher})
	}
	// One pair per two clusters: the one that scored highest.
	type scored struct {
		k     [2]int32
		score float64
	}
	best := map[[2]int32]scored{}
	for k, m := range queued {
		ck := pairKey(c.find(k[0]), c.find(k[1]))
		if ck[0] == ck[1] || c.blocked(ck[0], ck[1]) {
			continue
		}
		if b, ok := best[ck]; !ok || m.score > b.score || (m.score == b.score && less(k, b.k)) {
			best[ck] = scored{k, m.score}
		}
	}
	keys := make([]scored, 0, len(best))
	for _, b := range best {
		keys = append(keys, b)
	}
	// Each study gets at most maxQueued pairs, the best first: a crowd of
	// look-alikes would otherwise ask a reviewer about every pair of them.
	slices.SortFunc(keys, func(x, y scored) int {
		if x.score != y.score {
			if x.score > y.score {
				return -1
			}
			return 1
		}
		if less(x.k, y.k) {
			return -1
		}
		return 1
	})
	perStudy := map[int32]int{}
	for _, b := range keys {
		ra, rb := c.find(b.k[0]), c.find(b.k[1])
		if perStudy[ra] >= maxQueued || perStudy[rb] >= maxQueued {
			continue
		}
		perStudy[ra]++
		perStudy[rb]++
		m := queued[b.k]
		p.Pairs = append(p.Pairs, data.Pair{A: items[b.k[0]].id, B: items[b.k[1]].id, Status: data.PairUncertain, Score: m.score, Fields: m.fields})
	}
	st.uncertain = len(p.Pairs)
	return p
}

func less(x, y [2]int32) bool {
	return x[0] < y[0] || (x[0] == y[0] && x[1] < y[1])
}
