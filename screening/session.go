package screening

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Errors a session returns.
var (
	ErrNoPriority    = errors.New("prioritised order is not available")
	ErrNoStudy       = errors.New("no study is shown")
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNoReviewer    = errors.New("no reviewer given")
)

// Options configure a Session.
type Options struct {
	Reviewer string
	Stage    Stage
	Order    Orderer        // nil: file order
	Only     map[int64]bool // when not nil, only these studies (a search's hits)
	Config   *Config        // nil: loaded from the review's settings
}

// Item is the study a session shows: its representative record, its place
// in the order, and at full text what is known of its full text. It holds
// nothing of any other reviewer's decision (blinding).
type Item struct {
	StudyID   int64
	Record    data.Record
	Position  int // 1-based place in the session's order
	Fulltexts []data.Fulltext
	Note      string // the note waiting for this study's decision
}

// Progress is what a reviewer has done at the session's stage: Done is
// their current decisions, Includes those that include, Left the studies
// still waiting for them (an estimate kept up to date as the queue is
// walked: another reviewer may fill a study's last place meanwhile).
type Progress struct {
	Done     int `json:"done"`
	Left     int `json:"left"`
	Includes int `json:"includes"`
}

// Session is one reviewer screening one stage: the model the line mode and
// the terminal UI drive. Next shows a study; Decide, Skip and Undo act on
// it. Every decision is committed to the database before Decide returns.
// A Session is not safe for concurrent use; two sessions (two processes)
// on one database are.
type Session struct {
	db       *data.DB
	cfg      Config
	reviewer string
	stage    Stage
	order    Orderer

	ids      []int64          // candidates in order
	posOf    map[int64]int    // 1-based position in the order it is shown from
	next     int              // index into ids of the next candidate
	front    []int64          // shown before ids (undone studies)
	skipped  []int64          // skipped in this session, shown again after ids
	mine     map[int64]string // my current verdicts
	cur      *Item
	note     string
	prog     Progress
	orderErr error

	rankingID  int64              // the ranking the current order came from
	reorder    chan reorderResult // a re-ranking under way, or nil
	reorderCtx context.Context    // the context it runs under
	stale      bool               // a decision came after it started: rank again
}

// reorderResult is a new order computed in the background.
type reorderResult struct {
	ids       []int64
	rankingID int64
	err       error
}

// Open loads a reviewer's queue at a stage: the studies they have not
// decided that still need a decision (at full text: studies included at
// title/abstract), restricted to their allocation when the stage is
// allocated, in the order opts.Order gives.
func Open(ctx context.Context, db *data.DB, opts Options) (*Session, error) {
	if strings.TrimSpace(opts.Reviewer) == "" {
		return nil, ErrNoReviewer
	}
	s := &Session{db: db, reviewer: opts.Reviewer, stage: opts.Stage, order: opts.Order}
	if s.stage == "" {
		s.stage = TitleAbstract
	}
	if s.order == nil {
		s.order = FileOrder{}
	}
	if opts.Only != nil {
		s.order = queryOrder{Orderer: s.order, only: opts.Only}
	}
	if opts.Config != nil {
		s.cfg = *opts.Config
	} else {
		cfg, err := LoadConfig(ctx, db)
		if err != nil {
			return nil, err
		}
		s.cfg = cfg
	}
	ids, err := db.StudyOrder(ctx)
	if err != nil {
		return nil, err
	}
	if s.stage == FullText {
		res, err := db.Resolutions(ctx, string(TitleAbstract))
		if err != nil {
			return nil, err
		}
		ids = keep(ids, func(id int64) bool { r, ok := res[id]; return ok && r.Verdict == data.VerdictInclude })
	}
	alloc, allocated, err := db.Allocation(ctx, string(s.stage), s.reviewer)
	if err != nil {
		return nil, err
	}
	if allocated {
		ids = keep(ids, func(id int64) bool { return alloc[id] })
	}
	mine, err := db.ReviewerDecisions(ctx, s.reviewer, string(s.stage))
	if err != nil {
		return nil, err
	}
	s.mine = make(map[int64]string, len(mine))
	for id, d := range mine {
		s.mine[id] = d.Verdict
		s.count(d.Verdict, 1)
	}
	deciders, err := db.DeciderCounts(ctx, string(s.stage))
	if err != nil {
		return nil, err
	}
	ids = keep(ids, func(id int64) bool { _, done := s.mine[id]; return !done && deciders[id] < s.cfg.Need(id) })
	if s.ids, err = s.order.Order(ctx, db, s.stage, ids); err != nil {
		return nil, fmt.Errorf("order the queue by %s: %w", s.order.Name(), err)
	}
	s.rankingID = s.order.RankingID()
	s.posOf = make(map[int64]int, len(s.ids))
	for i, id := range s.ids {
		s.posOf[id] = i + 1
	}
	s.prog.Left = len(s.ids)
	return s, nil
}

func keep(ids []int64, ok func(int64) bool) []int64 {
	out := ids[:0:0]
	for _, id := range ids {
		if ok(id) {
			out = append(out, id)
		}
	}
	return out
}

func (s *Session) count(verdict string, sign int) {
	s.prog.Done += sign
	if verdict == data.VerdictInclude {
		s.prog.Includes += sign
	}
}

// Reviewer returns the session's reviewer.
func (s *Session) Reviewer() string { return s.reviewer }

// Stage returns the session's stage.
func (s *Session) Stage() Stage { return s.stage }

// Config returns the screening configuration the session uses.
func (s *Session) Config() Config { return s.cfg }

// OrderName returns how the session orders its queue.
func (s *Session) OrderName() string { return s.order.Name() }

// Progress returns the reviewer's progress at the stage.
func (s *Session) Progress() Progress { return s.prog }

// Current returns the study shown, or nil.
func (s *Session) Current() *Item { return s.cur }

// Next returns the study to show: the current one while it waits for a
// decision, otherwise the next in the queue that still needs this
// reviewer (checked against the database, so a study another reviewer
// completed meanwhile is passed over). It returns nil when the queue is
// empty.
func (s *Session) Next(ctx context.Context) (*Item, error) {
	if s.cur != nil {
		return s.cur, nil
	}
	s.takeReorder()
	for {
		id, ok := s.pop()
		if !ok {
			return nil, nil
		}
		show, err := s.needs(ctx, id)
		if err != nil {
			return nil, err
		}
		if !show {
			continue
		}
		rec, err := s.db.StudyRecord(ctx, id)
		if errors.Is(err, data.ErrNotFound) {
			s.prog.Left--
			continue
		}
		if err != nil {
			return nil, err
		}
		item := &Item{StudyID: id, Record: rec, Position: s.posOf[id]}
		if s.stage == FullText {
			if item.Fulltexts, err = s.db.Fulltexts(ctx, id); err != nil {
				return nil, err
			}
		}
		s.cur = item
		return item, nil
	}
}

// pop takes the next candidate: undone studies first, then the order,
// then what was skipped.
func (s *Session) pop() (int64, bool) {
	if len(s.front) > 0 {
		id := s.front[0]
		s.front = s.front[1:]
		return id, true
	}
	if s.next >= len(s.ids) && len(s.skipped) > 0 {
		s.ids, s.next, s.skipped = s.skipped, 0, nil
	}
	if s.next < len(s.ids) {
		s.next++
		return s.ids[s.next-1], true
	}
	return 0, false
}

// needs reports whether study id still waits for this reviewer.
func (s *Session) needs(ctx context.Context, id int64) (bool, error) {
	if _, done := s.mine[id]; done {
		return false, nil
	}
	cur, err := s.db.CurrentDecisions(ctx, id, string(s.stage))
	if err != nil {
		return false, err
	}
	for _, d := range cur {
		if d.Reviewer == s.reviewer { // decided in another session of mine
			s.mine[id] = d.Verdict
			s.count(d.Verdict, 1)
			s.prog.Left--
			return false, nil
		}
	}
	if len(cur) >= s.cfg.Need(id) {
		s.prog.Left--
		return false, nil
	}
	if s.stage == FullText { // the title/abstract verdict may have changed since Open
		if err := requireIncludedAtTA(ctx, s.db, id); errors.Is(err, ErrNotAtFullText) {
			s.prog.Left--
			return false, nil
		} else if err != nil {
			return false, err
		}
	}
	return true, nil
}

// Decide records the reviewer's verdict (include, exclude or maybe) on the
// study shown, with a reason (see Config.Reason) and the waiting note,
// commits it, and moves on. On error nothing is stored and the study stays.
func (s *Session) Decide(ctx context.Context, verdict, reason string) (data.Decision, error) {
	if s.cur == nil {
		return data.Decision{}, ErrNoStudy
	}
	d := data.Decision{StudyID: s.cur.StudyID, Reviewer: s.reviewer, Stage: string(s.stage), Verdict: verdict,
		Reason: reason, Note: s.note, ShownBy: s.order.Name(), RankingID: s.rankingID, Position: s.cur.Position}
	if err := Record(ctx, s.db, s.cfg, &d); err != nil {
		return d, err
	}
	s.mine[d.StudyID] = d.Verdict
	s.count(d.Verdict, 1)
	s.prog.Left--
	s.cur, s.note = nil, ""
	s.observe(ctx, d.StudyID, d.Verdict)
	return d, nil
}

// observe tells a learning order about a decision; when it asks for a new
// order, the studies still waiting are re-ranked in the background so the
// next study shows without waiting for the model. The new order is taken
// up by a later Next (or Settle).
func (s *Session) observe(ctx context.Context, id int64, verdict string) {
	l, ok := s.order.(Learner)
	if !ok || !l.Observe(id, verdict) {
		return
	}
	if s.reorder != nil { // the ranking under way misses this decision: rank again after it
		s.stale = true
		return
	}
	s.startReorder(ctx, l)
}

// startReorder ranks the studies still waiting in the background.
func (s *Session) startReorder(ctx context.Context, l Learner) {
	rest := slices.Clone(s.ids[s.next:])
	ch := make(chan reorderResult, 1)
	s.reorder, s.reorderCtx = ch, ctx
	go func() {
		ordered, err := l.Order(ctx, s.db, s.stage, rest)
		ch <- reorderResult{ids: ordered, rankingID: l.RankingID(), err: err}
	}()
}

// Settle waits for the re-rankings under way, including one asked for by a
// decision made while another ran, and takes up the last order.
func (s *Session) Settle() {
	for s.reorder != nil {
		s.applyReorder(<-s.reorder)
	}
}

// takeReorder takes up a finished re-ranking without waiting.
func (s *Session) takeReorder() {
	if s.reorder == nil {
		return
	}
	select {
	case r := <-s.reorder:
		s.applyReorder(r)
	default:
	}
}

func (s *Session) applyReorder(r reorderResult) {
	s.reorder = nil
	if s.stale {
		defer func() {
			s.stale = false
			s.startReorder(s.reorderCtx, s.order.(Learner))
		}()
	}
	if r.err != nil {
		s.orderErr = fmt.Errorf("re-rank by %s: %w; keeping the previous order", s.order.Name(), r.err)
		return
	}
	skipped := make(map[int64]bool, len(s.skipped))
	for _, id := range s.skipped {
		skipped[id] = true
	}
	ordered := r.ids[:0:0]
	for _, id := range r.ids { // leave out what was shown while the model worked
		if _, done := s.mine[id]; done || skipped[id] || (s.cur != nil && s.cur.StudyID == id) {
			continue
		}
		ordered = append(ordered, id)
	}
	s.ids, s.next, s.rankingID = ordered, 0, r.rankingID
	for i, id := range ordered { // positions in the new ranking
		s.posOf[id] = i + 1
	}
}

// OrderProblem returns, once, why the last re-ranking failed (the session
// kept its previous order), or nil.
func (s *Session) OrderProblem() error {
	err := s.orderErr
	s.orderErr = nil
	return err
}

// Skip puts the study shown aside until the rest of the queue is done.
func (s *Session) Skip() {
	if s.cur != nil {
		s.skipped = append(s.skipped, s.cur.StudyID)
		s.cur, s.note = nil, ""
	}
}

// Note keeps text to store with the decision on the study shown (several
// notes are joined).
func (s *Session) Note(text string) error {
	if s.cur == nil {
		return ErrNoStudy
	}
	text = strings.TrimSpace(text)
	if s.note != "" && text != "" {
		s.note += "; "
	}
	s.note += text
	s.cur.Note = s.note
	return nil
}

// Undo takes back the reviewer's latest decision at the stage that still
// stands (in this session or an earlier one) by appending a retraction,
// and shows that study again next. It returns the retraction.
func (s *Session) Undo(ctx context.Context) (data.Decision, error) {
	last, err := s.db.LastDecision(ctx, s.reviewer, string(s.stage))
	if err != nil {
		return data.Decision{}, err
	}
	if last == nil {
		return data.Decision{}, ErrNothingToUndo
	}
	d := data.Decision{StudyID: last.StudyID, Reviewer: s.reviewer, Stage: string(s.stage), Verdict: data.VerdictRetract,
		ShownBy: last.ShownBy, RankingID: last.RankingID, Position: last.Position}
	if err := Record(ctx, s.db, s.cfg, &d); err != nil {
		return d, err
	}
	if v, ok := s.mine[last.StudyID]; ok {
		s.count(v, -1)
		delete(s.mine, last.StudyID)
	}
	s.prog.Left++
	front := []int64{last.StudyID}
	if s.cur != nil && s.cur.StudyID != last.StudyID {
		front = append(front, s.cur.StudyID)
	}
	if _, ok := s.posOf[last.StudyID]; !ok {
		s.posOf[last.StudyID] = last.Position
	}
	s.front = append(front, s.front...)
	s.cur, s.note = nil, ""
	return d, nil
}
