//go:build !unix

package index

import (
	"fmt"
	"os"
)

// writerLock is the one-writer lock of an index. Without flock it is only
// the lock file kept open; bleve's own exclusive open of the index still
// keeps a second writer out.
type writerLock struct{ f *os.File }

// tryLock takes the writer lock at path.
func tryLock(path string) (*writerLock, bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, false, fmt.Errorf("open index lock: %w", err)
	}
	return &writerLock{f: f}, true, nil
}

// unlock releases the lock.
func (l *writerLock) unlock() error { return l.f.Close() }
