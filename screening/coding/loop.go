package coding

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Loop is one reviewer's line-mode coding loop: it shows each study of
// the reviewer's queue and reads commands, one a line, storing every
// coding before it reads the next line. Another reviewer's codings are
// never shown (blind); final values are, once recorded.
type Loop struct {
	DB       *data.DB
	Reviewer string
	In       io.Reader
	Out      io.Writer // the study, prompts and answers
	Err      io.Writer // mistakes in commands
	Lang     string    // "nb" or "en" labels (default "en")
	Prompt   string    // printed before each command is read ("" on a pipe)
}

// LoopSummary says what a loop session did.
type LoopSummary struct {
	Set  int `json:"set"`  // codings stored
	Done int `json:"done"` // studies marked done
	Left int `json:"left"` // studies still in the queue
}

const loopHelp = `Commands:
  set CODE [VALUE] [--quote "…"] [--location "p. 4"] [--note "…"]
                 give CODE a value (a flag needs none); the quote and
                 location are the text that supports it
  unset CODE     take your value of CODE back
  show           this study and your codings of it
  codes [GROUP]  the codebook (codes, types, options)
  done           mark this study finished and go to the next
  next           go to the next study without marking this one
  help           this text
  q              quit (everything set so far is saved)`

// Run runs the loop until the queue is empty, the reviewer quits or the
// input ends.
func (l *Loop) Run(ctx context.Context) (LoopSummary, error) {
	var sum LoopSummary
	if l.Lang == "" {
		l.Lang = "en"
	}
	queue, err := Queue(ctx, l.DB, l.Reviewer)
	if err != nil {
		return sum, err
	}
	b, err := stored(ctx, l.DB, l.Reviewer)
	if err != nil {
		return sum, err
	}
	if len(queue) == 0 {
		fmt.Fprintf(l.Out, "Nothing to code for %s: no included study is waiting.\n", l.Reviewer)
		return sum, nil
	}
	fmt.Fprintf(l.Out, "%d studies to code for %s (codebook version %d). Type help for the commands.\n", len(queue), l.Reviewer, b.Version)
	stop := make(chan struct{})
	defer close(stop)
	lines := readLines(l.In, stop)
	pos := 0
	if err := l.showStudy(ctx, b, queue, pos); err != nil {
		return sum, err
	}
	for {
		fmt.Fprint(l.Out, l.Prompt)
		var text string
		var ok bool
		select {
		case <-ctx.Done():
			sum.Left = len(queue) - pos
			return sum, ctx.Err()
		case text, ok = <-lines:
		}
		if !ok {
			if l.Prompt != "" {
				fmt.Fprintln(l.Out)
			}
			break
		}
		words, err := splitWords(text)
		if err != nil {
			fmt.Fprintf(l.Err, "error: %v\n", err)
			continue
		}
		if len(words) == 0 {
			continue
		}
		study := queue[pos]
		switch cmd := strings.ToLower(words[0]); cmd {
		case "q", "quit", "exit":
			sum.Left = len(queue) - pos
			return sum, nil
		case "help", "?", "h":
			fmt.Fprintln(l.Out, loopHelp)
		case "show", "s":
			err = l.showStudy(ctx, b, queue, pos)
		case "codes", "c":
			l.showCodes(b, words[1:])
		case "set":
			var c data.Coding
			c, err = l.set(ctx, study, words[1:])
			if err == nil {
				sum.Set++
				fmt.Fprintf(l.Out, "set %s = %s\n", c.Code, c.Value)
			}
		case "unset":
			if len(words) != 2 {
				err = errors.New("usage: unset CODE")
			} else if err = Clear(ctx, l.DB, study, l.Reviewer, words[1], "loop"); err == nil {
				fmt.Fprintf(l.Out, "unset %s\n", words[1])
			}
		case "done", "next", "n":
			if cmd == "done" {
				if err = MarkDone(ctx, l.DB, study, l.Reviewer, true); err != nil {
					break
				}
				sum.Done++
				fmt.Fprintf(l.Out, "Study %d done.\n", study)
			}
			pos++
			if pos == len(queue) {
				fmt.Fprintf(l.Out, "End of the queue: %d studies marked done this session.\n", sum.Done)
				return sum, nil
			}
			err = l.showStudy(ctx, b, queue, pos)
		default:
			err = fmt.Errorf("unknown command %q; type help", words[0])
		}
		if err != nil {
			fmt.Fprintf(l.Err, "error: %v\n", err)
		}
	}
	sum.Left = len(queue) - pos
	return sum, nil
}

// readLines sends the lines of r on the channel it returns, closing it at
// the end of the input, so the loop can stop on an interrupt while a read
// is pending. It stops sending when stop is closed.
func readLines(r io.Reader, stop <-chan struct{}) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		in := bufio.NewScanner(r)
		in.Buffer(make([]byte, 64*1024), 1024*1024)
		for in.Scan() {
			select {
			case ch <- in.Text():
			case <-stop:
				return
			}
		}
	}()
	return ch
}

// set parses "CODE [VALUE…] [--quote Q] [--location L] [--note N]".
func (l *Loop) set(ctx context.Context, study int64, args []string) (data.Coding, error) {
	e := Entry{StudyID: study, Reviewer: l.Reviewer, Via: "loop"}
	var value []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		var dst *string
		switch a {
		case "--quote", "-q":
			dst = &e.Quote
		case "--location", "--loc", "-l":
			dst = &e.Location
		case "--note":
			dst = &e.Note
		}
		switch {
		case dst != nil && i+1 < len(args):
			*dst = args[i+1]
			i++
		case dst != nil:
			return data.Coding{}, fmt.Errorf("%s needs a value", a)
		case e.Code == "":
			e.Code = a
		default:
			value = append(value, a)
		}
	}
	if e.Code == "" {
		return data.Coding{}, errors.New(`usage: set CODE [VALUE] [--quote "…"] [--location "p. 4"]`)
	}
	e.Value = strings.Join(value, " ")
	return Set(ctx, l.DB, e)
}

func (l *Loop) showStudy(ctx context.Context, b Book, queue []int64, pos int) error {
	id := queue[pos]
	r, err := l.DB.StudyRecord(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(l.Out, "\n── Study %d (%d of %d) ──\n%s\n", id, pos+1, len(queue), Cite(r))
	var ids []string
	if r.Journal != "" {
		ids = append(ids, r.Journal)
	}
	if r.DOI != "" {
		ids = append(ids, "doi:"+r.DOI)
	}
	if r.PMID != "" {
		ids = append(ids, "PMID "+r.PMID)
	}
	if len(ids) > 0 {
		fmt.Fprintln(l.Out, strings.Join(ids, " · "))
	}
	if r.Abstract != "" {
		abs := []rune(r.Abstract)
		if len(abs) > 600 {
			abs = append(abs[:600], '…')
		}
		fmt.Fprintf(l.Out, "%s\n", string(abs))
	}
	mine, err := l.DB.CurrentCodings(ctx, id, l.Reviewer)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		fmt.Fprintln(l.Out, "Your codings: none yet.")
	} else {
		fmt.Fprintln(l.Out, "Your codings:")
		for _, c := range mine {
			fmt.Fprintf(l.Out, "  %-24s %s%s\n", c.Code, c.Value, quoteSuffix(c.Quote, c.Location))
		}
	}
	finals, err := l.DB.CodingFinals(ctx, id)
	if err != nil {
		return err
	}
	if len(finals) > 0 {
		fmt.Fprintln(l.Out, "Reconciled:")
		for _, f := range finals {
			fmt.Fprintf(l.Out, "  %-24s %s (%s by %s)\n", f.Code, orNone(f.Value), f.Method, f.Resolver)
		}
	}
	return nil
}

func (l *Loop) showCodes(b Book, groups []string) {
	for _, g := range b.Groups {
		if len(groups) > 0 && !strings.EqualFold(groups[0], g.Slug) {
			continue
		}
		fmt.Fprintf(l.Out, "%s — %s\n", g.Slug, g.Labels.In(l.Lang))
		for _, c := range g.Codes {
			what := string(c.Type)
			if opts := b.choices(&c); len(opts) > 0 {
				what += ": " + optionList(opts)
			}
			if c.Format != "" {
				what += " (" + c.Format + ")"
			}
			fmt.Fprintf(l.Out, "  %-24s %s [%s]\n", c.Slug, c.Labels.In(l.Lang), what)
		}
	}
}

func quoteSuffix(quote, location string) string {
	switch {
	case quote != "" && location != "":
		return fmt.Sprintf("  “%s” (%s)", quote, location)
	case quote != "":
		return fmt.Sprintf("  “%s”", quote)
	case location != "":
		return fmt.Sprintf("  (%s)", location)
	}
	return ""
}

func orNone(v string) string {
	if v == "" {
		return "(not present)"
	}
	return v
}

// splitWords splits a command line into words the way a shell would for
// simple cases: spaces separate, "…" and '…' group, \ escapes the next
// character outside single quotes.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'' && r == '\'':
			quote = 0
		case quote == '"' && r == '"':
			quote = 0
		case quote != '\'' && r == '\\' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
			inWord = true
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
