package screening

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// LineOptions adapt the line mode to where it runs.
type LineOptions struct {
	// Highlight marks the review's include/exclude terms in a text; nil
	// prints it plain.
	Highlight func(text string) string
	// Open shows an attached full text with the system's viewer; nil means
	// the path is only printed.
	Open func(path string) error
}

// lineHelp lists the line mode's commands.
const lineHelp = `Commands (one per line):
  i            include
  e REASON     exclude (REASON by number or text; needed at full text)
  m            maybe
  s            skip for now (shown again at the end)
  u            undo your last decision
  n TEXT       note for this study (stored with your decision)
  o            open the attached full text
  q            quit (everything decided is already saved)
  ?            this help`

// RunLines drives a session from text: it prints each study to out, reads
// one command per line from in and answers each with one line ("saved: …"
// only after the decision is committed). Mistakes in a command are written
// to errw and the loop goes on. It returns nil at the end of input, on q,
// and when the queue is empty.
func RunLines(ctx context.Context, s *Session, in io.Reader, out, errw io.Writer, o LineOptions) error {
	lines := readLines(ctx, in)
	fmt.Fprintf(out, "Screening %s as %s (%s order; %s). Type ? for help.\n", s.Stage().Long(), s.Reviewer(), s.OrderName(), s.cfg.MaybeRule())
	if r := s.cfg.Reasons[s.Stage()]; len(r) > 0 {
		fmt.Fprintf(out, "Exclusion reasons: %s\n", numbered(r)[len("choose "):])
	}
	var shown int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		item, err := s.Next(ctx)
		if err != nil {
			return err
		}
		if item == nil {
			p := s.Progress()
			fmt.Fprintf(out, "Queue empty: nothing left for %s at %s (done %d, your includes %d).\n", s.Reviewer(), s.Stage().Long(), p.Done, p.Includes)
			return nil
		}
		if item.StudyID != shown {
			printItem(out, s, item, o)
			shown = item.StudyID
		}
		var next lineOrErr
		select {
		case <-ctx.Done():
			return ctx.Err()
		case l, ok := <-lines:
			if !ok {
				return nil
			}
			next = l
		}
		if next.err != nil {
			return next.err
		}
		line := strings.TrimSpace(next.line)
		if c := strings.ToLower(line); c == "s" || c == "skip" || c == "u" || c == "undo" {
			shown = 0 // show the study again even if it comes straight back
		}
		quit, err := lineCommand(ctx, s, line, out, errw, o)
		if err != nil {
			return err
		}
		if quit {
			p := s.Progress()
			fmt.Fprintf(out, "Bye: done %d, left %d, your includes %d.\n", p.Done, p.Left, p.Includes)
			return nil
		}
	}
}

type lineOrErr struct {
	line string
	err  error
}

// readLines reads in line by line on its own goroutine, so an interrupt
// stops the loop even while it waits for input. The channel closes at the
// end of input.
func readLines(ctx context.Context, in io.Reader) <-chan lineOrErr {
	ch := make(chan lineOrErr)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case ch <- lineOrErr{line: sc.Text()}:
			case <-ctx.Done():
				return
			}
		}
		if err := sc.Err(); err != nil {
			select {
			case ch <- lineOrErr{err: fmt.Errorf("read commands: %w", err)}:
			case <-ctx.Done():
			}
		}
	}()
	return ch
}

// lineCommand runs one command. It returns quit for q, and an error only
// for what stops the loop (a database failure); a mistake is reported on
// errw.
func lineCommand(ctx context.Context, s *Session, line string, out, errw io.Writer, o LineOptions) (quit bool, err error) {
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	item := s.Current()
	switch strings.ToLower(cmd) {
	case "":
		return false, nil
	case "i", "include", "e", "exclude", "m", "maybe":
		verdict, _ := ParseVerdict(cmd)
		d, err := s.Decide(ctx, verdict, arg)
		if err != nil {
			if isUserMistake(err) {
				fmt.Fprintf(errw, "study %d: %v\n", item.StudyID, err)
				return false, nil
			}
			return false, err
		}
		reason := ""
		if d.Reason != "" {
			reason = " (" + d.Reason + ")"
		}
		fmt.Fprintf(out, "saved: %s study %d%s\n", d.Verdict, d.StudyID, reason)
		if err := s.OrderProblem(); err != nil {
			fmt.Fprintf(errw, "note: %v\n", err)
		}
	case "s", "skip":
		s.Skip()
		fmt.Fprintf(out, "skipped: study %d\n", item.StudyID)
	case "u", "undo":
		d, err := s.Undo(ctx)
		if errors.Is(err, ErrNothingToUndo) {
			fmt.Fprintln(errw, "nothing to undo")
			return false, nil
		}
		if err != nil {
			return false, err
		}
		fmt.Fprintf(out, "undone: study %d\n", d.StudyID)
	case "n", "note":
		if err := s.Note(arg); err != nil {
			return false, err
		}
		fmt.Fprintf(out, "note kept for study %d (saved with your decision)\n", item.StudyID)
	case "o", "open":
		openFulltext(item, out, errw, o)
	case "q", "quit", "exit":
		return true, nil
	case "?", "h", "help":
		fmt.Fprintln(out, lineHelp)
	default:
		fmt.Fprintf(errw, "unknown command %q; type ? for help\n", line)
	}
	return false, nil
}

// isUserMistake tells a bad verdict or reason from a failure of the store.
func isUserMistake(err error) bool {
	var ierr *InputError
	return errors.As(err, &ierr) || errors.Is(err, ErrNotAtFullText)
}

func openFulltext(item *Item, out, errw io.Writer, o LineOptions) {
	for i := len(item.Fulltexts) - 1; i >= 0; i-- {
		f := item.Fulltexts[i]
		if f.Path == "" {
			continue
		}
		if o.Open == nil {
			fmt.Fprintf(out, "full text: %s\n", f.Path)
			return
		}
		if err := o.Open(f.Path); err != nil {
			fmt.Fprintf(errw, "open %s: %v\n", f.Path, err)
		}
		return
	}
	fmt.Fprintf(errw, "study %d: no full text attached (oversikt fulltext attach %d FILE)\n", item.StudyID, item.StudyID)
}

func printItem(w io.Writer, s *Session, it *Item, o LineOptions) {
	p := s.Progress()
	hl := o.Highlight
	if hl == nil {
		hl = func(t string) string { return t }
	}
	r := &it.Record
	fmt.Fprintf(w, "\n── Study %d ── %s #%d · done %d · left %d · your includes %d\n", it.StudyID, s.OrderName(), it.Position, p.Done, p.Left, p.Includes)
	fmt.Fprintf(w, "Title:    %s\n", hl(orDash(r.Title)))
	fmt.Fprintf(w, "Authors:  %s\n", orDash(AuthorList(r.Authors)))
	year := "—"
	if r.Year > 0 {
		year = fmt.Sprint(r.Year)
	}
	fmt.Fprintf(w, "Year:     %s   Journal: %s\n", year, orDash(r.Journal))
	fmt.Fprintf(w, "DOI:      %s\n", orDash(r.DOI))
	if s.Stage() == FullText {
		fmt.Fprintf(w, "Full text: %s\n", fulltextLine(it.Fulltexts))
	}
	fmt.Fprintf(w, "Abstract: %s\n", hl(orDash(r.Abstract)))
	if it.Note != "" {
		fmt.Fprintf(w, "Note:     %s\n", it.Note)
	}
	fmt.Fprintln(w, "[i]nclude [e]xclude REASON [m]aybe [s]kip [u]ndo [n]ote TEXT [q]uit [?]")
}

// AuthorList shows a record's authors on one line, the first six and
// then how many there are.
func AuthorList(a []string) string {
	if len(a) > 6 {
		return strings.Join(a[:6], "; ") + fmt.Sprintf("; … (%d authors)", len(a))
	}
	return strings.Join(a, "; ")
}

func fulltextLine(fs []data.Fulltext) string {
	if len(fs) == 0 {
		return "none attached"
	}
	f := fs[len(fs)-1]
	if f.Missing {
		return "sought but not retrieved"
	}
	return f.Path
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
