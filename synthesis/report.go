package synthesis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/coding"
)

// Settings the report reads besides "title": the title in Norwegian, and
// what the review's intervention is called in each language ("learning
// networks" / "læringsnettverk"), used in the certainty statements.
const (
	SettingTitleNB   = "report.title.nb"
	SettingSubjectNB = "report.subject.nb"
	SettingSubjectEN = "report.subject.en"
)

// Report is everything the report tells, read from the review once; it is
// written in either language by Markdown and HTML.
type Report struct {
	Title      map[string]string // by language
	Subject    map[string]string
	Flow       Flow
	Sources    []data.Source
	Evidence   *Evidence
	Effects    []OutcomeEffects
	Factors    []Finding
	Barriers   []Finding
	Config     screening.Config
	Agreement  []screening.AgreementReport // ta, ft (stages with decisions)
	Reviewers  map[string]int              // stage → distinct reviewers
	Resolved   map[string]map[string]int   // stage → resolution method → studies (current resolutions)
	Ranking    *data.Ranking               // the model that ordered most ranked decisions; nil when none
	Coding     []coding.CodeAgreement
	CodedPairs int // studies coded by two reviewers
}

// BuildReport reads the review into a Report: the PRISMA flow (an error
// when its counts do not add up), sources, screening agreement, the
// ranking used, coding agreement, and the evidence with its effects,
// factors and barriers.
func BuildReport(ctx context.Context, db *data.DB) (*Report, error) {
	r := &Report{Title: map[string]string{}, Subject: map[string]string{}, Reviewers: map[string]int{}, Resolved: map[string]map[string]int{}}
	var err error
	title, err := db.Setting(ctx, "title", "Systematic review")
	if err != nil {
		return nil, err
	}
	r.Title["en"] = title
	for _, s := range []struct {
		key, lang, def string
		m              map[string]string
	}{{SettingTitleNB, "nb", title, r.Title}, {SettingSubjectNB, "nb", "tiltaket", r.Subject}, {SettingSubjectEN, "en", "the intervention", r.Subject}} {
		if s.m[s.lang], err = db.Setting(ctx, s.key, s.def); err != nil {
			return nil, err
		}
	}
	if r.Flow, err = PRISMA(ctx, db); err != nil {
		return nil, err
	}
	if r.Sources, err = db.Sources(ctx); err != nil {
		return nil, err
	}
	if r.Config, err = screening.LoadConfig(ctx, db); err != nil {
		return nil, err
	}
	for _, st := range []screening.Stage{"ta", "ft"} {
		var n int
		if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(DISTINCT reviewer) FROM decision WHERE stage = ?", string(st)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count reviewers: %w", err)
		}
		if n == 0 {
			continue
		}
		r.Reviewers[string(st)] = n
		a, err := screening.Agreement(ctx, db, r.Config, st)
		if err != nil {
			return nil, err
		}
		r.Agreement = append(r.Agreement, a)
		res, err := db.Resolutions(ctx, string(st))
		if err != nil {
			return nil, err
		}
		r.Resolved[string(st)] = map[string]int{}
		for _, v := range res {
			r.Resolved[string(st)][v.Method]++
		}
	}
	if r.Ranking, err = usedRanking(ctx, db); err != nil {
		return nil, err
	}
	if r.Coding, err = coding.Agreement(ctx, db); err != nil {
		return nil, err
	}
	for _, a := range r.Coding {
		r.CodedPairs = max(r.CodedPairs, a.N)
	}
	if r.Evidence, err = LoadEvidence(ctx, db); err != nil {
		return nil, err
	}
	r.Effects = r.Evidence.Effects()
	r.Factors = r.Evidence.Findings(coding.EvidenceFactor)
	r.Barriers = r.Evidence.Findings(coding.EvidenceBarrier)
	return r, nil
}

// usedRanking returns the ranking most screening decisions were shown
// from, or nil when the queue was never ordered by a model.
func usedRanking(ctx context.Context, db *data.DB) (*data.Ranking, error) {
	var id int64
	err := db.SQL().QueryRowContext(ctx, `SELECT ranking_id FROM decision WHERE ranking_id IS NOT NULL AND ranking_id <> 0
		GROUP BY ranking_id ORDER BY COUNT(*) DESC, ranking_id LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find ranking used: %w", err)
	}
	rk, err := db.RankingByID(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return nil, nil
	}
	return rk, err
}

// groupTotals counts the included studies by evidence type.
func (r *Report) groupTotals() map[string]int {
	m := map[string]int{}
	for _, s := range r.Evidence.Studies {
		m[s.Evidence]++
	}
	return m
}

// claim is the certainty statement's claim for an outcome, pointing the
// way most studies point (mixed when no direction has a majority).
func (r *Report) claim(o OutcomeEffects, lang string) Claim {
	v := o.Votes
	dir := DirMixed
	switch {
	case v.Positive > v.Negative && v.Positive > v.None:
		dir = DirImproved
	case v.Negative > v.Positive && v.Negative > v.None:
		dir = DirWorse
	case v.By[DirNoDifference] > v.Positive && v.By[DirNoDifference] > v.Negative:
		dir = DirNoDifference
	}
	subj := r.Subject[lang]
	return Claim{Subject: subj, Plural: lang == "en" && strings.HasSuffix(subj, "s") && !strings.HasSuffix(subj, "ss"),
		Outcome: lowerFirst(o.Code.Labels.In(lang)), Direction: dir}
}

// certainty words an outcome's certainty: the GRADE statement with its
// symbols, or that it was not assessed.
func (r *Report) certainty(o OutcomeEffects, w words) string {
	if o.Rating == nil {
		return w.notAssess
	}
	return Statement(o.Rating.Level, w.lang, r.claim(o, w.lang)) + " " + o.Rating.Level.Symbols()
}

// optionLabel is the label of a code's option in lang, or the slug.
func (r *Report) optionLabel(code, slug, lang string) string {
	if c, ok := r.Evidence.Book.Code(code); ok {
		for _, o := range c.Options {
			if o.Slug == slug {
				return o.Labels.In(lang)
			}
		}
	}
	return slug
}

// sortedSources returns the sources in import order.
func (r *Report) sortedSources() []data.Source {
	ss := append([]data.Source(nil), r.Sources...)
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].ID < ss[j].ID })
	return ss
}
