package synthesis

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// SourceCount is how many records one named source of one PRISMA kind
// contributed (sources imported under the same kind and name add up).
type SourceCount struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	N    int    `json:"n"`
}

// ReasonCount is how many reports were excluded at full text for one
// reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	N      int    `json:"n"`
}

// Column is one column of the PRISMA 2020 flow diagram: records identified
// from databases and registers, or by other methods (websites,
// organisations, citation searching). Identification counts records;
// everything from Screened on counts studies (deduplicated clusters), and
// Reports counts the distinct reports (publications) of the included
// studies.
type Column struct {
	Identified   int           `json:"identified"`
	Sources      []SourceCount `json:"sources"`       // in import order
	Duplicates   int           `json:"duplicates"`    // records removed as duplicates
	Automation   int           `json:"automation"`    // marked ineligible by automation tools (not tracked: 0)
	OtherRemoved int           `json:"other_removed"` // removed for other reasons (not tracked: 0)

	Screened          int `json:"screened"`           // studies screened on title/abstract
	ScreenExcluded    int `json:"screen_excluded"`    // resolved exclude at title/abstract
	AwaitingScreening int `json:"awaiting_screening"` // no title/abstract resolution yet

	Sought             int           `json:"sought"`        // resolved include at title/abstract
	NotRetrieved       int           `json:"not_retrieved"` // full text sought but not retrieved
	Assessed           int           `json:"assessed"`      // Sought − NotRetrieved
	Excluded           int           `json:"excluded"`      // resolved exclude at full text
	Reasons            []ReasonCount `json:"reasons"`       // Excluded by reason, most first
	AwaitingAssessment int           `json:"awaiting_assessment"`

	Included int `json:"included"` // studies resolved include at full text
	Reports  int `json:"reports"`  // distinct reports of the included studies
}

// Removed is every record removed before screening.
func (c Column) Removed() int { return c.Duplicates + c.Automation + c.OtherRemoved }

// Kind returns how many records the column's sources of one kind gave.
func (c Column) Kind(kind string) int {
	n := 0
	for _, s := range c.Sources {
		if s.Kind == kind {
			n += s.N
		}
	}
	return n
}

// Flow is the PRISMA 2020 flow of a review, computed from its records,
// studies, screening resolutions and full-text records.
//
// How records are counted: a study whose records come from at least one
// database or register belongs to the databases-and-registers column; a
// study found only by other methods belongs to the other-methods column.
// Each column's duplicates are its records less its studies, so the
// records an other method found of a study the databases also found count
// as duplicates removed in the other-methods column (PRISMA counts
// identification by record, screening by study).
//
// Full-text exclusions: a study excluded at full text with the reason "not
// retrievable" (or "not retrieved") counts as not retrieved, not as
// assessed and excluded. The reason of an exclusion is the resolution's
// reason when it has one, else the reason the excluding reviewers gave
// (the most common one; ties go to the alphabetically first), else "no
// reason recorded".
//
// Reports of included studies: a study's records are distinct reports
// unless they share a DOI, a PMID or a title (case and punctuation
// aside) with another record of the study, so the copies of one article
// that several databases return count once, and a study that
// deduplication linked to two publications counts two.
//
// Screening may be unfinished: studies without a title/abstract resolution
// are AwaitingScreening, studies retrieved but without a full-text
// resolution are AwaitingAssessment; the invariants hold either way.
type Flow struct {
	Databases Column `json:"databases_registers"`
	Other     Column `json:"other_methods"`
}

// TotalStudies is the number of studies included in the review.
func (f Flow) TotalStudies() int { return f.Databases.Included + f.Other.Included }

// TotalReports is the number of distinct reports of the included studies.
func (f Flow) TotalReports() int { return f.Databases.Reports + f.Other.Reports }

// ErrInvariant is matched (errors.Is) by every error Check returns.
var ErrInvariant = errors.New("PRISMA count does not add up")

// InvariantError lists the PRISMA invariants a Flow breaks, each with its
// numbers.
type InvariantError struct{ Problems []string }

func (e *InvariantError) Error() string { return "PRISMA: " + strings.Join(e.Problems, "; ") }

// Is makes errors.Is(err, ErrInvariant) true.
func (e *InvariantError) Is(target error) bool { return target == ErrInvariant }

// Check verifies the PRISMA 2020 invariants in each column: identified is
// the sum of the sources; screened = identified − removed; screened =
// excluded + sought + awaiting; assessed = sought − not retrieved; the
// reasons add up to the excluded; included ≤ assessed − excluded. It
// returns an *InvariantError naming every broken one with its numbers, or
// nil.
func (f Flow) Check() error {
	var probs []string
	for _, col := range []struct {
		name string
		c    Column
	}{{"databases and registers", f.Databases}, {"other methods", f.Other}} {
		c := col.c
		add := func(format string, args ...any) { probs = append(probs, col.name+": "+fmt.Sprintf(format, args...)) }
		sum := 0
		for _, s := range c.Sources {
			sum += s.N
		}
		if sum != c.Identified {
			add("records identified (%d) ≠ the sum over sources (%d)", c.Identified, sum)
		}
		if c.Screened != c.Identified-c.Removed() {
			add("records screened (%d) ≠ identified (%d) − removed (%d)", c.Screened, c.Identified, c.Removed())
		}
		if c.Screened != c.ScreenExcluded+c.Sought+c.AwaitingScreening {
			add("records screened (%d) ≠ excluded (%d) + reports sought (%d) + awaiting screening (%d)",
				c.Screened, c.ScreenExcluded, c.Sought, c.AwaitingScreening)
		}
		if c.Assessed != c.Sought-c.NotRetrieved {
			add("reports assessed (%d) ≠ sought (%d) − not retrieved (%d)", c.Assessed, c.Sought, c.NotRetrieved)
		}
		sum = 0
		for _, r := range c.Reasons {
			sum += r.N
		}
		if sum != c.Excluded {
			add("reports excluded (%d) ≠ the sum over reasons (%d)", c.Excluded, sum)
		}
		if c.Included > c.Assessed-c.Excluded {
			add("studies included (%d) > assessed (%d) − excluded (%d)", c.Included, c.Assessed, c.Excluded)
		}
		if c.AwaitingAssessment != c.Assessed-c.Excluded-c.Included {
			add("awaiting assessment (%d) ≠ assessed (%d) − excluded (%d) − included (%d)",
				c.AwaitingAssessment, c.Assessed, c.Excluded, c.Included)
		}
	}
	if len(probs) > 0 {
		return &InvariantError{Problems: probs}
	}
	return nil
}

// otherMethod says whether a source kind belongs to the other-methods
// column; every other kind (database, register, or none) is the left one.
func otherMethod(kind string) bool {
	return kind == data.KindWebsite || kind == data.KindOrganisation || kind == data.KindCitation
}

// PRISMA computes the review's flow from the database and checks it (see
// Flow for how it counts). It returns the flow together with an
// *InvariantError when a count does not add up, and other errors when
// reading fails.
func PRISMA(ctx context.Context, db *data.DB) (Flow, error) {
	var f Flow
	st, err := loadScreening(ctx, db)
	if err != nil {
		return f, err
	}
	col := func(other bool) *Column {
		if other {
			return &f.Other
		}
		return &f.Databases
	}
	if err := identification(ctx, db, col); err != nil {
		return f, err
	}
	reasons := [2]map[string]int{{}, {}}
	for _, s := range st.studies {
		c := col(s.other)
		c.Screened++
		switch s.ta {
		case "":
			c.AwaitingScreening++
			continue
		case data.VerdictExclude:
			c.ScreenExcluded++
			continue
		}
		c.Sought++
		switch {
		case s.notRetrieved():
			c.NotRetrieved++
		case s.ft == data.VerdictExclude:
			c.Excluded++
			reasons[b2i(s.other)][s.reason]++
		case s.ft == data.VerdictInclude:
			c.Included++
			c.Reports += s.reports
		default:
			c.AwaitingAssessment++
		}
	}
	for i, c := range []*Column{&f.Databases, &f.Other} {
		c.Duplicates = c.Identified - c.Screened
		c.Assessed = c.Sought - c.NotRetrieved
		c.Reasons = sortedReasons(reasons[i])
	}
	return f, f.Check()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// identification counts the records of every source into its column.
func identification(ctx context.Context, db *data.DB, col func(other bool) *Column) error {
	rows, err := db.SQL().QueryContext(ctx, `SELECT s.kind, s.name, COUNT(r.id) FROM source s
		LEFT JOIN record r ON r.source_id = s.id GROUP BY s.id ORDER BY s.id`)
	if err != nil {
		return fmt.Errorf("count records per source: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sc SourceCount
		if err := rows.Scan(&sc.Kind, &sc.Name, &sc.N); err != nil {
			return err
		}
		c := col(otherMethod(sc.Kind))
		c.Identified += sc.N
		merged := false
		for i := range c.Sources {
			if c.Sources[i].Kind == sc.Kind && c.Sources[i].Name == sc.Name {
				c.Sources[i].N += sc.N
				merged = true
			}
		}
		if !merged {
			c.Sources = append(c.Sources, sc)
		}
	}
	return rows.Err()
}

func sortedReasons(m map[string]int) []ReasonCount {
	out := make([]ReasonCount, 0, len(m))
	for r, n := range m {
		out = append(out, ReasonCount{r, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}
