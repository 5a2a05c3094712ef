package coding

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/oversikt/oversikt/data"
)

// Form is the full-screen coding form (bubbletea): the study on the left,
// the codebook with the reviewer's values on the right, keyboard only.
// Every change is stored before the next key is read, as in the line mode.
type Form struct {
	ctx      context.Context
	db       *data.DB
	reviewer string
	lang     string
	book     Book
	codes    []Code
	queue    []int64
	pos      int
	rec      data.Record
	mine     map[string]data.Coding
	cursor   int
	editing  string // "" browsing; "value", "quote" or "location": typing into input
	input    string
	message  string
	width    int
	height   int
	// Summary counts what the session did.
	Summary LoopSummary
	err     error
}

const formHelp = "↑↓ code · space/enter set or cycle · e edit value · x clear · q quote · l location · d done → next · n/p next/previous study · esc quit"

// NewForm returns the form over the reviewer's queue (see Queue), or an
// error; a form over an empty queue says so and quits on any key.
func NewForm(ctx context.Context, db *data.DB, reviewer, lang string) (*Form, error) {
	queue, err := Queue(ctx, db, reviewer)
	if err != nil {
		return nil, err
	}
	b, err := stored(ctx, db, reviewer)
	if err != nil {
		return nil, err
	}
	f := &Form{ctx: ctx, db: db, reviewer: reviewer, lang: lang, book: b, codes: b.Codes(), queue: queue, width: 100, height: 30}
	if len(queue) == 0 {
		f.message = fmt.Sprintf("Nothing to code for %s: no included study is waiting. Press any key.", reviewer)
		return f, nil
	}
	return f, f.load()
}

// Err returns the error that ended the form, if any.
func (f *Form) Err() error { return f.err }

func (f *Form) load() error {
	id := f.queue[f.pos]
	rec, err := f.db.StudyRecord(f.ctx, id)
	if err != nil {
		return err
	}
	cs, err := f.db.CurrentCodings(f.ctx, id, f.reviewer)
	if err != nil {
		return err
	}
	f.rec, f.mine = rec, map[string]data.Coding{}
	for _, c := range cs {
		f.mine[c.Code] = c
	}
	return nil
}

// Init implements tea.Model.
func (f *Form) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (f *Form) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		f.width, f.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		if len(f.queue) == 0 || msg.String() == "ctrl+c" {
			return f, tea.Quit
		}
		if f.editing != "" {
			return f, f.typing(msg)
		}
		return f, f.browsing(msg.String())
	}
	return f, nil
}

func (f *Form) browsing(key string) tea.Cmd {
	f.message = ""
	c := f.codes[f.cursor]
	cur := f.mine[c.Slug]
	var err error
	switch key {
	case "esc", "Q":
		f.Summary.Left = len(f.queue) - f.pos
		return tea.Quit
	case "up", "k":
		f.cursor = (f.cursor + len(f.codes) - 1) % len(f.codes)
	case "down", "j":
		f.cursor = (f.cursor + 1) % len(f.codes)
	case "space", "enter":
		switch c.Type {
		case Flag:
			if cur.Value == "yes" {
				err = f.clear(c.Slug)
			} else {
				err = f.set(c.Slug, "yes", cur.Quote, cur.Location)
			}
		case OneOf, Direction:
			err = f.cycle(&c, cur)
		default:
			f.editing, f.input = "value", cur.Value
		}
	case "e":
		f.editing, f.input = "value", cur.Value
	case "x", "backspace", "delete":
		err = f.clear(c.Slug)
	case "q", "l":
		if cur.Value == "" {
			f.message = "Set a value first; the quote and location support it."
			break
		}
		f.editing, f.input = map[string]string{"q": "quote", "l": "location"}[key], map[string]string{"q": cur.Quote, "l": cur.Location}[key]
	case "d":
		if err = MarkDone(f.ctx, f.db, f.queue[f.pos], f.reviewer, true); err == nil {
			f.Summary.Done++
			return f.move(1, fmt.Sprintf("Study %d done.", f.queue[f.pos]))
		}
	case "n", "tab":
		return f.move(1, "")
	case "p", "shift+tab":
		return f.move(-1, "")
	}
	if err != nil {
		f.message = "error: " + err.Error()
	}
	return nil
}

// move goes to the next (+1) or previous (−1) study; past the last it quits.
func (f *Form) move(step int, msg string) tea.Cmd {
	next := f.pos + step
	if next < 0 {
		next = 0
	}
	if next >= len(f.queue) {
		f.pos = len(f.queue)
		return tea.Quit
	}
	f.pos, f.cursor, f.message = next, 0, msg
	if err := f.load(); err != nil {
		f.err = err
		return tea.Quit
	}
	return nil
}

func (f *Form) cycle(c *Code, cur data.Coding) error {
	opts := f.book.choices(c)
	i := -1
	for j, o := range opts {
		if o.Slug == cur.Value {
			i = j
		}
	}
	if i == len(opts)-1 {
		return f.clear(c.Slug)
	}
	return f.set(c.Slug, opts[i+1].Slug, cur.Quote, cur.Location)
}

func (f *Form) typing(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		f.editing, f.message = "", "Cancelled."
		return nil
	case "backspace":
		if r := []rune(f.input); len(r) > 0 {
			f.input = string(r[:len(r)-1])
		}
		return nil
	case "enter":
		c := f.codes[f.cursor]
		cur := f.mine[c.Slug]
		var err error
		switch f.editing {
		case "value":
			err = f.set(c.Slug, f.input, cur.Quote, cur.Location)
		case "quote":
			err = f.set(c.Slug, cur.Value, f.input, cur.Location)
		case "location":
			err = f.set(c.Slug, cur.Value, cur.Quote, f.input)
		}
		if err != nil {
			f.message = "error: " + err.Error()
			return nil
		}
		f.editing = ""
		return nil
	}
	f.input += msg.Key().Text
	return nil
}

func (f *Form) set(code, value, quote, location string) error {
	c, err := Set(f.ctx, f.db, Entry{StudyID: f.queue[f.pos], Reviewer: f.reviewer, Code: code, Value: value,
		Quote: quote, Location: location, Via: "form"})
	if err != nil {
		return err
	}
	f.Summary.Set++
	f.mine[code] = c
	f.message = fmt.Sprintf("%s = %s", code, c.Value)
	return nil
}

func (f *Form) clear(code string) error {
	if err := Clear(f.ctx, f.db, f.queue[f.pos], f.reviewer, code, "form"); err != nil {
		return err
	}
	delete(f.mine, code)
	f.message = code + " cleared"
	return nil
}

var (
	formTitle    = lipgloss.NewStyle().Bold(true)
	formSelected = lipgloss.NewStyle().Reverse(true)
	formFaint    = lipgloss.NewStyle().Faint(true)
)

// View implements tea.Model.
func (f *Form) View() tea.View {
	if len(f.queue) == 0 || f.pos >= len(f.queue) {
		v := tea.NewView(f.message + "\n")
		return v
	}
	left := max(30, f.width*2/5)
	right := max(40, f.width-left-3)
	body := max(5, f.height-4)
	study := f.studyPane(left)
	codes := f.codesPane(right, body)
	top := lipgloss.JoinHorizontal(lipgloss.Top,
		lipgloss.NewStyle().Width(left).MaxHeight(body).Render(study), " │ ",
		lipgloss.NewStyle().Width(right).MaxHeight(body).Render(codes))
	bottom := formFaint.Render(formHelp)
	if f.editing != "" {
		bottom = fmt.Sprintf("%s of %s: %s▏ (enter saves, esc cancels)", f.editing, f.codes[f.cursor].Slug, f.input)
	}
	v := tea.NewView(top + "\n" + f.message + "\n" + bottom)
	v.AltScreen = true
	return v
}

func (f *Form) studyPane(width int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Study %d (%d of %d) · %s\n\n", f.queue[f.pos], f.pos+1, len(f.queue), f.reviewer)
	b.WriteString(formTitle.Render(lipgloss.Wrap(Cite(f.rec), width, " ")) + "\n")
	var ids []string
	for _, s := range []string{f.rec.Journal, prefixed("doi:", f.rec.DOI), prefixed("PMID ", f.rec.PMID)} {
		if s != "" {
			ids = append(ids, s)
		}
	}
	if len(ids) > 0 {
		b.WriteString(lipgloss.Wrap(strings.Join(ids, " · "), width, " ") + "\n")
	}
	if f.rec.Abstract != "" {
		b.WriteString("\n" + lipgloss.Wrap(f.rec.Abstract, width, " "))
	}
	return b.String()
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// codesPane lists the codebook, grouped, scrolled so the cursor shows.
func (f *Form) codesPane(width, height int) string {
	var lines []string
	at := 0
	i := 0
	for _, g := range f.book.Groups {
		lines = append(lines, formTitle.Render(g.Labels.In(f.lang)))
		for _, c := range g.Codes {
			v := f.mine[c.Slug]
			val := v.Value
			if v.Quote != "" || v.Location != "" {
				val += " ✎"
			}
			line := fmt.Sprintf("  %-22s %-18s %s", c.Slug, truncate(val, 18), c.Labels.In(f.lang))
			line = truncate(line, width)
			if i == f.cursor {
				line, at = formSelected.Render(line), len(lines)
			}
			lines = append(lines, line)
			i++
		}
	}
	start := 0
	if at >= height {
		start = at - height + 1
	}
	end := min(len(lines), start+height)
	return strings.Join(lines[start:end], "\n")
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
