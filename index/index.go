package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/oversikt/oversikt/data"
)

// ErrBusy is returned by Update and Rebuild when another process (or
// another handle in this one) is writing the index.
var ErrBusy = errors.New("the index is being updated by another process")

// Path returns the directory the index of the database at dbPath lives in.
func Path(dbPath string) string { return dbPath + ".index" }

// lockPath is the writer lock beside the index directory (not inside it:
// a rebuild swaps the directory).
func lockPath(dbPath string) string { return Path(dbPath) + ".lock" }

// Options say how to open or update an index.
type Options struct {
	// Log receives one-line messages for people: rebuilds and why, waits,
	// stale results. Nil discards them.
	Log io.Writer
	// ReadOnly opens the index as it is, never updating it.
	ReadOnly bool
	// Wait is how long Open waits for another process that is building the
	// index from scratch; 0 means two minutes.
	Wait time.Duration
}

func (o Options) log() io.Writer {
	if o.Log == nil {
		return io.Discard
	}
	return o.Log
}

// metaKey names the index's own metadata, kept with bleve's internal data
// and committed in the same batch as the documents it describes.
var metaKey = []byte("oversikt")

// meta says what an index was built by and from, and how far it has
// indexed: the highest record, decision and resolution ids it has seen.
type meta struct {
	Version    string `json:"version"`
	Token      string `json:"token"` // the database's index_token setting
	Record     int64  `json:"record"`
	Decision   int64  `json:"decision"`
	Resolution int64  `json:"resolution"`
}

func readMeta(bi bleve.Index) (meta, error) {
	var m meta
	b, err := bi.GetInternal(metaKey)
	if err != nil {
		return m, fmt.Errorf("read index metadata: %w", err)
	}
	if len(b) == 0 {
		return m, errors.New("index has no oversikt metadata")
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("read index metadata: %w", err)
	}
	return m, nil
}

// staleReason says why an index cannot be used for db as it is, or "".
func staleReason(ctx context.Context, bi bleve.Index, db *data.DB) (string, error) {
	m, err := readMeta(bi)
	if err != nil {
		return "it is unreadable (" + err.Error() + ")", nil
	}
	if m.Version != Version {
		return fmt.Sprintf("it was built by another version of oversikt (%s, this one writes %s)", m.Version, Version), nil
	}
	token, err := db.Setting(ctx, "index_token", "")
	if err != nil {
		return "", err
	}
	if m.Token != token {
		return "it was built from another database", nil
	}
	return "", nil
}

// Index is an index opened for searching: a snapshot. Updates by this or
// other processes write a copy and swap it in, so an open Index never
// blocks them, and it does not see them either: reopen to search the
// latest.
type Index struct {
	bi   bleve.Index
	db   *data.DB
	path string
	// Stale is set when another process was updating the index, so
	// searches see it as it was before that update.
	Stale bool
}

// Close closes the index.
func (ix *Index) Close() error { return ix.bi.Close() }

// Open returns the index of db, ready for searching. Unless
// opts.ReadOnly is set it first brings the index up to date (building it
// when missing, stale or unreadable, with a message on opts.Log). When
// another process is updating the index, Open searches the index as it is,
// sets Stale and says so; when that process is building it from nothing,
// Open waits for it (opts.Wait).
func Open(ctx context.Context, db *data.DB, opts Options) (*Index, error) {
	path := Path(db.Path)
	wait := opts.Wait
	if wait == 0 {
		wait = 2 * time.Minute
	}
	begin := time.Now()
	deadline := begin.Add(wait)
	waited := false
	for {
		busy := opts.ReadOnly
		var updateErr error
		if !opts.ReadOnly {
			_, err := Update(ctx, db, opts)
			switch {
			case errors.Is(err, ErrBusy):
				busy = true
			case ctx.Err() != nil:
				return nil, ctx.Err()
			case err != nil:
				// The index as it is may still serve.
				updateErr = err
			}
		}
		bi, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": "10s"})
		if err == nil {
			reason, rerr := staleReason(ctx, bi, db)
			if rerr == nil && reason == "" {
				switch {
				case updateErr != nil:
					fmt.Fprintf(opts.log(), "Could not update the search index (%v); searching it as it is.\n", updateErr)
				case busy && !opts.ReadOnly:
					fmt.Fprintln(opts.log(), "Another oversikt process is updating the search index; results may miss its latest changes.")
				}
				stale := (busy || updateErr != nil) && !opts.ReadOnly
				return &Index{bi: bi, db: db, path: path, Stale: stale}, nil
			}
			bi.Close()
			if rerr != nil {
				return nil, rerr
			}
			err = errors.New(reason)
		}
		if updateErr != nil {
			return nil, fmt.Errorf("update index %s: %w", path, updateErr)
		}
		if opts.ReadOnly && !writerActive(db.Path) {
			return nil, fmt.Errorf("open index %s: %w (run oversikt index rebuild)", path, err)
		}
		if !busy {
			return nil, fmt.Errorf("open index %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("open index %s: %w; it is being built or updated by another process: try again when it finishes, or run oversikt index rebuild", path, err)
		}
		if !waited && time.Since(begin) > time.Second {
			fmt.Fprintln(opts.log(), "Waiting for another oversikt process to finish building the search index …")
			waited = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stats say what an update or rebuild did.
type Stats struct {
	Rebuilt  bool          `json:"rebuilt"`
	Reason   string        `json:"reason,omitempty"` // why it was rebuilt
	Studies  int           `json:"studies"`          // documents written or deleted
	Duration time.Duration `json:"duration_ns"`
}

// Update brings the index of db up to date: it indexes what changed since
// the last update (new records, decisions and resolutions, and what
// triggers queued in index_dirty), or builds the index from scratch when
// it is missing, stale, unreadable or far behind. It writes a copy of the
// index (segment files hard-linked) and swaps it in when done, so readers
// never wait for it. It returns ErrBusy when another process holds the
// writer lock.
func Update(ctx context.Context, db *data.DB, opts Options) (Stats, error) {
	start := time.Now()
	lock, ok, err := tryLock(lockPath(db.Path))
	if err != nil {
		return Stats{}, err
	}
	if !ok {
		return Stats{}, ErrBusy
	}
	defer lock.unlock()
	path := Path(db.Path)
	removeLeftovers(path)
	bi, reason, err := openCurrent(ctx, db, path)
	if err != nil {
		return Stats{}, err
	}
	if reason != "" {
		return rebuildLocked(ctx, db, opts, reason, start)
	}
	plan, err := planSync(ctx, db, bi)
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errTooFarBehind) {
		return rebuildLocked(ctx, db, opts, "it is far behind the database", start)
	}
	if err != nil || len(plan.ids) == 0 {
		return Stats{Duration: time.Since(start)}, err
	}
	if len(plan.ids) > 5000 {
		fmt.Fprintf(opts.log(), "Updating the search index: %d studies …\n", len(plan.ids))
	}
	// Copy on write: readers keep the live index to themselves.
	tmp := fmt.Sprintf("%s.new-%d", path, os.Getpid())
	if err := cloneDir(path, tmp); err != nil {
		os.RemoveAll(tmp)
		return Stats{}, fmt.Errorf("copy index for update: %w", err)
	}
	bi, err = bleve.OpenUsing(tmp, writeConfig)
	if err != nil {
		os.RemoveAll(tmp)
		return Stats{}, fmt.Errorf("open index copy %s: %w", tmp, err)
	}
	err = writeStudies(ctx, db.SQL(), bi, plan.ids, &plan.meta, updateChunk)
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return Stats{}, err
	}
	if err := swapDir(tmp, path); err != nil {
		return Stats{}, err
	}
	if err := clearDirty(ctx, db, plan.dirty); err != nil {
		return Stats{}, err
	}
	return Stats{Studies: len(plan.ids), Duration: time.Since(start)}, nil
}

// Rebuild builds the index of db from scratch, in a new directory that
// replaces the old one when complete, so readers keep searching the old
// index meanwhile. It returns ErrBusy when another process holds the
// writer lock.
func Rebuild(ctx context.Context, db *data.DB, opts Options) (Stats, error) {
	start := time.Now()
	lock, ok, err := tryLock(lockPath(db.Path))
	if err != nil {
		return Stats{}, err
	}
	if !ok {
		return Stats{}, ErrBusy
	}
	defer lock.unlock()
	removeLeftovers(Path(db.Path))
	return rebuildLocked(ctx, db, opts, "", start)
}

// writerActive reports whether some process holds the writer lock.
func writerActive(dbPath string) bool {
	lock, ok, err := tryLock(lockPath(dbPath))
	if err != nil {
		return false
	}
	if ok {
		lock.unlock()
	}
	return !ok
}

// removeLeftovers removes the copies a killed update or rebuild left
// beside the index. The caller holds the writer lock, so no one is
// writing them.
func removeLeftovers(path string) {
	for _, pattern := range []string{path + ".new-*", path + ".old-*"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			os.RemoveAll(m)
		}
	}
}

// openCurrent opens the live index read-only to see what it holds. It
// returns a non-empty reason (and no index) when the index has to be
// built from scratch.
func openCurrent(ctx context.Context, db *data.DB, path string) (bleve.Index, string, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, "there is none yet", nil
	}
	bi, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": "10s"})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, "", fmt.Errorf("%w (another program keeps it locked)", ErrBusy)
	case err != nil:
		return nil, "it is unreadable (" + err.Error() + ")", nil
	}
	reason, err := staleReason(ctx, bi, db)
	if err != nil || reason != "" {
		bi.Close()
		return nil, reason, err
	}
	return bi, "", nil
}

// cloneDir copies the index directory src to dst for an update: segment
// files (.zap), which bleve never changes, are hard-linked when the file
// system allows; everything else is copied.
func cloneDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if strings.HasSuffix(p, ".zap") && os.Link(p, target) == nil {
			return nil
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
