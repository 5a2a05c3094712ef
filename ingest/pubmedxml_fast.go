package ingest

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The PubMed articles of real exports use a small part of XML: elements
// with ASCII names, quoted attributes, text with the five XML entities,
// HTML entities and character references. pmScanner reads that part
// directly into a pmArticle, ten times faster than encoding/xml, with the
// same result as xml.Decoder.DecodeElement in the decoder's strict mode
// would give (TestPubMedFastSameRecords, FuzzPubMedFast). On anything
// else (comments, CDATA, processing instructions, a DOCTYPE, names
// beyond ASCII, malformed XML) it gives up, and the
// article goes to encoding/xml, which also words the problems.

// pmToken is the kind of a pmScanner token.
type pmToken int

const (
	pmStop  pmToken = iota // the end of the article, or the scanner gave up
	pmStart                // a start tag: name, attrs
	pmEnd                  // an end tag
	pmText                 // character data: text
)

// pmAttr is an attribute, by its local name, with its value decoded.
type pmAttr struct{ name, value string }

// pmScanner tokenises one article's text.
type pmScanner struct {
	s         string
	i         int
	open      []string // names of the open elements
	failed    bool     // the text needs encoding/xml
	selfClose bool     // the last start tag was <name/>: an end is due
	done      bool     // the article's element has ended

	name  string   // local name of the last start tag
	attrs []pmAttr // of the last start tag
	text  string   // of the last text token
	buf   []byte
}

// fail gives up on the text.
func (p *pmScanner) fail() pmToken {
	p.failed = true
	return pmStop
}

// next reads the next token.
func (p *pmScanner) next() pmToken {
	if p.failed || p.done {
		return pmStop
	}
	if p.selfClose {
		p.selfClose = false
		return p.end()
	}
	s := p.s
	if p.i >= len(s) {
		return p.fail() // the text ends inside the article
	}
	if s[p.i] != '<' {
		j := strings.IndexByte(s[p.i:], '<')
		if j < 0 {
			return p.fail()
		}
		t, ok := p.decodeText(s[p.i:p.i+j], false)
		if !ok {
			return p.fail()
		}
		p.text, p.i = t, p.i+j
		return pmText
	}
	p.i++
	if p.i < len(s) && s[p.i] == '/' {
		p.i++
		name, _, ok := p.readName()
		if !ok {
			return p.fail()
		}
		p.space()
		if p.i >= len(s) || s[p.i] != '>' || len(p.open) == 0 || p.open[len(p.open)-1] != name {
			return p.fail()
		}
		p.i++
		return p.end()
	}
	name, local, ok := p.readName()
	if !ok {
		return p.fail()
	}
	p.name, p.attrs = local, p.attrs[:0]
	for {
		sp := p.space()
		if p.i >= len(s) {
			return p.fail()
		}
		switch s[p.i] {
		case '>':
			p.i++
			p.open = append(p.open, name)
			return pmStart
		case '/':
			if p.i+1 >= len(s) || s[p.i+1] != '>' {
				return p.fail()
			}
			p.i += 2
			p.open = append(p.open, name)
			p.selfClose = true
			return pmStart
		}
		if !sp {
			return p.fail()
		}
		_, an, ok := p.readName()
		if !ok {
			return p.fail()
		}
		p.space()
		if p.i >= len(s) || s[p.i] != '=' {
			return p.fail()
		}
		p.i++
		p.space()
		if p.i >= len(s) || s[p.i] != '"' && s[p.i] != '\'' {
			return p.fail()
		}
		q := s[p.i]
		p.i++
		j := strings.IndexByte(s[p.i:], q)
		if j < 0 {
			return p.fail()
		}
		v, ok := p.decodeText(s[p.i:p.i+j], true)
		if !ok {
			return p.fail()
		}
		p.i += j + 1
		p.attrs = append(p.attrs, pmAttr{an, v})
	}
}

// end closes the innermost open element.
func (p *pmScanner) end() pmToken {
	p.open = p.open[:len(p.open)-1]
	p.done = len(p.open) == 0
	return pmEnd
}

// space passes white space and reports whether there was any.
func (p *pmScanner) space() bool {
	i := p.i
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
			continue
		}
		break
	}
	return p.i > i
}

// readName reads an ASCII name, perhaps with a namespace prefix
// ("mml:math"), and returns it whole and its local part, which is what
// encoding/xml matches fields and attributes by.
func (p *pmScanner) readName() (name, local string, ok bool) {
	s, i, colon := p.s, p.i, -1
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' {
			continue
		}
		if c >= '0' && c <= '9' || c == '-' || c == '.' {
			if i == p.i || i == colon+1 {
				return "", "", false // a name starts with a letter or _
			}
			continue
		}
		if c == ':' && colon < 0 && i > p.i {
			colon = i
			continue
		}
		break
	}
	if i == p.i || i == colon+1 {
		return "", "", false
	}
	name, local = s[p.i:i], s[p.i:i]
	if colon >= 0 {
		local = s[colon+1 : i]
	}
	p.i = i
	return name, local, true
}

// decodeText decodes character data (attr: an attribute's value) as
// encoding/xml does: entities and character references replaced, "\r\n"
// and "\r" made "\n". ok is false where encoding/xml would refuse the
// text or where the scanner does not follow it.
func (p *pmScanner) decodeText(t string, attr bool) (string, bool) {
	plain := true
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(t[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				return "", false
			}
			i += n - 1
		case c == '&' || c == '\r':
			plain = false
		case c == '>':
			if !attr && i >= 2 && t[i-1] == ']' && t[i-2] == ']' {
				return "", false
			}
		case c == '<':
			return "", false
		case c < 0x20 && c != '\t' && c != '\n':
			return "", false
		}
	}
	if plain {
		return t, true
	}
	b := p.buf[:0]
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case '\r':
			b = append(b, '\n')
			if i+1 < len(t) && t[i+1] == '\n' {
				i++
			}
		case '&':
			j := strings.IndexByte(t[i:], ';')
			if j < 0 {
				return "", false
			}
			r, ok := pmEntity(t[i+1 : i+j])
			if !ok {
				return "", false
			}
			b = append(b, r...)
			i += j
		default:
			b = append(b, c)
		}
	}
	p.buf = b
	return string(b), true
}

// pmEntity returns the text of the entity or character reference named
// ref (between & and ;) as encoding/xml with xml.HTMLEntity gives it, or
// false for one it refuses or this scanner does not follow.
func pmEntity(ref string) (string, bool) {
	if len(ref) == 0 {
		return "", false
	}
	if ref[0] == '#' {
		digits, base := ref[1:], 10
		if len(digits) > 0 && digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 || len(digits) > 8 {
			return "", false
		}
		for _, c := range []byte(digits) {
			if !(c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
				return "", false
			}
		}
		n, err := strconv.ParseUint(digits, base, 32)
		r := rune(n)
		if err != nil || !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
			r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return "", false
		}
		return string(r), true
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return "", false
		}
	}
	switch ref {
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "apos":
		return "'", true
	case "quot":
		return `"`, true
	}
	v, ok := xml.HTMLEntity[ref]
	return v, ok
}

// skip passes the rest of the element whose start tag was read.
func (p *pmScanner) skip() {
	for depth := 0; ; {
		switch p.next() {
		case pmStop:
			return
		case pmStart:
			depth++
		case pmEnd:
			if depth == 0 {
				return
			}
			depth--
		}
	}
}

// innerText returns all text inside the element whose start tag was read,
// as innerText does.
func (p *pmScanner) innerText() string {
	var parts []string
	for depth := 0; ; {
		switch p.next() {
		case pmStop:
			return ""
		case pmStart:
			depth++
		case pmEnd:
			if depth == 0 {
				return strings.Join(parts, "")
			}
			depth--
		case pmText:
			parts = append(parts, p.text)
		}
	}
}

// xmlText reads an xmlText.
func (p *pmScanner) xmlText(t *xmlText) {
	*t = xmlText(strings.TrimSpace(p.innerText()))
}

// appendText reads one more xmlText of a list.
func (p *pmScanner) appendText(ts *[]xmlText) {
	var t xmlText
	p.xmlText(&t)
	*ts = append(*ts, t)
}

// chardata returns the text directly inside the element whose start tag
// was read, skipping the elements in it, as encoding/xml fills a string
// field or a ",chardata" one.
func (p *pmScanner) chardata() string {
	var parts []string
	for {
		switch p.next() {
		case pmStop:
			return ""
		case pmStart:
			p.skip()
		case pmEnd:
			return strings.Join(parts, "")
		case pmText:
			parts = append(parts, p.text)
		}
	}
}

// attr sets *v to the value of the attribute name of the start tag just
// read, the last one when it repeats (as encoding/xml does); it leaves *v
// alone when there is none.
func (p *pmScanner) attr(name string, v *string) {
	for _, a := range p.attrs {
		if a.name == name {
			*v = a.value
		}
	}
}

// children calls fn with the name of each element directly inside the one
// whose start tag was read; fn reads the element or skips it.
func (p *pmScanner) children(fn func(name string)) {
	for {
		switch p.next() {
		case pmStop, pmEnd:
			return
		case pmStart:
			fn(p.name)
		}
	}
}

// path reads the element just started as a step of a field path
// ("AuthorList>Author"): the elements named child go to fn, the others
// are skipped.
func (p *pmScanner) path(child string, fn func()) {
	p.children(func(name string) {
		if name == child {
			fn()
		} else {
			p.skip()
		}
	})
}

// decodePubMedFast decodes an article's text (the skipped elements
// blanked already) into a; false when it has to go to encoding/xml.
func decodePubMedFast(s string, a *pmArticle) bool {
	p := &pmScanner{s: s}
	for {
		tok := p.next()
		if tok == pmStop {
			return false
		}
		if tok == pmStart {
			break
		}
	}
	p.article(a)
	return !p.failed && p.done
}

func (p *pmScanner) article(a *pmArticle) {
	p.children(func(name string) {
		switch name {
		case "MedlineCitation":
			p.citation(&a.Citation)
		case "BookDocument":
			p.book(&a.Book)
		case "PubmedData":
			p.children(func(name string) {
				switch name {
				case "ArticleIdList":
					p.path("ArticleId", func() { a.IDs = append(a.IDs, p.typed()) })
				case "PublicationStatus":
					p.xmlText(&a.PubStatus)
				default:
					p.skip()
				}
			})
		case "PubmedBookData":
			p.path("ArticleIdList", func() {
				p.path("ArticleId", func() { a.BookIDs = append(a.BookIDs, p.typed()) })
			})
		default:
			p.skip()
		}
	})
}

func (p *pmScanner) citation(c *pmCitation) {
	p.attr("Status", &c.Status)
	p.children(func(name string) {
		switch name {
		case "PMID":
			p.xmlText(&c.PMID)
		case "Article":
			art := &c.Article
			p.children(func(name string) {
				switch name {
				case "Journal":
					j := &art.Journal
					p.children(func(name string) {
						switch name {
						case "ISSN":
							j.ISSN = append(j.ISSN, p.typed())
						case "JournalIssue":
							p.children(func(name string) {
								switch name {
								case "Volume":
									p.xmlText(&j.Issue.Volume)
								case "Issue":
									p.xmlText(&j.Issue.Issue)
								case "PubDate":
									p.date(&j.Issue.PubDate)
								default:
									p.skip()
								}
							})
						case "Title":
							p.xmlText(&j.Title)
						case "ISOAbbreviation":
							p.xmlText(&j.Abbrev)
						default:
							p.skip()
						}
					})
				case "ArticleTitle":
					p.xmlText(&art.Title)
				case "VernacularTitle":
					p.xmlText(&art.Vernacular)
				case "Pagination":
					p.pages(&art.Pages)
				case "ELocationID":
					art.ELocation = append(art.ELocation, p.typed())
				case "Abstract":
					p.abstract(&art.Abstract)
				case "AuthorList":
					p.path("Author", func() { art.Authors = append(art.Authors, p.author()) })
				case "Language":
					p.appendText(&art.Language)
				case "PublicationTypeList":
					p.path("PublicationType", func() { p.appendText(&art.PubTypes) })
				case "ArticleDate":
					var d pmDate
					p.date(&d)
					art.ArticleDate = append(art.ArticleDate, d)
				default:
					p.skip()
				}
			})
		case "MedlineJournalInfo":
			ji := &c.JournalInfo
			p.children(func(name string) {
				switch name {
				case "Country":
					p.xmlText(&ji.Country)
				case "MedlineTA":
					p.xmlText(&ji.MedlineTA)
				case "NlmUniqueID":
					p.xmlText(&ji.NlmID)
				default:
					p.skip()
				}
			})
		case "ChemicalList":
			p.path("Chemical", func() {
				p.path("NameOfSubstance", func() { p.appendText(&c.Chemicals) })
			})
		case "MeshHeadingList":
			p.path("MeshHeading", func() { c.Mesh = append(c.Mesh, p.mesh()) })
		case "KeywordList":
			p.path("Keyword", func() { p.appendText(&c.Keywords) })
		case "CoiStatement":
			p.xmlText(&c.Coi)
		default:
			p.skip()
		}
	})
}

func (p *pmScanner) book(b *pmBook) {
	p.children(func(name string) {
		switch name {
		case "PMID":
			p.xmlText(&b.PMID)
		case "Book":
			bk := &b.Book
			p.children(func(name string) {
				switch name {
				case "Publisher":
					p.children(func(name string) {
						switch name {
						case "PublisherName":
							p.xmlText(&bk.Publisher)
						case "PublisherLocation":
							p.xmlText(&bk.Place)
						default:
							p.skip()
						}
					})
				case "BookTitle":
					p.xmlText(&bk.Title)
				case "PubDate":
					p.date(&bk.PubDate)
				case "AuthorList":
					p.path("Author", func() { bk.Authors = append(bk.Authors, p.author()) })
				case "Volume":
					p.xmlText(&bk.Volume)
				case "Isbn":
					p.appendText(&bk.ISBN)
				default:
					p.skip()
				}
			})
		case "ArticleTitle":
			p.xmlText(&b.Title)
		case "Pagination":
			p.pages(&b.Pages)
		case "Abstract":
			p.abstract(&b.Abstract)
		case "AuthorList":
			p.path("Author", func() { b.Authors = append(b.Authors, p.author()) })
		case "Language":
			p.appendText(&b.Language)
		case "PublicationType":
			p.appendText(&b.PubTypes)
		case "KeywordList":
			p.path("Keyword", func() { p.appendText(&b.Keywords) })
		case "ArticleIdList":
			p.path("ArticleId", func() { b.ArticleID = append(b.ArticleID, p.typed()) })
		default:
			p.skip()
		}
	})
}

// typed reads a pmTyped.
func (p *pmScanner) typed() pmTyped {
	var t pmTyped
	p.attr("IdType", &t.IDType)
	p.attr("EIdType", &t.EIDType)
	p.attr("IssnType", &t.ISSN)
	t.Value = p.chardata()
	return t
}

func (p *pmScanner) date(d *pmDate) {
	p.children(func(name string) {
		switch name {
		case "Year":
			d.Year = p.chardata()
		case "Month":
			d.Month = p.chardata()
		case "Season":
			d.Season = p.chardata()
		case "MedlineDate":
			d.MedlineDate = p.chardata()
		default:
			p.skip()
		}
	})
}

func (p *pmScanner) pages(pg *pmPages) {
	p.children(func(name string) {
		switch name {
		case "MedlinePgn":
			pg.MedlinePgn = p.chardata()
		case "StartPage":
			pg.Start = p.chardata()
		case "EndPage":
			pg.End = p.chardata()
		default:
			p.skip()
		}
	})
}

func (p *pmScanner) abstract(a *pmAbstract) {
	p.children(func(name string) {
		switch name {
		case "AbstractText":
			var t labelledText
			for _, at := range p.attrs {
				if at.name == "Label" { // labelledText.attr takes the first
					t.Attr = []xml.Attr{{Name: xml.Name{Local: at.name}, Value: at.value}}
					break
				}
			}
			t.Text = p.innerText()
			a.Parts = append(a.Parts, t)
		case "CopyrightInformation":
			p.xmlText(&a.Copyright)
		default:
			p.skip()
		}
	})
}

func (p *pmScanner) author() pmAuthor {
	var au pmAuthor
	p.attr("ValidYN", &au.Valid)
	p.children(func(name string) {
		switch name {
		case "LastName":
			p.xmlText(&au.Last)
		case "ForeName":
			p.xmlText(&au.Fore)
		case "Initials":
			p.xmlText(&au.Initials)
		case "Suffix":
			p.xmlText(&au.Suffix)
		case "CollectiveName":
			p.xmlText(&au.Collective)
		default:
			p.skip()
		}
	})
	return au
}

func (p *pmScanner) mesh() pmMeshHeading {
	var h pmMeshHeading
	p.children(func(name string) {
		switch name {
		case "DescriptorName":
			p.attr("MajorTopicYN", &h.Descriptor.Major)
			h.Descriptor.Name = p.chardata()
		case "QualifierName":
			var q pmQualifier
			p.attr("MajorTopicYN", &q.Major)
			q.Name = p.chardata()
			h.Qualifiers = append(h.Qualifiers, q)
		default:
			p.skip()
		}
	})
	return h
}
