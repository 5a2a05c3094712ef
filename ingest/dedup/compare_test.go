package dedup

import (
	"testing"

	"github.com/oversikt/oversikt/data"
)

// article is the published paper most cases below vary.
var article = data.Record{
	Title:   "Learning networks in nursing homes: a cluster randomised trial of quality improvement collaboratives",
	Authors: []string{"Sjøgren, Åse", "Hansen, Per", "Dückers, Michel"},
	Year:    2015, Journal: "BMJ Quality & Safety", Volume: "24", Issue: "3", Pages: "201-209",
	DOI: "10.1136/bmjqs-2014-003000",
}

func with(f func(r *data.Record)) data.Record {
	r := article
	r.Authors = append([]string(nil), article.Authors...)
	f(&r)
	return r
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name string
		b    data.Record
		want Verdict
	}{
		{"case, punctuation and missing DOI", with(func(r *data.Record) {
			r.Title = "LEARNING NETWORKS IN NURSING HOMES - A CLUSTER RANDOMISED TRIAL OF QUALITY IMPROVEMENT COLLABORATIVES."
			r.DOI = ""
		}), Certain},
		{"typo, abbreviated journal, short page range", with(func(r *data.Record) {
			r.Title = "Learning netwroks in nursing homes: a cluster randomised trial of quality improvment collaboratives"
			r.Journal, r.Pages, r.DOI = "BMJ Qual Saf", "201-9", ""
		}), Certain},
		{"Nordic letters written without marks", with(func(r *data.Record) {
			r.Authors = []string{"Sjogren, A.", "Hansen, P.", "Duckers, M."}
		}), Certain},
		{"subtitle dropped", with(func(r *data.Record) { r.Title = "Learning networks in nursing homes"; r.DOI = "" }), Certain},
		{"translated title in brackets", with(func(r *data.Record) {
			r.Title = "Læringsnettverk i sykehjem [Learning networks in nursing homes: a cluster randomised trial of quality improvement collaboratives]"
			r.DOI = ""
		}), Certain},
		{"erratum with the same title", with(func(r *data.Record) {
			r.Title = "Erratum: " + article.Title
			r.Pages, r.DOI = "410", "10.1136/bmjqs-2014-003000corr1"
		}), Distinct},
		{"comment on the article", with(func(r *data.Record) {
			r.Title = "Comment on: " + article.Title
			r.Authors, r.Pages, r.DOI = []string{"Smith, John"}, "300-301", ""
		}), Distinct},
		{"reply to a comment", with(func(r *data.Record) {
			r.Title = "Reply: " + article.Title
			r.Pages, r.DOI = "302", ""
		}), Distinct},
		{"conference abstract a year before", with(func(r *data.Record) {
			r.Journal, r.Year, r.Volume, r.Issue, r.Pages, r.DOI = "BMJ Quality & Safety Conference Abstracts", 2014, "23", "Suppl 1", "A12", ""
		}), Uncertain},
		{"preprint of the article", with(func(r *data.Record) {
			r.Journal, r.Year, r.Volume, r.Issue, r.Pages, r.DOI = "medRxiv", 2014, "", "", "", "10.1101/2014.05.01.123456"
		}), Certain},
		{"same group, follow-up three years later", with(func(r *data.Record) {
			r.Title = "Learning networks in nursing homes: three-year follow-up of a cluster randomised trial of quality improvement collaboratives"
			r.Year, r.Volume, r.Pages, r.DOI = 2018, "27", "55-63", "10.1136/bmjqs-2017-007000"
		}), Distinct},
		{"same group, same title, other year and pages", with(func(r *data.Record) {
			r.Year, r.Volume, r.Pages, r.DOI = 2017, "26", "88-97", ""
		}), Uncertain},
		{"part 2 of a series", with(func(r *data.Record) {
			r.Title = "Learning networks in nursing homes, part 2: a cluster randomised trial of quality improvement collaboratives"
			r.DOI = ""
		}), Uncertain},
		{"a second DOI for the same citation", with(func(r *data.Record) { r.DOI = "10.1892/0891-6640(2015)024<0201:lnin>2.0.co;2" }), Certain},
		{"a second DOI, other pages", with(func(r *data.Record) { r.DOI, r.Pages = "10.1136/bmjqs-2014-003999", "301-309" }), Uncertain},
		{"different study", with(func(r *data.Record) {
			r.Title = "Barriers to implementing falls prevention in home care"
			r.Authors, r.DOI = []string{"Olsen, Kari"}, ""
		}), Distinct},
	}
	a := newItem(&article)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newItem(&tt.b)
			got := compare(&a, &b)
			if tt.b.DOI != "" && tt.b.DOI == article.DOI {
				got = compareIdentifier(&a, &b, data.MethodDOI)
			}
			if got.verdict != tt.want {
				t.Errorf("compare() = %v (score %.2f, agreed %v, evidence %+v), want %v", got.verdict, got.score, got.fields, weigh(&a, &b), tt.want)
			}
		})
	}
}

func TestCompareIdentifier(t *testing.T) {
	tests := []struct {
		name string
		b    data.Record
		want Verdict
	}{
		{"same DOI, same article", with(func(r *data.Record) { r.Pages = "201-9" }), Certain},
		{"same DOI, erratum", with(func(r *data.Record) { r.Title = "Correction to: " + article.Title }), Distinct},
		{"supplement DOI shared by another abstract", with(func(r *data.Record) {
			r.Title, r.Pages = "Barriers to implementing falls prevention in home care", "A13"
		}), Distinct},
		{"supplement DOI, near title, other pages", with(func(r *data.Record) {
			r.Title, r.Pages = "The learning networks in nursing homes: a cluster randomised trial of quality improvement", "A13"
		}), Uncertain},
	}
	a := newItem(&article)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newItem(&tt.b)
			if got := compareIdentifier(&a, &b, data.MethodDOI); got.verdict != tt.want {
				t.Errorf("compareIdentifier() = %v (evidence %+v), want %v", got.verdict, weigh(&a, &b), tt.want)
			}
		})
	}
}
