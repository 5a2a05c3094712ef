package synthesis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// PRISMARow is one row of the CSV the PRISMA2020 R package and Shiny app
// (Haddaway et al. 2022) read: data,node,box,description,boxtext,
// tooltips,url,n.
type PRISMARow struct {
	Data        string `csv:"data"`
	Node        string `csv:"node"`
	Box         string `csv:"box"`
	Description string `csv:"description"`
	Boxtext     string `csv:"boxtext"`
	Tooltips    string `csv:"tooltips"`
	URL         string `csv:"url"`
	N           string `csv:"n"`
}

// prismaTemplate is the package's template (inst/extdata/PRISMA.csv): its
// 34 rows in the template's order with every column but n. The rows were
// taken from copies of the template published alongside tools that feed
// the Shiny app, since the package's repository itself was not at hand;
// they agree with each other.
var prismaTemplate = []PRISMARow{
	{"NA", "node4", "prevstud", "Grey title box; Previous studies", "Previous studies", "Grey title box; Previous studies", "prevstud.html", ""},
	{"previous_studies", "node5", "box1", "Studies included in previous version of review", "Studies included in previous version of review", "Studies included in previous version of review", "previous_studies.html", ""},
	{"previous_reports", "NA", "box1", "Reports of studies included in previous version of review", "Reports of studies included in previous version of review", "NA", "previous_reports.html", ""},
	{"NA", "node6", "newstud", "Yellow title box; Identification of new studies via databases and registers", "Identification of new studies via databases and registers", "Yellow title box; Identification of new studies via databases and registers", "newstud.html", ""},
	{"database_results", "node7", "box2", "Records identified from: Databases", "Databases", "Records identified from: Databases and Registers", "database_results.html", ""},
	{"database_specific_results", "NA", "box2", "Records identified from: specific databases", "Specific Databases", "NA", "database_results.html", ""},
	{"register_results", "NA", "box2", "Records identified from: Registers", "Registers", "NA", "NA", ""},
	{"register_specific_results", "NA", "box2", "Records identified from: specific registers", "Specific Registers", "NA", "database_results.html", ""},
	{"NA", "node16", "othstud", "Grey title box; Identification of new studies via other methods", "Identification of new studies via other methods", "Grey title box; Identification of new studies via other methods", "othstud.html", ""},
	{"website_results", "node17", "box11", "Records identified from: Websites", "Websites", "Records identified from: Websites, Organisations and Citation Searching", "website_results.html", ""},
	{"organisation_results", "NA", "box11", "Records identified from: Organisations", "Organisations", "NA", "NA", ""},
	{"citations_results", "NA", "box11", "Records identified from: Citation searching", "Citation searching", "NA", "NA", ""},
	{"duplicates", "node8", "box3", "Duplicate records", "Duplicate records", "Duplicate records", "duplicates.html", ""},
	{"excluded_automatic", "NA", "box3", "Records marked as ineligible by automation tools", "Records marked as ineligible by automation tools", "NA", "NA", ""},
	{"excluded_other", "NA", "box3", "Records removed for other reasons", "Records removed for other reasons", "NA", "NA", ""},
	{"records_screened", "node9", "box4", "Records screened (databases and registers)", "Records screened", "Records screened (databases and registers)", "records_screened.html", ""},
	{"records_excluded", "node10", "box5", "Records excluded (databases and registers)", "Records excluded", "Records excluded (databases and registers)", "records_excluded.html", ""},
	{"dbr_sought_reports", "node11", "box6", "Reports sought for retrieval (databases and registers)", "Reports sought for retrieval", "Reports sought for retrieval (databases and registers)", "dbr_sought_reports.html", ""},
	{"dbr_notretrieved_reports", "node12", "box7", "Reports not retrieved (databases and registers)", "Reports not retrieved", "Reports not retrieved (databases and registers)", "dbr_notretrieved_reports.html", ""},
	{"other_sought_reports", "node18", "box12", "Reports sought for retrieval (other)", "Reports sought for retrieval", "Reports sought for retrieval (other)", "other_sought_reports.html", ""},
	{"other_notretrieved_reports", "node19", "box13", "Reports not retrieved (other)", "Reports not retrieved", "Reports not retrieved (other)", "other_notretrieved_reports.html", ""},
	{"dbr_assessed", "node13", "box8", "Reports assessed for eligibility (databases and registers)", "Reports assessed for eligibility", "Reports assessed for eligibility (databases and registers)", "dbr_assessed.html", ""},
	{"dbr_excluded", "node14", "box9", "Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]", "Reports excluded", "Reports excluded (databases and registers)", "dbrexcludedrecords.html", ""},
	{"other_assessed", "node20", "box14", "Reports assessed for eligibility (other)", "Reports assessed for eligibility", "Reports assessed for eligibility (other)", "other_assessed.html", ""},
	{"other_excluded", "node21", "box15", "Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]", "Reports excluded", "Reports excluded (other)", "other_excluded.html", ""},
	{"new_studies", "node15", "box10", "New studies included in review", "New studies included in review", "New studies included in review", "new_studies.html", ""},
	{"new_reports", "NA", "box10", "Reports of new included studies", "Reports of new included studies", "NA", "NA", ""},
	{"total_studies", "node22", "box16", "Total studies included in review", "Total studies included in review", "Total studies included in review", "total_studies.html", ""},
	{"total_reports", "NA", "box16", "Reports of total included studies", "Reports of total included studies", "NA", "NA", ""},
	{"identification", "node1", "identification", "Blue identification box", "Identification", "Blue identification box", "identification.html", ""},
	{"screening", "node2", "screening", "Blue screening box", "Screening", "Blue screening box", "screening.html", ""},
	{"included", "node3", "included", "Blue included box", "Included", "Blue included box", "included.html", ""},
	{"total_studies_ma", "node23", "box17", "Total studies included in meta-analysis", "Total studies included in meta-analysis", "Total studies included in meta-analysis", "total_studies_meta_analysis.html", ""},
	{"total_reports_ma", "NA", "box17", "Reports of total included studies in meta-analysis", "Reports of total included studies in meta-analysis", "NA", "NA", ""},
}

// PRISMARows returns the PRISMA2020 package's template rows with n filled
// in from f. The package's template has one column of boxes for removal
// and screening (databases and registers), so duplicates,
// records_screened and records_excluded are that column's; the
// other-methods column enters at other_sought_reports. A review is a new
// review: previous_* and the meta-analysis rows are 0, new_* and total_*
// are the studies and reports included from both columns. Lists
// (database_specific_results, dbr_excluded …) are "Name, n; Name, n", with
// commas and semicolons inside a name replaced so the package can split
// them; an empty list is "0".
func PRISMARows(f Flow) []PRISMARow {
	d, o := f.Databases, f.Other
	itoa := strconv.Itoa
	n := map[string]string{
		"NA": "0", "identification": "0", "screening": "0", "included": "0",
		"previous_studies": "0", "previous_reports": "0", "total_studies_ma": "0", "total_reports_ma": "0",
		"database_results":           itoa(d.Identified - d.Kind(data.KindRegister)),
		"database_specific_results":  sourceList(d.Sources, func(k string) bool { return k != data.KindRegister }),
		"register_results":           itoa(d.Kind(data.KindRegister)),
		"register_specific_results":  sourceList(d.Sources, func(k string) bool { return k == data.KindRegister }),
		"website_results":            itoa(o.Kind(data.KindWebsite)),
		"organisation_results":       itoa(o.Kind(data.KindOrganisation)),
		"citations_results":          itoa(o.Kind(data.KindCitation)),
		"duplicates":                 itoa(d.Duplicates),
		"excluded_automatic":         itoa(d.Automation),
		"excluded_other":             itoa(d.OtherRemoved),
		"records_screened":           itoa(d.Screened),
		"records_excluded":           itoa(d.ScreenExcluded),
		"dbr_sought_reports":         itoa(d.Sought),
		"dbr_notretrieved_reports":   itoa(d.NotRetrieved),
		"other_sought_reports":       itoa(o.Sought),
		"other_notretrieved_reports": itoa(o.NotRetrieved),
		"dbr_assessed":               itoa(d.Assessed),
		"dbr_excluded":               reasonList(d.Reasons),
		"other_assessed":             itoa(o.Assessed),
		"other_excluded":             reasonList(o.Reasons),
		"new_studies":                itoa(f.TotalStudies()),
		"new_reports":                itoa(f.TotalReports()),
		"total_studies":              itoa(f.TotalStudies()),
		"total_reports":              itoa(f.TotalReports()),
	}
	rows := make([]PRISMARow, len(prismaTemplate))
	for i, r := range prismaTemplate {
		r.N = n[r.Data]
		rows[i] = r
	}
	return rows
}

// WritePRISMACSV writes PRISMARows(f) as plain CSV (comma, no BOM), the
// file the PRISMA2020 Shiny app uploads.
func WritePRISMACSV(w io.Writer, f Flow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"data", "node", "box", "description", "boxtext", "tooltips", "url", "n"}); err != nil {
		return err
	}
	for _, r := range PRISMARows(f) {
		if err := cw.Write([]string{r.Data, r.Node, r.Box, r.Description, r.Boxtext, r.Tooltips, r.URL, r.N}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write PRISMA csv: %w", err)
	}
	return nil
}

var listName = strings.NewReplacer(",", " –", ";", " –", "\n", " ", "\r", " ")

func sourceList(ss []SourceCount, keep func(kind string) bool) string {
	var parts []string
	for _, s := range ss {
		if keep(s.Kind) {
			parts = append(parts, fmt.Sprintf("%s, %d", listName.Replace(s.Name), s.N))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "; ")
}

func reasonList(rs []ReasonCount) string {
	if len(rs) == 0 {
		return "0"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s, %d", listName.Replace(r.Reason), r.N)
	}
	return strings.Join(parts, "; ")
}
