package index

import (
	"strconv"
	"testing"
)

func TestDocKeySortsAsIDs(t *testing.T) {
	ids := []int64{1, 9, 10, 99, 999, 1000, 99999, 100000, 123456789, 9999999999}
	for i, id := range ids {
		key := docKey(id)
		if got, err := strconv.ParseInt(key, 10, 64); err != nil || got != id {
			t.Errorf("docKey(%d)=%q parses as %d, %v", id, key, got, err)
		}
		if i > 0 && docKey(ids[i-1]) >= key {
			t.Errorf("docKey(%d)=%q does not sort before docKey(%d)=%q", ids[i-1], docKey(ids[i-1]), id, key)
		}
	}
}
