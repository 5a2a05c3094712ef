package ingest

import (
	"encoding/json"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// pageLD is what a page's JSON-LD (schema.org) says about the work itself.
type pageLD struct {
	title, date, description, language, url, identifier, typ string
	authors, keywords                                        []string
}

// readJSONLD reads the <script type="application/ld+json"> blocks and
// describes the first object that is an article-like creative work, else
// the first web page object. Broken JSON is ignored.
func readJSONLD(doc *goquery.Document) pageLD {
	var objs []map[string]any
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if !strings.EqualFold(strings.TrimSpace(s.AttrOr("type", "")), "application/ld+json") {
			return
		}
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) == nil {
			collectLD(v, &objs, 0)
		}
	})
	var work, page map[string]any
	for _, o := range objs {
		t := ldType(o)
		switch {
		case work == nil && isCreativeWork(t):
			work = o
		case page == nil && strings.HasSuffix(t, "WebPage"):
			page = o
		}
	}
	var ld pageLD
	if work == nil {
		if work = page; work == nil {
			return ld
		}
	} else {
		ld.typ = ldType(work)
	}
	ld.title = CleanText(firstNonEmpty(ldString(work["headline"]), ldString(work["name"])))
	ld.date = firstNonEmpty(ldString(work["datePublished"]), ldString(work["dateCreated"]))
	ld.description = ldString(work["description"])
	ld.language = ldString(work["inLanguage"])
	ld.url = ldString(work["url"])
	ld.identifier = firstNonEmpty(ldDOI(work["identifier"]), ldDOI(work["sameAs"]))
	ld.authors = personNames(ldStrings(work["author"]))
	if len(ld.authors) == 0 {
		ld.authors = personNames(ldStrings(work["creator"]))
	}
	for _, k := range ldStrings(work["keywords"]) {
		ld.keywords = append(ld.keywords, metaKeywords([]string{k})...)
	}
	return ld
}

// collectLD gathers the objects of a JSON-LD value: top level, arrays and
// @graph, not nested properties.
func collectLD(v any, out *[]map[string]any, depth int) {
	if depth > 4 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		*out = append(*out, x)
		if g, ok := x["@graph"]; ok {
			collectLD(g, out, depth+1)
		}
	case []any:
		for _, e := range x {
			collectLD(e, out, depth+1)
		}
	}
}

// ldType is an object's @type (the first, when it lists several).
func ldType(o map[string]any) string {
	switch t := o["@type"].(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			s, _ := t[0].(string)
			return s
		}
	}
	return ""
}

func isCreativeWork(t string) bool {
	switch t {
	case "Report", "Book", "Chapter", "Thesis", "CreativeWork", "Dataset", "Blog", "BlogPosting",
		"LiveBlogPosting", "SocialMediaPosting", "MedicalScholarlyArticle", "PublicationIssue", "Legislation":
		return true
	}
	return strings.HasSuffix(t, "Article")
}

// ldString is a JSON-LD value as text: a string, a number, or the name or
// @value of an object.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		b, _ := json.Marshal(x)
		return string(b)
	case map[string]any:
		return firstNonEmpty(ldString(x["name"]), ldString(x["@value"]), ldString(x["value"]))
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	}
	return ""
}

// ldStrings is every text of a JSON-LD value that may be a list.
func ldStrings(v any) []string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var out []string
	for _, e := range list {
		if s := ldString(e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ldDOI finds a DOI among identifier or sameAs values.
func ldDOI(v any) string {
	for _, s := range ldStrings(v) {
		if NormalizeDOI(s) != "" {
			return s
		}
	}
	return ""
}
