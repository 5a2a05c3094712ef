package coding

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// benchReview holds n included studies, each coded by two reviewers on
// every factor and barrier code and the design (about 23 codings a
// reviewer a study), imported from CSV.
func benchReview(b *testing.B, n int) (*data.DB, []byte) {
	b.Helper()
	recs := make([]testRecord, n)
	for i := range recs {
		recs[i] = testRecord{title: fmt.Sprintf("Study %d", i), include: true}
	}
	db, ids := newReview(b, recs...)
	cb, _ := Default()
	var buf bytes.Buffer
	buf.WriteString("study,reviewer,code,value\n")
	designs := []string{"rct", "cba", "uba", "qual"}
	for i, id := range ids {
		for ri, r := range []string{"ana", "ben"} {
			fmt.Fprintf(&buf, "%d,%s,design,%s\n", id, r, designs[(i+ri*(i%3))%4])
			for ci, c := range append(cb.CodesOf(EvidenceFactor), cb.CodesOf(EvidenceBarrier)...) {
				v := "no"
				if (i*7+ci*3+ri*(i%5))%4 == 0 {
					v = "yes"
				}
				fmt.Fprintf(&buf, "%d,%s,%s,%s\n", id, r, c.Slug, v)
			}
		}
	}
	return db, buf.Bytes()
}

func BenchmarkImportAndAgreement(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				b.StopTimer()
				db, csvData := benchReview(b, n)
				b.StartTimer()
				res, err := Import(ctx, db, "b.csv", bytes.NewReader(csvData), ImportOptions{})
				if err != nil || len(res.Problems) > 0 {
					b.Fatalf("import: %v %v", err, res.Problems)
				}
				as, err := Agreement(ctx, db)
				if err != nil || as[1].N != n {
					b.Fatalf("agreement: %v n=%d", err, as[1].N)
				}
				if _, err := Matrix(ctx, db, EvidenceFactor); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
}
