package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Entry is one value a reviewer gives a code on a study, as typed.
type Entry struct {
	StudyID  int64
	Reviewer string
	Code     string
	Value    string // as typed; checked and normalised against the codebook
	Quote    string
	Location string // page or section, e.g. "p. 4"
	Note     string
	Via      string // loop|scripted|import
}

// check validates e against the codebook in force and the studies to code
// and returns the coding to store.
func check(b Book, included map[int64]bool, e Entry) (data.Coding, error) {
	if e.Reviewer == "" {
		return data.Coding{}, fmt.Errorf("no reviewer given")
	}
	if !included[e.StudyID] {
		return data.Coding{}, fmt.Errorf("study %d is not included at full text; only included studies are coded", e.StudyID)
	}
	v, err := b.Normalize(e.Code, e.Value)
	if err != nil {
		return data.Coding{}, err
	}
	return data.Coding{StudyID: e.StudyID, Reviewer: e.Reviewer, Code: e.Code, Value: v,
		Quote: strings.TrimSpace(e.Quote), Location: strings.TrimSpace(e.Location), Note: strings.TrimSpace(e.Note),
		CodebookVersion: b.Version, Via: e.Via}, nil
}

func includedSet(ctx context.Context, db *data.DB) (map[int64]bool, error) {
	ids, err := Included(ctx, db)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m, nil
}

// Set checks e against the codebook in force and appends it. The study
// must be included at full text; the value must fit the code (the error
// says what values it takes).
func Set(ctx context.Context, db *data.DB, e Entry) (data.Coding, error) {
	b, err := stored(ctx, db, e.Reviewer)
	if err != nil {
		return data.Coding{}, err
	}
	inc, err := includedSet(ctx, db)
	if err != nil {
		return data.Coding{}, err
	}
	c, err := check(b, inc, e)
	if err != nil {
		return c, err
	}
	cs := []data.Coding{c}
	if err := db.AddCodings(ctx, cs, nil); err != nil {
		return c, err
	}
	return cs[0], nil
}

// Clear appends an event that takes the reviewer's value of code on the
// study back.
func Clear(ctx context.Context, db *data.DB, studyID int64, reviewer, code, via string) error {
	b, err := stored(ctx, db, reviewer)
	if err != nil {
		return err
	}
	if _, ok := b.Code(code); !ok {
		return fmt.Errorf("no code %q in the codebook", code)
	}
	return db.AddCodings(ctx, []data.Coding{{StudyID: studyID, Reviewer: reviewer, Code: code, CodebookVersion: b.Version, Via: via}}, nil)
}

// MarkDone records that the reviewer has finished coding the study (done)
// or reopened it. Reconciliation and agreement count the studies two
// reviewers have finished.
func MarkDone(ctx context.Context, db *data.DB, studyID int64, reviewer string, done bool) error {
	return db.AddCodings(ctx, nil, []data.CodingStatus{{StudyID: studyID, Reviewer: reviewer, Done: done}})
}

// ReviewersPerStudy is how many reviewers code each study unless the
// review's setting "coding.reviewers" says otherwise.
const ReviewersPerStudy = 2

// Queue returns the studies a reviewer has still to code, in id order:
// included studies the reviewer has not marked done and that fewer than
// the review's reviewers per study (setting "coding.reviewers", default 2)
// have taken up, or that this reviewer already started.
func Queue(ctx context.Context, db *data.DB, reviewer string) ([]int64, error) {
	ids, err := Included(ctx, db)
	if err != nil {
		return nil, err
	}
	per := ReviewersPerStudy
	if s, err := db.Setting(ctx, "coding.reviewers", ""); err != nil {
		return nil, err
	} else if s != "" {
		if _, err := fmt.Sscan(s, &per); err != nil || per < 1 {
			return nil, fmt.Errorf("setting coding.reviewers = %q: want a whole number ≥ 1", s)
		}
	}
	sts, err := db.CodingStatuses(ctx)
	if err != nil {
		return nil, err
	}
	coders := map[int64][]string{}
	done := map[int64]bool{}
	for _, s := range sts {
		coders[s.StudyID] = append(coders[s.StudyID], s.Reviewer)
		if s.Reviewer == reviewer && s.Done {
			done[s.StudyID] = true
		}
	}
	var out []int64
	for _, id := range ids {
		mine := slices.Contains(coders[id], reviewer)
		if done[id] || (!mine && len(coders[id]) >= per) {
			continue
		}
		out = append(out, id)
	}
	return out, nil
}
