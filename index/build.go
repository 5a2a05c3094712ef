package index

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/oversikt/oversikt/data"
)

// How many studies one bleve batch carries. A batch's analysed documents
// and bleve's working copy of them take about 80 kB per study while it is
// written, and each writer has one: batches of 2 000 in a rebuild held
// the live heap of a 100 000-study rebuild at 640 MB (1 060 MB with
// 4 000) for the same CPU time, in 50 segments (a rebuild merges none;
// batches of 1 000 cost 15% more CPU time). Updates write 1 000 at a
// time to keep the index open for writing for less time.
const (
	rebuildChunk = 2000
	updateChunk  = 1000
)

// Where a rebuild's time goes (100 000 generated RIS studies, 2-core
// machine, CPU profile of "index rebuild"): bleve's zap segment builder
// 61% (putting each study's ~260 distinct terms per field and ~360
// positions into postings, 0.4 ms per study), making the documents 21%
// (analysis of title and abstract for both copies 15%), the garbage
// collector's own workers 11%, SQLite and writing files the rest. The
// segment builder alone allows about 2 500 studies per CPU-second, so on
// two cores 5 000 studies/s cannot be reached without indexing less:
// in a test build, positions left out of the stemmed copies saved 9% of
// the CPU time, out of all title and abstract fields 16%, and one field
// holding both the plain and the stemmed terms 3%; zap versions 14–17
// cost the same.

// maxWriters bounds the batches written at once, and so the memory they
// take, on machines with many cores.
const maxWriters = 4

// The soft memory limit of a rebuild (see debug.SetMemoryLimit) is
// rebuildMemoryBase, plus rebuildMemoryPerWriter per writer, plus
// rebuildMemoryPerSegment per segment it will write (the open segments'
// state grows the live heap by about 1.4 MB each): 900 MiB for 100 000
// studies on 2 cores. The garbage collector then runs before the heap
// doubles its live size. On the 2-core machine, 100 000 studies: peak
// RSS 1.50-1.67 → 1.33 GB for 1.5% more CPU time; 700 MiB gave 1.13 GB
// for 16% more. A fixed 900 MiB cost 11% more CPU time at 200 000.
const (
	rebuildMemoryBase       = 400 << 20
	rebuildMemoryPerWriter  = 200 << 20
	rebuildMemoryPerSegment = 2 << 20
)

// rebuildMemoryLimit is the soft memory limit of a rebuild of n studies.
func rebuildMemoryLimit(n int) int64 {
	segments := int64((n + rebuildChunk - 1) / rebuildChunk)
	return rebuildMemoryBase + rebuildMemoryPerWriter*int64(writers()) + rebuildMemoryPerSegment*segments
}

// errTooFarBehind makes Update rebuild instead of updating in place: a
// rebuild happens beside the live index and keeps readers searching.
var errTooFarBehind = errors.New("index too far behind")

// bounds are the highest ids in the database when an update starts; the
// update indexes everything up to them and records them as its meta.
type bounds struct {
	record, decision, resolution, dirty int64
}

func readBounds(ctx context.Context, db *sql.DB) (bounds, error) {
	var b bounds
	err := db.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM record), 0), COALESCE((SELECT MAX(id) FROM decision), 0),
		COALESCE((SELECT MAX(id) FROM resolution), 0), COALESCE((SELECT MAX(id) FROM index_dirty), 0)`).
		Scan(&b.record, &b.decision, &b.resolution, &b.dirty)
	if err != nil {
		return b, fmt.Errorf("read index bounds: %w", err)
	}
	return b, nil
}

// rebuildLocked builds the whole index into a new directory and swaps it
// in. The caller holds the writer lock.
func rebuildLocked(ctx context.Context, db *data.DB, opts Options, reason string, start time.Time) (Stats, error) {
	if reason != "" {
		fmt.Fprintf(opts.log(), "Building the search index because %s …\n", reason)
	}
	b, err := readBounds(ctx, db.SQL())
	if err != nil {
		return Stats{}, err
	}
	token, err := db.Setting(ctx, "index_token", "")
	if err != nil {
		return Stats{}, err
	}
	ids, err := db.QueryIDs(ctx, "SELECT id FROM study ORDER BY id")
	if err != nil {
		return Stats{}, fmt.Errorf("list studies: %w", err)
	}

	defer limitMemory(rebuildMemoryLimit(len(ids)))()

	path := Path(db.Path)
	tmp := fmt.Sprintf("%s.new-%d", path, os.Getpid())
	if err := os.RemoveAll(tmp); err != nil {
		return Stats{}, err
	}
	m, err := newMapping()
	if err != nil {
		return Stats{}, err
	}
	bi, err := bleve.NewUsing(tmp, m, scorch.Name, scorch.Name, rebuildConfig)
	if err != nil {
		return Stats{}, fmt.Errorf("create index %s: %w", tmp, err)
	}
	mt := meta{Version: Version, Token: token, Record: b.record, Decision: b.decision, Resolution: b.resolution}
	err = writeStudies(ctx, db.SQL(), bi, ids, &mt, rebuildChunk)
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
	if err := clearDirty(ctx, db, b.dirty); err != nil {
		return Stats{}, err
	}
	return Stats{Rebuilt: true, Reason: reason, Studies: len(ids), Duration: time.Since(start)}, nil
}

// writers is how many batches writeStudies writes at once.
func writers() int {
	return min(max(2, runtime.GOMAXPROCS(0)), maxWriters)
}

// limitMemory sets the process's soft memory limit to limit, unless one
// at most as high is set already (GOMEMLIMIT), and returns a function
// that restores it.
func limitMemory(limit int64) (restore func()) {
	old := debug.SetMemoryLimit(-1)
	if old <= limit {
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}

// swapDir replaces dir by tmp. Readers that have the old index open keep
// reading its (unlinked) files; one that opens between the two renames
// finds no index and retries.
func swapDir(tmp, dir string) error {
	old := fmt.Sprintf("%s.old-%d", dir, os.Getpid())
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replace index: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("replace index: %w", err)
	}
	return os.RemoveAll(old)
}

// clearDirty forgets the queued changes an update has indexed.
func clearDirty(ctx context.Context, db *data.DB, upTo int64) error {
	if upTo == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM index_dirty WHERE id <= ?", upTo)
		return err
	})
}

// syncPlan is what an update has to do: the studies to re-index, the meta
// to commit after them, and the last queued change they cover.
type syncPlan struct {
	ids   []int64
	meta  meta
	dirty int64
}

// planSync finds what changed since the index's meta: studies with
// records, decisions or resolutions newer than its high-water marks, and
// the studies queued in index_dirty. It returns errTooFarBehind when a
// rebuild is the better way.
func planSync(ctx context.Context, db *data.DB, bi bleve.Index) (syncPlan, error) {
	mt, err := readMeta(bi)
	if err != nil {
		return syncPlan{}, err
	}
	b, err := readBounds(ctx, db.SQL())
	if err != nil {
		return syncPlan{}, err
	}
	plan := syncPlan{meta: mt, dirty: b.dirty}
	plan.meta.Record, plan.meta.Decision, plan.meta.Resolution = b.record, b.decision, b.resolution
	if b.record == mt.Record && b.decision == mt.Decision && b.resolution == mt.Resolution && b.dirty == 0 {
		return plan, nil
	}
	changed := map[int64]bool{}
	queries := []struct {
		q    string
		args []any
	}{
		{"SELECT DISTINCT study_id FROM record WHERE id > ? AND id <= ?", []any{mt.Record, b.record}},
		{"SELECT DISTINCT study_id FROM decision WHERE id > ? AND id <= ?", []any{mt.Decision, b.decision}},
		{"SELECT DISTINCT study_id FROM resolution WHERE id > ? AND id <= ?", []any{mt.Resolution, b.resolution}},
		{"SELECT DISTINCT target FROM index_dirty WHERE id <= ? AND target <> 0", []any{b.dirty}},
		// A deleted row's id may have been given to a new row since.
		{`SELECT DISTINCT r.study_id FROM index_dirty d JOIN record r ON r.id = d.row_id WHERE d.id <= ? AND d.tbl = 'record'`, []any{b.dirty}},
		{`SELECT DISTINCT r.study_id FROM index_dirty d JOIN decision r ON r.id = d.row_id WHERE d.id <= ? AND d.tbl = 'decision'`, []any{b.dirty}},
		{`SELECT DISTINCT r.study_id FROM index_dirty d JOIN resolution r ON r.id = d.row_id WHERE d.id <= ? AND d.tbl = 'resolution'`, []any{b.dirty}},
	}
	for _, q := range queries {
		if err := collectIDs(ctx, db.SQL(), q.q, q.args, changed); err != nil {
			return syncPlan{}, err
		}
	}
	if len(changed) > 20000 {
		var total int
		if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM study").Scan(&total); err != nil {
			return syncPlan{}, err
		}
		if len(changed)*2 > total {
			return syncPlan{}, errTooFarBehind
		}
	}
	plan.ids = sortedIDs(changed)
	return plan, nil
}

func collectIDs(ctx context.Context, db *sql.DB, q string, args []any, into map[int64]bool) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("find changed studies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		into[id] = true
	}
	return rows.Err()
}

// writeStudies (re)indexes the given studies, deleting those that no
// longer exist, in parallel batches, then commits mt. Until mt is
// committed a crash leaves the old meta, so the next update redoes the
// work.
//
// Each worker loads and analyses a chunk and writes it as one segment, so
// both are spread over the cores. Batches are unsafe (writeConfig); at
// most unpersisted of them wait for the persister at a time, which bounds
// the memory their segments hold.
func writeStudies(ctx context.Context, db *sql.DB, bi bleve.Index, ids []int64, mt *meta, chunkSize int) error {
	workers := writers()
	unpersisted := make(chan struct{}, 2*workers)
	chunks := make(chan []int64)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}

	go func() {
		defer close(chunks)
		for i := 0; i < len(ids); i += chunkSize {
			select {
			case chunks <- ids[i:min(i+chunkSize, len(ids))]:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ta, err := newTextAnalyser(bi.Mapping())
			if err != nil {
				fail(err)
				return
			}
			for chunk := range chunks {
				batch, err := buildBatch(ctx, db, bi, ta, chunk)
				if err != nil {
					fail(err)
					return
				}
				select {
				case unpersisted <- struct{}{}:
				case <-ctx.Done():
					return
				}
				batch.SetPersistedCallback(func(err error) {
					<-unpersisted
					if err != nil {
						fail(fmt.Errorf("persist index: %w", err))
					}
				})
				if err := bi.Batch(batch); err != nil {
					fail(fmt.Errorf("write index: %w", err))
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return commit(ctx, bi, mt)
}

// writeConfig opens an index for writing with unsafe batches: Batch
// returns once a segment is searchable, not once it is on disk, so the
// workers need not wait for the persister. Nothing is lost by it: every
// write goes to a private copy that replaces the live index only after
// commit has seen all of it persisted.
var writeConfig = map[string]any{"unsafe_batch": true}

// rebuildConfig is writeConfig for a rebuild, which merges no segments:
// a rebuild writes one segment per chunk, and merging them as they come
// (each document two or three times over, on the cores the workers need)
// cost 15% of a 100 000-study rebuild's CPU time; merging each group of
// 8 segments of 1 000 once, 20%. Searches lose little: the benchmark's
// p95 query took 29 ms of CPU time after merging, 30 ms in 25 unmerged
// segments of 4 000 and 32 ms in 50 of 2 000. Updates merge as bleve
// likes.
var rebuildConfig = map[string]any{
	"unsafe_batch":           true,
	"scorchMergePlanOptions": map[string]any{"MaxSegmentsPerTier": 1 << 20},
}

// commit writes mt (when not nil) in a last batch and waits until that
// batch, and so every batch before it, is persisted.
func commit(ctx context.Context, bi bleve.Index, mt *meta) error {
	batch := bi.NewBatch()
	if mt != nil {
		b, err := json.Marshal(mt)
		if err != nil {
			return err
		}
		batch.SetInternal(metaKey, b)
	}
	persisted := make(chan error, 1)
	batch.SetPersistedCallback(func(err error) { persisted <- err })
	if err := bi.Batch(batch); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("persist index: %w", err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// buildBatch loads one chunk of studies and turns it into a batch.
func buildBatch(ctx context.Context, db *sql.DB, bi bleve.Index, ta *textAnalyser, ids []int64) (*bleve.Batch, error) {
	docs, err := loadStudies(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	batch := bi.NewBatch()
	for _, id := range ids {
		key := docKey(id)
		d, ok := docs[id]
		if !ok {
			batch.Delete(key)
			continue
		}
		if err := batch.IndexAdvanced(d.document(key, ta)); err != nil {
			return nil, fmt.Errorf("index study %d: %w", id, err)
		}
	}
	return batch, nil
}

// docKey is the document id of study id: its decimal digits, padded with
// zeros to a fixed width so that keys sort as ids do. A segment looks up
// the ids of each new batch in its own ids only up to its largest key, so
// a rebuild, which writes studies in id order, skips the lookups in the
// segments before; with keys "99999" < "100000" every batch was looked up
// in every segment, which took time and paged their id dictionaries in.
func docKey(id int64) string {
	const width = 10
	var b [width]byte
	key := strconv.AppendInt(b[:0], id, 10)
	if pad := width - len(key); pad > 0 {
		key = append(bytes.Repeat([]byte{'0'}, pad), key...)
	}
	return string(key)
}
