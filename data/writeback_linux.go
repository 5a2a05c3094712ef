package data

import (
	"os"
	"syscall"
)

// syncFileRangeWrite is SYNC_FILE_RANGE_WRITE: start writing the range's
// dirty pages, without waiting for them.
const syncFileRangeWrite = 2

// startWriteback asks the kernel to begin writing f's dirty pages to disk
// now, so that SQLite's fsync at the next checkpoint finds them written
// instead of writing them all while the import waits.
func startWriteback(f *os.File) {
	syscall.SyncFileRange(int(f.Fd()), 0, 0, syncFileRangeWrite)
}
