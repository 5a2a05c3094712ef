package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

const fetchPage = `<!doctype html><html lang="nb"><head><title>Læringsnettverk | Helsedirektoratet</title>
<meta name="citation_title" content="Læringsnettverk i kommunene"><meta name="citation_author" content="Nordmann, Kari">
<meta name="citation_publication_date" content="2011"></head><body><p>Tekst.</p></body></html>`

// fetchServer serves a page, a slow page, big pages and nothing else.
func fetchServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(fetchPage))
	})
	served := 0
	mux.HandleFunc("/changing", func(w http.ResponseWriter, r *http.Request) {
		served++
		fmt.Fprintf(w, "<html><head><title>Rapport</title></head><body><p>Hentet %d. gang</p></body></html>", served)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "8000")
		w.Write(bytes.Repeat([]byte("<p>x</p>"), 1000))
	})
	mux.HandleFunc("/bigchunked", func(w http.ResponseWriter, r *http.Request) {
		for range 1000 {
			w.Write([]byte("<p>x</p>"))
			w.(http.Flusher).Flush()
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func openTestDB(t *testing.T) *data.DB {
	t.Helper()
	db, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestURL(t *testing.T) {
	srv := fetchServer(t)
	db := openTestDB(t)
	ctx := context.Background()
	fetchedAt := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	f := Fetcher{Now: func() time.Time { return fetchedAt }}

	res, err := URL(ctx, db, srv.URL+"/page", f, Options{})
	if err != nil {
		t.Fatalf("URL: %v", err)
	}
	if res.Format != FormatHTML || res.Kind != data.KindWebsite || res.New != 1 {
		t.Fatalf("result = format %s, kind %s, %d new; want html, website, 1", res.Format, res.Kind, res.New)
	}
	src, err := db.SourceByID(ctx, res.SourceID)
	if err != nil {
		t.Fatal(err)
	}
	if !src.FetchedAt.Equal(fetchedAt) || src.File != srv.URL+"/page" {
		t.Errorf("source fetched %v from %q, want %v from the URL", src.FetchedAt, src.File, fetchedAt)
	}
	var snapshot []byte
	if err := db.SQL().QueryRowContext(ctx, "SELECT snapshot FROM source WHERE id = ?", res.SourceID).Scan(&snapshot); err != nil {
		t.Fatal(err)
	}
	if string(snapshot) != fetchPage {
		t.Errorf("snapshot = %.60q…, want the page as served", snapshot)
	}
	var titles []string
	if err := db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		titles = append(titles, r.Title)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(titles) != 1 || titles[0] != "Læringsnettverk i kommunene" {
		t.Errorf("records = %q, want the page's citation_title", titles)
	}

	again, err := URL(ctx, db, srv.URL+"/page", f, Options{})
	if err != nil {
		t.Fatalf("URL again: %v", err)
	}
	counts, err := db.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !again.AlreadyImported || again.New != 0 || counts.Records != 1 || counts.Sources != 1 {
		t.Errorf("second import: already %v, new %d, %d records in %d sources; want already, 0 new, 1 record, 1 source",
			again.AlreadyImported, again.New, counts.Records, counts.Sources)
	}
}

// TestURLChangingPage fetches a page whose bytes differ on every visit:
// the second import still adds nothing.
func TestURLChangingPage(t *testing.T) {
	srv := fetchServer(t)
	db := openTestDB(t)
	ctx := context.Background()
	for i, wantAlready := range []bool{false, true} {
		res, err := URL(ctx, db, srv.URL+"/changing", Fetcher{}, Options{})
		if err != nil {
			t.Fatalf("import %d: %v", i+1, err)
		}
		if res.AlreadyImported != wantAlready || res.Records != 1 {
			t.Errorf("import %d: already %v, %d records; want %v, 1", i+1, res.AlreadyImported, res.Records, wantAlready)
		}
	}
	if c, err := db.Count(ctx); err != nil || c.Records != 1 {
		t.Errorf("%d records stored (%v), want 1", c.Records, err)
	}
}

func TestURLErrors(t *testing.T) {
	srv := fetchServer(t)
	db := openTestDB(t)
	tests := []struct {
		name, path string
		f          Fetcher
		want       string
	}{
		{"timeout", "/slow", Fetcher{Timeout: 100 * time.Millisecond}, "(timeout)"},
		{"above the size cap", "/big", Fetcher{MaxBytes: 1000}, "page larger than 1000 bytes"},
		{"above the size cap, no length given", "/bigchunked", Fetcher{MaxBytes: 1000}, "page larger than 1000 bytes"},
		{"not found", "/missing", Fetcher{}, "the server answered 404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := URL(context.Background(), db, srv.URL+tt.path, tt.f, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), srv.URL+tt.path) {
				t.Errorf("error = %v, want one naming the URL and %q", err, tt.want)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	counts, err := db.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if counts.Sources != 0 || counts.Records != 0 {
		t.Errorf("failed fetches stored %d sources, %d records; want none", counts.Sources, counts.Records)
	}
}
