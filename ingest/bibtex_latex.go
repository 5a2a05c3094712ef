package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// latexAccents maps the accent commands of LaTeX to Unicode combining
// marks; NFC later composes them with their letter.
var latexAccents = map[string]rune{
	`"`: '\u0308', `'`: '\u0301', "`": '\u0300', "^": '\u0302', "~": '\u0303', "=": '\u0304', ".": '\u0307',
	"u": '\u0306', "v": '\u030C', "H": '\u030B', "c": '\u0327', "k": '\u0328', "r": '\u030A', "d": '\u0323',
	"b": '\u0331', "t": '\u0361',
}

// latexSymbols maps argument-less LaTeX commands to their text.
var latexSymbols = map[string]string{
	"o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "ss": "ß",
	"l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
	"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ", ";": " ",
	":": " ", "!": "", "-": "", "/": "", "\\": " ", "@": "",
	"textendash": "–", "textemdash": "—", "textquotesingle": "'", "textquotedbl": "\"",
	"textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
	"textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textbar": "|", "textless": "<",
	"textgreater": ">", "textdegree": "°", "textregistered": "®", "texttrademark": "™", "copyright": "©",
	"textcopyright": "©", "S": "§", "P": "¶", "pounds": "£", "euro": "€", "texteuro": "€", "ldots": "…",
	"dots": "…", "textellipsis": "…", "slash": "/", "hyphen": "-", "textsuperscript": "", "guillemotleft": "«",
	"guillemotright": "»", "quad": " ", "qquad": " ", "space": " ", "nobreakspace": " ", "textmu": "µ",
	"pm": "±", "times": "×", "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥", "neq": "≠", "approx": "≈",
	"infty": "∞", "cdot": "·", "deg": "°", "circ": "°", "prime": "′", "TeX": "TeX", "LaTeX": "LaTeX",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
	"eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
	"pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ",
	"psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
	"Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}

// latexToText turns the LaTeX of a BibTeX value into plain Unicode text:
// accents ({\"o}, \"{o}, \'e, \c{c}) and special letters (\o, \aa, \ss)
// become characters, --- and -- dashes, ~ a space; braces, math shifts
// and formatting commands (\emph{x} → x) are dropped, their text kept.
func latexToText(s string) string {
	if !strings.ContainsAny(s, "\\{}~$-`'") {
		return s
	}
	var b strings.Builder
	p := latexParser{s: s, out: &b}
	p.run(len(s))
	return b.String()
}

type latexParser struct {
	s    string
	i    int
	out  *strings.Builder
	math bool // inside $…$
}

// run converts s[p.i:end].
func (p *latexParser) run(end int) {
	for p.i < end {
		c := p.s[p.i]
		switch {
		case c == '\\':
			p.command(end)
		case c == '{' || c == '}':
			p.i++
		case c == '$':
			p.math = !p.math
			p.i++
		case (c == '^' || c == '_') && p.math:
			p.script(c, end)
		case c == '~':
			p.out.WriteByte(' ')
			p.i++
		case strings.HasPrefix(p.s[p.i:end], "---"):
			p.out.WriteString("—")
			p.i += 3
		case strings.HasPrefix(p.s[p.i:end], "--"):
			p.out.WriteString("–")
			p.i += 2
		case strings.HasPrefix(p.s[p.i:end], "``"):
			p.out.WriteString("“")
			p.i += 2
		case strings.HasPrefix(p.s[p.i:end], "''"):
			p.out.WriteString("”")
			p.i += 2
		default:
			p.out.WriteByte(c)
			p.i++
		}
	}
}

// command converts the command starting at the backslash at p.i.
func (p *latexParser) command(end int) {
	p.i++ // the backslash
	if p.i >= end {
		return
	}
	name := p.commandName(end)
	if mark, ok := latexAccents[name]; ok {
		p.accent(mark, end)
		return
	}
	if sym, ok := latexSymbols[name]; ok {
		p.out.WriteString(sym)
		if isLetters(name) {
			p.skipSpace(end)
			if strings.HasPrefix(p.s[p.i:end], "{}") {
				p.i += 2
			}
		}
		return
	}
	switch name {
	case "url", "href", "emph", "textit", "textbf", "textsc", "texttt", "textrm", "textsf", "textup",
		"textnormal", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mbox", "text", "enquote",
		"mkbibquote", "mkbibemph", "uppercase", "lowercase", "textsubscript", "NoCaseChange", "nocase":
		p.skipSpace(end)
		if p.i < end && p.s[p.i] == '{' {
			if close := matchBrace(p.s, p.i, end); close > 0 {
				p.i++
				p.run(close)
				p.i = close + 1
			}
		}
		if name == "href" {
			p.out.WriteByte(' ')
		}
	default:
		// Unknown commands keep their name, so nothing readable is lost.
		if isLetters(name) {
			p.out.WriteString(name)
		}
	}
}

// commandName reads a command name: letters, or one other character.
func (p *latexParser) commandName(end int) string {
	start := p.i
	for p.i < end && isASCIILetter(p.s[p.i]) {
		p.i++
	}
	if p.i == start {
		_, n := utf8.DecodeRuneInString(p.s[p.i:end])
		p.i += n
	}
	return p.s[start:p.i]
}

// accent writes its argument (a group, a command such as \i, or one
// character) with the combining mark after its first letter.
func (p *latexParser) accent(mark rune, end int) {
	p.skipSpace(end)
	if p.i >= end {
		return
	}
	var arg strings.Builder
	p.argument(&latexParser{s: p.s, i: p.i, out: &arg}, end)
	text := strings.NewReplacer("ı", "i", "ȷ", "j").Replace(arg.String())
	r, n := utf8.DecodeRuneInString(text)
	if n == 0 {
		return
	}
	p.out.WriteRune(r)
	p.out.WriteRune(mark)
	p.out.WriteString(text[n:])
}

// argument renders the argument at p.i, before end, with sub (which starts
// there): a braced group, a command or one character. It moves p past it.
func (p *latexParser) argument(sub *latexParser, end int) {
	switch p.s[p.i] {
	case '{':
		close := matchBrace(p.s, p.i, end)
		if close < 0 {
			close = end
		}
		sub.i++
		sub.run(close)
		p.i = min(close+1, end)
	case '\\':
		sub.command(end)
		p.i = sub.i
	default:
		_, n := utf8.DecodeRuneInString(p.s[p.i:end])
		sub.run(p.i + n)
		p.i += n
	}
}

// superscripts and subscripts are the characters Unicode has raised or
// lowered forms of.
var (
	superscripts = strings.NewReplacer("0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴", "5", "⁵", "6", "⁶",
		"7", "⁷", "8", "⁸", "9", "⁹", "+", "⁺", "-", "⁻", "=", "⁼", "(", "⁽", ")", "⁾", "n", "ⁿ", "i", "ⁱ")
	subscripts = strings.NewReplacer("0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄", "5", "₅", "6", "₆",
		"7", "₇", "8", "₈", "9", "₉", "+", "₊", "-", "₋", "=", "₌", "(", "₍", ")", "₎", "a", "ₐ", "e", "ₑ",
		"o", "ₒ", "x", "ₓ")
)

// script writes the math-mode superscript (^) or subscript (_) at p.i in
// Unicode's raised or lowered characters where all of them have one, else
// as plain text.
func (p *latexParser) script(c byte, end int) {
	p.i++
	if p.i >= end {
		return
	}
	var arg strings.Builder
	p.argument(&latexParser{s: p.s, i: p.i, out: &arg, math: true}, end)
	text, r := arg.String(), superscripts
	if c == '_' {
		r = subscripts
	}
	if mapped := r.Replace(text); utf8.RuneCountInString(mapped) == utf8.RuneCountInString(text) && !containsASCIIAlnum(mapped) {
		text = mapped
	}
	p.out.WriteString(text)
}

func containsASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isASCIILetter(c) || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

func (p *latexParser) skipSpace(end int) {
	for p.i < end && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

// matchBrace returns the index of the brace closing the one at open, or -1.
func matchBrace(s string, open, end int) int {
	depth := 0
	for i := open; i < end; i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}
