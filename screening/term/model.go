// Package term is the full-screen terminal screening loop (bubbletea) over
// a screening.Session: the study with its include/exclude terms
// highlighted, the review's criteria, progress and stopping information,
// and one key per action. Every decision is committed (Session.Decide has
// returned) before the next study is shown; nothing is optimistic.
package term

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
	"github.com/oversikt/oversikt/screening"
)

// SettingCriteria names the review setting holding the eligibility
// criteria shown while screening a stage (free text; lines kept). The
// stage-less "screening.criteria" is shown at every stage without its own.
func SettingCriteria(st screening.Stage) string { return "screening.criteria." + string(st) }

// Options adapt the loop to where it runs.
type Options struct {
	// Highlighter marks the review's include and exclude terms; nil or
	// empty shows text plain.
	Highlighter *index.Highlighter
	// Criteria is the review's eligibility criteria for the stage ("" none).
	Criteria string
	// Open shows an attached full text with the system's viewer; nil only
	// names the path.
	Open func(path string) error
	// Restrict reopens the session on the studies an index query matches
	// ("" lifts the restriction) and returns it with the number of
	// matches; nil disables search.
	Restrict func(ctx context.Context, query string) (*screening.Session, int, error)
	// Color styles with colours; false (NO_COLOR, not a terminal) marks
	// include terms bold and exclude terms underlined instead.
	Color bool
}

// mode is what the keyboard drives.
type mode int

const (
	browsing mode = iota
	pickReason
	typeReason
	typeNote
	typeSearch
	searching
	help
)

// Model is the bubbletea model of the screening loop.
type Model struct {
	ctx  context.Context
	s    *screening.Session
	opts Options
	st   styles

	item    *screening.Item
	mode    mode
	input   string
	cursor  int // in the reason list
	scroll  int // first abstract line shown
	avail   int // abstract lines the last view had room for
	message string
	query   string // the search restricting the queue, if any
	run     []bool // my standing decisions in order (true: relevant)
	width   int
	height  int
	lines   []string // the wrapped, highlighted abstract
	linesOf string   // key lines was built for
	err     error
}

// New returns the loop over a session, showing its first study. It
// returns an error when the session cannot load it or the reviewer's
// decisions.
func New(ctx context.Context, db *data.DB, s *screening.Session, o Options) (*Model, error) {
	m := &Model{ctx: ctx, s: s, opts: o, st: newStyles(o.Color), width: 100, height: 32, avail: 10}
	if err := m.loadRun(ctx, db); err != nil {
		return nil, err
	}
	if err := m.next(); err != nil {
		return nil, err
	}
	return m, nil
}

// loadRun reads the reviewer's standing decisions at the stage in the
// order made, for the stopping information.
func (m *Model) loadRun(ctx context.Context, db *data.DB) error {
	mine, err := db.ReviewerDecisions(ctx, m.s.Reviewer(), string(m.s.Stage()))
	if err != nil {
		return err
	}
	ds := make([]data.Decision, 0, len(mine))
	for _, d := range mine {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b data.Decision) int { return int(a.ID - b.ID) })
	m.run = m.run[:0]
	for _, d := range ds {
		m.run = append(m.run, m.relevant(d.Verdict))
	}
	return nil
}

// relevant says whether a verdict counts as an inclusion for stopping.
func (m *Model) relevant(verdict string) bool {
	return m.s.Config().Counted(verdict) != data.VerdictExclude
}

// Err returns the error that ended the loop (a failure of the store), or nil.
func (m *Model) Err() error { return m.err }

// Session returns the session the loop drives (a search replaces it).
func (m *Model) Session() *screening.Session { return m.s }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 20), max(msg.Height, 8)
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		if m.mode == searching { // the queue is being replaced
			return m, nil
		}
		return m, m.key(msg)
	case searchDone:
		return m, m.searched(msg)
	}
	return m, nil
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch m.mode {
	case help:
		m.mode = browsing
		return nil
	case pickReason:
		return m.picking(k.String())
	case typeReason, typeNote, typeSearch:
		return m.typing(k)
	}
	m.message = ""
	switch k.String() {
	case "q":
		return tea.Quit
	case "?":
		m.mode = help
	case "up", "k":
		m.scrollBy(-1)
	case "down", "j":
		m.scrollBy(1)
	case "pgup", "b":
		m.scrollBy(-m.pageLines())
	case "pgdown", "space":
		m.scrollBy(m.pageLines())
	case "home":
		m.scroll = 0
	case "end":
		m.scroll = m.maxScroll()
	case "u":
		return m.undo()
	case "/":
		if m.opts.Restrict == nil {
			m.message = "Search is not available here."
			break
		}
		m.mode, m.input = typeSearch, m.query
	}
	if m.item == nil {
		return nil
	}
	switch k.String() {
	case "i":
		return m.decide(data.VerdictInclude, "")
	case "m":
		return m.decide(data.VerdictMaybe, "")
	case "e":
		m.cursor, m.input = 0, ""
		if len(m.reasons()) > 0 {
			m.mode = pickReason
		} else {
			m.mode = typeReason
		}
	case "s":
		id := m.item.StudyID
		m.s.Skip()
		m.message = fmt.Sprintf("Skipped study %d; it comes back at the end.", id)
		return m.advance()
	case "n":
		m.mode, m.input = typeNote, ""
	case "o":
		m.open()
	}
	return nil
}

// reasons is the stage's list of exclusion reasons.
func (m *Model) reasons() []string { return m.s.Config().Reasons[m.s.Stage()] }

// reasonChoices is the list the picker offers: the stage's reasons and, at
// title/abstract where a reason is optional, "no reason".
func (m *Model) reasonChoices() []string {
	r := m.reasons()
	if m.s.Stage() == screening.FullText {
		return r
	}
	return append(slices.Clip(r), noReason)
}

const noReason = "(no reason)"

func (m *Model) picking(key string) tea.Cmd {
	choices := m.reasonChoices()
	switch key {
	case "esc", "q":
		m.mode, m.message = browsing, "Exclusion cancelled."
	case "up", "k", "shift+tab":
		m.cursor = (m.cursor + len(choices) - 1) % len(choices)
	case "down", "j", "tab":
		m.cursor = (m.cursor + 1) % len(choices)
	case "enter":
		return m.exclude(choices[m.cursor])
	default:
		if len(key) == 1 && key[0] >= '1' && key[0] <= '9' {
			if n := int(key[0] - '0'); n <= len(choices) {
				return m.exclude(choices[n-1])
			}
		}
	}
	return nil
}

func (m *Model) exclude(reason string) tea.Cmd {
	if reason == noReason {
		reason = ""
	}
	m.mode = browsing
	return m.decide(data.VerdictExclude, reason)
}

func (m *Model) typing(k tea.KeyPressMsg) tea.Cmd {
	key := k.String()
	if k.Code == tea.KeyEnter && k.Mod == 0 {
		key = "enter"
	}
	switch key {
	case "esc":
		m.mode, m.message = browsing, "Cancelled."
		return nil
	case "backspace":
		if r := []rune(m.input); len(r) > 0 {
			m.input = string(r[:len(r)-1])
		}
		return nil
	case "ctrl+u":
		m.input = ""
		return nil
	case "enter":
		text := strings.TrimSpace(m.input)
		was := m.mode
		m.mode, m.input = browsing, ""
		switch was {
		case typeReason:
			return m.decide(data.VerdictExclude, text)
		case typeNote:
			if err := m.s.Note(text); err != nil {
				m.message = "error: " + err.Error()
			} else if text != "" {
				m.message = "Note kept; it is stored with your decision."
			}
		case typeSearch:
			return m.search(text)
		}
		return nil
	}
	m.input += strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, k.Key().Text)
	return nil
}

// decide stores a verdict and shows the next study only once it is
// committed. A mistake (a reason the stage lacks) keeps the study.
func (m *Model) decide(verdict, reason string) tea.Cmd {
	d, err := m.s.Decide(m.ctx, verdict, reason)
	if err != nil {
		return m.fail(err)
	}
	m.run = append(m.run, m.relevant(d.Verdict))
	m.message = fmt.Sprintf("Saved: %s study %d", d.Verdict, d.StudyID)
	if d.Reason != "" {
		m.message += " (" + d.Reason + ")"
	}
	if err := m.s.OrderProblem(); err != nil {
		m.message += "; " + err.Error()
	}
	return m.advance()
}

func (m *Model) undo() tea.Cmd {
	d, err := m.s.Undo(m.ctx)
	if errors.Is(err, screening.ErrNothingToUndo) {
		m.message = "Nothing to undo."
		return nil
	}
	if err != nil {
		return m.fail(err)
	}
	if len(m.run) > 0 {
		m.run = m.run[:len(m.run)-1]
	}
	m.message = fmt.Sprintf("Undone: your decision on study %d is taken back; decide again.", d.StudyID)
	return m.advance()
}

// fail reports a person's mistake and stays, or ends the loop on a
// failure of the store.
func (m *Model) fail(err error) tea.Cmd {
	var ierr *screening.InputError
	if errors.As(err, &ierr) || errors.Is(err, screening.ErrNotAtFullText) {
		m.message = "Not saved: " + err.Error()
		return nil
	}
	m.err = err
	return tea.Quit
}

// advance shows the next study in the queue (nil when it is empty).
func (m *Model) advance() tea.Cmd {
	if err := m.next(); err != nil {
		m.err = err
		return tea.Quit
	}
	return nil
}

func (m *Model) next() error {
	it, err := m.s.Next(m.ctx)
	if err != nil {
		return err
	}
	m.item, m.scroll = it, 0
	return nil
}

func (m *Model) open() {
	for i := len(m.item.Fulltexts) - 1; i >= 0; i-- {
		f := m.item.Fulltexts[i]
		if f.Path == "" {
			continue
		}
		if m.opts.Open == nil {
			m.message = "Full text: " + f.Path
			return
		}
		if err := m.opts.Open(f.Path); err != nil {
			m.message = fmt.Sprintf("Could not open %s: %v", f.Path, err)
			return
		}
		m.message = "Opened " + f.Path
		return
	}
	m.message = fmt.Sprintf("No full text attached (oversikt fulltext attach %d FILE).", m.item.StudyID)
}

// searchDone is a search's new session, found off the keyboard's path.
type searchDone struct {
	query string
	s     *screening.Session
	n     int
	err   error
}

// search reopens the session on the studies query matches, in the
// background (the index may need bringing up to date); keys wait for it.
// The study shown is left undecided and stays in the queue.
func (m *Model) search(query string) tea.Cmd {
	m.mode, m.message = searching, fmt.Sprintf("Searching %q…", query)
	ctx, restrict := m.ctx, m.opts.Restrict
	return func() tea.Msg {
		s, n, err := restrict(ctx, query)
		return searchDone{query: query, s: s, n: n, err: err}
	}
}

func (m *Model) searched(r searchDone) tea.Cmd {
	m.mode = browsing
	if r.err != nil {
		var ierr *screening.InputError
		if errors.As(r.err, &ierr) || errors.Is(r.err, index.ErrQuery) {
			m.message = "Search: " + r.err.Error()
			return nil
		}
		m.err = r.err
		return tea.Quit
	}
	m.s, m.query = r.s, r.query
	if r.query == "" {
		m.message = "Search cleared: the whole queue."
	} else {
		m.message = fmt.Sprintf("%d studies match %q; the queue holds those still waiting for you.", r.n, r.query)
	}
	return m.advance()
}
