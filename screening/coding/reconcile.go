package coding

import (
	"context"
	"fmt"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Side is one reviewer's current coding of a code on a study ("" Value:
// not set).
type Side struct {
	Reviewer string `json:"reviewer"`
	Value    string `json:"value"`
	Quote    string `json:"quote,omitempty"`
	Location string `json:"location,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Item is one code on one study coded by two reviewers: their values side
// by side and the final value when one was recorded.
type Item struct {
	StudyID int64             `json:"study_id"`
	Code    string            `json:"code"`
	Type    ValueType         `json:"type"`
	A       Side              `json:"a"`
	B       Side              `json:"b"`
	Agree   bool              `json:"agree"`
	Final   *data.CodingFinal `json:"final,omitempty"`
}

// Settled reports whether the item has a final value, recorded or (for
// agreeing reviewers) implied.
func (it Item) Settled() bool { return it.Final != nil || it.Agree }

// FinalValue returns the settled value: the recorded final, else the value
// both reviewers gave; "" when not present or not settled.
func (it Item) FinalValue() string {
	if it.Final != nil {
		return it.Final.Value
	}
	if it.Agree {
		return it.A.Value
	}
	return ""
}

// effective is the value compared between reviewers: a flag set to "no" is
// the same as a flag never set.
func effective(c *Code, v string) string {
	if c != nil && c.Type == Flag && v == "no" {
		return ""
	}
	return v
}

// codedPairs returns, for each study that two reviewers have marked done,
// those two reviewers in the order they took the study up. When more than
// two finished, the first two count.
func codedPairs(ctx context.Context, db *data.DB) (map[int64][2]string, []int64, error) {
	sts, err := db.CodingStatuses(ctx)
	if err != nil {
		return nil, nil, err
	}
	done := map[int64][]string{}
	var order []int64
	for _, s := range sts {
		if !s.Done {
			continue
		}
		if len(done[s.StudyID]) == 0 {
			order = append(order, s.StudyID)
		}
		done[s.StudyID] = append(done[s.StudyID], s.Reviewer)
	}
	pairs := map[int64][2]string{}
	var ids []int64
	for _, id := range order {
		if rs := done[id]; len(rs) >= 2 {
			pairs[id] = [2]string{rs[0], rs[1]}
			ids = append(ids, id)
		}
	}
	return pairs, ids, nil
}

// Items returns, for every study two reviewers have finished, every code
// either reviewer set or that has a final value, in study and codebook
// order. Codes neither reviewer set and nobody settled are left out.
func Items(ctx context.Context, db *data.DB) ([]Item, error) {
	b, err := InForce(ctx, db)
	if err != nil {
		return nil, err
	}
	pairs, ids, err := codedPairs(ctx, db)
	if err != nil {
		return nil, err
	}
	codings, err := db.CurrentCodings(ctx, 0, "")
	if err != nil {
		return nil, err
	}
	type key struct {
		study          int64
		reviewer, code string
	}
	byKey := map[key]data.Coding{}
	for _, c := range codings {
		byKey[key{c.StudyID, c.Reviewer, c.Code}] = c
	}
	finals, err := db.CodingFinals(ctx, 0)
	if err != nil {
		return nil, err
	}
	finalOf := map[[2]any]*data.CodingFinal{}
	for i := range finals {
		finalOf[[2]any{finals[i].StudyID, finals[i].Code}] = &finals[i]
	}
	side := func(study int64, reviewer string, c *Code) Side {
		k := byKey[key{study, reviewer, c.Slug}]
		return Side{Reviewer: reviewer, Value: effective(c, k.Value), Quote: k.Quote, Location: k.Location, Note: k.Note}
	}
	var items []Item
	for _, id := range ids {
		for _, c := range b.Codes() {
			it := Item{StudyID: id, Code: c.Slug, Type: c.Type, A: side(id, pairs[id][0], &c), B: side(id, pairs[id][1], &c),
				Final: finalOf[[2]any{id, c.Slug}]}
			it.Agree = it.A.Value == it.B.Value
			if it.A.Value == "" && it.B.Value == "" && it.Final == nil {
				continue
			}
			items = append(items, it)
		}
	}
	return items, nil
}

// AutoAgree records, with method agreement, the final value of every item
// both reviewers gave the same value and that has no final yet, keeping the
// first reviewer's quote (the second's when the first gave none). It
// returns what it stored.
func AutoAgree(ctx context.Context, db *data.DB, resolver string) ([]data.CodingFinal, error) {
	items, err := Items(ctx, db)
	if err != nil {
		return nil, err
	}
	b, err := stored(ctx, db, resolver)
	if err != nil {
		return nil, err
	}
	var fs []data.CodingFinal
	for _, it := range items {
		if !it.Agree || it.Final != nil {
			continue
		}
		s := it.A
		if s.Quote == "" {
			s.Quote, s.Location = it.B.Quote, it.B.Location
		}
		fs = append(fs, data.CodingFinal{StudyID: it.StudyID, Code: it.Code, Value: it.A.Value, Method: data.MethodAgreement,
			Resolver: resolver, Quote: s.Quote, Location: s.Location, CodebookVersion: b.Version})
	}
	if err := db.AddCodingFinals(ctx, fs); err != nil {
		return nil, err
	}
	return fs, nil
}

// Resolve records the agreed value of code on a study (method consensus),
// with who settled it; value "" or "none" settles it as not present. The
// quote of the reviewer whose value was chosen is kept.
func Resolve(ctx context.Context, db *data.DB, studyID int64, code, value, resolver, note string) (data.CodingFinal, error) {
	if resolver == "" {
		return data.CodingFinal{}, fmt.Errorf("no reviewer given: who is reconciling?")
	}
	b, err := stored(ctx, db, resolver)
	if err != nil {
		return data.CodingFinal{}, err
	}
	c, ok := b.Code(code)
	if !ok {
		return data.CodingFinal{}, fmt.Errorf("no code %q in the codebook", code)
	}
	v := ""
	if s := strings.TrimSpace(value); s != "" && !strings.EqualFold(s, "none") {
		if v, err = b.Normalize(code, s); err != nil {
			return data.CodingFinal{}, err
		}
		v = effective(c, v)
	}
	f := data.CodingFinal{StudyID: studyID, Code: code, Value: v, Method: data.MethodConsensus, Resolver: resolver,
		Note: note, CodebookVersion: b.Version}
	items, err := Items(ctx, db)
	if err != nil {
		return f, err
	}
	found := false
	for _, it := range items {
		if it.StudyID != studyID || it.Code != code {
			continue
		}
		found = true
		for _, s := range []Side{it.A, it.B} {
			if s.Value == v && f.Quote == "" {
				f.Quote, f.Location = s.Quote, s.Location
			}
		}
	}
	if !found {
		if _, ok := pairsHave(ctx, db, studyID); !ok {
			return f, fmt.Errorf("study %d has not been coded by two reviewers yet; nothing to reconcile", studyID)
		}
	}
	fs := []data.CodingFinal{f}
	if err := db.AddCodingFinals(ctx, fs); err != nil {
		return f, err
	}
	return fs[0], nil
}

func pairsHave(ctx context.Context, db *data.DB, studyID int64) ([2]string, bool) {
	pairs, _, err := codedPairs(ctx, db)
	if err != nil {
		return [2]string{}, false
	}
	p, ok := pairs[studyID]
	return p, ok
}
