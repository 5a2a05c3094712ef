package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/oversikt/oversikt/data"
)

// Fetcher fetches web pages for import. The zero value uses a 30 s timeout
// and a 20 MiB size cap.
type Fetcher struct {
	Client   *http.Client
	Timeout  time.Duration
	MaxBytes int64
	Now      func() time.Time
}

// URL fetches the page at url and imports it (format detected from the
// content, kind website unless opts says otherwise), storing the bytes as
// fetched and the fetch time with the source. A URL already imported is
// not fetched again (the result says AlreadyImported; remove the source
// to take a new snapshot), and neither are the same bytes under another
// URL. A status other than 200, no complete answer within
// the timeout, an empty page or one above the size cap is an error that
// names the URL and says what to do; nothing is stored then.
func URL(ctx context.Context, db *data.DB, url string, f Fetcher, opts Options) (Result, error) {
	if old, err := sourceByFile(ctx, db, url); err != nil || old != nil {
		if err != nil {
			return Result{File: url, Problems: []Problem{}}, err
		}
		return Result{File: url, Format: Format(old.Format), Encoding: old.Encoding, Name: old.Name, Kind: old.Kind,
			SourceID: old.ID, Records: old.Records + old.Rejected, AlreadyImported: true, Problems: []Problem{}}, nil
	}
	body, fetched, err := f.fetch(ctx, url)
	if err != nil {
		return Result{File: url, Problems: []Problem{}}, err
	}
	if opts.Kind == "" {
		opts.Kind = data.KindWebsite
	}
	return importBytes(ctx, db, &data.Source{File: url, FetchedAt: fetched, Snapshot: body}, body, opts)
}

func (f Fetcher) fetch(ctx context.Context, url string) ([]byte, time.Time, error) {
	timeout, limit, client, now := f.Timeout, f.MaxBytes, f.Client, f.Now
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	if limit == 0 {
		limit = 20 << 20
	}
	if client == nil {
		client = http.DefaultClient
	}
	if now == nil {
		now = time.Now
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	req.Header.Set("User-Agent", "oversikt (systematic review tool)")
	resp, err := client.Do(req)
	if err != nil {
		return nil, time.Time{}, fetchError(url, timeout, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, time.Time{}, fmt.Errorf("fetch %s: the server answered %s; check the address, or save the page and ingest the file", url, resp.Status)
	}
	tooBig := fmt.Errorf("fetch %s: page larger than %d bytes; save it and ingest the file", url, limit)
	if resp.ContentLength > limit {
		return nil, time.Time{}, tooBig
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, time.Time{}, fetchError(url, timeout, err)
	}
	if int64(len(body)) > limit {
		return nil, time.Time{}, tooBig
	}
	if len(body) == 0 {
		return nil, time.Time{}, fmt.Errorf("fetch %s: the server sent an empty page", url)
	}
	return body, now().UTC(), nil
}

// sourceByFile returns the completely imported source fetched from url,
// or nil: a page whose content changes between fetches (dates, counters)
// is still the same page.
func sourceByFile(ctx context.Context, db *data.DB, url string) (*data.Source, error) {
	srcs, err := db.Sources(ctx)
	if err != nil {
		return nil, err
	}
	for i := range srcs {
		if srcs[i].File == url && srcs[i].Complete {
			return &srcs[i], nil
		}
	}
	return nil, nil
}

// fetchError says what went wrong in the user's terms: a timeout is named
// as such.
func fetchError(url string, timeout time.Duration, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err) {
		return fmt.Errorf("fetch %s: no complete answer within %s (timeout); try again later, or save the page and ingest the file", url, timeout)
	}
	return fmt.Errorf("fetch %s: %w", url, err)
}
