package synthesis

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// reportCSS styles the HTML report for the screen and for print: A4 pages,
// each main section on a new page, tables that do not split a row.
const reportCSS = `
body{font-family:Georgia,"Times New Roman",serif;font-size:11pt;line-height:1.45;color:#111;max-width:46em;margin:2em auto;padding:0 1em}
h1,h2,h3,h4{font-family:Helvetica,Arial,sans-serif;line-height:1.2;color:#1f3a5f}
h1{font-size:22pt;margin-top:0}
h2{font-size:16pt;border-bottom:2px solid #1f3a5f;padding-bottom:.2em;margin-top:2em}
h3{font-size:13pt;margin-top:1.5em}
h4{font-size:11pt}
table{border-collapse:collapse;margin:1em 0;font-family:Helvetica,Arial,sans-serif;font-size:9pt;width:100%}
th,td{border:1px solid #bbb;padding:.25em .45em;vertical-align:top}
th{background:#e8edf3}
tr:nth-child(even) td{background:#f7f7f7}
img,svg{max-width:100%;height:auto}
figure{margin:1em 0;text-align:center}
ol li{margin-bottom:.3em}
@page{size:A4;margin:18mm 16mm}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:10.5pt}
 h2{page-break-before:always;break-before:page}
 h2:first-of-type{page-break-before:avoid;break-before:avoid}
 h2,h3,h4{page-break-after:avoid;break-after:avoid}
 tr,figure,svg{page-break-inside:avoid;break-inside:avoid}
 thead{display:table-header-group}
}
`

// HTML writes the report in lang as one self-contained HTML file: the
// Markdown rendered with goldmark (GitHub tables), inline CSS with print
// styling, and the SVG figures inlined where the Markdown has their images
// (figures maps "prisma.svg" and "effects.svg" to the SVG drawn).
func (r *Report) HTML(lang string, figures map[string][]byte) ([]byte, error) {
	md := r.Markdown(lang, "prisma.svg", "effects.svg")
	var body bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.Table))
	if err := gm.Convert([]byte(md), &body); err != nil {
		return nil, fmt.Errorf("render report: %w", err)
	}
	out := body.String()
	for _, name := range []string{"prisma.svg", "effects.svg"} {
		svg, ok := figures[name]
		if !ok {
			continue
		}
		// goldmark writes <img src="prisma.svg" alt="…">; the figure replaces it.
		start := strings.Index(out, `<img src="`+name+`"`)
		if start < 0 {
			continue
		}
		end := strings.Index(out[start:], ">")
		if end < 0 {
			continue
		}
		out = out[:start] + `<figure>` + string(stripXMLDecl(svg)) + `</figure>` + out[start+end+1:]
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n%s</body>\n</html>\n",
		lang, html.EscapeString(r.Title[lang]), reportCSS, out)
	return b.Bytes(), nil
}

// stripXMLDecl drops an XML declaration so an SVG file can sit inside HTML.
func stripXMLDecl(svg []byte) []byte {
	s := bytes.TrimSpace(svg)
	if bytes.HasPrefix(s, []byte("<?xml")) {
		if i := bytes.Index(s, []byte("?>")); i >= 0 {
			s = bytes.TrimSpace(s[i+2:])
		}
	}
	return s
}
