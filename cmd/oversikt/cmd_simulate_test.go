package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// toyLabelled is a labelled CSV in ASReview's layout: 60 records, every
// sixth one (about heart failure trials) included.
func toyLabelled() string {
	var b strings.Builder
	b.WriteString("record_id,title,abstract,label_included\n")
	for i := range 60 {
		switch {
		case i%6 == 0:
			fmt.Fprintf(&b, "%d,Enalapril trial %d in heart failure,Randomised trial of ACE inhibition in heart failure patients,1\n", i, i)
		case i%2 == 0:
			fmt.Fprintf(&b, "%d,Wetland restoration %d,Soil carbon and peat restoration in wetlands,0\n", i, i)
		default:
			fmt.Fprintf(&b, "%d,School survey %d,Survey of teachers in primary schools,0\n", i, i)
		}
	}
	return b.String()
}

func TestSimulateCommand(t *testing.T) {
	in := writeFile(t, "toy.csv", toyLabelled())
	dir := t.TempDir()
	plot, curve := filepath.Join(dir, "recall.svg"), filepath.Join(dir, "recall.csv")
	stdout, stderr, code := runCLI(t, "", "simulate", in, "--seeds", "3", "--model", "svm",
		"--plot", plot, "--curve", curve, "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var got struct {
		Dataset  string `json:"dataset"`
		Records  int    `json:"records"`
		Included int    `json:"included"`
		Model    string `json:"model"`
		Runs     []struct {
			Seed         int     `json:"seed"`
			WSS95        float64 `json:"wss95"`
			RRF10        float64 `json:"rrf10"`
			ScreenedTo95 int     `json:"screened_to_95"`
		} `json:"runs"`
		Median struct {
			WSS95 float64 `json:"wss95"`
			RRF10 float64 `json:"rrf10"`
		} `json:"median"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if got.Dataset != "toy.csv" || got.Records != 60 || got.Included != 10 || got.Model != "svm" || len(got.Runs) != 3 {
		t.Errorf("got %+v, want toy.csv, 60 records, 10 included, svm, 3 runs", got)
	}
	// 10 inclusions: 95 % is all 10; found within the first 12 records.
	if got.Runs[0].Seed != 1 || got.Runs[0].ScreenedTo95 > 12 || got.Median.WSS95 < 70 {
		t.Errorf("runs %+v, median %+v; want seed 1 first, all found within 12 records", got.Runs, got.Median)
	}
	svg, err := os.ReadFile(plot)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Records screened (of 60)", "random order (expected)", "median of 3 runs", "</svg>"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("plot lacks %q", want)
		}
	}
	csv, err := os.ReadFile(curve)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if lines[0] != "screened,random,median,seed_1,seed_2,seed_3" || len(lines) != 62 || !strings.HasPrefix(lines[61], "60,1.0000,1.0000") {
		t.Errorf("curve CSV: header %q, %d lines, last %q", lines[0], len(lines), lines[len(lines)-1])
	}
}

func TestSimulateUsage(t *testing.T) {
	in := writeFile(t, "toy.csv", toyLabelled())
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"simulate", in, "--model", "forest"}, 2, `unknown model "forest"`},
		{[]string{"simulate", in, "--seeds", "0"}, 2, "must be at least 1"},
		{[]string{"simulate", in, "--prior-included", "11"}, 1, "too few labelled records"},
		{[]string{"simulate", filepath.Join(t.TempDir(), "missing.csv")}, 1, "missing.csv"},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args[2:], code, stderr, tt.code, tt.want)
		}
	}
}
