package dkim

import (
	"bytes"
	"hash"
	"testing"
)

// TestLimitHash checks that a limited hash, written in pieces and cloned
// midway as the search's saved prefix states are, hashes exactly the
// first l bytes.
func TestLimitHash(t *testing.T) {
	data := []byte("0123456789abcdefghijklmnopqrstuvwxyz")
	for _, l := range []int64{0, 1, 10, 17, 36, 50} {
		want := newHash("sha256")
		want.Write(data[:min(int(l), len(data))])
		m := &bodyModel{hashName: "sha256", limit: &l}
		h := m.newHash()
		h.Write(data[:7])
		c, err := h.(hash.Cloner).Clone()
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data[7:20])
		h.Write(data[20:])
		c.Write(data[7:])
		for name, got := range map[string]hash.Hash{"written": h, "cloned": c} {
			if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
				t.Errorf("l=%d %s: hash differs from the first %d bytes'", l, name, l)
			}
		}
	}
}
