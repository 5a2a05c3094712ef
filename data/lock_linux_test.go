//go:build linux

package data

import (
	"os"
	"strconv"
	"syscall"
	"testing"
)

// sqliteHoldsShared reports whether this process holds SQLite's SHARED
// lock on the database file at path: an open file description's lock
// (F_OFD_GETLK) conflicts with the process's own POSIX locks, so a probe
// for a write lock on the shared bytes sees SQLite's read lock.
func sqliteHoldsShared(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// Closing f would drop the process's locks, the very thing tested:
	// it stays open until the test ends, after the database is closed.
	t.Cleanup(func() { f.Close() })
	const (
		fOFDGetlk   = 36         // F_OFD_GETLK
		sharedFirst = 0x40000002 // SQLite's PENDING_BYTE + 2
		sharedSize  = 510
	)
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: sharedFirst, Len: sharedSize}
	if err := syscall.FcntlFlock(f.Fd(), fOFDGetlk, &lk); err != nil {
		t.Skipf("no open file description locks here: %v", err)
	}
	return lk.Type != syscall.F_UNLCK
}

// TestImportKeepsSQLiteLocks imports enough records for the writer to
// start the disk writes of the database and its WAL, and checks that the
// process still holds SQLite's lock on the database afterwards: a file
// closed behind SQLite's back drops it, and another process closing its
// last connection could then delete the WAL this one still writes to.
func TestImportKeepsSQLiteLocks(t *testing.T) {
	db := MustOpenDB(t)
	if !sqliteHoldsShared(t, db.Path) {
		t.Fatal("no SQLite lock on a freshly opened database: the probe does not work")
	}
	titles := make([]string, 2*importBatch+1)
	for i := range titles {
		titles[i] = "Learning networks " + strconv.Itoa(i)
	}
	importRecords(t, db, "aa", titles...)
	if len(db.wbFiles) == 0 {
		t.Fatal("the import started no disk writes: the test does not test anything")
	}
	if !sqliteHoldsShared(t, db.Path) {
		t.Error("after an import this process holds no SQLite lock on the database any more")
	}
}
