package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// RankingKeep is how many positions of an order a ranking stores: a
// reviewer screens the top of an order before the next one replaces it, so
// the tail of a very long order is not kept (Ranked still counts it).
const RankingKeep = 10000

// Ranking is the order a model put the studies of a stage in. Decisions
// shown from it carry its ID and the study's position (0-based) in Order.
// It can be rebuilt: the same model, params and seed trained on the
// decisions up to DecisionThrough and resolutions up to ResolutionThrough
// give the same order.
type Ranking struct {
	ID                int64
	Stage             string // "ta" or "ft"
	Reviewer          string // whose decisions it learnt from ("" = resolutions only)
	Model             string
	Params            map[string]any
	Seed              uint64
	TrainedIncluded   int
	TrainedExcluded   int
	DecisionThrough   int64
	ResolutionThrough int64
	Ranked            int     // studies ranked
	Order             []int64 // study ids, best first (as read back: at most RankingKeep)
	CreatedAt         time.Time
}

// AddRanking stores r, setting its ID and CreatedAt (from db.Now). Of an
// Order longer than RankingKeep only the first RankingKeep ids are stored
// (r.Order itself is left whole).
func (db *DB) AddRanking(ctx context.Context, r *Ranking) error {
	if r.Stage != "ta" && r.Stage != "ft" {
		return fmt.Errorf("add ranking: stage %q is not ta or ft", r.Stage)
	}
	params, err := json.Marshal(r.Params)
	if err != nil {
		return fmt.Errorf("add ranking: params: %w", err)
	}
	if r.Params == nil {
		params = []byte("{}")
	}
	order := r.Order[:min(len(r.Order), RankingKeep)]
	blob := make([]byte, 0, 3*len(order))
	for _, id := range order {
		blob = binary.AppendUvarint(blob, uint64(id))
	}
	r.CreatedAt = db.Now().UTC()
	return db.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO ranking (stage, reviewer, model, params, seed,
			trained_included, trained_excluded, decision_through, resolution_through, ranked,
			study_order, kept, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Stage, r.Reviewer, r.Model, string(params), int64(r.Seed), r.TrainedIncluded, r.TrainedExcluded,
			r.DecisionThrough, r.ResolutionThrough, r.Ranked, blob, len(order), formatTime(r.CreatedAt))
		if err != nil {
			return fmt.Errorf("add ranking: %w", err)
		}
		r.ID, err = res.LastInsertId()
		return err
	})
}

const rankingColumns = `id, stage, reviewer, model, params, seed, trained_included, trained_excluded,
	decision_through, resolution_through, ranked, study_order, created_at`

// RankingByID returns one ranking, or ErrNotFound.
func (db *DB) RankingByID(ctx context.Context, id int64) (*Ranking, error) {
	return db.ranking(ctx, "SELECT "+rankingColumns+" FROM ranking WHERE id = ?", id)
}

// LatestRanking returns the newest ranking of a stage learnt from
// reviewer's decisions, or ErrNotFound.
func (db *DB) LatestRanking(ctx context.Context, stage, reviewer string) (*Ranking, error) {
	return db.ranking(ctx, "SELECT "+rankingColumns+
		" FROM ranking WHERE stage = ? AND reviewer = ? ORDER BY id DESC LIMIT 1", stage, reviewer)
}

func (db *DB) ranking(ctx context.Context, q string, args ...any) (*Ranking, error) {
	var r Ranking
	var params, created string
	var seed int64
	var blob []byte
	err := db.sql.QueryRowContext(ctx, q, args...).Scan(&r.ID, &r.Stage, &r.Reviewer, &r.Model, &params, &seed,
		&r.TrainedIncluded, &r.TrainedExcluded, &r.DecisionThrough, &r.ResolutionThrough, &r.Ranked, &blob, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read ranking: %w", err)
	}
	r.Seed = uint64(seed)
	r.CreatedAt = parseTime(created)
	if err := json.Unmarshal([]byte(params), &r.Params); err != nil {
		return nil, fmt.Errorf("ranking %d: params: %w", r.ID, err)
	}
	for len(blob) > 0 {
		id, n := binary.Uvarint(blob)
		if n <= 0 {
			return nil, fmt.Errorf("ranking %d: corrupt order", r.ID)
		}
		r.Order = append(r.Order, int64(id))
		blob = blob[n:]
	}
	return &r, nil
}
