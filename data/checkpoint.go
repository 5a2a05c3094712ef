package data

import (
	"context"
	"database/sql"
)

// checkpointer copies an import's WAL into the database from a goroutine
// and connection of its own, so the writer spends its time writing:
// SQLite would otherwise checkpoint, and wait for the fsyncs, on the
// writing connection at every commit that finds the WAL long. The WAL
// starts over only when a write begins with all of it copied, so the writer
// lets the checkpointer catch up (drain) once the WAL has grown by
// walLimit bytes.
type checkpointer struct {
	conn *sql.Conn
	reqs chan chan struct{} // a nil request is a kick; others are answered when done
	done chan struct{}
}

// walLimit is how far an import lets its WAL grow before the writer waits
// for the checkpointer to copy all of it; walKick how much it writes
// before it asks the checkpointer to copy what is there (each checkpoint
// costs two fsyncs).
const (
	walLimit = 64 << 20
	walKick  = 16 << 20
)

func newCheckpointer(ctx context.Context, db *DB) (*checkpointer, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	c := &checkpointer{conn: conn, reqs: make(chan chan struct{}, 1), done: make(chan struct{})}
	go c.run(context.WithoutCancel(ctx))
	return c, nil
}

func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	for r := range c.reqs {
		// A failed checkpoint is not the import's failure: the WAL grows
		// and the next one, or SQLite's own, copies it.
		c.conn.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		if r != nil {
			close(r)
		}
	}
}

// kick asks for a checkpoint after a commit, unless one is asked for
// already.
func (c *checkpointer) kick() {
	select {
	case c.reqs <- nil:
	default:
	}
}

// drain returns once a checkpoint begun after the call has run.
func (c *checkpointer) drain() {
	r := make(chan struct{})
	c.reqs <- r
	<-r
}

// close stops the checkpointer and returns its connection to the pool.
func (c *checkpointer) close() {
	close(c.reqs)
	<-c.done
	c.conn.Close()
}
