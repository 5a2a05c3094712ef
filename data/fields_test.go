package data

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEncodeFieldsEverySymbol compares encodeFields with encoding/json on
// every string of up to three of a set of symbols that covers each case
// (plain, quoted, controls, HTML characters, two- to four-byte runes,
// U+2028, invalid and cut UTF-8), on the shorter of them set in ASCII text
// at every offset, and on random byte strings.
func TestEncodeFieldsEverySymbol(t *testing.T) {
	symbols := []string{"a", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "<", ">", "&",
		"é", "ø", "€", "😀", "\u2028", "\u2029", "\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "/"}
	check := func(fs []Field) {
		t.Helper()
		want, err := json.Marshal(fs)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) == 0 {
			want = []byte("[]")
		}
		if got := encodeFields(fs); got != string(want) {
			t.Fatalf("encodeFields(%q) = %s, want %s", fs, got, want)
		}
	}
	check(nil)
	var strs []string
	var gen func(prefix string, depth int)
	gen = func(prefix string, depth int) {
		strs = append(strs, prefix)
		if depth == 0 {
			return
		}
		for _, s := range symbols {
			gen(prefix+s, depth-1)
		}
	}
	gen("", 3)
	for _, s := range strs {
		check([]Field{{Name: "N1", Value: s}})
	}
	// Each string of up to two symbols at every offset in ASCII text, so
	// that it falls in, across and after the eight-byte words
	// plainWords skips.
	const pad = "abcdefghijklmnopqrstuvwxyz012345"
	pairs := []string{""}
	for _, a := range symbols {
		pairs = append(pairs, a)
		for _, b := range symbols {
			pairs = append(pairs, a+b)
		}
	}
	for _, s := range pairs {
		for off := 0; off <= 16; off++ {
			for _, tail := range []int{0, 1, 7, 8, 9, 15} {
				check([]Field{{Name: "AD", Value: pad[:off] + s + pad[:tail]}})
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		check([]Field{{Name: string(b[:len(b)/3]), Value: string(b)}, {Name: "AD", Value: strings.Repeat("x", rng.IntN(5))}})
	}
}
