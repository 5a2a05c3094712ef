package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// bibChunkLimit caps the text read for one entry; a longer stretch without
// a new entry is skipped with a problem, so junk cannot fill memory.
const bibChunkLimit = 32 << 20

// entryLine tells a line that starts an entry: "@article{", "@String (",
// or a lone "@" (the type may follow on the next lines).
var entryLine = regexp.MustCompile(`^[ \t]*@([ \t]*\r?$|[ \t]*[A-Za-z]+[ \t]*[{(])`)

// readBibTeX reads BibTeX and biblatex. @string macros are expanded,
// @preamble and @comment skipped (they are not records), crossref and xdata
// fill the fields an entry lacks from the entry they name, and LaTeX
// becomes Unicode. An entry that does not close is reported as a problem at
// its line, and reading goes on at the next line starting with "@".
// Entries are emitted in file order; an entry whose crossref target comes
// later waits for it, with the entries after it.
func readBibTeX(r io.Reader, emit func(Parsed) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	bp := &bibParser{macros: bibMonths(), res: newBibResolver(emit)}
	var chunk bytes.Buffer
	chunkLine, line, atStart, skipping := 1, 1, true, false
	for {
		text, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			err = nil // a long line comes in pieces
		}
		if atStart && entryLine.Match(text) {
			if err := bp.chunk(chunk.String(), chunkLine); err != nil {
				return err
			}
			chunk.Reset()
			chunkLine, skipping = line, false
		}
		switch {
		case skipping:
		case chunk.Len()+len(text) > bibChunkLimit:
			msg := fmt.Sprintf("more than %d MB without a complete entry; skipped to the next line starting with @", bibChunkLimit>>20)
			if err := bp.emitProblem(chunkLine, msg); err != nil {
				return err
			}
			chunk.Reset()
			skipping = true
		default:
			chunk.Write(text)
		}
		atStart = len(text) > 0 && text[len(text)-1] == '\n'
		if atStart {
			line++
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if err := bp.chunk(chunk.String(), chunkLine); err != nil {
		return err
	}
	return bp.res.finish()
}

// bibParser parses the entries of one chunk of text: the lines from one
// line starting with "@" to the next.
type bibParser struct {
	macros map[string]string
	res    *bibResolver
	s      string
	i      int
}

// bibEntry is one parsed entry, its values still in LaTeX.
type bibEntry struct {
	typ, key string
	fields   []bibField
	line     int
	raw      string
}

type bibField struct{ name, value string }

func (e *bibEntry) get(name string) string {
	for _, f := range e.fields {
		if f.name == name {
			return f.value
		}
	}
	return ""
}

func (e *bibEntry) has(name string) bool {
	for _, f := range e.fields {
		if f.name == name {
			return true
		}
	}
	return false
}

// bibSyntaxError is an entry that cannot be parsed, such as one that does
// not close before the next entry.
type bibSyntaxError struct{ msg string }

func (e *bibSyntaxError) Error() string { return e.msg }

func (bp *bibParser) emitProblem(line int, msg string) error {
	return bp.res.add(&bibEntry{line: line}, msg)
}

// chunk parses every entry in text, which starts at line first.
func (bp *bibParser) chunk(text string, first int) error {
	bp.s, bp.i = text, 0
	for {
		at := strings.IndexByte(bp.s[bp.i:], '@')
		if at < 0 {
			return nil
		}
		bp.i += at
		start := bp.i
		line := first + strings.Count(bp.s[:start], "\n")
		lineStart := strings.TrimRight(bp.s[:start], " \t")
		e, err := bp.entry(lineStart == "" || strings.HasSuffix(lineStart, "\n"))
		if err != nil {
			var se *bibSyntaxError
			if !asBibSyntax(err, &se) {
				return err
			}
			msg := se.msg
			if e != nil && e.key != "" {
				msg = fmt.Sprintf("entry %q: %s", e.key, msg)
			}
			return bp.emitProblem(line, msg)
		}
		if e == nil {
			continue // @string, @preamble, @comment
		}
		e.line, e.raw = line, bp.s[start:bp.i]
		if err := bp.res.add(e, ""); err != nil {
			return err
		}
	}
}

func asBibSyntax(err error, target **bibSyntaxError) bool {
	se, ok := err.(*bibSyntaxError)
	if ok {
		*target = se
	}
	return ok
}

func (bp *bibParser) fail(format string, args ...any) error {
	return &bibSyntaxError{msg: fmt.Sprintf(format, args...)}
}

// entry parses the entry at the "@" at bp.i. It returns nil and no error
// for @string, @preamble and @comment, and for an "@" inside a line that
// does not open an entry (an e-mail address in a comment).
func (bp *bibParser) entry(atLineStart bool) (*bibEntry, error) {
	bp.i++
	bp.skip()
	typ := strings.ToLower(bp.ident())
	bp.skip()
	if typ == "" || bp.i >= len(bp.s) || (bp.s[bp.i] != '{' && bp.s[bp.i] != '(') {
		if typ == "" || !atLineStart {
			return nil, nil // a stray "@" in text between entries
		}
		return nil, bp.fail("@%s is not followed by { or (", typ)
	}
	closer := byte('}')
	if bp.s[bp.i] == '(' {
		closer = ')'
	}
	bp.i++
	switch typ {
	case "comment", "preamble":
		if closer == '}' {
			if end := matchBrace(bp.s, bp.i-1, len(bp.s)); end > 0 {
				bp.i = end + 1
				return nil, nil
			}
		} else if end := strings.IndexByte(bp.s[bp.i:], closer); end >= 0 {
			bp.i += end + 1
			return nil, nil
		}
		return nil, bp.fail("@%s does not close before the next entry", typ)
	case "string":
		for {
			bp.skip()
			if bp.i < len(bp.s) && bp.s[bp.i] == closer {
				bp.i++
				return nil, nil
			}
			name := strings.ToLower(bp.ident())
			bp.skip()
			if name == "" || bp.i >= len(bp.s) || bp.s[bp.i] != '=' {
				return nil, bp.fail("@string does not read name = value; it does not close before the next entry")
			}
			bp.i++
			v, err := bp.value(closer)
			if err != nil {
				return nil, err
			}
			bp.macros[name] = v
			bp.skip()
			if bp.i < len(bp.s) && bp.s[bp.i] == ',' {
				bp.i++
			}
		}
	}
	e := &bibEntry{typ: typ}
	bp.skip()
	keyStart := bp.i
	for bp.i < len(bp.s) && !strings.ContainsRune(", \t\r\n", rune(bp.s[bp.i])) && bp.s[bp.i] != closer {
		bp.i++
	}
	e.key = bp.s[keyStart:bp.i]
	for {
		bp.skip()
		if bp.i >= len(bp.s) {
			return e, bp.fail("@%s entry does not close (a } is missing) before the next entry", typ)
		}
		switch bp.s[bp.i] {
		case closer:
			bp.i++
			return e, nil
		case ',':
			bp.i++
			continue
		}
		name := strings.ToLower(bp.ident())
		bp.skip()
		if name == "" || bp.i >= len(bp.s) || bp.s[bp.i] != '=' {
			if bp.i >= len(bp.s) {
				return e, bp.fail("@%s entry does not close (a } is missing) before the next entry", typ)
			}
			return e, bp.fail("expected field = value near %q", snippet(bp.s[bp.i:]))
		}
		bp.i++
		v, err := bp.value(closer)
		if err != nil {
			return e, err
		}
		e.fields = append(e.fields, bibField{name, v})
	}
}

// value reads a field value: {…}, "…", a number or a macro name, joined
// by #.
func (bp *bibParser) value(closer byte) (string, error) {
	var b strings.Builder
	for {
		bp.skip()
		if bp.i >= len(bp.s) {
			return "", bp.fail("entry does not close (a } is missing) before the next entry")
		}
		switch c := bp.s[bp.i]; {
		case c == '{':
			end := matchBrace(bp.s, bp.i, len(bp.s))
			if end < 0 {
				return "", bp.fail("a { in a value is never closed: the entry does not close before the next entry")
			}
			b.WriteString(bp.s[bp.i+1 : end])
			bp.i = end + 1
		case c == '"':
			end := bp.quoteEnd(bp.i + 1)
			if end < 0 {
				return "", bp.fail("a quoted value is never closed: the entry does not close before the next entry")
			}
			b.WriteString(bp.s[bp.i+1 : end])
			bp.i = end + 1
		default:
			word := bp.ident()
			if word == "" {
				return "", bp.fail("expected a value near %q", snippet(bp.s[bp.i:]))
			}
			if m, ok := bp.macros[strings.ToLower(word)]; ok {
				b.WriteString(m)
			} else {
				b.WriteString(word)
			}
		}
		bp.skip()
		if bp.i < len(bp.s) && bp.s[bp.i] == '#' {
			bp.i++
			continue
		}
		return b.String(), nil
	}
}

// quoteEnd returns the index of the " closing a quoted value whose text
// starts at i; quotes inside braces do not count.
func (bp *bibParser) quoteEnd(i int) int {
	depth := 0
	for ; i < len(bp.s); i++ {
		switch bp.s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
		case '"':
			if depth <= 0 {
				return i
			}
		}
	}
	return -1
}

// ident reads a name: a type, key, field or macro name, or a number.
func (bp *bibParser) ident() string {
	start := bp.i
	for bp.i < len(bp.s) {
		c := bp.s[bp.i]
		if c <= ' ' || strings.IndexByte("{}()=,#\"%@", c) >= 0 {
			break
		}
		bp.i++
	}
	return bp.s[start:bp.i]
}

// skip passes white space and %-comments.
func (bp *bibParser) skip() {
	for bp.i < len(bp.s) {
		switch bp.s[bp.i] {
		case ' ', '\t', '\r', '\n':
			bp.i++
		case '%':
			if nl := strings.IndexByte(bp.s[bp.i:], '\n'); nl >= 0 {
				bp.i += nl + 1
			} else {
				bp.i = len(bp.s)
			}
		default:
			return
		}
	}
}

func snippet(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 30 {
		s = s[:30] + "…"
	}
	return s
}

// bibMonths are the month macros BibTeX predefines.
func bibMonths() map[string]string {
	m := map[string]string{}
	for _, name := range []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"} {
		m[strings.ToLower(name[:3])] = name
	}
	return m
}
