package term

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/rank"
)

// styles are the loop's looks, with or without colour.
type styles struct {
	title, faint, bold, selected, include, exclude, warn lipgloss.Style
}

func newStyles(color bool) styles {
	st := styles{
		title:    lipgloss.NewStyle().Bold(true),
		faint:    lipgloss.NewStyle().Faint(true),
		bold:     lipgloss.NewStyle().Bold(true),
		selected: lipgloss.NewStyle().Reverse(true),
		include:  lipgloss.NewStyle().Bold(true),
		exclude:  lipgloss.NewStyle().Underline(true),
		warn:     lipgloss.NewStyle().Bold(true),
	}
	if color {
		st.include = st.include.Foreground(lipgloss.Green)
		st.exclude = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red)
		st.warn = st.warn.Foreground(lipgloss.Yellow)
		st.title = st.title.Foreground(lipgloss.BrightWhite)
	}
	return st
}

const keysLine = "i include · e exclude · m maybe · s skip · u undo · n note · / search · o open · ? help · q quit"

const emptyKeysLine = "u undo · / search · ? help · q quit"

const shortKeysLine = "i e m s u n / o · ? help · q quit"

const helpText = `Keys
  i        include the study
  e        exclude: pick a reason (number, or ↑↓ and enter; esc cancels)
  m        maybe
  s        skip for now (shown again at the end of the queue)
  u        undo your last decision (it is taken back, the study comes back)
  n        note for this study (stored with your decision)
  /        search: only the studies an index query matches (empty: all)
  o        open the attached full text with the system's viewer
  ↑ ↓ k j  scroll the abstract a line;  PgUp PgDn b space  a page
  ?        this help
  q        quit (every decision is already saved)

Each decision is saved before the next study is shown. You never see
another reviewer's decision. Press any key to go back.`

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

func (m *Model) render() string {
	head := m.header()
	foot := m.footer()
	bodyH := max(1, m.height-len(head)-len(foot))
	var body []string
	switch {
	case m.mode == help:
		if m.opts.Criteria != "" { // first: the keys are on the footer too
			body = append([]string{m.st.bold.Render("Criteria")}, strings.Split(lipgloss.Wrap(m.opts.Criteria, m.width, " "), "\n")...)
			body = append(body, "")
		}
		body = append(body, strings.Split(helpText, "\n")...)
	case m.item == nil:
		body = m.emptyQueue()
	default:
		body = m.study(bodyH)
	}
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	for len(body) < bodyH {
		body = append(body, "")
	}
	all := append(append(head, body...), foot...)
	return strings.Join(all, "\n")
}

func (m *Model) header() []string {
	s := m.s
	p := s.Progress()
	left := fmt.Sprintf("Screening %s · %s · %s order", s.Stage().Long(), s.Reviewer(), s.OrderName())
	if m.query != "" {
		left += fmt.Sprintf(" · search %q", m.query)
	}
	right := fmt.Sprintf("done %d · left %d · your includes %d", p.Done, p.Left, p.Includes)
	if room := m.width - lipgloss.Width(right) - 1; lipgloss.Width(left) > room { // progress always shows
		left = truncate(left, room)
	}
	line := m.st.bold.Render(left) + pad(m.width-lipgloss.Width(left)-lipgloss.Width(right)) + right
	return []string{m.fit(line), m.fit(m.st.faint.Render(m.stopping())), m.st.faint.Render(strings.Repeat("─", m.width))}
}

// minForEstimate is how many decisions the recall estimate waits for.
const minForEstimate = 20

// stopping is the stopping information: excluded in a row and, when the
// order makes it meaningful (prioritised or random, whole queue), the
// recall estimate, labelled as a heuristic.
func (m *Model) stopping() string {
	out := fmt.Sprintf("%d excluded in a row", rank.IrrelevantRun(m.run))
	if name := m.s.OrderName(); name != "priority" && name != "random" || m.query != "" {
		return out
	}
	if len(m.run) < minForEstimate {
		return out + fmt.Sprintf(" · recall estimate after %d decisions", minForEstimate)
	}
	e := rank.EstimateRecall(m.run, m.s.Progress().Left)
	return out + fmt.Sprintf(" · %s; from your last %d decisions", e.Label, e.Window)
}

func (m *Model) emptyQueue() []string {
	p := m.s.Progress()
	where := ""
	if m.query != "" {
		where = fmt.Sprintf(" among the studies %q matches", m.query)
	}
	return []string{"",
		m.st.bold.Render(fmt.Sprintf("Nothing left for %s at %s%s.", m.s.Reviewer(), m.s.Stage().Long(), where)),
		fmt.Sprintf("Done %d, your includes %d. Every decision is saved.", p.Done, p.Includes),
		"", "u undoes your last decision; / searches again; q quits."}
}

func (m *Model) study(height int) []string {
	it, r, w := m.item, &m.item.Record, m.width
	var top []string
	add := func(s string) { top = append(top, strings.Split(s, "\n")...) }
	add(m.st.faint.Render(fmt.Sprintf("Study %d · #%d in %s order", it.StudyID, it.Position, m.s.OrderName())))
	add(lipgloss.Wrap(m.styled(orDash(r.Title), m.st.title), w, " "))
	add(lipgloss.Wrap("Authors: "+orDash(screening.AuthorList(r.Authors)), w, " "))
	year := "—"
	if r.Year > 0 {
		year = fmt.Sprint(r.Year)
	}
	add(lipgloss.Wrap(fmt.Sprintf("Year: %s · Journal: %s · DOI: %s", year, orDash(r.Journal), orDash(r.DOI)), w, " "))
	if m.s.Stage() == screening.FullText {
		add(m.fit("Full text: " + fulltextLine(it.Fulltexts)))
	}
	if it.Note != "" {
		add(lipgloss.Wrap("Note: "+it.Note, w, " "))
	}
	if m.opts.Criteria != "" {
		crit := strings.Split(lipgloss.Wrap("Criteria: "+m.opts.Criteria, w, " "), "\n")
		switch room := min(4, height-len(top)-6); { // leave the abstract room
		case len(crit) <= max(room, 1):
		case room <= 1:
			crit = []string{truncate("Criteria: "+m.opts.Criteria, w)}
		default:
			crit = append(crit[:room-1], truncate("… (? shows the criteria in full)", w))
		}
		for _, l := range crit {
			top = append(top, m.st.faint.Render(l))
		}
	}
	top = append(top, "")
	if m.mode == pickReason {
		return append(top, m.reasonPicker()...)
	}
	abs := m.abstract()
	avail := max(1, height-len(top))
	if len(abs) > avail && avail > 1 {
		avail-- // the line saying where the abstract is scrolled
	}
	m.avail = avail
	m.scroll = min(m.scroll, m.maxScroll())
	end := min(len(abs), m.scroll+avail)
	shown := abs[min(m.scroll, end):end]
	if len(abs) > avail {
		top = append(top, m.st.faint.Render(fmt.Sprintf("Abstract (lines %d–%d of %d; ↑↓ PgUp PgDn scroll)", m.scroll+1, end, len(abs))))
	}
	return append(top, shown...)
}

func (m *Model) reasonPicker() []string {
	out := []string{m.st.bold.Render("Exclude study " + fmt.Sprint(m.item.StudyID) + " because (number, or ↑↓ and enter; esc cancels):")}
	for i, r := range m.reasonChoices() {
		line := fmt.Sprintf("  %d  %s", i+1, r)
		if i == m.cursor {
			line = m.st.selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

// abstract returns the abstract wrapped to the width and highlighted,
// built once per study and width.
func (m *Model) abstract() []string {
	key := fmt.Sprintf("%d/%d", m.item.StudyID, m.width)
	if m.linesOf != key || m.lines == nil {
		text := strings.TrimSpace(m.item.Record.Abstract)
		if text == "" {
			text = "(no abstract)"
		}
		m.lines = strings.Split(lipgloss.Wrap(m.styled(text, lipgloss.NewStyle()), m.width, " "), "\n")
		m.linesOf = key
	}
	return m.lines
}

// styled renders text in a base style with the review's include and
// exclude terms marked on top of it (each piece styled on its own, so a
// mark does not end the base style).
func (m *Model) styled(text string, base lipgloss.Style) string {
	marks := m.opts.Highlighter.Marks(text)
	var b strings.Builder
	at := 0
	plain := func(s string) {
		if s != "" {
			b.WriteString(base.Render(s))
		}
	}
	for _, mk := range marks {
		if mk.Start < at || mk.End > len(text) || mk.Start >= mk.End {
			continue
		}
		plain(text[at:mk.Start])
		st := m.st.include
		if mk.Kind == index.MarkExclude {
			st = m.st.exclude
		}
		b.WriteString(st.Inherit(base).Render(text[mk.Start:mk.End]))
		at = mk.End
	}
	plain(text[at:])
	return b.String()
}

// pageLines is how far PgUp/PgDn scroll: the abstract's last shown
// height less a line of context.
func (m *Model) pageLines() int { return max(1, m.avail-1) }

// maxScroll keeps the abstract's last line at the bottom.
func (m *Model) maxScroll() int {
	if m.item == nil {
		return 0
	}
	return max(0, len(m.abstract())-m.avail)
}

func (m *Model) scrollBy(n int) {
	m.scroll = max(0, min(m.scroll+n, m.maxScroll()))
}

func (m *Model) footer() []string {
	var prompt string
	switch m.mode {
	case typeNote:
		prompt = "Note: " + m.input + "▏ (enter keeps it, esc cancels)"
	case typeReason:
		need := "optional"
		if m.s.Stage() == screening.FullText {
			need = "required"
		}
		prompt = fmt.Sprintf("Exclusion reason (%s): %s▏ (enter saves, esc cancels)", need, m.input)
	case typeSearch:
		prompt = "Search: " + m.input + "▏ (enter searches; empty enter shows the whole queue; esc cancels)"
	case pickReason:
		prompt = fmt.Sprintf("1–%d picks a reason · ↑↓ and enter · esc cancels", min(9, len(m.reasonChoices())))
	case help:
		prompt = "any key goes back"
	default:
		prompt = keysLine
		if m.item == nil {
			prompt = emptyKeysLine
		}
		if len([]rune(prompt)) > m.width {
			prompt = shortKeysLine
		}
		prompt = m.st.faint.Render(prompt)
	}
	msg := m.message
	if strings.HasPrefix(msg, "Not saved") || strings.HasPrefix(msg, "Could not") {
		msg = m.st.warn.Render(msg)
	}
	return []string{m.st.faint.Render(strings.Repeat("─", m.width)), m.fit(msg), m.fit(prompt)}
}

// fit cuts a line to the width.
func (m *Model) fit(s string) string {
	if lipgloss.Width(s) <= m.width {
		return s
	}
	return lipgloss.NewStyle().MaxWidth(m.width).Render(s)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	return string(r[:n-1]) + "…"
}

func pad(n int) string {
	if n < 1 {
		return " "
	}
	return strings.Repeat(" ", n)
}

func fulltextLine(fs []data.Fulltext) string {
	if len(fs) == 0 {
		return "none attached (oversikt fulltext attach)"
	}
	f := fs[len(fs)-1]
	if f.Missing {
		return "sought but not retrieved"
	}
	return f.Path + " (o opens it)"
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
