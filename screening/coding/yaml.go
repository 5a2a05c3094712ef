package coding

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/printer"
	"github.com/goccy/go-yaml/token"
)

// Problem is one mistake in a codebook file: where it is and what is
// wrong. Its Error is "FILE:LINE:COLUMN: MESSAGE" followed by the lines
// around the mistake with a caret under it.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	Source  string `json:"source,omitempty"` // the numbered lines and the caret
}

func (p Problem) Error() string {
	s := fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
	if p.Source != "" {
		s += "\n" + p.Source
	}
	return s
}

// Problems is every mistake found in one codebook file, in file order.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n\n")
}

// ErrInvalid is wrapped by the Problems a codebook file has, so callers
// can test errors.Is(err, ErrInvalid).
var ErrInvalid = errors.New("invalid codebook")

// Is reports ErrInvalid.
func (ps Problems) Is(target error) bool { return target == ErrInvalid }

// yamlError is what go-yaml's errors carry: a message and the token where
// the mistake is.
type yamlError interface {
	GetToken() *token.Token
	GetMessage() string
}

// Parse reads a codebook from src (file names it in messages). Keys the
// codebook does not know are rejected, so are YAML syntax errors and
// everything Validate finds. The error is Problems, each with line, column
// and a caret under the mistake.
func Parse(file string, src []byte) (*Codebook, error) {
	var cb Codebook
	if err := decode(src, &cb); err != nil {
		var ye yamlError
		if errors.As(err, &ye) && ye.GetToken() != nil {
			return nil, Problems{problemAt(file, ye.GetToken(), ye.GetMessage())}
		}
		return nil, Problems{{File: file, Line: 1, Column: 1, Message: err.Error()}}
	}
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, Problems{{File: file, Line: 1, Column: 1, Message: err.Error()}}
	}
	v := &validator{file: file, ast: f}
	v.codebook(&cb)
	if len(v.problems) > 0 {
		return nil, v.problems
	}
	return &cb, nil
}

// decode runs go-yaml's strict decoder, turning a panic of the decoder on
// malformed input (seen while fuzzing go-yaml v1.19.2) into an error.
func decode(src []byte, cb *Codebook) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML could not be read (the parser failed: %v); check indentation and the dashes of lists", r)
		}
	}()
	return yaml.UnmarshalWithOptions(src, cb, yaml.Strict())
}

func problemAt(file string, tk *token.Token, msg string) Problem {
	var pp printer.Printer
	return Problem{
		File:    file,
		Line:    tk.Position.Line,
		Column:  tk.Position.Column,
		Message: msg,
		Source:  strings.TrimRight(pp.PrintErrorToken(tk, false), "\n "),
	}
}

var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// validator collects the problems of a decoded codebook, locating each by
// its YAML path in the parsed file.
type validator struct {
	file     string
	ast      *ast.File
	problems Problems
}

// addf records a problem at path, or at the nearest enclosing node that
// exists when path names something missing.
func (v *validator) addf(path string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for p := path; p != ""; p = parentPath(p) {
		yp, err := yaml.PathString(p)
		if err != nil {
			continue
		}
		n, err := yp.FilterFile(v.ast)
		if err != nil || n == nil {
			continue
		}
		if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
			n = m.Values[0].Key
		}
		if tk := n.GetToken(); tk != nil {
			v.problems = append(v.problems, problemAt(v.file, tk, msg))
			return
		}
	}
	v.problems = append(v.problems, Problem{File: v.file, Line: 1, Column: 1, Message: msg})
}

// parentPath strips the last step of a YAML path: "$.a[0].b" → "$.a[0]".
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

func (v *validator) codebook(cb *Codebook) {
	if len(cb.Groups) == 0 {
		v.addf("$.groups", "the codebook has no groups: add groups: with codes under each")
		return
	}
	v.options("$.directions", "directions", cb.Directions)
	groups := map[string]bool{}
	codes := map[string]string{}
	hasDirection := false
	for gi := range cb.Groups {
		g := &cb.Groups[gi]
		gp := fmt.Sprintf("$.groups[%d]", gi)
		v.slug(gp, "group", g.Slug)
		if groups[g.Slug] && g.Slug != "" {
			v.addf(gp+".slug", "group slug %q is used twice", g.Slug)
		}
		groups[g.Slug] = true
		v.labels(gp, "group "+g.Slug, g.Labels)
		if !slices.Contains(evidenceKinds, g.Evidence) {
			v.addf(gp+".evidence", "group %s: evidence must be one of %s, not %q", g.Slug, strings.Join(evidenceKinds, ", "), g.Evidence)
		}
		if len(g.Codes) == 0 {
			v.addf(gp+".codes", "group %s has no codes", g.Slug)
		}
		for ci := range g.Codes {
			c := &g.Codes[ci]
			cp := fmt.Sprintf("%s.codes[%d]", gp, ci)
			c.Group = g.Slug
			if c.Evidence == "" {
				c.Evidence = g.Evidence
			} else if !slices.Contains(evidenceKinds, c.Evidence) {
				v.addf(cp+".evidence", "code %s: evidence must be one of %s, not %q", c.Slug, strings.Join(evidenceKinds, ", "), c.Evidence)
			}
			v.slug(cp, "code", c.Slug)
			if prev, dup := codes[c.Slug]; dup && c.Slug != "" {
				v.addf(cp+".slug", "code slug %q is used twice (first in group %s)", c.Slug, prev)
			}
			codes[c.Slug] = g.Slug
			v.labels(cp, "code "+c.Slug, c.Labels)
			v.code(cp, c)
			hasDirection = hasDirection || c.Type == Direction
		}
	}
	if hasDirection && len(cb.Directions) == 0 {
		v.addf("$.directions", "direction codes need directions: at the top of the codebook (improved, no_difference …)")
	}
}

func (v *validator) code(cp string, c *Code) {
	if !slices.Contains(valueTypes, c.Type) {
		names := make([]string, len(valueTypes))
		for i, t := range valueTypes {
			names[i] = string(t)
		}
		v.addf(cp+".type", "code %s: type must be one of %s, not %q", c.Slug, strings.Join(names, ", "), c.Type)
		return
	}
	switch c.Type {
	case OneOf, ManyOf:
		if len(c.Options) == 0 {
			v.addf(cp+".options", "code %s is %s but has no options", c.Slug, c.Type)
		}
		v.options(cp+".options", "code "+c.Slug, c.Options)
	default:
		if len(c.Options) > 0 {
			v.addf(cp+".options", "code %s is %s and takes no options (only one_of and many_of do)", c.Slug, c.Type)
		}
	}
	if c.Format != "" && (c.Type != Text || c.Format != FormatCountry) {
		v.addf(cp+".format", "code %s: format %q is not known (text codes may have format: country)", c.Slug, c.Format)
	}
}

func (v *validator) options(path, owner string, opts []Option) {
	seen := map[string]bool{}
	for oi, o := range opts {
		op := fmt.Sprintf("%s[%d]", path, oi)
		v.slug(op, owner+": option", o.Slug)
		if seen[o.Slug] && o.Slug != "" {
			v.addf(op+".slug", "%s: option slug %q is used twice", owner, o.Slug)
		}
		seen[o.Slug] = true
		v.labels(op, owner+": option "+o.Slug, o.Labels)
	}
}

func (v *validator) slug(path, what, slug string) {
	switch {
	case slug == "":
		v.addf(path+".slug", "%s has no slug", what)
	case !slugPattern.MatchString(slug):
		v.addf(path+".slug", "%s slug %q must be lower-case letters, digits and _, starting with a letter", what, slug)
	}
}

func (v *validator) labels(path, what string, l Labels) {
	if l.NB == "" {
		v.addf(path+".labels.nb", "%s has no Norwegian label (labels: nb:)", what)
	}
	if l.EN == "" {
		v.addf(path+".labels.en", "%s has no English label (labels: en:)", what)
	}
}
